"""CPU time of the analysis: cold, then warm after one source is added and after one is edited.

    python bench/incremental_linking.py CORPUS_CONTENT [--code PLUGINS_FOLDER] [--work FOLDER]

The content folder (bench/corpus.py, as bench/run.py makes it) is copied, analysed with an empty cache
(serially, so that the CPU time of one process is the whole cost), then changed as bench/run.py changes
it (another outlet of the first story with a figure changed; a sentence appended to the first source)
and analysed again with the same cache, each run in a fresh Python. ``--code`` runs another checkout's
plugins (an earlier commit, for before-and-after). Prints one JSON object: CPU seconds of each run and
the warm runs' share of the cold one.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def analyse_once(content: Path, cache: Path) -> dict:
    """One analysis in this process: its CPU seconds and what it found."""
    from crosscheck.cache import AnalysisCache
    from crosscheck.pipeline import analyse
    from crosscheck.progress import Progress

    store = AnalysisCache(cache)
    progress = Progress()
    started = time.process_time()
    analysis = analyse(content, ["sources"], (), ["entities"], cache=store, executor="serial", progress=progress)
    seconds = time.process_time() - started
    store.close()
    return {"cpu_seconds": round(seconds, 1), "stages_wall_seconds": {k: round(v, 1) for k, v in progress.seconds.items()},
            "sources": len(analysis.sources), "discrepancies": len(analysis.discrepancies)}


def run(code: Path, content: Path, cache: Path) -> dict:
    command = [sys.executable, __file__, "--once", str(content), "--cache", str(cache)]
    done = subprocess.run(command, check=True, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(code)})
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(content: Path, code: Path, work: Path) -> dict:
    shutil.rmtree(work, ignore_errors=True)
    copy = work / "content"
    shutil.copytree(content, copy)
    cache = work / "cache.sqlite3"
    results = {"cold": run(code, copy, cache)}
    first = sorted((copy / "sources").glob("*.txt"))[0]
    added = copy / "sources" / (first.stem.split("-")[0] + "-added.txt")
    added.write_text(first.read_text(encoding="utf-8").replace(" 1", " 2", 1), encoding="utf-8")
    results["source added"] = run(code, copy, cache)
    with first.open("a", encoding="utf-8") as handle:
        handle.write("\nOfficials said on Friday that 12 more people had been evacuated.\n")
    results["source edited"] = run(code, copy, cache)
    cold = results["cold"]["cpu_seconds"]
    for name in ("source added", "source edited"):
        results[name]["share_of_cold"] = round(results[name]["cpu_seconds"] / cold, 3)
    shutil.rmtree(work, ignore_errors=True)
    return results


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench/incremental_linking.py")
    parser.add_argument("content", type=Path)
    parser.add_argument("--code", type=Path, default=ROOT / "plugins")
    parser.add_argument("--work", type=Path, default=ROOT / ".cache" / "bench" / "incremental")
    parser.add_argument("--once", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.once:
        print(json.dumps(analyse_once(arguments.content, arguments.cache)))
        return
    print(json.dumps(measure(arguments.content, arguments.code.resolve(), arguments.work), indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
