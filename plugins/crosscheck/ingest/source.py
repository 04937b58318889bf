"""A file of news (.txt, .html, .md) -> a cleaned Source, or the reason it cannot be read."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from dataclasses import replace
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from bs4 import BeautifulSoup

from ..model import (
    Block,
    DatedEvidence,
    Ingested,
    Limits,
    Problem,
    RemovedBlock,
    Source,
)
from ..words import hashed, shorten, slugify, word_list
from . import clean, dates
from .clip import read_clip
from .decode import (
    BIDI_CONTROLS,
    UndecodableError,
    balance_bidi,
    decode,
    repair_messages,
    strip_unsafe,
)
from .header import Header, read_header
from .publisher import NamedPublisher, publisher_in_text

logger = logging.getLogger(__name__)

SOURCE_FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}
METADATA_KEYS = ("title", "date", "url", "publisher", "author", "lang", "slug")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""", re.IGNORECASE)
TITLE_LENGTH = 90
# A news article is rarely over 200 KB of text. Far bigger files are mistakes (a log, a
# whole site's dump) and would stall the analysis, whose cost grows with every sentence.
MAX_SOURCE_BYTES = 10_000_000
MAX_TEXT_CHARACTERS = 500_000
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_:.-]+)", re.IGNORECASE)
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
# Quotes, spaces and angle brackets have no place in an address; a browser would guess what they mean.
_WEB_ADDRESS = re.compile(r"https?://[^\s\"'<>\\^`{|}]+", re.IGNORECASE)


def read_source(path: Path, relpath: str, limits: Limits = Limits()) -> Ingested:
    """Read one file from disk; bad content is reported, not raised."""
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            return Ingested(relpath, None, (_too_big(relpath, size),))
        data = path.read_bytes()
    except OSError as error:
        return Ingested(relpath, None, (Problem(relpath, f"cannot read the file: {error.strerror}"),))
    return ingest_bytes(data, relpath, limits)


def ingest_bytes(data: bytes, relpath: str, limits: Limits = Limits()) -> Ingested:
    """Turn the bytes of a source file into a Source."""
    suffix = Path(relpath).suffix.lower()
    fmt = SOURCE_FORMATS.get(suffix)
    if fmt is None:
        return Ingested(relpath, None, (Problem(relpath, f"unknown source format {suffix!r}; use .txt, .html or .md"),))
    if len(data) > MAX_SOURCE_BYTES:
        return Ingested(relpath, None, (_too_big(relpath, len(data)),))
    declared = ""
    clipped = read_clip(data) if fmt == "html" else None
    if fmt == "html":
        match = _META_CHARSET.search(data[:4096])
        declared = match.group(1).decode("ascii", "replace") if match else ""
        if not declared and clipped is not None:  # the server's header said what the page did not
            served = _HEADER_CHARSET.search(clipped.fields.get("content-type", ""))
            declared = served.group(1) if served else ""
    try:
        decoded = decode(data, declared)
    except UndecodableError as error:
        return Ingested(relpath, None, (Problem(relpath, f"skipped: {error}"),))
    problems = [Problem(relpath, f"encoding: {note}", severity="info") for note in decoded.notes]
    problems += [Problem(relpath, f"encoding: {warning}") for warning in decoded.warnings]
    if fmt == "html":
        *parts, page_problems = _html_parts(decoded.text)
        problems += [Problem(relpath, message, line) for message, line in page_problems]
        if clipped is not None and clipped.fields.get("url"):
            # where the page was read wins over the address it gives itself (a canonical link may name any site)
            parts[0]["url"] = (clipped.fields["url"], 0)
    else:
        header = split_header(decoded.text, relpath)
        problems.extend(header.problems)
        parts = _markdown_parts(header) if fmt == "md" else _text_parts(header)
    metadata, blocks, removed, repairs = _safe_parts(*parts, relpath)
    problems.extend(repairs)
    problems.extend(_markup_left(metadata, blocks, fmt, relpath))
    if not blocks:
        problems.append(Problem(relpath, "skipped: no article text was found after cleaning"))
        return Ingested(relpath, None, tuple(problems))
    length = sum(len(block.text) for block in blocks)
    if length > MAX_TEXT_CHARACTERS:
        problems.append(Problem(relpath, f"skipped: the article text is {length:,} characters long; a source may have at most "
                                         f"{MAX_TEXT_CHARACTERS:,}. Is it really one article? Split it into articles"))
        return Ingested(relpath, None, tuple(problems))
    source, date_problems = _build_source(relpath, fmt, decoded.encoding, metadata, blocks, removed, data, limits)
    problems.extend(date_problems)
    return Ingested(relpath, source, tuple(problems))


