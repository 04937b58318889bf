"""Runs the stages over a content folder: ingest -> segment (-> extract -> link -> compare)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, Sequence, TypeVar

from .compare import compare_group
from .dates import STRONG_ORIGINS, borrow_reference
from .extract.claims import extract_claims
from .extract.entities import find_mentions, read_entity_file, resolve_entities
from .ingest import SOURCE_FORMATS, Ingested, read_source
from .link import Link, group_id, link_claims
from .model import Claim, Discrepancy, Entity, Group, Mention, Problem, Sentence, Source
from .segment import segment

logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Analysis:
    sources: tuple[Source, ...]
    sentences: dict[str, tuple[Sentence, ...]]  # by Source.id
    problems: tuple[Problem, ...]
    claims: dict[str, tuple[Claim, ...]] = field(default_factory=dict)  # by Source.id
    entities: tuple[Entity, ...] = ()
    mentions: dict[str, tuple[Mention, ...]] = field(default_factory=dict)  # by Source.id
    entity_of: dict[tuple[str, int, int], str] = field(default_factory=dict)  # mention key -> Entity.id
    groups: tuple[Group, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    links: tuple[Link, ...] = ()

    def all_claims(self) -> list[Claim]:
        return [claim for source in self.sources for claim in self.claims.get(source.id, ())]

    def group_of(self) -> dict[str, str]:
        """Each claim's own group: the one its whole sentence belongs to."""
        return {claim_id: group.id for group in self.groups if group.basis == "sentences" for claim_id in group.claims}

    def groups_of(self) -> dict[str, tuple[str, ...]]:
        """Every group a claim is in: its own, then any fact it shares through one value."""
        found: dict[str, tuple[str, ...]] = {}
        for group in sorted(self.groups, key=lambda group: group.basis != "sentences"):
            for claim_id in group.claims:
                found[claim_id] = found.get(claim_id, ()) + (group.id,)
        return found


def find_source_files(root: Path, source_dirs: Sequence[str], skip_dirs: Sequence[str] = ()) -> list[tuple[Path, str]]:
    """Source files as (path, path relative to root), sorted for stable output.

    When none of ``source_dirs`` exists, every source-shaped file under
    ``root`` is taken, apart from ``skip_dirs`` (annotations, entities, pages).
    """
    bases = [root / name for name in source_dirs if (root / name).is_dir()]
    skipped = {(root / name).resolve() for name in skip_dirs}
    if not bases:
        bases = [root]
    found = []
    for base in bases:
        for path in sorted(base.rglob("*")):
            if path.suffix.lower() not in SOURCE_FORMATS or not path.is_file():
                continue
            hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
            if hidden or any(parent.resolve() in skipped for parent in path.parents):
                continue
            found.append((path, path.relative_to(root).as_posix()))
    return found


def ingest_all(files: Iterable[tuple[Path, str]]) -> list[Ingested]:
    return [_read_guarded(path, relpath) for path, relpath in files]


def _read_guarded(path: Path, relpath: str) -> Ingested:
    try:
        return read_source(path, relpath)
    except Exception as error:  # a bug in a reader must cost one file, not the site
        logger.exception("reading %s failed", relpath)
        return Ingested(relpath, None, (Problem(relpath, f"skipped: reading failed ({type(error).__name__}: {error}); please report it"),))


def unique_ids(results: list[Ingested]) -> tuple[tuple[Source, ...], tuple[Problem, ...]]:
    """Give sources whose slugs collide distinct ids, and say so."""
    seen: dict[str, str] = {}
    sources, problems = [], []
    for result in results:
        if result.source is None:
            continue
        source = result.source
        if source.id in seen:
            number = 2
            while f"{source.id}-{number}" in seen:
                number += 1
            new_id = f"{source.id}-{number}"
            problems.append(
                Problem(source.path, f"its page name {source.id!r} is taken by {seen[source.id]}; using {new_id!r}. "
                        "Rename one of the files or give it a Slug: header")
            )
            source = replace(source, id=new_id)
        seen[source.id] = source.path
        sources.append(source)
    return tuple(sources), tuple(problems)


def read_entities(root: Path, entity_dirs: Sequence[str]) -> tuple[tuple[Entity, ...], tuple[Problem, ...]]:
    """Editors' entity files (content/entities/*.md)."""
    entities, problems = [], []
    for name in entity_dirs:
        for path in sorted((root / name).glob("*.md")) if (root / name).is_dir() else ():
            relpath = path.relative_to(root).as_posix()
            try:
                text = path.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as error:
                problems.append(Problem(relpath, f"cannot read the entity file: {error}; save it as UTF-8"))
                continue
            entity, found = read_entity_file(text, relpath)
            problems.extend(found)
            if entity is not None:
                entities.append(entity)
    return tuple(entities), tuple(problems)


