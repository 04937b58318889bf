"""The outlet a source's own text names as its publisher, when no metadata does.

News sites name themselves in their articles in a few set ways: an interviewee
speaks *to* or *for* them ("told Example.ua", "concludes for Example.ua"), they
cite their own earlier reporting ("as the Example News agency earlier reported",
"Example.ua has repeatedly written"), and their page furniture carries the name
("Read all articles by Example Media on Google News", "© 2023 Example Media").
Each such phrase is one piece of evidence; the name with the most wins. A name
cited any other way ("according to Example", "Example reported") is a source
the article quotes, not its publisher, and is never taken.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Block, RemovedBlock

# A domain written as a name ("Example.ua", "Example .ua" where a link split it). Only a space before the
# dot: "Varna. in" is two sentences.
_DOMAIN = r"[A-Z][\w-]*\s?\.[a-z]{2,4}\b"
# A name of capitalised words ("Example News", "Example News Media"), a few at most.
_WORDS = r"[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,4}"
_NAME = rf"(?P<name>{_DOMAIN}|{_WORDS})"
_DOMAIN_NAME = rf"(?P<name>{_DOMAIN})"

# Where only a domain may stand, a capitalised name would as often be a person's: "told Johnson".
_SELF_REFERENCES = (
    # a quotation given to the outlet
    rf"\b(?:told|concludes? for|concluded for|said (?:to|for)|exclusively (?:to|for)|in (?:a|an) (?:comment|interview) "
    rf"(?:to|for|with))\s+{_DOMAIN_NAME}",
    rf"{_DOMAIN_NAME}\s+(?:said|was told|heard) in (?:a|an) (?:comment|interview)",
    # the outlet's own earlier reporting
    rf"\b[Aa]s (?:the )?{_NAME}(?:\s+(?:news )?agency)? (?:has )?(?:earlier|previously|already) (?:reported|wrote|written)",
    rf"\b[Aa]s (?:the )?{_NAME}(?:\s+(?:news )?agency)? (?:reported|wrote) (?:earlier|previously|before)",
    rf"{_DOMAIN_NAME}\s+has (?:repeatedly |already |earlier |previously )?(?:written|reported)",
    # page furniture
    rf"\b[Rr]ead all (?:articles|news|stories|posts) (?:by|of|from) {_NAME} on\b",
    rf"\b[Ff]ollow {_NAME} on (?:Google News|Twitter|X|Facebook|Telegram|Instagram|YouTube)\b",
    rf"(?:©|\([Cc]\)|[Cc]opyright)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*,?\s*)?{_NAME}",
)
_PATTERNS = tuple(re.compile(pattern) for pattern in _SELF_REFERENCES)
# Words that end a capitalised run but are not part of an outlet's name.
_TRAILING = re.compile(r"(?:\s+(?:On|In|By|For|All|Rights|Reserved|Ltd|Inc|Agency))+$")
# Lines above and below an article that may name its outlet alone: a label of a few words, no sentence.
_OUTLET_LINE_WORDS = 4


@dataclass(frozen=True)
class NamedPublisher:
    """An outlet the text names as its own, and the phrases that say so."""

    name: str
    evidence: tuple[str, ...]


def comparable(name: str) -> str:
    """A name as compared with others: case, spaces and the space a link left before a domain's dot do not count."""
    return re.sub(r"\s+(?=\.)", "", " ".join(name.split())).casefold()


def publisher_in_text(blocks: Iterable[Block], removed: Iterable[RemovedBlock] = ()) -> NamedPublisher | None:
    """The outlet named most often as the article's own; a short line at the top or bottom that repeats
    the name (an outlet line the cleaner removed as a label) adds to its evidence, never names one alone."""
    removed = list(removed)
    found: dict[str, list[tuple[str, str]]] = {}  # comparable name -> (name as written, phrase)
    for text in [block.text for block in blocks] + [item.text for item in removed]:
        for pattern in _PATTERNS:
            for match in pattern.finditer(text):
                name = _TRAILING.sub("", match.group("name")).strip()
                if len(name) < 2:
                    continue
                found.setdefault(comparable(name), []).append((name, " ".join(match.group(0).split())))
    if not found:
        return None
    for item in removed:
        label = " ".join(item.text.split())
        if len(label.split()) <= _OUTLET_LINE_WORDS and comparable(label) in found:
            found[comparable(label)].append((label, label))
    key = max(found, key=lambda name: len(found[name]))
    written = Counter(re.sub(r"\s+(?=\.)", "", name) for name, _ in found[key])
    name = max(written, key=lambda form: (written[form], sum(ch.isupper() for ch in form)))
    return NamedPublisher(name, tuple(dict.fromkeys(phrase for _, phrase in found[key])))
