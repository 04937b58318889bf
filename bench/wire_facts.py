"""One wire story carried by N outlets, a few numbers changed in some: does the fact output grow linearly?

    python bench/wire_facts.py 10,25,50,100

Every outlet prints the wire article; one in three changes one number (bench/corpus.py's NUMBER pattern, the
value moved by 10 to 50 %). The analysis runs on each corpus, and the output that describes facts is
measured: fact groups, discrepancies, the claims they name and the bytes of their JSON records. Sentence-pair
discrepancies grew with the square of the outlets; per-fact output should grow with the outlets.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import NUMBER  # noqa: E402
from crosscheck.pipeline import analyse  # noqa: E402
from crosscheck.publish.export import discrepancy_record, group_record  # noqa: E402

WIRE = ROOT / "tests" / "data" / "corpus2" / "01_cpa_wire_dam_breach.txt"
SETTINGS = {"CROSSCHECK_CLAIM_URL": "claims/{id}/"}


def write_outlets(count: int, folder: Path, seed: int = 3) -> None:
    rng = random.Random(seed)
    header, _, body = WIRE.read_text(encoding="utf-8").partition("\n\n")
    for number in range(count):
        text = body
        if number and rng.random() < 1 / 3:
            found = list(NUMBER.finditer(text))
            match = rng.choice(found)
            changed = int(match.group(0).replace(",", "")) * (1 + rng.choice((-1, 1)) * rng.uniform(0.1, 0.5))
            text = text[: match.start()] + f"{round(changed):,}" + text[match.end():]
        (folder / f"outlet_{number:03d}.txt").write_text(f"Title: Dam bursts, outlet {number}\nPublisher: Outlet {number}\n"
                                                         f"Date: 2023-03-09\n\n{text}", encoding="utf-8")


def measure(count: int) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        write_outlets(count, Path(folder))
        started = time.perf_counter()
        analysis = analyse(Path(folder), ["sources"])
        seconds = time.perf_counter() - started
    facts = [group for group in analysis.groups if group.basis == "fact"]
    return {
        "outlets": count,
        "seconds": round(seconds, 1),
        "fact groups": len(facts),
        "discrepancies": len(analysis.discrepancies),
        "claims named by discrepancies": sum(len(item.claims) for item in analysis.discrepancies),
        "discrepancy bytes": sum(len(json.dumps(discrepancy_record(item), ensure_ascii=False)) for item in analysis.discrepancies),
        "fact group bytes": sum(len(json.dumps(group_record(group, SETTINGS), ensure_ascii=False)) for group in facts),
    }


if __name__ == "__main__":
    counts = [int(part) for part in (sys.argv[1] if len(sys.argv) > 1 else "10,25,50,100").split(",")]
    rows = [measure(count) for count in counts]
    print("| " + " | ".join(rows[0]) + " |")
    print("|" + " --- |" * len(rows[0]))
    for row in rows:
        print("| " + " | ".join(f"{value:,}" if isinstance(value, int) else str(value) for value in row.values()) + " |")
