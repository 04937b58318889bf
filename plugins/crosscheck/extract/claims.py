"""Sentences -> Claims: the checkable statements of a source, scored for check-worthiness."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..model import Claim, Limits, Mention, Problem, Sentence, Source, Value
from ..words import shorten, word_list
from .quotes import Quote, read_speakers
from .values import find_values, left_unread, tells_a_past_event
from .zones import LOCAL, local_zone

MIN_SCORE = 0.3
EVENT_NAMES = 2  # names a sentence with no figure, quote or credit must hold to be a claim about an event
# Values that pin a fact down, against ones that only place it loosely in time.
_WEAK_KINDS = {"weekday", "relative", "ordinal"}
_OPINION = re.compile(rf"\b(?:{'|'.join(re.escape(marker) for marker in sorted(word_list('opinion_markers')))})\b", re.IGNORECASE)


def claim_id(source_id: str, sentence_anchor: str) -> str:
    """Stable: depends only on the source's id and the sentence's own words."""
    return "c-" + hashlib.sha1(f"{source_id}|{sentence_anchor}".encode()).hexdigest()[:10]


def extract_claims(
    source: Source,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention] = (),
    entity_of: Mapping[tuple[str, int, int], str] | None = None,
    limits: Limits = Limits(),
) -> tuple[Claim, ...]:
    return extract_source(source, sentences, mentions, entity_of, limits)[0]


def extract_source(
    source: Source,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention] = (),
    entity_of: Mapping[tuple[str, int, int], str] | None = None,
    limits: Limits = Limits(),
) -> tuple[tuple[Claim, ...], tuple[Problem, ...]]:
    """The claims of a source, and the values in it left unread for a limit (as Problems with the file and line)."""
    entity_of = entity_of or {}
    reference = source.reference.date if source.reference else None
    heading_blocks = {index for index, block in enumerate(source.blocks) if block.kind == "heading"}
    claims, unread = [], []
    for sentence, (quote, attributed, speaker) in zip(sentences, sentence_speakers(source, sentences, mentions, entity_of)):
        values = in_local_zone(find_values(sentence.text, reference, limits), sentence, mentions)
        unread.extend((sentence, value) for value in values if left_unread(value))
        inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        entities = tuple(dict.fromkeys(entity_of[key] for m in inside if (key := (m.source, m.start, m.end)) in entity_of))
        kinds = tuple(dict.fromkeys(value.kind for value in values))
        if quote:
            kinds += ("quote",)
        if attributed and not (quote and quote.speaker):
            kinds += ("attribution",)
        if not kinds and len(entities) >= EVENT_NAMES and tells_a_past_event(sentence.text):
            kinds = ("event",)  # "Berg and Lind also came to Varna": who did what, with no figure to it
        if not kinds:
            continue
        score = check_worthiness(sentence.text, values, quote, "attribution" in kinds, bool(entities), sentence.block in heading_blocks)
        if score < MIN_SCORE:
            continue
        claims.append(
            Claim(
                id=claim_id(source.id, sentence.anchor),
                source=source.id,
                sentence=sentence.anchor,
                text=sentence.text,
                start=sentence.start,
                end=sentence.end,
                values=values,
                entities=entities,
                speaker=speaker,
                quote=quote.text if quote else "",
                kinds=kinds,
                score=score,
            )
        )
    return tuple(claims), unread_values(source, unread)


def in_local_zone(values: tuple[Value, ...], sentence: Sentence, mentions: Sequence[Mention]) -> tuple[Value, ...]:
    """Times in "local time" with the zone of the place the sentence names, else the first the report names."""
    if not any(value.kind == "time" and value.unit == LOCAL for value in values):
        return values
    places = [m.name for m in mentions if m.kind in ("place", "unknown")]
    inside = [m.name for m in mentions if m.kind in ("place", "unknown") and sentence.start <= m.start and m.end <= sentence.end]
    found = local_zone([*inside, *places])
    if found is None:
        return values
    place, zone = found
    return tuple(replace(value, unit=zone, reason=f"local time in {place}") if value.kind == "time" and value.unit == LOCAL
                 else value for value in values)


def sentence_speakers(
    source: Source,
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention] = (),
    entity_of: Mapping[tuple[str, int, int], str] | None = None,
) -> tuple[tuple[Quote | None, str, str], ...]:
    """For each sentence: the quote it lies in, who it is attributed to (as written), and its speaker (an Entity.id or "")."""
    entity_of = entity_of or {}
    read = read_speakers(source.text, mentions, [(sentence.start, sentence.end) for sentence in sentences])
    found = []
    for sentence, (attributed, attributed_span) in zip(sentences, read.sentences):
        quote = _quote_for(sentence, read.quotes)
        speaker_span = quote.speaker_mention if quote and quote.speaker else attributed_span
        found.append((quote, attributed, entity_of.get((source.id, *speaker_span), "") if speaker_span else ""))
    return tuple(found)


MAX_UNREAD_REPORTED = 5  # per source: a file of a thousand long numbers says so in a few lines


def unread_values(source: Source, unread: Sequence[tuple[Sentence, Value]]) -> tuple[Problem, ...]:
    """One warning per value left unread for a limit (a figure the site will not show or compare), then a count."""
    problems = []
    for sentence, value in unread[:MAX_UNREAD_REPORTED]:
        line = source.blocks[sentence.block].line if sentence.block < len(source.blocks) else 0
        if value.reason.startswith("a run of more than"):
            advice = "if it is a figure, write it as an article would ('1.2 billion'), or raise CROSSCHECK_MAX_NUMBER_DIGITS"
        else:
            advice = "if the article means it, nothing can be checked against it; else correct the number in the file"
        problems.append(Problem(source.path, f"the value {shorten(value.text, 40)!r} is left unread: {value.reason}. The "
                                             f"sentence is kept, but the value is not shown or compared; {advice}", line))
    if len(unread) > MAX_UNREAD_REPORTED:
        problems.append(Problem(source.path, f"{len(unread) - MAX_UNREAD_REPORTED:,} more values are left unread for the same "
                                             "reasons; is it really an article?"))
    return tuple(problems)


def _quote_for(sentence: Sentence, quotes: Sequence[Quote]) -> Quote | None:
    for quote in quotes:
        if quote.start < sentence.end and sentence.start < quote.end:
            return quote
    return None


def check_worthiness(text: str, values: Sequence[Value], quote: Quote | None, attributed: bool,
                     has_entities: bool, is_heading: bool) -> float:
    """A score in [0, 1]: how much a fact-checker would want to check this sentence."""
    firm = [value for value in values if value.kind not in _WEAK_KINDS]
    score = 0.0
    if firm:
        score += 0.45 + 0.1 * (len(firm) > 1)
    elif values:
        score += 0.3  # a weekday or "two days later" still dates something a fact-checker may compare
    if any(value.kind == "since" for value in values):
        score += 0.15
    if quote:
        # words in quotation marks were said by someone, whether or not the text names who: checkable on their own,
        # and another report that carries the same words (crediting them to someone) is where they are checked
        score += 0.3
    if attributed:
        score += 0.3
    if not values and not quote and not attributed and has_entities:
        score += 0.25  # an event told with its names: checkable, less than a figure
    if has_entities:
        score += 0.1
    if text.rstrip().rstrip("\"”»'’").endswith("?"):
        score -= 0.4
    # A hedge in someone's quoted or credited words is theirs to answer for: still checkable.
    if _OPINION.search(text) and not (attributed or quote):
        score -= 0.2
    if is_heading:
        score *= 0.6
    return round(min(1.0, max(0.0, score)), 2)