def _too_big(relpath: str, size: int) -> Problem:
    return Problem(relpath, f"skipped: the file is {size / 1e6:.1f} MB; a source may be at most {MAX_SOURCE_BYTES / 1e6:.0f} MB. "
                            "Is it really one article? Save only the article, or split the file")


def split_header(text: str, relpath: str) -> Header:
    """Pelican-style ``Key: value`` lines before the first blank line, if any."""
    return read_header(text, relpath, METADATA_KEYS, optional=True)


def _text_parts(header: Header):
    raw = clean.blocks_from_text(header.body, header.body_line)
    blocks, removed = clean.clean_blocks(raw)
    return header.fields, blocks, removed


# Elements whose text is a block of a Markdown source: what Markdown "extra" makes of its own syntax.
_MARKDOWN_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "tr", "dt", "dd")


def _markdown_parts(header: Header):
    from .html import handler_notes, hidden_notes

    html = markdown.markdown(header.body, extensions=["extra"])
    soup = BeautifulSoup(html, "html.parser")
    body_lines = header.body.split("\n")
    # Raw HTML in the Markdown: scripts, frames and handlers are listed, never kept.
    removed, searched_from = [], 0
    for note in hidden_notes(soup):
        index = _tag_index(note.reason, body_lines, searched_from)
        searched_from = index + 1 if index is not None else searched_from
        removed.append(replace(note, line=header.body_line + index if index is not None else 0))
    removed += handler_notes(soup, lines=False)  # lines of the rendered HTML mean nothing here
    for element in soup.find_all(["script", "style", "iframe", "frame", "object", "embed", "applet", "template", "svg", "math",
                                  "meta", "base", "link", "noscript", "textarea", "select"]):
        element.decompose()
    raw = []
    searched_to = 0  # blocks come in document order, so each is looked for after the last
    for element in soup.find_all(True):
        if element.name in _MARKDOWN_BLOCKS:
            if element.find_parent(_MARKDOWN_BLOCKS):
                continue  # a paragraph inside a list item or a cell: part of its block
            kind = "heading" if element.name[0] == "h" else "item" if element.name in ("li", "tr", "dt", "dd") else "paragraph"
        elif element.parent is soup and not element.find(_MARKDOWN_BLOCKS):
            kind = "paragraph"  # a raw HTML block (<div>...</div>): its text is the writer's too
        else:
            continue
        if element.name == "tr":
            text = " | ".join(cell.get_text(" ").strip() for cell in element.find_all(["td", "th"]))
        else:
            text = element.get_text(" ")
        if element.find_parent("blockquote"):
            kind = "quote"
        index = _line_index(text, body_lines, searched_to)
        searched_to = index if index is not None else searched_to
        raw.append(clean.RawBlock(text, header.body_line + index if index is not None else 0, 1, kind))
    blocks, cleaned_out = clean.clean_blocks(raw, rejoin=False)
    return header.fields, blocks, tuple(removed) + cleaned_out


def _tag_index(reason: str, lines: list[str], start: int) -> int | None:
    """Index of the line from ``start`` on where a raw HTML element opens ("script element" -> "<script")."""
    tag = "<" + reason.split()[0].lower()
    return next((index for index in range(start, len(lines)) if tag in lines[index].lower()), None)


def _line_index(text: str, lines: list[str], start: int) -> int | None:
    """Index of the first line from ``start`` on that holds the block's first words."""
    probe = clean.normalise_space(text)[:12]
    for index in range(start, len(lines)):
        if probe and probe in clean.normalise_space(lines[index]):
            return index
    return None


