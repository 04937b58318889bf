"""Person, organization or place: the kind of a name, guessed from its words and the words around it."""

from __future__ import annotations

import re
from collections import Counter

from ...model import ENTITY_KINDS
from ..prefilter import gated
from ..quotes import REPORTING_VERBS
from .names import (
    FUNCTION_WORDS,
    ORG_WORDS,
    PLACE_WORDS,
    PORTFOLIO_WORDS,
    TITLE_WORDS,
    is_acronym,
    is_all_caps,
    is_name_word,
    lower_parts,
)
from .tokens import TextFacts

_REPORTING_AFTER = re.compile(rf"^\s*,?\s*(?:has\s+|had\s+|also\s+)?(?:{REPORTING_VERBS})\b", re.IGNORECASE)

_AGE_AFTER = re.compile(r"^\s*,\s*\d{1,3}\s*,")

_ROLE_AFTER = re.compile(r"^\s*,\s*(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}?(?P<role>[\w-]+)\b", re.IGNORECASE)

_BYLINE_BEFORE = re.compile(r"(?:^|\n)\s*by\s+$|\b(?:reporting|editing|written|photos?|interview(?:ed)?)\s+by\s+$", re.IGNORECASE)

_PLACE_NOUNS = (
    "territory|capital|city|cities|town|towns|village|villages|region|regions|country|countries|province|provinces|"
    "district|districts|border|borders|north|south|east|west|centre|center|outskirts|suburbs|heart|residents|"
    "citizens|government|coast|parts?|side|people|mayor|governor"
)


_COMPASS = r"(?:north|south|east|west|central|north-?east|north-?west|south-?east|south-?west)(?:ern)?"

_PLACE_CUES = (
    rf"in|to|from|near|at|across|into|towards?|outside|inside|via|throughout|around|within|visit(?:ed|ing|s)?|"
    rf"(?:{_PLACE_NOUNS})\s+of|{_COMPASS}"
)

# "the Meren valley", "the Osva river": a place noun after the name
_PLACE_NOUN_AFTER = re.compile(
    r"^\s+(?:valley|river|region|area|basin|province|district|county|oblast|border|coast|reservoir|dam|lake|"
    r"mountains|airport|peninsula|delta|canyon|island|islands|city|town|village|municipality|bridge|road|street)\b"
)


_AFTER_DATELINE = re.compile(r"(?:^|\n)\s*[A-Z][A-Z'’. -]+,\s+$")

_STRONG_PLACE_CUES = ("in", "near", "across", "throughout", "outside", "inside")

_PLACE_BEFORE = re.compile(rf"\b(?P<word>{_PLACE_CUES})\s+$", re.IGNORECASE)

# "in London and Vienna", "in Latvia, Lithuania and Poland"
_PLACE_LIST_BEFORE = re.compile(
    rf"\b(?P<word>{_PLACE_CUES})\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?(?:,\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)*(?:,|,?\s+(?:and|or))\s+$"
)


# Gated (extract/prefilter.py): a long list of titles tried at every position. The place cues are not: short
# words that almost every window holds, where the gate costs more than it saves.
_TITLE_OF_BEFORE = gated(re.compile(r"\b(?:" + "|".join(sorted(TITLE_WORDS)) + r")\s+of\s+(?:the\s+)?$", re.IGNORECASE))

_ACCORDING_TO_BEFORE = re.compile(r"\baccording\s+to\s+$", re.IGNORECASE)

_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)

_TITLE_OF_PORTFOLIO_BEFORE = gated(re.compile(
    r"\b(?:" + "|".join(sorted(TITLE_WORDS)) + r")\s+(?:of|for)\s+(?:the\s+)?(?:(?:"
    + "|".join(sorted(PORTFOLIO_WORDS)) + r")\s+(?:and\s+)?){1,3}$",
    re.IGNORECASE,
))


_DEMONYM_SUFFIX = re.compile(r"(?:ian|ean|ese|ish|tch)s?$")

_COMPASS_ADJECTIVE = re.compile(r"^(?:north|south|east|west)(?:-?(?:east|west))?ern$")

