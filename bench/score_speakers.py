"""Score claim speakers against tests/data/gold/speakers.*.json: right, wrong or none for each labelled sentence.

    PYTHONPATH=plugins python bench/score_speakers.py tests/data/gold/speakers.seeds.json [--no-entity-files] [-v]

Every sentence is scored, claim or not (claims.sentence_speakers, what a claim's speaker is read from), so the
figure measures attribution, not check-worthiness. A predicted name matches the gold name when one is the other
or both end with the same word (an entity named "Magda" is "Yevhen Magda").
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from crosscheck.extract.claims import sentence_speakers
from crosscheck.pipeline import analyse

ROOT = Path(__file__).resolve().parent.parent


def same_speaker(predicted: str, expected: str) -> bool:
    predicted, expected = predicted.lower(), expected.lower()
    return predicted == expected or predicted.split()[-1:] == expected.split()[-1:] or expected in predicted


def outcome(predicted: str, expected: str | None) -> str:
    if not predicted:
        return "right" if expected is None else "none"
    return "right" if expected is not None and same_speaker(predicted, expected) else "wrong"


def score(gold_path: Path, entity_files: bool = True) -> list[tuple[dict, str, str]]:
    items = json.loads(gold_path.read_text(encoding="utf-8"))["attributions"]
    rows = []
    for folder in sorted({item["file"].rsplit("/sources/", 1)[0] for item in items}):
        analysis = analyse(ROOT / folder, ["sources"], ["annotations", "entities", "pages"], ["entities"] if entity_files else [])
        names = {entity.id: entity.name for entity in analysis.entities}
        for source in analysis.sources:
            sentences = analysis.sentences[source.id]
            speakers = sentence_speakers(source, sentences, analysis.mentions[source.id], analysis.entity_of)
            for item in items:
                if item["file"] != f"{folder}/{source.path}":
                    continue
                found = [speaker for sentence, (_, _, speaker) in zip(sentences, speakers) if item["sentence"] in sentence.text]
                if len(found) != 1:
                    raise SystemExit(f"{item['file']}: {item['sentence']!r} is in {len(found)} sentences; make it one")
                predicted = names.get(found[0], found[0])
                rows.append((item, predicted, outcome(predicted, item["speaker"])))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--no-entity-files", action="store_true", help="without the corpus's content/entities files")
    parser.add_argument("-v", "--verbose", action="store_true", help="one line per attribution")
    args = parser.parse_args()
    rows = score(args.gold, not args.no_entity_files)
    if args.verbose:
        for item, predicted, verdict in rows:
            print(f"{verdict:5}  expected {item['speaker']!r:30} got {predicted!r:30} {item['sentence'][:60]}")
    counts = Counter(verdict for _, _, verdict in rows)
    print(f"{args.gold.name}: {len(rows)} attributions, right {counts['right']}, wrong {counts['wrong']}, none {counts['none']}")


if __name__ == "__main__":
    main()
