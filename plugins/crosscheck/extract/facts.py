"""Claims -> Facts: each value a sentence states, with the words that say what it measures.

"The quake killed 30 people and injured 150" states two facts. Each value
gets the lemmas of the words nearest to it, the nearest first, read no
further than the next value of the same family: the words between "30" and
"150" describe 30 more than 150 only by being nearer. These words (and the
counted noun a count carries in ``Value.unit``) are what linking compares:
"150 injured" and "150 people were hurt" share little, "injured" and
"injuries" share a lemma. A count's noun is its unit, not one of these words.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from ..model import FAMILIES, Claim, Fact, Value
from ..words import STOPWORDS
from .quotes import reported_span
from .values import PAIR, lemma

ATTRIBUTE_WORDS = 6  # content words each side of a value
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def fact_id(claim_id: str, value: Value) -> str:
    """Stable: the claim's id and where the value stands in its sentence."""
    return "f-" + hashlib.sha1(f"{claim_id}|{value.start}|{value.text}".encode()).hexdigest()[:10]


def facts_of(claim: Claim, names: Sequence[tuple[int, int, str]] = ()) -> tuple[Fact, ...]:
    """One Fact per normalized value of the claim, and one for what it quotes or credits to someone.

    ``names``: (start, end, Entity.id) of the names in the claim's source, by offsets into the source's text.
    """
    inside = [(start - claim.start, end - claim.start, entity) for start, end, entity in names
              if claim.start <= start and end <= claim.end]
    dateline = _DATELINE.match(claim.text)
    found = []
    for value in claim.values:
        if value.value is None or dateline and value.end <= dateline.end():
            continue  # "MUMBAI, Nov 11 -" says when the report was filed, not when anything happened
        found.append(Fact(fact_id(claim.id, value), claim.id, claim.source, value,
                          attribute_words(claim.text, value, claim.values), nearest_first(value, inside, claim.entities)))
    if claim.quote or claim.speaker:
        start, end = said_span(claim)
        words = claim.text[start:end]
        said = Value("quote", words, start, end, " ".join(_words(words)), claim.speaker)
        # what was said is what the fact is about: its words, not the sentence's report of when or where it was said
        found.append(Fact(fact_id(claim.id, said), claim.id, claim.source, said,
                          tuple(dict.fromkeys(_content_lemmas(_mask(claim.text, claim.values)[start:end]))), claim.entities))
    return tuple(found)


def said_span(claim: Claim) -> tuple[int, int]:
    """Where the words a claim quotes or credits to someone lie in its sentence: the clause its own attribution
    reports ("X assessed that <...>", which may hold a quote of someone else's words); else the quoted words; else
    the whole sentence (a sentence of a quote that runs over several sentences is, in each, the words of that one)."""
    quoted = claim.text.find(claim.quote) if claim.quote else -1
    reported = reported_span(claim.text) if "attribution" in claim.kinds else None
    if reported and (quoted == -1 or quoted >= reported[0]):
        return reported
    if quoted != -1:
        return quoted, quoted + len(claim.quote)
    return 0, len(claim.text)


# A dateline: a place in capitals or title case, a comma, a date, then a dash or colon, at the head of a text.
# The date has a figure in it: "On March 3, the country did join the alliance – ..." is no dateline.
_DATELINE = re.compile(r"^\s*[A-Z][\w.' /-]{1,40},\s+(?=[^,.;]{0,30}\d)[^,.;]{3,30}?\s+[-–—:]\s")


def nearest_first(value: Value, names: Sequence[tuple[int, int, str]], entities: Sequence[str]) -> tuple[str, ...]:
    """The sentence's entities, the one named nearest the value first: "the 40-year-old Thompson" is Thompson's age."""
    def distance(name: tuple[int, int, str]) -> tuple[int, ...]:
        start, end, _ = name
        if value.reason == PAIR:  # a record's holder is the sentence's subject, named before it:
            # "Marek improved to 58-3 (51 KO)", "Dorsey, nominated by the federation, fell to 36-3"
            return (start >= value.end, start if end <= value.start else start - value.end, 0)
        return (False, value.start - end if end <= value.start else start - value.end if start >= value.end else 0, -start)

    ordered = [entity for _, _, entity in sorted(names, key=distance)]
    return tuple(dict.fromkeys(ordered + list(entities)))


def _words(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text)]


def attribute_words(text: str, value: Value, values: tuple[Value, ...]) -> tuple[str, ...]:
    """Lemmas of the content words around ``value``, the nearest first (ties: the word after)."""
    family = FAMILIES.get(value.kind, value.kind)
    left = max((other.end for other in values if other.end <= value.start and FAMILIES.get(other.kind, other.kind) == family),
               default=0)
    right = min((other.start for other in values if other.start >= value.end and FAMILIES.get(other.kind, other.kind) == family),
                default=len(text))
    masked = _mask(text, values)
    before = _content_lemmas(masked[left:value.start])[::-1][:ATTRIBUTE_WORDS]
    after = _content_lemmas(masked[value.end:right])[:ATTRIBUTE_WORDS]
    ordered = [word for pair in zip(after + [""] * len(before), before + [""] * len(after)) for word in pair if word]
    counted = {value.unit, "people"} if value.kind == "count" and value.unit == "person" else {value.unit}
    if value.kind == "ordinal":
        counted = set()  # the noun it ranks is one of its words: "the 11th round" and "the 11th" may be one fact
    return tuple(dict.fromkeys(word for word in ordered if word not in counted))


def _mask(text: str, values: tuple[Value, ...]) -> str:
    """The text with every value's words blanked: "in three years" says when, not what."""
    for value in values:
        text = text[: value.start] + " " * (value.end - value.start) + text[value.end :]
    return text


def _content_lemmas(text: str) -> list[str]:
    words = []
    for word in _WORD.findall(text):
        lowered = word.lower().replace("’", "'")
        if lowered in STOPWORDS or len(lowered) < 3 or word[:1].isupper():
            continue  # names are subjects (Fact.subject), not what is measured
        words.append(lemma(lowered.removesuffix("'s")))
    return words
