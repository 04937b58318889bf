"""Sentences -> Claims: the checkable statements of a source, scored for check-worthiness."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

from ..model import Claim, Limits, Mention, Sentence, Source, Value
from .quotes import Quote, attribution, find_quotes
from .values import find_values

MIN_SCORE = 0.3
# Values that pin a fact down, against ones that only place it loosely in time.
_WEAK_KINDS = {"weekday", "relative", "ordinal"}
_OPINION = re.compile(
    r"\b(I think|I believe|in my opinion|obviously|apparently|perhaps|maybe|probably|it seems|"
    r"should|must|we can see|of course|clearly|you know)\b",
    re.IGNORECASE,
)


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
    entity_of = entity_of or {}
    reference = source.reference.date if source.reference else None
    quotes = find_quotes(source.text, mentions)
    heading_blocks = {index for index, block in enumerate(source.blocks) if block.kind == "heading"}
    claims = []
    for sentence in sentences:
        values = find_values(sentence.text, reference, limits)
        quote = _quote_for(sentence, quotes)
        inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
        entities = tuple(dict.fromkeys(entity_of[key] for m in inside if (key := (m.source, m.start, m.end)) in entity_of))
        attributed, attributed_span = attribution(sentence.text, sentence.start, mentions)
        speaker_span = quote.speaker_mention if quote and quote.speaker else attributed_span
        speaker = entity_of.get((source.id, *speaker_span), "") if speaker_span else ""
        kinds = tuple(dict.fromkeys(value.kind for value in values))
        if quote:
            kinds += ("quote",)
        if attributed and not (quote and quote.speaker):
            kinds += ("attribution",)
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
    return tuple(claims)


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
        score += 0.25
    if any(value.kind == "since" for value in values):
        score += 0.15
    if quote:
        score += 0.25 if quote.speaker else 0.1
    if attributed:
        score += 0.3
    if has_entities:
        score += 0.1
    if text.rstrip().rstrip("\"”»'’").endswith("?"):
        score -= 0.4
    # A hedge in someone's quoted or credited words is theirs to answer for: still checkable.
    if _OPINION.search(text) and not (attributed or quote and quote.speaker):
        score -= 0.2
    if is_heading:
        score *= 0.6
    return round(min(1.0, max(0.0, score)), 2)