def _html_parts(markup: str):
    from .html import extract_html

    document = extract_html(markup)
    fields = {key: (value, 0) for key, value in document.metadata.items() if key in METADATA_KEYS}
    if "published" in document.metadata:
        fields["date"] = (document.metadata["published"], 0)
    raw = [clean.RawBlock(block.text, block.line, 1, block.kind) for block in document.blocks]
    blocks, removed = clean.clean_blocks(raw, rejoin=False)
    return fields, blocks, tuple(document.removed) + removed, document.problems


# A tag as a browser would read one, and a character reference that decoding once left standing.
_MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!?][^<>]*>")
_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _markup_left(fields: dict[str, tuple[str, int]], blocks: tuple[Block, ...], fmt: str, relpath: str) -> list[Problem]:
    """Markup that reached the text (escaped in the page, typed in a file), and references left after decoding once.

    Both are shown as text and never run, in pages and feeds; they are said because they are seldom an article's
    own words: markup written to reach a feed reader, or a page that encoded its title twice.
    """
    problems = []
    for key, (value, line) in fields.items():
        if key not in ("title", "publisher", "author"):
            continue
        if found := _MARKUP.search(value):
            problems.append(Problem(relpath, f"{key.capitalize()}: holds markup ({shorten(found.group(0), 40)!r}); it is shown as "
                                             f"text, never as markup. Correct the {key} if it is not meant to read so", line))
        # a .txt or .md header is never decoded, so only a page's references can be left over from decoding
        elif fmt == "html" and (found := _REFERENCE.search(value)) and unescape(found.group(0)) != found.group(0):
            problems.append(Problem(relpath, f"{key.capitalize()}: still holds {found.group(0)!r} after its references were "
                                             "decoded: the page encoded it twice. It is shown as written; correct it in the page "
                                             "if it should read otherwise", line))
    marked = [block for block in blocks if _MARKUP.search(block.text)]
    if marked:
        first = _MARKUP.search(marked[0].text).group(0)
        problems.append(Problem(relpath, f"{len(marked)} block(s) of text hold markup, the first {shorten(first, 40)!r}; it is "
                                         "shown as text, never as markup. If the article does not quote it, remove it",
                                marked[0].line))
    return problems


_COUNTABLE = (dt.date(2, 1, 1), dt.date(9998, 12, 31))


def _safe_parts(fields: dict[str, tuple[str, int]], blocks: tuple[Block, ...], removed: tuple[RemovedBlock, ...], relpath: str):
    """What the decoder took out of the file, taken out again where markup made it: an entity
    (``&#xFFFE;``) or a JSON-LD escape (``"\\ud800"``) can spell any character. A header field
    becomes a title or an attribute on many pages, so it keeps no bidirectional controls; the
    text's are closed within their own block."""
    found: list[str] = []
    problems: list[Problem] = []

    def safe(text: str) -> str:
        text, taken = strip_unsafe(text)
        found.extend(taken)
        return text

    safe_fields = {}
    for key, (given, line) in fields.items():
        value = safe(given)
        controls = BIDI_CONTROLS.findall(value)
        if controls:
            points = ", ".join(sorted({f"U+{ord(ch):04X}" for ch in controls}))
            problems.append(Problem(relpath, f"{key.capitalize()}: {len(controls)} bidirectional control character(s) removed "
                                             f"({points}); they would reverse the text shown around it", line))
            value = BIDI_CONTROLS.sub("", value)
        safe_fields[key] = (value if value == given else clean.normalise_space(value), line)
    safe_blocks = []
    for block in blocks:
        text = safe(block.text)
        balanced = balance_bidi(text)
        if balanced != text:
            problems.append(Problem(relpath, "bidirectional control characters left open or closing nothing; each block "
                                             "now closes what it opens", block.line))
        if balanced.strip():
            safe_blocks.append(replace(block, text=balanced))
    safe_removed = tuple(replace(block, text=balance_bidi(safe(block.text))) for block in removed)
    notes, warnings = repair_messages(found)
    problems += [Problem(relpath, f"text: {note}", severity="info") for note in notes]
    problems += [Problem(relpath, f"text: {warning}") for warning in warnings]
    return safe_fields, tuple(safe_blocks), safe_removed, problems


