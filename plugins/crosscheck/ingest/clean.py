"""Blocks of scraped text -> the article's own blocks, and a record of the rest.

The rules look at the shape and position of a block (its length, its last
character, what stands before it, whether a teaser or comment section has
begun), plus a small vocabulary of phrases that web publishing tools put
around every article ("Leave a Reply", "Read also", "Subscribe").  Nothing
here knows about a particular story or outlet.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..model import Block, RemovedBlock
from ..words import word_list
from .dates import DATELINE_LABEL, ISO_TIMESTAMP, MONTHS


@dataclass(frozen=True)
class RawBlock:
    """A block as it stood in the file, before whitespace was normalised."""

    text: str
    line: int = 0
    gap: int = 1  # blank lines before this block
    kind: str = "paragraph"
    joined: bool = False  # made by rejoining fragments, so never a heading


# ---------------------------------------------------------------- text shape

_INVISIBLE = {"\u200b", "\u2060", "\ufeff", "\u00ad"}
# Joiners shape emoji ("👨‍👩‍👧") and Persian or Indic words; between Latin letters they only hide a word.
_LATIN_JOINER = re.compile(r"(?<=[A-Za-z0-9])[\u200c\u200d]+(?=[A-Za-z0-9])")
# An en dash opens dialogue in much translated reporting, so it is no bullet.
_BULLET = re.compile(r"^\s*(?:[•·▪◦‣●○■□➤►▶]|[-*](?=\s))\s*")
_CLOSERS = "\"'”’»)]"
_TERMINAL = re.compile(r"[.!?…][" + re.escape(_CLOSERS) + r"]*$")
_CONTINUATION_END = re.compile(r"[,;\-–—(]$")
_OPENING_QUOTE = re.compile(r"^[\"“„«'‘]")
_FUNCTION_WORDS = word_list("unfinished_endings")
_NOUN_TAKERS = word_list("noun_takers")
_FINITE_VERBS = word_list("finite_verbs")
LINK_GAP = "[\u2026]"  # where a scraper cut a linked word out of a sentence: shown, never glued over


def normalise_space(text: str) -> str:
    """One space between words, no invisible format characters."""
    text = "".join(ch for ch in text if ch not in _INVISIBLE)
    text = _LATIN_JOINER.sub("", unicodedata.normalize("NFC", text.replace("\u00a0", " ")))
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> list[str]:
    return re.findall(r"[\w'’-]+", text)


def is_terminal(text: str) -> bool:
    return bool(_TERMINAL.search(text.rstrip()))


def looks_like_heading(text: str) -> bool:
    stripped = text.rstrip()
    return (
        0 < len(words(stripped)) <= 15
        and not is_terminal(stripped)
        and not re.search(r"[,;:\-–—]$", stripped)
    )


# ---------------------------------------------------------------- splitting


def blocks_from_text(text: str, first_line: int = 1) -> list[RawBlock]:
    """Split plain text on blank lines, remembering line numbers and gaps.

    Lines inside a block stay together when they look like wrapped prose;
    a stack of short lines (a dateline, a label, a headline) is split.
    """
    blocks: list[RawBlock] = []
    current: list[str] = []
    start = gap = 0
    for number, line in enumerate(text.split("\n") + [""], start=first_line):
        if line.strip():
            if not current:
                start = number
            current.append(line)
            continue
        if current:
            if _is_wrapped(current):
                blocks.append(_raw_block(current, start, gap))
            else:
                blocks.extend(_raw_block([one], start + i, gap if i == 0 else 0) for i, one in enumerate(current))
            current, gap = [], 0
        gap += 1
    return blocks


def _is_wrapped(lines: list[str]) -> bool:
    if len(lines) == 1:
        return True
    if any(_BULLET.match(line) for line in lines[1:]):
        return False  # a list: one item a line
    if any(_marker_reason(normalise_space(line)) for line in lines):
        return False
    longest = max(len(line.strip()) for line in lines)
    return all(len(line.strip()) >= max(40, longest // 2) for line in lines[:-1])


def _raw_block(lines: list[str], line: int, gap: int) -> RawBlock:
    text = " ".join(part.strip(" \t") for part in lines)
    # Keep trailing space: a link cut out of the end of a line leaves it behind.
    if lines[-1].endswith((" ", "\u00a0", "\t")):
        text += " "
    kind = "item" if _BULLET.match(lines[0]) else "paragraph"
    if kind == "item":
        text = _BULLET.sub("", text, count=1)
    return RawBlock(text, line, gap, kind)


# ---------------------------------------------------------------- rejoining


def rejoin_fragments(blocks: Sequence[RawBlock]) -> list[RawBlock]:
    """Join paragraphs that a removed link split in the middle of a sentence, marking where words went missing."""
    joined: list[RawBlock] = []
    for block in blocks:
        if joined and _continues(joined[-1], block):
            previous = joined[-1]
            gap = f" {LINK_GAP}" if link_hole(previous.text, block.text) else ""
            joined[-1] = replace(previous, text=f"{previous.text.rstrip()}{gap} {block.text.lstrip()}", joined=True)
            if block.text.endswith((" ", "\u00a0")):
                joined[-1] = replace(joined[-1], text=joined[-1].text + " ")
            else:
                joined[-1] = replace(joined[-1], text=joined[-1].text.rstrip())
            continue
        if joined and joined[-1].kind == "paragraph" and _OPENING_QUOTE.match(block.text.strip()) and link_hole(joined[-1].text, '"'):
            joined[-1] = replace(joined[-1], text=f"{joined[-1].text.rstrip()} {LINK_GAP}")
        joined.append(block)
    return joined


def link_hole(head: str, tail: str) -> bool:
    """Whether a word is missing between two fragments of one sentence: ``head`` stops on a word a noun must
    follow ("visit to", "in a comment to") and ``tail`` goes on with a verb or a quotation instead of the noun."""
    head = head.rstrip(" \t\u00a0")
    last = (words(head) or [""])[-1].lower()
    if len(words(head)) < 3 or is_terminal(head) or last not in _NOUN_TAKERS:
        return False
    tail = tail.strip()
    first = (words(tail) or [""])[0].lower()
    return bool(_OPENING_QUOTE.match(tail)) or first in _FINITE_VERBS or tail[:1] in ",.;:"


def _continues(before: RawBlock, after: RawBlock) -> bool:
    if before.kind != "paragraph" or after.kind != "paragraph":
        return False
    head, tail = before.text.rstrip(" \t\u00a0"), after.text.strip()
    if not head or not tail or is_terminal(head) or _OPENING_QUOTE.match(tail):
        return False
    if _marker_reason(normalise_space(head)) or _marker_reason(normalise_space(tail)):
        return False
    if tail[0].islower():
        return True
    last_word = (words(head) or [""])[-1].lower()
    if _CONTINUATION_END.search(head) or last_word in _FUNCTION_WORDS:
        return True
    # Residue of a cut link: trailing space, then the rest after one blank line.
    cut_residue = before.text != before.text.rstrip(" \t\u00a0")
    return cut_residue and after.gap == 1 and not head.endswith(":")


# ---------------------------------------------------------------- boilerplate

_COMMENT_START = re.compile(
    r"^(leave a (reply|comment)|post a comment|add a comment|\d+ (comments?|responses?)|"
    r"comments?( \(\d+\))?|join the (conversation|discussion)|reader comments|"
    r"what do you think\??)$",
    re.IGNORECASE,
)
_COMMENT_FORM = re.compile(
    r"(your email address will not be published|required fields are marked|"
    r"you must be (logged|signed) in to (post|leave) a comment|cancel reply|"
    r"save my name, email|notify me of (new|follow-up) (posts|comments)|"
    r"^(name|email|e-mail|website|comment)\s*\*?$|^(post|submit) comment$)",
    re.IGNORECASE,
)
_TEASER_HEADING = re.compile(
    r"^(read (also|more|next)|see also|also read|related( (stories|articles|news|posts|"
    r"coverage|content|reading|topics))?|you (may|might) (also )?(like|enjoy|be interested in)|"
    r"more (stories|from [\w .]+|on this( story| topic)?|news|to read)|recommended( for you| stories)?|"
    r"most (read|popular|viewed)|trending( now| stories)?|popular (now|stories|posts)|"
    r"latest (news|stories|posts)|editor'?s picks|don'?t miss|top stories|in other news|"
    r"further reading)\s*[:.…>»]*$",
    re.IGNORECASE,
)
_INLINE_TEASER = re.compile(r"^(read (also|more)|see also|also read|related)\s*[:>»]\s*\S", re.IGNORECASE)
_LINK_ARROW = re.compile(r"(>>>?|»|→|⟶)\s*$")
_SHARE = re.compile(
    r"\b(share (this|on|via)|subscribe|follow us|sign up|newsletter|scroll to top|back to top|"
    r"read all (articles|news|stories)|on google news|download (our|the) app|click here|"
    r"copy link|print (this|article)|telegram channel|join (our|us on))\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"((image|photo|picture|video|illustration)s?( source| credit| by)?\s*:|"
    r"\b[A-Z]{2,}\s*/\s*[A-Z][\w]*(\s*/\s*[A-Z][\w ]*)*|"
    r"\b(getty images|ap photo|afp photo|reuters/|shutterstock|file photo)\b)",
    re.IGNORECASE,
)
_BYLINE = re.compile(
    r"^(?i:by|words by|written by|author:?|reporting by)\s+[A-Z][\w.'’-]*(\s+[A-Z][\w.'’-]*){0,3}"
    r"(\s*(,|and|\||•)\s*.*)?$"
)
_MONTH_NAME = "(" + "|".join(sorted({name[:3] for name in MONTHS})) + r")[a-z]*\.?"  # Sept, Sept., September: every spelling starts with one
_DATE_ONLY = re.compile(
    rf"^({DATELINE_LABEL}\s*:?\s*)?"
    r"((mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    rf"({_MONTH_NAME}\s+\d{{1,2}}(st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(st|nd|rd|th)?\s+{_MONTH_NAME},?\s+\d{{4}})"
    r"(,?\s+(at\s+)?\d{1,2}[:.]\d{2}\s*([ap]\.?m\.?)?(\s*[A-Z]{2,4})?)?$",
    re.IGNORECASE,
)


def _marker_reason(text: str) -> str:
    """The reason a single block is boilerplate on its own, or ''."""
    count = len(words(text))
    if _COMMENT_START.match(text) or _COMMENT_FORM.search(text) and count <= 25:
        return "comment form"
    if _TEASER_HEADING.match(text):
        return "teaser list"
    if count <= 30 and (_INLINE_TEASER.match(text) or _LINK_ARROW.search(text)):
        return "teaser link"
    if count <= 20 and _SHARE.search(text):
        return "share or subscribe line"
    if count <= 20 and not is_terminal(text) and _CREDIT.search(text):
        return "photo caption or credit"
    if count <= 12 and _BYLINE.match(text):
        return "byline"
    return ""


def _is_teaser_entry(block: Block) -> bool:
    text = block.text
    count = len(words(text))
    # Teasers are headlines (no final stop) or snippets cut off with an ellipsis.
    return (
        block.kind == "item"
        or count <= 25 and not is_terminal(text)
        or text.endswith(("…", "...")) and count <= 60
    )


def _is_body_paragraph(block: Block) -> bool:
    return len(words(block.text)) >= 12 and is_terminal(block.text)


def _header_reason(block: Block, title_seen: bool) -> str:
    """Debris above the article: datelines, section labels, tag lists."""
    text = block.text
    count = len(words(text))
    if ISO_TIMESTAMP.search(text) and count <= 8 or _DATE_ONLY.match(text):
        return "dateline"
    items = [item.strip() for item in text.split(",")]
    if len(items) >= 4 and all(0 < len(words(item)) <= 3 for item in items) and not is_terminal(text):
        return "tag list"
    if count <= 3 and not is_terminal(text) and not title_seen:
        return "section label"
    return ""


def clean_blocks(raw: Iterable[RawBlock], rejoin: bool = True) -> tuple[tuple[Block, ...], tuple[RemovedBlock, ...]]:
    """Rejoin split sentences, then separate the article from its debris."""
    raw_blocks = list(raw)
    if rejoin:
        raw_blocks = rejoin_fragments(raw_blocks)
    blocks = [
        (Block(normalise_space(item.text), item.kind, item.line), item.joined)
        for item in raw_blocks
        if normalise_space(item.text)
    ]
    kept: list[Block] = []
    removed: list[RemovedBlock] = []
    seen: set[str] = set()
    section = ""  # "teaser list" or "comment form" while such a section runs
    in_header, title_seen = True, False

    def drop(block: Block, reason: str) -> None:
        removed.append(RemovedBlock(block.text, reason, block.line))

    for block, joined in blocks:
        reason = _marker_reason(block.text)
        if section and not reason:
            still_teaser = section == "teaser list" and _is_teaser_entry(block)
            still_form = section == "comment form" and len(words(block.text)) <= 12
            if still_teaser or still_form:
                drop(block, section)
                continue
            section = ""
        if reason:
            if reason in ("teaser list", "comment form"):
                section = reason
            drop(block, reason)
            continue
        key = block.text.casefold()
        if key in seen:
            drop(block, "duplicate of an earlier block")
            continue
        if in_header:
            if _is_body_paragraph(block):
                in_header = False
            else:
                header_reason = _header_reason(block, title_seen)
                if header_reason:
                    drop(block, header_reason)
                    continue
                title_seen = title_seen or len(words(block.text)) >= 4
        seen.add(key)
        if block.kind == "paragraph" and not joined and looks_like_heading(block.text):
            block = replace(block, kind="heading")
        kept.append(block)
    return tuple(kept), tuple(removed)
