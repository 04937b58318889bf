"""Word lists shared by the stages (kept as data in data/*.txt) and small word helpers."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Container
from importlib.resources import files


def word_list(name: str) -> frozenset[str]:
    """A list from data/NAME.txt: one entry a line, '#' starts a comment."""
    text = files(__package__).joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


STOPWORDS = word_list("stopwords")


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0].rstrip(",;:–- ") if " " in cut else cut) + "\u2026"


def hashed(name: str, own: str, taken: Container[str]) -> str:
    """NAME-<the first 6 hex digits of sha1(own)>, longer only if that is taken: a suffix from what the thing
    is (a path, a list of names), not a count among the others, so adding one never renames another."""
    digest = hashlib.sha1(own.encode()).hexdigest()
    length = 6
    while f"{name}-{digest[:length]}" in taken and length < len(digest):
        length += 2
    return f"{name}-{digest[:length]}"


def numbered(name: str, taken: Container[str], ending: str = "") -> str:
    """The first of NAME-2, NAME-3, ... (each followed by ``ending``) that is not taken."""
    n = 2
    while f"{name}-{n}{ending}" in taken:
        n += 1
    return f"{name}-{n}{ending}"


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; non-Latin letters are kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    # Accents come off Latin letters only: "й" and "ї" are letters of their own.
    kept = [ch for i, ch in enumerate(decomposed) if not (unicodedata.combining(ch) and i and decomposed[i - 1].isascii())]
    text = unicodedata.normalize("NFC", "".join(kept))
    text = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return re.sub(r"-{2,}", "-", text)[:80].strip("-_")
