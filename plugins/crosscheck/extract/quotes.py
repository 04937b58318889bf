"""Source text -> direct quotes with their speakers, and attributions.

A quote may run over several sentences and paragraphs.  Its speaker is
read from the words around it ("X said", "according to X", "…, he said"),
and a pronoun is resolved to the last person named before the quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from lemminflect import getAllInflections

from ..ingest.clean import words
from ..model import Mention
from ..words import word_list

CLOSING = {"“": "”", "„": "“", "«": "»", '"': '"'}
MIN_QUOTE_WORDS = 4  # shorter quoted phrases are scare quotes or titles

def _reporting_verbs() -> str:
    """An alternation of every form of the verbs in data/reporting_verbs.txt, longest first."""
    forms = set()
    for entry in word_list("reporting_verbs"):
        verb, _, rest = entry.partition(" ")
        inflected = {verb, *(form for tag in ("VBZ", "VBD", "VBN") for form in getAllInflections(verb, upos="VERB").get(tag, ()))}
        forms.update(f"{form} {rest}".strip() for form in inflected)
    return "|".join(re.escape(form) for form in sorted(forms, key=lambda form: (-len(form), form)))


REPORTING_VERBS = _reporting_verbs()
# Words that stand for a speaker named earlier.
PRONOUNS = frozenset({"he", "she", "they", "the expert", "the analyst", "the minister", "the official",
                      "the spokesman", "the spokeswoman", "the president", "analysts", "experts"})

_AFTER = re.compile(
    rf"^\s*[,.:;!?]?\s*[-–—]?\s*(?:(?P<verb1>{REPORTING_VERBS})\s+(?:in\s+)?(?P<who1>[^,;:]{{2,80}}?)(?=[,;:]|\.\s|\.$|$)"
    rf"|(?P<who2>[^,.;:\"“”]{{2,60}}?)\s+(?:{REPORTING_VERBS})\b)",
    re.IGNORECASE,
)
_BEFORE = re.compile(
    rf"(?:according\s+to\s+(?P<who1>[^,.;:]{{2,80}}?)|(?P<who2>[^,.;:\"“”]{{2,80}}?)\s+(?:{REPORTING_VERBS})(?:\s+[\w’'-]+){{0,4}}?)\s*[,:]?\s*$",
    re.IGNORECASE,
)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+(?P<who>[^,;:]{2,80}?)(?=[,;:]|\.\s|\.$|$)", re.IGNORECASE)
# A reporting verb that introduces what was said: "X believes that", "X said during the talks that", "X: ..."
_REPORTING = re.compile(rf"\b(?:{REPORTING_VERBS})\b(?=(?:\s+[\w’'-]+){{0,6}}?\s+that\b|\s*[:“\"])", re.IGNORECASE)
_SUBJECT_WINDOW = 150


_NOT_SPEAKERS = {"he", "she", "it", "they", "we", "i", "you", "this", "that", "there", "which", "who"}


@dataclass(frozen=True)
class Quote:
    start: int  # offsets into Source.text, inside the quotation marks
    end: int
    text: str
    speaker: str = ""  # surface name of the speaker, as written or as resolved
    speaker_mention: tuple[int, int] | None = None  # (start, end) of the speaker's mention


def find_quotes(text: str, mentions: Sequence[Mention] = ()) -> tuple[Quote, ...]:
    """Direct quotes in a source text, with speakers where the text names them."""
    quotes = []
    for start, end in _quoted_spans(text):
        body = text[start:end]
        if len(words(body)) < MIN_QUOTE_WORDS:
            continue
        speaker, span = _speaker(text, start, end, mentions)
        quotes.append(Quote(start, end, body, speaker, span))
    return tuple(quotes)


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans between matching quotation marks; a paragraph that opens a quote
    and does not close it continues into the next paragraph that opens one."""
    spans = []
    position = 0
    while True:
        match = re.search(r"[“„«\"]", text[position:])
        if not match:
            return spans
        open_at = position + match.start()
        mark = text[open_at]
        if mark == '"' and open_at > 0 and text[open_at - 1].isalnum():
            position = open_at + 1  # a closing straight quote without an opener
            continue
        close_mark = CLOSING[mark]
        close_at = _closing(text, open_at + 1, close_mark, mark)
        if close_at is None:
            position = open_at + 1
            continue
        spans.append((open_at + 1, close_at))
        position = close_at + 1


