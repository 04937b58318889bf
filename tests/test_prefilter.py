"""The pre-filters (extract/prefilter.py) never refuse text a pattern matches: on every code point, and on real
sentences (the seed articles, the ECB+ and second corpora, saved pages) and the values labelled by hand in the gold
files."""

import json
import re
import sys
from pathlib import Path

import pytest

from crosscheck.extract import quotes, values
from crosscheck.extract.entities import kinds
from crosscheck.extract.prefilter import GatedPattern, Needles, fold, needles
from crosscheck.pipeline import read_file

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
FOLDERS = [ROOT / "content" / "sources", DATA / "corpus2", DATA / "ecbplus" / "sources", DATA / "html"]


@pytest.fixture(scope="module")
def real_text() -> list[str]:
    """Every sentence of the development corpora, and every value and sentence written in the gold files."""
    texts = []
    for folder in FOLDERS:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".txt", ".html") and path.is_file():
                texts += [sentence.text for sentence in read_file(path.name, path.read_bytes()).sentences]
    for gold in (DATA / "gold" / "corpus2.json", DATA / "gold" / "corpus2.facts.json", DATA / "gold" / "ecbplus.facts.json"):
        texts += re.findall(r'"(?:text|sentence)": "((?:[^"\\]|\\.)*)"', gold.read_text(encoding="utf-8"))
    assert len(texts) > 2000
    return texts


def test_folding_keeps_every_character_a_needle_can_stand_for():
    """Each code point that a case-insensitive ASCII letter matches folds to that letter, and each digit to "0"."""
    letter, digit = re.compile("[a-z]", re.IGNORECASE), re.compile(r"\d")
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        if letter.fullmatch(char):
            [ascii_letter] = [a for a in "abcdefghijklmnopqrstuvwxyz" if re.fullmatch(a, char, re.IGNORECASE)]
            assert fold(char) == ascii_letter, (hex(point), char)
        if digit.fullmatch(char):
            assert fold(char) == "0", (hex(point), char)


@pytest.mark.parametrize("name, pattern", values._PATTERNS, ids=[name for name, _ in values._PATTERNS])
def test_a_date_or_value_pattern_is_never_refused_where_it_matches(name, pattern, real_text):
    gate = needles(pattern)
    matched = [text for text in real_text if pattern.search(text)]
    refused = [text for text in matched if not gate.admit(fold(text))]
    assert not refused, refused[:3]


GATED = [(f"{module.__name__}.{name}", thing) for module in (kinds, quotes) for name, thing in vars(module).items()
         if isinstance(thing, GatedPattern)]


@pytest.fixture(scope="module")
def windows(real_text) -> list[str]:
    """What the kinds and quotes patterns read: the text before a name or a quote (up to 200 characters)."""
    return [text[max(0, at - 200) : at] for text in real_text for at in (m.start() for m in re.finditer(r"\b[A-Z]|[“\"]", text))]


@pytest.mark.parametrize("name, gated", GATED, ids=[name for name, _ in GATED])
def test_a_gated_pattern_finds_what_it_found_before_in_the_text_before_each_name(name, gated, windows, real_text):
    matched = [window for window in windows + real_text if gated.pattern.search(window)]
    assert matched, "the real text holds no match: the test would prove nothing"
    assert all(gated.search(window) for window in matched)


def test_the_gates_refuse_most_patterns_on_most_real_sentences(real_text):
    """A gate that admits everything would pass the test above and save nothing."""
    gates = [needles(pattern) for _, pattern in values._PATTERNS]
    tried = sum(gate.admit(fold(text)) for text in real_text for gate in gates)
    assert tried < 0.5 * len(real_text) * len(gates)


@pytest.mark.parametrize("pattern, matching", [
    (r"\bsince\s+(?:Monday|Tuesday)\b", "ſince Monday"),  # long s
    (r"\bin\s+\d{4}\b", "in ١٩٩٨"),  # Arabic-Indic digits are digits to \d
    (r"(?i:in)\s+May", "İn May"),  # dotted capital I
    (r"\b\d+\s*km\b", "20 Km"),  # Kelvin sign
    (r"\bthe\s+first\s+time\s+in\s+(?:\d+|six|seven)\s+years\b", "the first time in seven years"),
])
def test_look_alike_letters_and_other_digits_are_admitted(pattern, matching):
    compiled = re.compile(pattern, re.IGNORECASE)
    assert compiled.search(matching)
    assert needles(compiled).admit(fold(matching))


def test_needles_read_words_and_digits_from_the_pattern():
    gate = needles(re.compile(r"\b(?:January|February)\s+(?P<day>[0-3]?\d)(?:st|nd)?\b", re.IGNORECASE))
    assert gate == Needles((frozenset({"january", "february"}), frozenset({"0"})))
    assert not gate.admit(fold("He left in the spring."))
    assert needles(re.compile(r"(?:\d+)?\s*(?:km|miles)?")).groups == ()  # all optional: nothing is required