def _build_source(relpath, fmt, encoding, fields, blocks, removed, data, limits: Limits) -> tuple[Source, list[Problem]]:
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
    if published is None and blocks:
        published = dates.dateline_published(blocks[0].text)
    if published is not None and not _COUNTABLE[0] <= published.date <= _COUNTABLE[1]:
        problems.append(Problem(relpath, f"the date {published.date.isoformat()} is outside the years 2 to 9998, from which the "
                                         "analysis counts days back and forth; it is ignored", fields.get("date", ("", 0))[1]))
        published = None
    for key, (given, line) in fields.items():
        if not given and line:
            problems.append(Problem(relpath, f"{key.capitalize()}: is empty; fill it in or delete the line", line))
    url = value.get("url", "")
    if url and not re.match(r"https?://", url, re.IGNORECASE):
        # a javascript: or data: address would become a live link on the source page
        problems.append(Problem(relpath, f"URL: {url[:60]!r} is not an http(s) address; it is not linked", fields["url"][1]))
        url = ""
    elif url and not _WEB_ADDRESS.fullmatch(url):
        problems.append(Problem(relpath, f"URL: {url[:60]!r} holds spaces, quotes or angle brackets; it is not linked. "
                                         "Copy the address again from the browser", fields["url"][1]))
        url = ""
    elif url and "@" in urlsplit(url).netloc:
        # https://www.reuters.com:token@evil.example/ reads as Reuters and leads to evil.example
        problems.append(Problem(relpath, f"URL: {url[:60]!r} holds a user name or password before '@'; it is not linked, "
                                         "as it shows one site and leads to another", fields["url"][1]))
        url = ""
    lang = value.get("lang", "")
    if lang and not _LANGUAGE_TAG.fullmatch(lang.replace("_", "-")):
        problems.append(Problem(relpath, f"Lang: {lang[:40]!r} is not a language tag such as 'en' or 'uk'; using 'en'", fields["lang"][1]))
        lang = ""
    lang = lang.replace("_", "-")
    slug = value.get("slug", "")
    if slug and slugify(slug) != slug:
        using = slugify(slug) or file_id(relpath)
        problems.append(Problem(relpath, f"Slug: {slug[:60]!r} is not lower-case words joined by hyphens; using {using!r}",
                                fields["slug"][1]))
    text = "\n\n".join(block.text for block in blocks)
    reference, notes = dates.infer_reference(text, published.date if published else None)
    title = value.get("title") or shorten(infer_title(blocks), limits.title_characters)  # no Title: to put right
    publisher = _publisher(fields, fmt, blocks, removed)
    if len(title) > limits.title_characters:
        problems.append(Problem(relpath, f"the title is {len(title):,} characters long; it is cut to {limits.title_characters} "
                                         "(CROSSCHECK_MAX_TITLE_CHARACTERS). Put only the headline in Title:",
                                fields.get("title", ("", 0))[1]))
        title = shorten(title, limits.title_characters)
    source = Source(
        id=slugify(slug) or file_id(relpath),
        path=relpath,
        format=fmt,
        title=title,
        text=text,
        blocks=tuple(blocks),
        removed=tuple(removed),
        url=url,
        publisher=publisher.name if publisher else "",
        publisher_evidence=publisher.evidence if publisher else (),
        author=value.get("author", ""),
        lang=lang or "en",
        encoding=encoding,
        published=published,
        reference=reference,
        date_notes=notes,
        content_hash=hashlib.sha256(data).hexdigest(),
    )
    return source, problems


def _publisher(fields, fmt: str, blocks, removed) -> NamedPublisher | None:
    """Who published the source: the page's metadata or the file's Publisher: header, else the outlet its text names."""
    if fields.get("publisher", ("", 0))[0]:
        name, line = fields["publisher"]
        return NamedPublisher(name, ("the page's metadata",) if fmt == "html" else (f"the Publisher: header (line {line})",))
    return publisher_in_text(blocks, removed)