_DEMONYM_SUFFIX_NEEDING_EVIDENCE = re.compile(r"(?:an|i|ic)s?$")


def demonym_shaped(word: str, facts: TextFacts) -> bool:
    """ "Norwegian", "Albanians", "Chinese", "Western"; "American" only if "America" is in the text."""
    if not word[:1].isupper() or is_all_caps(word):
        return False
    parts = re.split(r"[-‐]", word)
    if len(parts) > 1:
        return all(demonym_shaped(part, facts) for part in parts if part)
    lower = word.lower()
    suffix = _DEMONYM_SUFFIX.search(lower)
    if (suffix and suffix.start() >= 3) or _COMPASS_ADJECTIVE.match(lower):
        return True
    suffix = _DEMONYM_SUFFIX_NEEDING_EVIDENCE.search(lower)
    if not suffix or suffix.start() < 3:
        return False
    stem = word[: suffix.start()]
    # "American" next to "America", "Iraqi" next to "Iraq", "German" next to "Germany"
    places = {stem, stem + "a", stem + "o", stem + "e", stem + "ia", word.rstrip("s") + "y"}
    return bool(places & facts.capitalised)


def guess_kind(words: list[str], hint: str, facts: TextFacts, start: int, end: int, possessive: bool) -> str:
    parts = set().union(*(lower_parts(word) for word in words))
    if len(words) == 1 and is_acronym(words[0]):
        return "organization"
    if parts & ORG_WORDS:
        return "organization"
    if parts & PLACE_WORDS:
        return "place"
    if len(words) > 1 and any(is_acronym(word) for word in words):
        return "organization"  # "US Geological Survey", "UN Security Council"
    if hint:
        return hint
    before = facts.text[max(0, start - 80) : start]
    after = facts.text[end : end + 80]
    # "in Hansen's interview": the preposition is about the interview, not about Hansen.
    cue = None if possessive or _ACCORDING_TO_BEFORE.search(before) else _PLACE_BEFORE.search(before) or _PLACE_LIST_BEFORE.search(before)
    capitalised = [word for word in words if is_name_word(word) and word.lower() not in FUNCTION_WORDS]
    if _TITLE_OF_BEFORE.search(before):
        return "place" if len(capitalised) == 1 else "unknown"  # "the president of Norway noted"
    if _person_before(before):
        return "person"
    # "in Geneva confirmed": the preposition says more than the verb after it
    if cue and cue.group("word").lower() in _STRONG_PLACE_CUES or _AFTER_DATELINE.search(before) or _PLACE_NOUN_AFTER.match(after):
        return "place"
    after_the = bool(_THE_BEFORE.search(before))
    if not after_the and not possessive and (_REPORTING_AFTER.match(after) or _AGE_AFTER.match(after) or _role_after(after)):
        return "person"
    if cue and len(capitalised) == 1:
        return "place"
    if len(capitalised) == 1:
        return "unknown"
    if (
        not after_the
        and not cue  # "from Hong Kong", "to New Zealand": not a given name and a surname
        and 2 <= len(capitalised) <= 3
        and all(word[0].isupper() and not is_all_caps(word) for word in capitalised)
        and capitalised[0] not in facts.alone  # "Osva Hydro" when "Osva" is a name of its own
    ):
        return "person"
    return "unknown"


def _person_before(before: str) -> bool:
    words = re.findall(r"[\w'’-]+", before[-30:])
    if words and not re.search(r"[,.;:!?()\"“”]\s*$", before) and words[-1].lower().rstrip(".") in TITLE_WORDS:
        return True
    return bool(_BYLINE_BEFORE.search(before) or _TITLE_OF_PORTFOLIO_BEFORE.search(before))


def _role_after(after: str) -> bool:
    match = _ROLE_AFTER.match(after)
    return bool(match) and match.group("role").lower() in TITLE_WORDS


def majority(votes: Counter) -> str:
    if not votes:
        return "unknown"
    return min(votes, key=lambda kind: (-votes[kind], ENTITY_KINDS.index(kind)))
