"""Versions of one source -> what changed between each and the next: sentences added, removed, reworded or moved,
and values that changed ("death toll: 18 -> 24"). Pure: the versions come in as text (``history`` reads them)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

from rapidfuzz import fuzz

from .clean import normalise_space
from .clip import read_clip, versions, versions_folder
from .extract.values import find_values
from .ingest import ingest_bytes
from .model import Limits
from .segment import split_sentences

# Sentences at least this alike (rapidfuzz ratio, 0-100) are one sentence reworded, not one removed and one added.
# "rose to 18 on Tuesday" -> "rose to 24 on Wednesday" in a sentence of news scores 85-95; unrelated ones under 50.
REWORDED = 60


@dataclass(frozen=True)
class Version:
    retrieved: str  # as in the clip's header, ISO 8601 in UTC; "" when unknown
    title: str
    text: str  # blocks separated by a blank line, as Source.text
    path: str = ""


@dataclass(frozen=True)
class SentenceChange:
    kind: str  # same | added | removed | reworded | moved
    old: str = ""
    new: str = ""


@dataclass(frozen=True)
class ValueChange:
    kind: str  # a Value kind: count, date, money, ...
    old: str  # as written in the earlier version
    new: str
    sentence: str  # the later version's sentence


@dataclass(frozen=True)
class Change:
    """From one version to the next."""

    before: Version
    after: Version
    sentences: tuple[SentenceChange, ...]  # the later version in order, with what was removed where it stood
    values: tuple[ValueChange, ...]

    @property
    def title_changed(self) -> bool:
        return self.before.title != self.after.title


def compare_versions(kept: Sequence[Version]) -> tuple[Change, ...]:
    """What changed from each version to the next, oldest first; versions whose text and title are the same give nothing."""
    found = []
    for before, after in pairwise(kept):
        if (before.title, before.text) == (after.title, after.text):
            continue
        sentences = sentence_diff(_sentences(before.text), _sentences(after.text))
        found.append(Change(before, after, sentences, value_changes(sentences)))
    return tuple(found)


def sentence_diff(old: Sequence[str], new: Sequence[str]) -> tuple[SentenceChange, ...]:
    """The later sentences in order, each same, added, reworded or moved, with removed ones where they stood.

    A sentence taken out in one place and put back word for word in another is moved, not removed and added.
    """
    opcodes = difflib.SequenceMatcher(None, list(old), list(new), autojunk=False).get_opcodes()
    taken_out = {sentence for tag, i1, i2, _, _ in opcodes if tag in ("delete", "replace") for sentence in old[i1:i2]}
    put_in = {sentence for tag, _, _, j1, j2 in opcodes if tag in ("insert", "replace") for sentence in new[j1:j2]}
    moved = taken_out & put_in
    found: list[SentenceChange] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            found += [SentenceChange("same", sentence, sentence) for sentence in new[j1:j2]]
            continue
        removed = [sentence for sentence in old[i1:i2] if sentence not in moved]
        for sentence in new[j1:j2]:
            if sentence in moved:
                found.append(SentenceChange("moved", sentence, sentence))
                continue
            match = next((index for index, candidate in enumerate(removed) if fuzz.ratio(candidate, sentence) >= REWORDED), None)
            if match is None:
                found.append(SentenceChange("added", new=sentence))
            else:
                found += [SentenceChange("removed", old=sentence) for sentence in removed[:match]]
                found.append(SentenceChange("reworded", removed[match], sentence))
                removed = removed[match + 1:]
        found += [SentenceChange("removed", old=sentence) for sentence in removed]
    return tuple(found)


def value_changes(sentences: Sequence[SentenceChange]) -> tuple[ValueChange, ...]:
    """The values a reworded sentence states otherwise: the n-th value of a kind against the n-th of that kind."""
    found = []
    for change in sentences:
        if change.kind != "reworded":
            continue
        before, after = _by_kind(change.old), _by_kind(change.new)
        for kind, values in after.items():
            for old, new in zip(before.get(kind, ()), values, strict=False):
                if old.value != new.value:
                    found.append(ValueChange(kind, old.text, new.text, change.new))
    return tuple(found)


def history(path: Path, limits: Limits = Limits()) -> tuple[tuple[Version, ...], tuple[Change, ...]]:
    """The kept versions of the clipped source at ``path`` and what changed between them; none for a file never refreshed."""
    if not versions_folder(path).is_dir():
        return (), ()
    kept = []
    for version in versions(path):
        data = version.read_bytes()
        source = ingest_bytes(data, version.name, limits).source
        if source is None:  # a version the build cannot read has nothing to compare; the refresh said why
            continue
        clip = read_clip(data)
        kept.append(Version(clip.fields.get("retrieved", "") if clip else "", source.title, source.text, version.as_posix()))
    return tuple(kept), compare_versions(kept) if len(kept) > 1 else ()


def _sentences(text: str) -> list[str]:
    return [normalise_space(block[start:end]) for block in text.split("\n\n") for start, end in split_sentences(block)]


def _by_kind(sentence: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for value in find_values(sentence, None):
        found.setdefault(value.kind, []).append(value)
    return found
