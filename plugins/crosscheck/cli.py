"""Command line.

    python -m crosscheck ingest PATH... [--json]   what the cleaner did to each source file
    python -m crosscheck evaluate CONTENT GOLD      precision and recall against hand-labelled data
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


def _evaluate(content: Path, gold_path: Path) -> int:
    from .evaluate import evaluate, load_gold
    from .pipeline import analyse

    analysis = analyse(content, ["sources"], ["annotations", "entities", "pages"], ["entities"])
    print(f"== {content} against {gold_path}")
    for score in evaluate(analysis, load_gold(gold_path), analysis.groups_of(), analysis.discrepancies):
        print(f"   {score}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crosscheck", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser("ingest", help="show metadata, cleaned text and removed blocks of source files")
    ingest.add_argument("paths", nargs="+", help="source files or folders")
    ingest.add_argument("--json", action="store_true", help="print JSON instead of text")
    evaluate = commands.add_parser("evaluate", help="score the analysis of a content folder against hand-labelled gold data")
    evaluate.add_argument("content", help="content folder (its sources/ subfolder, or the folder itself)")
    evaluate.add_argument("gold", help="gold JSON file (tests/data/gold/*.json)")
    args = parser.parse_args(argv)
    if args.command == "evaluate":
        return _evaluate(Path(args.content), Path(args.gold))
    records = [ingest_record(read_source(path, path.as_posix())) for path in _files(args.paths)]
    if args.json:
        json.dump(records, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        for record in records:
            _print_text(record, sys.stdout)
    return 1 if any(record["source"] is None for record in records) else 0
