"""Versions of one source -> what changed between each and the next: sentences added, removed, reworded or moved,
and values that changed ("death toll: 18 -> 24"), which are discrepancies of kind ``change`` of the fact they state.
Pure: the versions come in as bytes (``read_versions`` reads them)."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from rapidfuzz import fuzz

from .compare import discrepancy_id, sentence_case, source_label
from .extract.values import find_values
from .ingest.clean import normalise_space
from .ingest.clip import read_clip, versions, versions_folder
from .ingest.source import ingest_bytes
from .model import Claim, Discrepancy, Fact, Group, Limits, Source
from .segment import split_sentences

# Sentences at least this alike (rapidfuzz ratio, 0-100) are one sentence reworded, not one removed and one added.
# "rose to 18 on Tuesday" -> "rose to 24 on Wednesday" in a sentence of news scores 85-95; unrelated ones under 50.
REWORDED = 60
# A source that changed its own figure contradicts nobody, but a reader should know: below an update between
# reports (0.5), above rounding (0.3).
SEVERITY = 0.4


@dataclass(frozen=True)
class Version:
    retrieved: str  # as in the clip's header, ISO 8601 in UTC; "" when unknown
    title: str
    text: str  # blocks separated by a blank line, as Source.text
    name: str = ""  # its file's name in the versions folder


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
    before: str = ""  # the earlier version's sentence
    index: int = 0  # which value of its kind in the sentence, from 0


@dataclass(frozen=True)
class Step:
    old: str
    new: str
    before: str  # the retrieval times (Version.retrieved) of the versions it was read in
    after: str


@dataclass(frozen=True)
class ValueHistory:
    """One value of a source followed through its versions to the sentence it stands in now, with each change."""

    origin: str  # the sentence it was first read in: with ``kind`` and ``index``, its place, which later edits keep
    kind: str
    index: int
    sentence: str  # in the latest version
    steps: tuple[Step, ...]


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
            for index, (old, new) in enumerate(zip(before.get(kind, ()), values, strict=False)):
                if old.value != new.value:
                    found.append(ValueChange(kind, old.text, new.text, change.new, change.old, index))
    return tuple(found)


def value_histories(found: Sequence[Change]) -> tuple[ValueHistory, ...]:
    """Every value that changed, followed from version to version (a sentence kept, moved or reworded carries it)
    to where it stands in the latest version; a value whose sentence was removed later states nothing now, and is left out."""
    tracked: dict[tuple[str, str, int], ValueHistory] = {}  # (its sentence now, kind, index) -> its history
    for change in found:
        carried = {sentence.old: sentence.new for sentence in change.sentences if sentence.kind in ("same", "moved", "reworded")}
        tracked = {(carried[sentence], kind, index): replace(item, sentence=carried[sentence])
                   for (sentence, kind, index), item in tracked.items() if sentence in carried}
        for value in change.values:
            step = Step(value.old, value.new, change.before.retrieved, change.after.retrieved)
            key = (value.sentence, value.kind, value.index)
            earlier = tracked.get(key)
            tracked[key] = (replace(earlier, steps=earlier.steps + (step,)) if earlier
                            else ValueHistory(value.before, value.kind, value.index, value.sentence, (step,)))
    return tuple(tracked.values())


def change_discrepancies(changes_of: Mapping[str, Sequence[Change]], sources: Sequence[Source],
                         claims: Mapping[str, Sequence[Claim]], facts: Sequence[Fact],
                         groups: Sequence[Group]) -> tuple[Discrepancy, ...]:
    """A discrepancy of kind ``change`` for each value a source states otherwise than an earlier version of it did,
    in the fact group of the value as it stands now. ``changes_of``: Source.id -> its changes (``history``).
    A value whose sentence is no claim now is shown on its source's page only."""
    group_of = {fact_id: group for group in groups if group.basis == "fact" for fact_id in group.facts}
    fact_at = {(fact.claim, fact.value.start): fact for fact in facts}
    found = []
    for source in sources:
        if not changes_of.get(source.id):
            continue
        claim_of = {normalise_space(claim.text): claim for claim in claims.get(source.id, ())}
        for item in value_histories(changes_of[source.id]):
            claim = claim_of.get(item.sentence)
            same_kind = [value for value in claim.values if value.kind == item.kind] if claim else []
            fact = fact_at.get((claim.id, same_kind[item.index].start)) if item.index < len(same_kind) else None
            group = group_of.get(fact.id) if fact else None
            if group is None:
                continue
            place = f"{source.id}|{item.origin}|{item.kind}|{item.index}"
            found.append(Discrepancy(discrepancy_id("change", (place,)), group.id, "change", SEVERITY, (claim.id,),
                                     _explain(source, item.steps)))
    return tuple(found)


def _explain(source: Source, steps: Sequence[Step]) -> str:
    """Like "Valley News changed it from 18 to 24 between 09:10 and 14:32 on 23 November 2026 (UTC)." (the fact it
    changed is the card's or page's title, so it is not repeated here)."""
    said = "; then ".join(f"from {step.old} to {step.new} between {_between(step.before, step.after)}" for step in steps)
    return sentence_case(f"{source_label(source)} changed it {said}.")


def _between(before: str, after: str) -> str:
    try:
        first, second = (dt.datetime.fromisoformat(moment).astimezone(dt.UTC) for moment in (before, after))
    except ValueError:  # a clip without a readable time
        return f"{before or 'an earlier reading'} and {after or 'a later one'}"
    if first.date() == second.date():
        return f"{first:%H:%M} and {second:%H:%M} on {first.day} {first:%B %Y} (UTC)"
    return f"{first:%Y-%m-%d %H:%M} and {second:%Y-%m-%d %H:%M} (UTC)"


def read_versions(path: Path) -> tuple[tuple[str, bytes], ...]:
    """(file name, bytes) of each kept version of the clipped source at ``path``, oldest first; none for a file never refreshed."""
    if not versions_folder(path).is_dir():
        return ()
    return tuple((version.name, version.read_bytes()) for version in versions(path))


def history(kept_versions: Sequence[tuple[str, bytes]], limits: Limits = Limits()) -> tuple[tuple[Version, ...], tuple[Change, ...]]:
    """The kept versions (``read_versions``) as the build reads them, and what changed between them."""
    kept = []
    for name, data in kept_versions:
        source = ingest_bytes(data, name, limits).source
        if source is None:  # a version the build cannot read has nothing to compare; the refresh said why
            continue
        clip = read_clip(data)
        kept.append(Version(clip.fields.get("retrieved", "") if clip else "", source.title, source.text, name))
    return tuple(kept), compare_versions(kept) if len(kept) > 1 else ()


def _sentences(text: str) -> list[str]:
    return [normalise_space(block[start:end]) for block in text.split("\n\n") for start, end in split_sentences(block)]


def _by_kind(sentence: str) -> dict[str, list]:
    found: dict[str, list] = {}
    for value in find_values(sentence, None):
        found.setdefault(value.kind, []).append(value)
    return found
