"""Command line.

    python -m crosscheck ingest PATH... [--json]   what the cleaner did to each source file
    python -m crosscheck evaluate [--held-out]       fact links and discrepancies against hand-labelled fact gold
    python -m crosscheck check CONTENT              every problem in sources, entity files and annotations
    python -m crosscheck new-annotation CONTENT ID  start an annotation for a claim
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from .ingest import Ingested, read_source
from .pipeline import find_source_files


def _files(paths: list[str]) -> list[Path]:
    found = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(file for file, _ in find_source_files(path, []))
        else:
            found.append(path)
    return found


def ingest_record(result: Ingested) -> dict:
    source = result.source
    record: dict = {"file": result.path, "problems": [str(problem) for problem in result.problems]}
    if source is None:
        return record | {"source": None}
    record["source"] = {
        "id": source.id,
        "title": source.title,
        "format": source.format,
        "encoding": source.encoding,
        "url": source.url,
        "publisher": source.publisher,
        "author": source.author,
        "lang": source.lang,
        "published": _dated(source.published),
        "reference_date": _dated(source.reference),
        "date_notes": list(source.date_notes),
        "text": source.text,
        "blocks": [asdict(block) for block in source.blocks],
        "removed": [asdict(block) for block in source.removed],
    }
    return record


def _dated(evidence) -> dict | None:
    if evidence is None:
        return None
    return {"date": evidence.date.isoformat(), "origin": evidence.origin, "evidence": list(evidence.evidence)}


def _print_text(record: dict, out) -> None:
    print(f"== {record['file']}", file=out)
    for problem in record["problems"]:
        print(f"   ! {problem}", file=out)
    source = record["source"]
    if source is None:
        return
    for key in ("title", "url", "publisher", "author", "encoding"):
        if source[key]:
            print(f"   {key}: {source[key]}", file=out)
    for key in ("published", "reference_date"):
        value = source[key]
        shown = f"{value['date']} ({value['origin']}: {'; '.join(value['evidence'])})" if value else "unknown"
        print(f"   {key}: {shown}", file=out)
    for note in source["date_notes"]:
        print(f"   note: {note}", file=out)
    print("\n-- cleaned text\n", file=out)
    print(source["text"], file=out)
    print(f"\n-- removed ({len(source['removed'])})", file=out)
    for block in source["removed"]:
        where = f" line {block['line']}" if block["line"] else ""
        print(f"   [{block['reason']}{where}] {block['text']}", file=out)
    print(file=out)


def report(problems: list) -> int:
    """Print problems as path:line: message; 1 when there are any."""
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s)" if problems else "No problems.", file=sys.stderr)
    return 1 if problems else 0


def _evaluate(gold_dir: Path, held_out: bool) -> int:
    from .evaluate import fitted_report, load_corpora

    print(fitted_report(load_corpora(gold_dir, held_out), gold_dir.parents[2]))
    return 0


def check_content(content: Path, settings: dict | None = None) -> list:
    """Every problem an editor can fix, as the build would report it: sources' headers,
    entity files, annotations (targets, verdicts, corrections, links)."""
    from . import settings as crosscheck_settings
    from .annotate import annotate, read_annotations
    from .pipeline import analyse

    resolved = crosscheck_settings.resolve(settings or {}) | {"PAGE_PATHS": (settings or {}).get("PAGE_PATHS", ["pages"])}
    analysis = analyse(content, resolved["CROSSCHECK_SOURCE_PATHS"], crosscheck_settings.skipped_dirs(resolved),
                       resolved["CROSSCHECK_ENTITY_PATHS"])
    annotations, problems = read_annotations(content, resolved["CROSSCHECK_ANNOTATION_PATHS"])
    _, annotated = annotate(analysis, annotations, crosscheck_settings.ratings(resolved))
    found = list(analysis.problems) + list(problems) + list(annotated.problems)
    return [problem for problem in found if problem.severity != "info"]


def new_annotation(content: Path, name: str, today: str, settings: dict | None = None) -> Path:
    """Write a filled-in annotation for the claim or group ``name``; raise ValueError when there is none,
    or when another file annotates that group already."""
    from . import settings as crosscheck_settings
    from .annotate import GROUP_IDS_AT, annotate, find_group, read_annotations, skeleton
    from .pipeline import analyse

    resolved = crosscheck_settings.resolve(settings or {}) | {"PAGE_PATHS": (settings or {}).get("PAGE_PATHS", ["pages"])}
    analysis = analyse(content, resolved["CROSSCHECK_SOURCE_PATHS"], crosscheck_settings.skipped_dirs(resolved),
                       resolved["CROSSCHECK_ENTITY_PATHS"])
    scale = crosscheck_settings.ratings(resolved)
    # the groups as the site shows them, after the published corrections, and what each file annotates
    analysis, annotated = annotate(analysis, read_annotations(content, resolved["CROSSCHECK_ANNOTATION_PATHS"])[0], scale)
    group = find_group(analysis, name, annotated.retired)
    if group is None:
        raise ValueError(f"there is no claim or group {name!r}; {GROUP_IDS_AT}, or from the editors' page")
    for other in annotated.annotations:
        if other.target == group.id:
            how = f"Claim: {other.claim}" if other.claim else f"Quote: in {other.source}"
            raise ValueError(f"{other.path} annotates {group.id} already ({how}, {other.status}); "
                             "edit it, or add your notes there: a claim shows one annotation")
    path = content / resolved["CROSSCHECK_ANNOTATION_PATHS"][0] / f"{group.id}.md"
    if path.exists():
        raise ValueError(f"{path} exists already; edit it, or add your notes there")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(group, analysis, scale, today), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crosscheck", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="show metadata, cleaned text and removed blocks of source files")
    ingest.add_argument("paths", nargs="+", help="source files or folders")
    ingest.add_argument("--json", action="store_true", help="print JSON instead of text")
    evaluate = commands.add_parser("evaluate", help="score fact links and discrepancies against hand-labelled fact gold, "
                                                    "each corpus with a threshold fitted on the others")
    evaluate.add_argument("--gold", default="tests/data/gold", help="folder of *.facts.json files (tests/data/gold)")
    evaluate.add_argument("--held-out", action="store_true", help="score the held-out corpora too, for the record")
    check = commands.add_parser("check", help="list every problem in sources, entity files and annotations")
    check.add_argument("content", help="content folder")
    new = commands.add_parser("new-annotation", help="write a filled-in annotation for a claim")
    new.add_argument("content", help="content folder")
    new.add_argument("id", help="a claim or group id")
    args = parser.parse_args(argv)
    if args.command == "evaluate":
        return _evaluate(Path(args.gold).resolve(), args.held_out)
    if args.command == "check":
        return report(check_content(Path(args.content)))
    if args.command == "new-annotation":
        import datetime as dt

        try:
            print(new_annotation(Path(args.content), args.id, dt.date.today().isoformat()))
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        return 0
    records = [ingest_record(read_source(path, path.as_posix())) for path in _files(args.paths)]
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for record in records:
            _print_text(record, sys.stdout)
    return 1 if any(record["source"] is None for record in records) else 0
