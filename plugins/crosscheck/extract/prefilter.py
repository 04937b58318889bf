"""Pre-filters for regular expressions: the pieces of text every match of a pattern must contain.

A pattern tried at every position of every sentence costs the same whether it
matches or not.  ``needles(pattern)`` reads the pattern's own syntax tree and
returns what any match must contain: all of some groups, each group any of
some strings ("a month name and a digit": ``({"jan", "feb", ...}, {"0"})``).
``Needles.admit(fold(text))`` is then a few substring tests; when it says no,
the pattern cannot match, so skipping it changes nothing.  The needles come
from the patterns themselves: there is no second word list to keep in step.

Text and needles are compared folded: lower case, every decimal digit as "0"
(a needle never says which digit), and the four non-ASCII letters that a
case-insensitive pattern matches to an ASCII letter ("ſ", "K", "İ", "ı")
spelled as that letter.  Whatever the parser cannot vouch for (a character
class, a look-around, an optional part, a non-ASCII letter) asks for nothing,
so the needles can be weaker than the pattern but never stronger.
"""

from __future__ import annotations

import re
import re._constants as sre  # the syntax tree of re itself; Python 3.11 to 3.13 have the same node kinds
import re._parser as sre_parse
from collections.abc import Iterator
from dataclasses import dataclass

# The only non-ASCII characters a case-insensitive [a-z] matches (tests/test_prefilter.py checks every code point).
_ASCII_LIKE = str.maketrans({"ſ": "s", "K": "k", "İ": "i", "ı": "i"})
_DIGIT = re.compile(r"\d")
_DIGIT_CATEGORIES = {sre.CATEGORY_DIGIT, sre.CATEGORY_UNI_DIGIT}


def fold(text: str) -> str:
    """``text`` as needles are written: lower case, ASCII look-alike letters as ASCII, every digit "0"."""
    return _DIGIT.sub("0", text.translate(_ASCII_LIKE)).lower()


@dataclass(frozen=True)
class Needles:
    """Every match contains, for each group, at least one of its strings (folded)."""

    groups: tuple[frozenset[str], ...]

    def admit(self, folded: str) -> bool:
        return all(any(needle in folded for needle in group) for group in self.groups)


@dataclass(frozen=True)
class GatedPattern:
    """A pattern that is searched only in text holding its needles: same results, fewer searches."""

    pattern: re.Pattern
    needles: Needles

    def search(self, text: str) -> re.Match | None:
        return self.pattern.search(text) if self.needles.admit(fold(text)) else None

    def finditer(self, text: str) -> Iterator[re.Match]:
        return self.pattern.finditer(text) if self.needles.admit(fold(text)) else iter(())


def gated(pattern: re.Pattern) -> GatedPattern:
    return GatedPattern(pattern, needles(pattern))


def needles(pattern: re.Pattern) -> Needles:
    """What every match of ``pattern`` contains (see the module's docstring)."""
    return Needles(_simplified(_groups(sre_parse.parse(pattern.pattern, pattern.flags))))


def _char(node) -> str | None:
    """The folded character one node stands for when it matches exactly one of them, else None."""
    op, argument = node
    if op is sre.LITERAL:
        char = chr(argument)
        if char.isdigit() and char.isascii():
            return "0"
        return char.lower() if char.isascii() else None
    if op is sre.IN and argument and all(_is_digit_item(item) for item in argument):
        return "0"
    return None


def _is_digit_item(item) -> bool:
    op, argument = item
    if op is sre.CATEGORY:
        return argument in _DIGIT_CATEGORIES
    if op is sre.LITERAL:
        return chr(argument).isascii() and chr(argument).isdigit()
    if op is sre.RANGE:
        low, high = argument
        return ord("0") <= low <= high <= ord("9")
    return False  # NEGATE and anything else


def _groups(items) -> list[frozenset[str]]:
    """The needle groups of a sequence of nodes: runs of literal characters, and what its parts require."""
    groups: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            groups.append(frozenset({"".join(run)}))
            run.clear()

    for node in items:
        op, argument = node
        char = _char(node)
        if char is not None:
            run.append(char)
        elif op is sre.AT:
            continue  # \b, ^, $ take no text: the characters either side are still next to each other
        elif op is sre.SUBPATTERN or op is sre.ATOMIC_GROUP:
            inner = argument[-1] if op is sre.SUBPATTERN else argument
            if len(inner) == 1 and _char(inner[0]) is not None:
                run.append(_char(inner[0]))
            else:
                flush()
                groups += _groups(inner)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)):
            low, high, inner = argument
            if low == 0:
                flush()
                continue
            single = _char(inner[0]) if len(inner) == 1 else None
            if single is not None:
                run.append(single * low)
                if high != low:
                    flush()
            else:
                flush()
                groups += _groups(inner)
                flush()
        elif op is sre.BRANCH:
            flush()
            groups += _either(argument[1])
        else:  # a class, a look-around, a back-reference, any character: nothing known
            flush()
    flush()
    return groups


def _either(alternatives) -> list[frozenset[str]]:
    """One group that any alternative satisfies: each alternative's strongest group, joined; none when one asks nothing."""
    chosen = []
    for alternative in alternatives:
        groups = _simplified(_groups(alternative))
        if not groups:
            return []
        chosen.append(max(groups, key=lambda group: (min(map(len, group)), -len(group))))
    return [frozenset().union(*chosen)]


def _simplified(groups: list[frozenset[str]]) -> tuple[frozenset[str], ...]:
    """The same requirement, shorter: a string that holds another of its group adds nothing, nor does a group
    another group implies, nor an empty string."""
    kept = []
    for group in groups:
        if "" in group:
            continue
        group = frozenset(needle for needle in group if not any(other != needle and other in needle for other in group))
        if group not in kept:
            kept.append(group)
    # group B is implied by group A when each string of A holds a string of B
    implied = {index for index, weaker in enumerate(kept) for other, stronger in enumerate(kept)
               if other != index and all(any(w in s for w in weaker) for s in stronger) and (other < index or not
               all(any(s in w for s in stronger) for w in weaker))}
    # the group of the longest needles first: the rarest text, so a sentence without it is refused soonest
    return tuple(sorted((group for index, group in enumerate(kept) if index not in implied),
                        key=lambda group: (-min(map(len, group)), len(group))))
