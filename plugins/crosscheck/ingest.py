"""A file of news (.txt, .html, .md) -> a cleaned Source, or the reason it cannot be read."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import markdown
from bs4 import BeautifulSoup

from . import clean, dates
from .decode import UndecodableError, decode
from .header import Header, read_header
from .model import Block, DatedEvidence, Problem, Source

logger = logging.getLogger(__name__)

SOURCE_FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
METADATA_KEYS = ("title", "date", "url", "publisher", "author", "lang", "slug")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.I)
TITLE_LENGTH = 90


@dataclass(frozen=True)
class Ingested:
    """What reading one file gave: a Source (or None) and what went wrong."""

    path: str
    source: Source | None
    problems: tuple[Problem, ...] = ()


def read_source(path: Path, relpath: str) -> Ingested:
    """Read one file from disk; bad content is reported, not raised."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return Ingested(relpath, None, (Problem(relpath, f"cannot read the file: {error.strerror}"),))
    return ingest_bytes(data, relpath)


def ingest_bytes(data: bytes, relpath: str) -> Ingested:
    """Turn the bytes of a source file into a Source."""
    suffix = Path(relpath).suffix.lower()
    fmt = SOURCE_FORMATS.get(suffix)
    if fmt is None:
        return Ingested(relpath, None, (Problem(relpath, f"unknown source format {suffix!r}; use .txt, .html or .md"),))
    declared = ""
    if fmt == "html":
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii", "replace") if match else ""
    try:
        decoded = decode(data, declared)
    except UndecodableError as error:
        return Ingested(relpath, None, (Problem(relpath, f"skipped: {error}"),))
    problems = [Problem(relpath, f"encoding: {note}", severity="info") for note in decoded.notes]
    if fmt == "html":
        parts = _html_parts(decoded.text)
    else:
        header = split_header(decoded.text, relpath)
        problems.extend(header.problems)
        parts = _markdown_parts(header) if fmt == "md" else _text_parts(header)
    metadata, blocks, removed = parts
    if not blocks:
        problems.append(Problem(relpath, "skipped: no article text was found after cleaning"))
        return Ingested(relpath, None, tuple(problems))
    source, date_problems = _build_source(relpath, fmt, decoded.encoding, metadata, blocks, removed, data)
    problems.extend(date_problems)
    return Ingested(relpath, source, tuple(problems))


def split_header(text: str, relpath: str) -> Header:
    """Pelican-style ``Key: value`` lines before the first blank line, if any."""
    return read_header(text, relpath, METADATA_KEYS, optional=True)


def _text_parts(header: Header):
    raw = clean.blocks_from_text(header.body, header.body_line)
    blocks, removed = clean.clean_blocks(raw)
    return header.fields, blocks, removed


def _markdown_parts(header: Header):
    html = markdown.markdown(header.body, extensions=["extra"])
    soup = BeautifulSoup(html, "html.parser")
    body_lines = header.body.split("\n")
    raw = []
    searched_to = 0  # blocks come in document order, so each is looked for after the last
    for element in soup.find_all(["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre"]):
        if element.name == "p" and element.find_parent("li"):
            continue
        text = element.get_text(" ")
        kind = "heading" if element.name.startswith("h") else "item" if element.name == "li" else "paragraph"
        if element.find_parent("blockquote"):
            kind = "quote"
        index = _line_index(text, body_lines, searched_to)
        searched_to = index if index is not None else searched_to
        raw.append(clean.RawBlock(text, header.body_line + index if index is not None else 0, 1, kind))
    blocks, removed = clean.clean_blocks(raw, rejoin=False)
    return header.fields, blocks, removed


def _line_index(text: str, lines: list[str], start: int) -> int | None:
    """Index of the first line from ``start`` on that holds the block's first words."""
    probe = clean.normalise_space(text)[:12]
    for index in range(start, len(lines)):
        if probe and probe in clean.normalise_space(lines[index]):
            return index
    return None


def _html_parts(markup: str):
    from .html_extract import extract_html

    document = extract_html(markup)
    fields = {key: (value, 0) for key, value in document.metadata.items() if key in METADATA_KEYS}
    if "published" in document.metadata:
        fields["date"] = (document.metadata["published"], 0)
    raw = [clean.RawBlock(block.text, block.line, 1, block.kind) for block in document.blocks]
    blocks, removed = clean.clean_blocks(raw, rejoin=False)
    return fields, blocks, tuple(document.removed) + removed


def _build_source(relpath, fmt, encoding, fields, blocks, removed, data) -> tuple[Source, list[Problem]]:
    problems: list[Problem] = []
    value = {key: item[0] for key, item in fields.items()}
    published = None
    if value.get("date"):
        try:
            published = DatedEvidence(dates.parse_metadata_date(value["date"]).date(), (value["date"],), "metadata")
        except dates.DateError as error:
            problems.append(Problem(relpath, f"Date: {error}", fields["date"][1]))
    if published is None:
        datelines = [block.text for block in removed if block.reason == "dateline"]
        published = next(filter(None, map(dates.dateline_date, datelines)), None)
    if published is None:
        published = dates.timestamp_in(block.text for block in blocks[:3])
    url = value.get("url", "")
    if url and not re.match(r"https?://", url, re.I):
        # a javascript: or data: address would become a live link on the source page
        problems.append(Problem(relpath, f"URL: {url[:60]!r} is not an http(s) address; it is not linked", fields["url"][1]))
        url = ""
    text = "\n\n".join(block.text for block in blocks)
    reference, notes = dates.infer_reference(text, published.date if published else None)
    title = value.get("title") or infer_title(blocks)
    source = Source(
        id=slugify(value.get("slug") or Path(relpath).stem) or "source-" + hashlib.sha1(relpath.encode()).hexdigest()[:8],
        path=relpath,
        format=fmt,
        title=title,
        text=text,
        blocks=tuple(blocks),
        removed=tuple(removed),
        url=url,
        publisher=value.get("publisher", ""),
        author=value.get("author", ""),
        lang=value.get("lang", "en") or "en",
        encoding=encoding,
        published=published,
        reference=reference,
        date_notes=notes,
        content_hash=hashlib.sha256(data).hexdigest(),
    )
    return source, problems


def infer_title(blocks: tuple[Block, ...] | list[Block]) -> str:
    """A headline-shaped first block, or else the start of the first sentence."""
    first = blocks[0].text
    if blocks[0].kind == "heading" or (len(clean.words(first)) <= 25 and not first.endswith(".")):
        return first
    sentence = re.split(r"(?<=[.!?])\s+", first, maxsplit=1)[0]
    if len(sentence) <= TITLE_LENGTH:
        return sentence
    return sentence[: TITLE_LENGTH].rsplit(" ", 1)[0] + "\u2026"


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; non-Latin letters are kept."""
    decomposed = unicodedata.normalize("NFKD", text)
    # Accents come off Latin letters only: "й" and "ї" are letters of their own.
    kept = [ch for i, ch in enumerate(decomposed) if not (unicodedata.combining(ch) and i and decomposed[i - 1].isascii())]
    text = unicodedata.normalize("NFC", "".join(kept))
    text = re.sub(r"[^\w]+", "-", text.lower(), flags=re.UNICODE).strip("-_")
    return re.sub(r"-{2,}", "-", text)[:80].strip("-_")

