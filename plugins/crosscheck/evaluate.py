"""Score an Analysis against hand-labelled gold data (tests/data/gold/*.json).

Gold claims name a sentence by an exact substring of its source file; a
predicted claim matches when its text contains that substring.  Links and
discrepancies are scored over pairs of gold claims.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from .model import Claim, Value
from .pipeline import Analysis


@dataclass(frozen=True)
class Score:
    """Precision = right / found; recall = recalled / expected (a found item may cover several expected ones)."""

    name: str
    right: int
    found: int
    recalled: int
    expected: int

    @property
    def precision(self) -> float:
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return (f"{self.name:<16} precision {self.precision:5.2f} ({self.right}/{self.found})   "
                f"recall {self.recall:5.2f} ({self.recalled}/{self.expected})")


def _claim_for(gold_ref: str, claims_by_file: dict[str, list[Claim]]) -> Claim | None:
    file, _, substring = gold_ref.partition("::")
    return next((claim for claim in claims_by_file.get(file, []) if substring in claim.text), None)


def _same_value(gold: dict, value: Value) -> bool:
    if gold["kind"] == "weekday" and value.kind == "date" and value.value:
        return dt.date.fromisoformat(value.value).strftime("%A").lower() == gold["value"]
    expected, found = gold["value"], value.value
    if isinstance(expected, (int, float)) and isinstance(found, (int, float)):
        return abs(expected - found) <= 1e-6 * max(1.0, abs(expected))
    if isinstance(expected, list) and isinstance(found, list):
        return [str(x) for x in expected] == [str(x) for x in found]
    return expected == found


def _overlaps(gold_text: str, sentence: str, value: Value) -> bool:
    start = sentence.find(gold_text)
    return start != -1 and value.start < start + len(gold_text) and start < value.end


def evaluate(analysis: Analysis, gold: dict, groups: dict[str, Sequence[str]] | None = None, discrepancies=()) -> list[Score]:
    """Scores for claims, values, links and discrepancies; groups maps Claim.id -> the ids of its groups."""
    file_of = {source.id: Path(source.path).name for source in analysis.sources}
    claims_by_file: dict[str, list[Claim]] = {}
    for claim in analysis.all_claims():
        claims_by_file.setdefault(file_of[claim.source], []).append(claim)
    gold_claims = [c for c in gold["claims"] if c["file"] in claims_by_file or c["file"] in file_of.values()]
    matched = {id(c): _claim_for(f"{c['file']}::{c['sentence']}", claims_by_file) for c in gold_claims}
    found = sum(1 for claim in matched.values() if claim)
    predicted_claims = sum(len(claims) for claims in claims_by_file.values())
    gold_texts = {(c["file"], c["sentence"]) for c in gold_claims}
    right_predictions = sum(
        1 for file, claims in claims_by_file.items() for claim in claims
        if any(f == file and s in claim.text for f, s in gold_texts)
    )
    scores = [Score("claims", right_predictions, predicted_claims, found, len(gold_claims))]

    values_expected = values_right = values_found = 0
    for gold_claim in gold_claims:
        claim = matched[id(gold_claim)]
        for gold_value in gold_claim["values"]:
            values_expected += 1
            if claim is None:
                continue
            near = [v for v in claim.values if _overlaps(gold_value["text"], claim.text, v)]
            if near:
                values_found += 1
                values_right += any(_same_value(gold_value, v) for v in near)
    scores.append(Score("values", values_right, values_found, values_right, values_expected))

    if groups is not None:
        scores.extend(_link_scores(gold, claims_by_file, groups))
        scores.extend(_discrepancy_scores(gold, claims_by_file, discrepancies))
    return scores


def _link_scores(gold, claims_by_file, groups) -> list[Score]:
    gold_pairs = set()
    for a_ref, b_ref in gold.get("links", []):
        a, b = _claim_for(a_ref, claims_by_file), _claim_for(b_ref, claims_by_file)
        gold_pairs.add(frozenset((a_ref, b_ref)) if not (a and b) else frozenset((a.id, b.id)))
    known = {c.id for file_claims in claims_by_file.values() for c in file_claims}
    gold_claim_ids = {x for pair in gold_pairs for x in pair if x in known}
    predicted = {
        frozenset((a, b)) for a, b in combinations(sorted(gold_claim_ids), 2) if set(groups.get(a, ())) & set(groups.get(b, ()))
    }
    right = len(predicted & gold_pairs)
    return [Score("links (pairs)", right, len(predicted), right, len(gold_pairs))]


def _discrepancy_scores(gold, claims_by_file, discrepancies) -> list[Score]:
    expected = []
    for item in gold.get("discrepancies", []):
        ids = {claim.id for ref in item["claims"] if (claim := _claim_for(ref, claims_by_file))}
        expected.append((item["kind"], ids))
    predicted = [(d.kind, set(d.claims)) for d in discrepancies]
    right = sum(1 for kind, ids in expected if any(k == kind and claims <= ids for k, claims in predicted))
    correct_predictions = sum(1 for k, claims in predicted if any(kind == k and claims <= ids for kind, ids in expected))
    conflicts = [claims for k, claims in predicted if k == "conflict"]
    true_conflicts = sum(1 for claims in conflicts if any(kind == "conflict" and claims <= ids for kind, ids in expected))
    expected_conflicts = [ids for kind, ids in expected if kind == "conflict"]
    recalled_conflicts = sum(1 for ids in expected_conflicts if any(claims <= ids for claims in conflicts))
    return [
        Score("discrepancies", correct_predictions, len(predicted), right, len(expected)),
        # found - right is the number of false conflicts, which should be 0
        Score("conflicts", true_conflicts, len(conflicts), recalled_conflicts, len(expected_conflicts)),
    ]


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))
