"""Word lists shared by the stages (kept as data in data/*.txt) and small word helpers."""

from __future__ import annotations

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


def numbered(name: str, taken: Container[str], ending: str = "") -> str:
    """The first of NAME-2, NAME-3, ... (each followed by ``ending``) that is not taken."""
    n = 2
    while f"{name}-{n}{ending}" in taken:
        n += 1
    return f"{name}-{n}{ending}"
