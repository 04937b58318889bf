"""Whether two revisions of the analysis give the same output, and what each cost in CPU time.

    python bench/same_output.py dump ROOT DIR [DIR ...] --out a.json     # analyse serially, no cache
    python bench/same_output.py compare a.json b.json

``dump`` runs ``pipeline.analyse`` in this process (serial, no cache) with the
``crosscheck`` package found first on PYTHONPATH, so the same script dumps an
old revision (``git archive <commit> plugins | tar -x -C /tmp/old``, then
``PYTHONPATH=/tmp/old/plugins``) and the work tree. It writes every source,
sentence, mention, claim with its values, fact, group, discrepancy and problem
as JSON, with the CPU seconds of each stage (``time.process_time``, not wall
time: the machine is shared). ``compare`` says which parts differ and shows
the first difference of each; it exits 1 when any part differs.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import sys
import time
from pathlib import Path

PARTS = ("sources", "sentences", "mentions", "claims", "facts", "entities", "groups", "discrepancies", "links",
         "stories", "problems")


def _plain(thing):
    """A dataclass tree as JSON-able data, dict keys as strings, in a stable order."""
    if dataclasses.is_dataclass(thing):
        return {field.name: _plain(getattr(thing, field.name)) for field in dataclasses.fields(thing)}
    if isinstance(thing, dict):
        return {str(key): _plain(value) for key, value in sorted(thing.items(), key=lambda item: str(item[0]))}
    if isinstance(thing, (list, tuple)):
        return [_plain(item) for item in thing]
    if isinstance(thing, (set, frozenset)):
        return sorted(_plain(item) for item in thing)
    if isinstance(thing, (str, int, float, bool)) or thing is None:
        return thing
    return str(thing)


def dump(root: Path, source_dirs: list[str], out: Path) -> None:
    from crosscheck.pipeline import analyse
    from crosscheck.progress import Progress

    class CpuProgress(Progress):
        """Progress that also counts the CPU seconds of each stage."""

        def __init__(self) -> None:
            super().__init__()
            self.cpu: dict[str, float] = {}

        @contextlib.contextmanager
        def stage(self, name: str, total: int = 0):
            started = time.process_time()
            with super().stage(name, total) as advance:
                yield advance
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - started

    progress = CpuProgress()
    started = time.process_time()
    analysis = analyse(root, source_dirs, entity_dirs=["entities"] if (root / "entities").is_dir() else [],
                       progress=progress)
    total = time.process_time() - started
    output = {part: _plain(getattr(analysis, part)) for part in PARTS}
    output["cpu_seconds"] = {"total (with imports done before)": total, **progress.cpu}
    out.write_text(json.dumps(output, sort_keys=True, ensure_ascii=False), encoding="utf-8")
    print(json.dumps({"sources": len(analysis.sources), "claims": len(analysis.all_claims()),
                      "cpu_seconds": output["cpu_seconds"]}, indent=1))


def compare(first: Path, second: Path) -> bool:
    old, new = (json.loads(path.read_text(encoding="utf-8")) for path in (first, second))
    same = True
    for part in PARTS:
        if old[part] == new[part]:
            print(f"{part}: identical ({len(old[part])})")
            continue
        same = False
        print(f"{part}: DIFFERENT")
        items = (lambda data: list(data.items()) if isinstance(data, dict) else list(enumerate(data)))
        for (key, a), (_, b) in zip(items(old[part]), items(new[part])):
            if a != b:
                print(f"  first difference at {key}:\n  - {json.dumps(a)[:600]}\n  + {json.dumps(b)[:600]}")
                break
    for name, data in (("old", old), ("new", new)):
        print(name, "CPU s:", {stage: round(seconds, 1) for stage, seconds in data["cpu_seconds"].items()})
    return same


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench/same_output.py")
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump")
    dumping.add_argument("root", type=Path)
    dumping.add_argument("dirs", nargs="+")
    dumping.add_argument("--out", type=Path, required=True)
    comparing = commands.add_parser("compare")
    comparing.add_argument("first", type=Path)
    comparing.add_argument("second", type=Path)
    options = parser.parse_args(argv)
    if options.command == "dump":
        dump(options.root, options.dirs, options.out)
        return 0
    return 0 if compare(options.first, options.second) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