def _closing(text: str, start: int, close_mark: str, open_mark: str) -> int | None:
    position = start
    while True:
        index = text.find(close_mark, position)
        paragraph_end = text.find("\n\n", position)
        if paragraph_end != -1 and (index == -1 or paragraph_end < index):
            # Unclosed at the paragraph's end: continues if the next paragraph reopens.
            following = text[paragraph_end + 2 : paragraph_end + 3]
            if following and following in (open_mark, "“", '"'):
                position = paragraph_end + 3
                continue
            return None
        if index == -1:
            return None
        if close_mark == '"' and _opens(text, index):
            # A quote inside the quote ("what he called "a red line" was crossed"): skip over it.
            nested_end = text.find('"', index + 1)
            if nested_end == -1 or text.find("\n\n", index, nested_end) != -1:
                return None
            position = nested_end + 1
            continue
        return index


def _opens(text: str, index: int) -> bool:
    """A straight quote mark that opens: space before it, a word right after it."""
    return index + 1 < len(text) and text[index + 1].isalnum() and index > 0 and text[index - 1] in " (\n"


def _speaker(text: str, start: int, end: int, mentions: Sequence[Mention]) -> tuple[str, tuple[int, int] | None]:
    after_text = text[end + 1 : end + 160].split("\n\n")[0]
    match = _AFTER.match(after_text)
    if match:
        who = (match["who1"] or match["who2"] or "").strip()
        offset = end + 1 + (match.start("who1") if match["who1"] else match.start("who2"))
        resolved = _resolve(who, offset, mentions)
        if resolved[0]:
            return resolved
    paragraph_start = text.rfind("\n\n", 0, start) + 2 if text.rfind("\n\n", 0, start) != -1 else 0
    before_text = text[max(paragraph_start, start - 200) : start - 1]
    match = _BEFORE.search(before_text)
    if match:
        who = (match["who1"] or match["who2"] or "").strip()
        offset = start - 1 - len(before_text) + (match.start("who1") if match["who1"] else match.start("who2"))
        return _resolve(who, offset, mentions)
    return "", None


def _resolve(who: str, offset: int, mentions: Sequence[Mention]) -> tuple[str, tuple[int, int] | None]:
    """A speaker phrase -> the mention it names, or the last person named before it."""
    inside = [m for m in mentions if offset <= m.start < offset + len(who) + 1]
    if inside:
        best = max(inside, key=lambda m: (m.kind == "person", m.end - m.start))
        return best.name, (best.start, best.end)
    key = re.sub(r"^(?:the|our)\s+", "the ", who.lower().strip())
    if who.lower() in PRONOUNS or key in PRONOUNS or who.lower().split()[:1] in (["he"], ["she"]):
        earlier = [m for m in mentions if m.end <= offset and m.kind in ("person",)]
        if not earlier:
            earlier = [m for m in mentions if m.end <= offset and m.kind != "place"]
        if earlier:
            last = earlier[-1]
            return last.name, (last.start, last.end)
    return "", None


def attribution(sentence: str, sentence_start: int, mentions: Sequence[Mention]) -> tuple[str, tuple[int, int] | None]:
    """Who a sentence attributes its statement to: "according to X", "X assessed that"."""
    match = _ACCORDING_TO.search(sentence)
    if match:
        return _named_or_resolved(match["who"], sentence_start + match.start("who"), mentions)
    match = _REPORTING.search(sentence)
    if not match:
        return "", None
    verb_at = sentence_start + match.start()
    before = [m for m in mentions if verb_at - _SUBJECT_WINDOW <= m.start and m.end <= verb_at and m.kind != "place"]
    if before:
        subject = max(before, key=lambda m: (m.end, m.kind in ("person", "organization")))
        return subject.name, (subject.start, subject.end)
    words_before = sentence[: match.start()].strip().split()[-4:]
    return _named_or_resolved(" ".join(words_before), verb_at - len(" ".join(words_before)), mentions)


def _named_or_resolved(who: str, offset: int, mentions: Sequence[Mention]) -> tuple[str, tuple[int, int] | None]:
    name, span = _resolve(who, offset, mentions)
    if name:
        return name, span
    # Unresolved but named ("the center", "analysts"): keep the words, so the claim still counts as attributed.
    named = re.sub(r"^(?:\w+,\s*)*(?:the|a|an)\s+", "", who.strip(), flags=re.IGNORECASE)
    if not named or len(words(named)) > 6 or named.lower() in _NOT_SPEAKERS:
        return "", None
    return named, None