def settle_references(sources: Sequence[Source]) -> tuple[Source, ...]:
    """Give weakly dated sources the reference date that firmly dated ones share."""
    firm = [source for source in sources if source.reference and source.reference.origin in STRONG_ORIGINS]
    settled = []
    for source in sources:
        others = [(other.reference, other.title) for other in firm if other.id != source.id]
        better = borrow_reference(source.text, source.reference, others)
        settled.append(source if better is source.reference else replace(source, reference=better))
    return tuple(settled)


def _per_source(sources: Sequence[Source], step: Callable[[Source], T], problems: list[Problem]) -> dict[str, T]:
    """Run one stage on each source; a source that trips a bug is reported and left out, not fatal."""
    results: dict[str, T] = {}
    for source in sources:
        try:
            results[source.id] = step(source)
        except Exception as error:  # a bug must cost one source, not the site
            logger.exception("analysis failed for %s", source.path)
            problems.append(Problem(source.path, f"skipped: the analysis failed ({type(error).__name__}: {error}); please report it"))
    return results


def analyse(
    root: Path, source_dirs: Sequence[str], skip_dirs: Sequence[str] = (), entity_dirs: Sequence[str] = ()
) -> Analysis:
    results = ingest_all(find_source_files(root, source_dirs, skip_dirs))
    sources, id_problems = unique_ids(results)
    sources = settle_references(sources)
    editor_entities, entity_problems = read_entities(root, entity_dirs)
    problems = [problem for result in results for problem in result.problems] + list(id_problems + entity_problems)
    read = _per_source(sources, lambda source: (segment(source), find_mentions(source.id, source.text)), problems)
    sources = tuple(source for source in sources if source.id in read)
    sentences = {source_id: found[0] for source_id, found in read.items()}
    mentions = {source_id: found[1] for source_id, found in read.items()}
    entities, entity_of = resolve_entities(
        [mention for source in sources for mention in mentions[source.id]], editor_entities
    )
    claims = _per_source(
        sources, lambda source: extract_claims(source, sentences[source.id], mentions[source.id], entity_of), problems
    )
    sources = tuple(source for source in sources if source.id in claims)
    groups, discrepancies, links = cross_reference([claim for source in sources for claim in claims[source.id]], sources)
    return Analysis(sources, sentences, tuple(problems), claims, entities, mentions, entity_of, groups, discrepancies, links)


def cross_reference(claims: Sequence[Claim], sources: Sequence[Source]):
    """Link claims into groups, then compare the claims of each group.

    A sentence can state more than one fact.  When two linked claims ended up
    in different groups but state one of their values in different words that
    mean the same ("for the first time since 2019" / "in three years"), that
    shared fact gets a group of its own as well.
    """
    links, members = link_claims(claims)
    linked = {(link.a, link.b) for link in links}
    by_id = {claim.id: claim for claim in claims}
    by_source = {source.id: source for source in sources}
    groups, discrepancies = [], []

    def add_group(member_ids: list[str], basis: str) -> None:
        gid = group_id(member_ids, basis)
        group_claims = [by_id[claim_id] for claim_id in member_ids]
        status, found = compare_group(gid, group_claims, by_source, linked)
        statement = max(group_claims, key=lambda claim: (claim.score, -len(claim.text))).text
        groups.append(Group(gid, tuple(member_ids), status, statement, basis))
        discrepancies.extend(found)

    for member_ids in members:
        add_group(member_ids, "sentences")
    for member_ids in facts_worded_differently(links, members, by_id, by_source):
        add_group(member_ids, "value")
    groups.sort(key=lambda group: group.id)
    discrepancies.sort(key=lambda item: (-item.severity, item.id))
    return tuple(groups), tuple(discrepancies), tuple(links)


def facts_worded_differently(links, members, by_id, by_source) -> list[list[str]]:
    """Claims of different groups and sources, linked, that agree on a value in different words."""
    group_of = {claim_id: index for index, group in enumerate(members) for claim_id in group}
    joined: dict[str, set[str]] = {}
    for link in links:
        a, b = by_id[link.a], by_id[link.b]
        if group_of[a.id] == group_of[b.id] or a.source == b.source:
            continue
        _, found = compare_group("", [a, b], by_source)
        if any(item.kind == "wording" for item in found):
            merged = joined.get(a.id, {a.id}) | joined.get(b.id, {b.id})
            for claim_id in merged:
                joined[claim_id] = merged
    return sorted({tuple(sorted(group)) for group in joined.values()}, key=lambda group: group[0])
