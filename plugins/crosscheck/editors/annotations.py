"""Editors' annotation files (content/annotations/*.md): what an annotation says, read and checked on its own.

Where it lands in the analysis is annotate.py's work. Whatever is wrong with a
file, its text is kept: an annotation that cannot be read whole stays a draft.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path, PurePosixPath

from ..ingest.dates import parse_metadata_date
from ..ingest.header import read_header
from ..model import PUBLICATION_STATUSES, Annotation, Problem
from ..sanitize import left_out_problem, plain_text
from ..words import numbered, slugify
from .files import editor_files

ANNOTATION_KEYS = (
    "title", "claim-reviewed", "claim", "source", "quote", "prefix", "suffix", "verdict", "author", "date", "modified", "status",
    "merge", "split", "move", "dismiss", "slug",
)
TEXT_KEYS = ("title", "claim-reviewed", "author")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")  # one-line text that every output shows as it is: no markup


def read_annotations(root: Path, folders: Sequence[str]) -> tuple[tuple[Annotation, ...], tuple[Problem, ...]]:
    """Every ``*.md`` file in the annotation folders, in path order."""
    annotations, problems = [], []
    for read in editor_files(root, folders, "the file is kept as a draft until it is saved as UTF-8"):
        annotation, found = read_annotation(read.text, read.path, git_dates(root / read.path))
        if read.problem:
            problems.append(read.problem)
        if read.lost:  # nothing with U+FFFD in it may reach readers: a draft until it is saved again
            annotation = replace(annotation, status="draft")
        annotations.append(annotation)
        problems.extend(found)
    return _unique_ids(annotations, problems)


def read_annotation(text: str, relpath: str, history: tuple[str, str] = ("", "")) -> tuple[Annotation, tuple[Problem, ...]]:
    """One annotation file. ``history`` is its (first, last) commit date, the fallback for Date/Modified."""
    header = read_header(text, relpath, ANNOTATION_KEYS)
    problems = list(header.problems)
    fields = {key: value for key, (value, _) in header.fields.items()}
    line = {key: number for key, (_, number) in header.fields.items()}

    status = fields.get("status", "draft").lower() or "draft"
    if status not in PUBLICATION_STATUSES:
        problems.append(Problem(relpath, f"Status: {fields['status']!r} is not one of {', '.join(PUBLICATION_STATUSES)}; treated as draft", line["status"]))
        status = "draft"
    dates = {}
    for key, fallback in (("date", history[0]), ("modified", history[1])):
        dates[key] = fallback
        if fields.get(key):
            # 05/12/2026 is May or December depending on who wrote it: only ISO 8601 is read
            try:
                if not ISO_DATE.fullmatch(fields[key]):
                    raise ValueError(f"{fields[key]!r} is not YYYY-MM-DD (or ISO 8601 with a time)")
                dates[key] = parse_metadata_date(fields[key]).date().isoformat()
            except ValueError as error:
                used = f"the file's {'first' if key == 'date' else 'last'} commit, {fallback}" if fallback else "no date"
                problems.append(Problem(relpath, f"{key.title()}: {str(error).removesuffix('; write it as YYYY-MM-DD')}; "
                                        f"{used} is used instead. Write it as YYYY-MM-DD", line[key]))
    if status == "published" and fields.get("verdict") and not dates["date"]:
        problems.append(Problem(relpath, "no Date: and no git history: the feed and ClaimReview date it by the build date "
                                "(SOURCE_DATE_EPOCH, else the newest source's date). Add 'Date: YYYY-MM-DD'", 1))
    if dates["modified"] and dates["date"] and dates["modified"] < dates["date"]:
        dates["modified"] = dates["date"]
    moves, wrong = _moves(fields.get("move", ""))
    if wrong:
        problems.append(Problem(relpath, f"Move: cannot read {wrong!r}; write 'Move: c-… to g-…' (several separated by commas)", line["move"]))
    if not (fields.get("claim") or fields.get("source") or fields.get("merge") or fields.get("split") or moves or fields.get("dismiss")):
        problems.append(Problem(relpath, "says neither what it annotates nor what it corrects; add 'Claim: <id>', "
                                "or 'Source:' with 'Quote:', or 'Merge:', 'Split:' or 'Dismiss:'", 1))
    unsafe = left_out_problem(header.body, relpath, header.body_line)
    if unsafe:
        problems.append(unsafe)
    for key in TEXT_KEYS:
        if fields.get(key):
            written, fields[key] = fields[key], plain_text(fields[key])
            if fields[key] != " ".join(html.unescape(written).split()):
                problems.append(Problem(relpath, f"{key.title()}: markup is left out; it reads {fields[key]!r}. "
                                        "Write it as plain text", line[key]))
    if fields.get("source") and not fields.get("quote"):
        problems.append(Problem(relpath, "'Source:' needs a 'Quote:' with the exact words annotated", line["source"]))
    annotation = Annotation(
        id=slugify(fields.get("slug", "")) or slugify(PurePosixPath(relpath).stem) or "annotation",
        path=relpath,
        body=header.body.strip("\n"),
        body_line=header.body_line + len(header.body) - len(header.body.lstrip("\n")),
        title=fields.get("title", ""),
        claim_reviewed=fields.get("claim-reviewed", ""),
        claim=fields.get("claim", ""),
        source=fields.get("source", ""),
        quote=fields.get("quote", ""),
        prefix=fields.get("prefix", ""),
        suffix=fields.get("suffix", ""),
        verdict=fields.get("verdict", ""),
        author=fields.get("author", ""),
        date=dates["date"],
        modified=dates["modified"] or dates["date"],
        status=status,
        merge=_ids(fields.get("merge", "")),
        split=_ids(fields.get("split", "")),
        move=moves,
        dismiss=_ids(fields.get("dismiss", "")),
        header_lines=tuple(line.items()),
    )
    return annotation, tuple(problems)


def _ids(value: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in re.split(r"[\s,;]+", value) if item))


def _moves(value: str) -> tuple[tuple[tuple[str, str], ...], str]:
    """'c-1 to g-2, c-3 to g-4' -> ((c-1, g-2), (c-3, g-4)), and the first part that is not 'X to Y'."""
    moves = []
    for part in filter(str.strip, re.split(r"[,;]", value)):
        words = part.split()
        if len(words) != 3 or words[1].lower() != "to":
            return tuple(moves), part.strip()
        moves.append((words[0], words[2]))
    return tuple(moves), ""


def _unique_ids(annotations: list[Annotation], problems: list[Problem]):
    seen: dict[str, str] = {}
    unique = []
    for annotation in annotations:
        if annotation.id in seen:
            # Counted, not words.hashed from the path as source ids are: annotation ids are in the export as -2, -3,
            # and a hash would rename them; a source id's suffix must also survive files added before it.
            new_id = numbered(annotation.id, seen)
            problems.append(Problem(annotation.path, f"its id {annotation.id!r} is taken by {seen[annotation.id]}; "
                                    f"using {new_id!r}. Give one of them another Slug:"))
            annotation = replace(annotation, id=new_id)
        seen[annotation.id] = annotation.path
        unique.append(annotation)
    return tuple(unique), tuple(problems)


def git_dates(path: Path) -> tuple[str, str]:
    """The dates of a file's first and last commit, or ("", "") outside git."""
    try:
        result = subprocess.run(
            ["git", "log", "--follow", "--format=%as", "--", path.name],
            cwd=path.parent, capture_output=True, text=True, timeout=20, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "", ""
    found = result.stdout.split() if result.returncode == 0 else []
    return (found[-1], found[0]) if found else ("", "")
