"""Runs the stages over a content folder: ingest -> segment (-> extract -> link -> compare)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Sequence

from .ingest import SOURCE_FORMATS, Ingested, read_source
from .model import Problem, Sentence, Source
from .segment import segment

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Analysis:
    sources: tuple[Source, ...]
    sentences: dict[str, tuple[Sentence, ...]]  # by Source.id
    problems: tuple[Problem, ...]


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
            if any(parent.resolve() in skipped for parent in path.parents) or path.name.startswith("."):
                continue
            found.append((path, path.relative_to(root).as_posix()))
    return found


def ingest_all(files: Iterable[tuple[Path, str]]) -> list[Ingested]:
    return [read_source(path, relpath) for path, relpath in files]


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


def analyse(root: Path, source_dirs: Sequence[str], skip_dirs: Sequence[str] = ()) -> Analysis:
    results = ingest_all(find_source_files(root, source_dirs, skip_dirs))
    sources, id_problems = unique_ids(results)
    problems = tuple(problem for result in results for problem in result.problems) + id_problems
    sentences = {source.id: segment(source) for source in sources}
    return Analysis(sources, sentences, problems)