def file_id(relpath: str) -> str:
    """The id a source's file name makes (when it has no Slug:): its name as a slug, else one from its path."""
    return slugify(Path(relpath).stem) or "source-" + hashlib.sha1(relpath.encode()).hexdigest()[:8]


def infer_title(blocks: tuple[Block, ...] | list[Block]) -> str:
    """A headline-shaped first block, else the first sentence when it is short, else a headline made of its main clause.

    Never a sentence cut mid-way: a title cut off with "…" reads as a claim the source did not make.
    """
    first = blocks[0].text
    if blocks[0].kind == "heading" or (len(clean.words(first)) <= 25 and not first.endswith(".")):
        return first
    sentence = re.split(r"(?<=[.!?])\s+", first, maxsplit=1)[0]
    return sentence if len(sentence) <= TITLE_LENGTH else made_headline(sentence)


_CLAUSE_OPENERS = word_list("clause_openers")
# Where a sentence divides into clauses and phrases: a comma, a semicolon, a colon or a dash between spaces.
_CLAUSE_BREAK = re.compile(r",\s+|;\s+|:\s+|\s+[–—-]\s+")


def made_headline(sentence: str) -> str:
    """A long sentence's main clause, when the sentence shows it: the first part after any phrases fronted before
    it (a date, a prepositional phrase, a subordinate clause), and up to where a subordinate or relative part
    begins ("..., 30 of which", "..., when ..."). The whole sentence when it does not: a part between two other
    commas may be an item of a list ("his WBA, IBF and WBO titles")."""
    parts = _CLAUSE_BREAK.split(sentence.rstrip(".!? "))
    fronted = 0
    while fronted < len(parts) - 1 and _opens_phrase(parts[fronted]):
        fronted += 1
    main = parts[fronted]
    ends = fronted == len(parts) - 1 or _opens_phrase(parts[fronted + 1])
    if not ends or len(clean.words(main)) < 4 or len(main) > TITLE_LENGTH or _opens_phrase(main):
        return sentence
    return main[0].upper() + main[1:]


def _opens_phrase(part: str) -> bool:
    """Whether a part of a sentence is a phrase or clause that leans on a main clause: it opens with a subordinator,
    a preposition or a participle ("..., flooding 200 homes"), or is a date or a number."""
    found = clean.words(part)
    if not found:
        return True
    first = found[0]
    participle = first.islower() and first.endswith("ing")
    return participle or first.lower() in _CLAUSE_OPENERS or first[0].isdigit() or first.lower() in dates.MONTHS


def unique_ids(results: list[Ingested]) -> tuple[tuple[Source, ...], tuple[Problem, ...]]:
    """Give sources whose ids collide distinct ids, and say so.

    Ids made from file names are given first, in path order; a Slug: header only takes an id no
    file name makes and no earlier Slug: took. So no file's header can move another source (and
    its claims' ids, which annotations point at): a colliding Slug: is the newcomer's problem.
    A file that loses its id gets a suffix from a hash of its own path, not a number counted
    among the others, so adding a file never renames one that already had a suffix.
    """
    read = [result.source for result in results if result.source is not None]
    by_name = [source for source in read if source.id == file_id(source.path)]
    by_slug = [source for source in read if source.id != file_id(source.path)]
    seen: dict[str, str] = {}
    renamed: dict[str, str] = {}  # path -> new id
    problems = []
    for chosen, advice in ((by_name, "Rename one of the files or give it a Slug: header"),
                           (by_slug, "A Slug: cannot take the page of another source; choose another Slug:")):
        losers = []
        for source in chosen:
            if source.id in seen:
                losers.append(source)
            else:
                seen[source.id] = source.path
        for source in losers:
            renamed[source.path] = new_id = hashed(source.id, source.path, seen)
            problems.append(Problem(source.path, f"its page name {source.id!r} is taken by {seen[source.id]}; using {new_id!r}. {advice}"))
            seen[new_id] = source.path
    return tuple(replace(source, id=renamed[source.path]) if source.path in renamed else source for source in read), tuple(problems)

