"""A text as words, with what the whole text says about each: the material mentions are cut from."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .names import ORG_WORDS, PLACE_WORDS, STARTERS, lower_parts

_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[^\W_](?:\w|[-‐'’](?=[^\W_]))*|&")

_POSSESSIVE = re.compile(r"['’][sS]$")

_GLUED = re.compile(r"^([A-Z][a-z]{3,})(And|The|Of|In|For|With|But|Or|To)$")

_SENTENCE_END = ".!?:;…\n"


@dataclass(frozen=True)
class Token:
    start: int
    end: int  # after a possessive marker, if any
    bare_end: int  # before it
    word: str  # text[start:bare_end]
    possessive: bool
    sentence_initial: bool


@dataclass(frozen=True)
class TextFacts:
    """What the whole text says about its words, used to judge each run."""

    text: str
    lowercase: frozenset[str]  # words seen starting with a lowercase letter
    capitalised: frozenset[str]  # words seen capitalised, as written
    mid_sentence: frozenset[str]  # capitalised words seen inside a sentence: names, not sentence starts
    headline_lines: frozenset[int]  # start offsets of Title Case lines
    alone: frozenset[str] = frozenset()  # words that stand as a name of their own somewhere
    in_names: frozenset[str] = frozenset()  # words of names of two words or more: "Millbrook" in "Millbrook City Council"
    # (name word, common noun) the text writes as a description: the noun in quotation marks or lowercase after the
    # name, mid-sentence (the Palace "strongman"); written capitalised elsewhere, the pair is an epithet, not a name
    described: frozenset[tuple[str, str]] = frozenset()


def tokenise(text: str) -> list[Token]:
    tokens = []
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        word = match.group()
        glued = _GLUED.match(word)
        if glued:  # "NorwayAnd": two words that lost their space
            cut = start + glued.end(1)
            tokens.append(Token(start, cut, cut, glued.group(1), False, _sentence_initial(text, start)))
            start, word = cut, glued.group(2)
        bare_end, possessive = end, False
        if _POSSESSIVE.search(word) and len(word) > 2:
            bare_end, word, possessive = end - 2, word[:-2], True
        elif word.endswith("s") and text[end : end + 1] in ("'", "’") and not text[end + 1 : end + 2].isalnum():
            end, possessive = end + 1, True
        tokens.append(Token(start, end, bare_end, word, possessive, _sentence_initial(text, start)))
    return tokens


def _sentence_initial(text: str, start: int) -> bool:
    index = start - 1
    while index >= 0 and not text[index].isalnum() and text[index] not in _SENTENCE_END + ",":
        if text[index] in "—–" or text[index - 1 : index + 2] == " - ":
            return True  # "OSLO, March 9 (Reuters) - The dam ..."
        index -= 1
    return index < 0 or text[index] in _SENTENCE_END


def text_facts(text: str, tokens: list[Token]) -> TextFacts:
    lowercase = frozenset(token.word for token in tokens if token.word[:1].islower())
    capitalised = frozenset(token.word for token in tokens if token.word[:1].isupper())
    headlines = set()
    offset = 0
    for line in text.split("\n"):
        if is_headline(line, lowercase):
            headlines.add(offset)
        offset += len(line) + 1
    mid_sentence = frozenset(
        token.word.casefold() for token in tokens
        if token.word[:1].isupper() and not token.sentence_initial and line_start(text, token.start) not in headlines
    )
    return TextFacts(text, lowercase, capitalised, mid_sentence, frozenset(headlines), described=_described(text, tokens))


_OPENING_QUOTE = re.compile(r"^ [\"“«„']$")


def _described(text: str, tokens: list[Token]) -> frozenset[tuple[str, str]]:
    """(name word, noun) pairs the text writes as a description: Name "noun", or Name noun mid-sentence."""
    found = set()
    for left, right in itertools.pairwise(tokens):
        if not left.word[:1].isupper() or left.possessive or lower_parts(right.word) & (ORG_WORDS | PLACE_WORDS):
            continue
        gap = text[left.end:right.start]
        quoted = bool(_OPENING_QUOTE.match(gap))
        if quoted or gap == " " and right.word[:1].islower() and not left.sentence_initial and right.word.isalpha():
            found.add((left.word, right.word.casefold()))
    return frozenset(found)


def is_headline(line: str, lowercase: frozenset[str]) -> bool:
    """A Title Case Line Like This, where capitals do not mark names."""
    words = re.findall(r"[^\W\d_][\w'’-]*", line)
    long_words = [word for word in words if len(word) >= 4]
    if len(long_words) < 3 or line.isupper():
        return False
    capitalised = [word for word in long_words if word[0].isupper()]
    common = [word for word in words if word[0].isupper() and (word.lower() in lowercase or word.lower() in STARTERS)]
    return len(capitalised) >= 0.75 * len(long_words) and len(common) >= 2


def line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def joined(text: str, left: Token, right: Token) -> bool:
    """True when nothing but a space (or an initial's dot) stands between two words."""
    if left.possessive:
        return False
    gap = text[left.end : right.start]
    if gap in (" ", "\u00a0", "  "):
        return True
    return gap in (". ", ".\u00a0") and len(left.word) == 1 and left.word.isupper()
