"""Editors' entity files (content/entities/*.md): a name, its aliases, its kind and a description."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from ..ingest.header import read_header
from ..model import ENTITY_KINDS, Entity, Problem
from ..sanitize import left_out_problem
from ..words import slugify
from .files import editor_files

ENTITY_KEYS = ("title", "aliases", "kind", "slug")


def read_entities(root: Path, entity_dirs: Sequence[str]) -> tuple[tuple[Entity, ...], tuple[Problem, ...]]:
    """Editors' entity files (content/entities/*.md, read by editors/files.py)."""
    entities, problems = [], []
    defined_in: dict[str, str] = {}  # Entity.id -> the file that defines it
    lines: dict[str, tuple[int, int]] = {}  # Entity.id -> lines of its Title: and Aliases:
    for read in editor_files(root, entity_dirs, "the file is skipped until it is saved as UTF-8"):
        if read.problem:
            problems.append(read.problem)
        if read.lost:
            continue
        entity, found = read_entity_file(read.text, read.path)
        problems.extend(found)
        if entity is None:
            continue
        header = read_header(read.text, read.path, ENTITY_KEYS).fields
        lines[entity.id] = (header.get("title", ("", 0))[1], header.get("aliases", ("", 0))[1])
        if entity.id in defined_in:
            problems.append(Problem(read.path, f"its id {entity.id!r} is taken by {defined_in[entity.id]}; this file is "
                                               "skipped. Merge the two files, or give this one another Title or a Slug: line"))
        else:
            defined_in[entity.id] = read.path
            entities.append(entity)
    entities, shared = _names_of_one_entity(entities, defined_in, lines)
    return tuple(entities), tuple(problems) + shared


def _names_of_one_entity(entities: list[Entity], files: dict[str, str], lines: dict[str, tuple[int, int]]):
    """A name is one entity's: when entity files share one (each other's title as an alias, say), every
    file that lists it is reported at its line, and an alias gives way, so no entity and its description vanish."""
    claimants: dict[str, list[tuple[Entity, bool]]] = defaultdict(list)  # folded name -> (entity, as its Title)
    for entity in entities:
        for name in (entity.name, *entity.aliases):
            claimants[" ".join(name.casefold().split())].append((entity, name == entity.name))
    problems, dropped = [], defaultdict(set)
    for folded, claiming in claimants.items():
        if len({entity.id for entity, _ in claiming}) < 2:
            continue
        for entity, as_title in claiming:
            others = ", ".join(sorted({files[other.id] for other, _ in claiming if other.id != entity.id}))
            field, outcome = ("Title", "it stays this entity's name") if as_title else ("Aliases", "the alias is ignored here")
            problems.append(Problem(files[entity.id], f"{field}: the name {folded!r} is also listed by {others}; a name can name "
                                                      f"one entity only, so {outcome}. Keep it in one file",
                                    lines[entity.id][0 if as_title else 1]))
            if not as_title:
                dropped[entity.id].add(folded)
    kept = [replace(entity, aliases=tuple(alias for alias in entity.aliases if " ".join(alias.casefold().split()) not in dropped[entity.id]))
            for entity in entities]
    return kept, tuple(problems)


def read_entity_file(text: str, relpath: str) -> tuple[Entity | None, tuple[Problem, ...]]:
    """An editor's entity file: ``Title:``, ``Aliases:``, ``Kind:``, ``Slug:``, a blank line, a Markdown body."""
    header = read_header(text, relpath, ENTITY_KEYS)
    fields = header.fields
    problems: list[Problem] = list(header.problems)
    title = fields.get("title", ("", 0))[0]
    if not title:
        where = fields["title"][1] if "title" in fields else 1
        problems.append(Problem(relpath, "an entity file needs a 'Title:' line naming the entity; the file was skipped", where, "error"))
        return None, tuple(problems)
    kind = "unknown"
    if "kind" in fields:
        value, number = fields["kind"]
        if value.lower() in ENTITY_KINDS:
            kind = value.lower()
        else:
            problems.append(Problem(relpath, f"unknown Kind {value!r}; use one of: {', '.join(ENTITY_KINDS)}", number))
    aliases = []
    if "aliases" in fields:
        for alias in re.split(r"[,;]", fields["aliases"][0]):
            alias = re.sub(r"\s+", " ", alias).strip()
            if alias and alias != title and alias not in aliases:
                aliases.append(alias)
    entity_id = slugify(title) or "entity"
    if "slug" in fields:
        value, number = fields["slug"]
        entity_id = slugify(value)
        if entity_id != value:
            problems.append(Problem(relpath, f"Slug {value!r} is not lowercase words joined by hyphens; using {entity_id!r}", number))
        entity_id = entity_id or slugify(title) or "entity"
    description = header.body.strip()
    unsafe = left_out_problem(description, relpath, header.body_line)
    if unsafe:
        problems.append(unsafe)
    problems.sort(key=lambda problem: problem.line)
    return Entity(entity_id, title, kind, tuple(sorted(aliases)), description), tuple(problems)
