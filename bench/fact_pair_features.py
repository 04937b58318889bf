"""How well what fact linking reads tells the same fact from two facts, for pairs of *different* values.

    python bench/fact_pair_features.py [corpus ...]     # default: seeds ecbplus ecbplus_heldout

A disagreement is flagged only when two mentions with different values are linked. For every pair of gold-located
mentions in one story, with comparable values that are not the same value (link.facts.equivalent), this prints
the area under the ROC curve (AUC: 0.5 is chance, 1.0 a perfect ranking) of each signal for "gold says one fact":
the link score, the weighted share of words about what is measured, how many such words they share, whether each
is the other's best match in its source (by those words and the sentences' likeness), and whether both stand in
their report's first three sentences. Then a logistic regression over the link score's parts, fitted on the other
corpora and scored on each (leave one corpus out), against the link score at its threshold, on all pairs and on
the pairs of different values. Never run it on the held-out corpora: it refuses, as fact_misses does.
"""

from __future__ import annotations

import math
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "plugins"))

from crosscheck.evaluate import HELD_OUT, load, mention_key, read_corpus
from crosscheck.link.facts import (
    FACT_LINK,
    _alike,
    _copies,
    _matched,
    _relation,
    attribute_share,
    comparable,
    equivalent,
    link_score,
    slot,
)
from fact_misses import ROOT, Diagnosis

DEFAULT = ("seeds", "ecbplus", "ecbplus_heldout")
PARTS = ("attribute", "words", "first subject", "any subject", "equal", "agree", "sentence", "copies", "conflict",
         "noun", "log ratio", "same place")


def parts(a, b, context) -> list[float]:
    relation = _relation(a, b, context)
    first, second = a.value.value, b.value.value
    numbers = all(isinstance(x, (int, float)) and not isinstance(x, bool) and x > 0 for x in (first, second))
    noun = a.value.kind == "count" and bool(a.value.unit) and context.same_kind(a.value.unit, b.value.unit or "")
    return [attribute_share(a, b, context), min(len(_matched(a, b, context)), 5) / 5, float(a.subject[:1] == b.subject[:1] != ()),
            float(bool(set(a.subject) & set(b.subject))), float(equivalent(a, b, context)),
            float(relation in ("same", "wording", "minor")), _alike(a, b, context), float(_copies(a, b, context)),
            float(relation == "conflict"), float(noun), min(abs(math.log(first / second)), 5.0) if numbers else 0.0,
            float(context.positions.get(a.id) == context.positions.get(b.id))]


def pairs(name: str) -> list[dict]:
    """Every comparable pair of gold-located mentions in one story and slot, from two sources."""
    gold = load(ROOT / "tests" / "data" / "gold" / f"{name}.facts.json")
    d = Diagnosis(read_corpus(name, gold, ROOT))
    gold_of = {fact.id: item["id"] for item in gold["facts"] for m in item["mentions"]
               if (fact := d.located.get(mention_key(m)))}
    order = {}
    by_source = defaultdict(list)
    for claim in d.claims.values():
        by_source[claim.source].append(claim)
    for claims in by_source.values():
        order.update({claim.id: rank for rank, claim in enumerate(sorted(claims, key=lambda claim: claim.start))})
    best: dict[tuple[str, str], tuple[float, str]] = {}  # (Fact.id, another source) -> its best match there
    for story, context in d.contexts.items():
        members = [f for f in d.prediction.facts if d.story_of.get(f.source) == story and slot(f) is not None]
        for a, b in combinations(members, 2):
            if a.source != b.source and slot(a) == slot(b) and comparable(a, b, context):
                alike = attribute_share(a, b, context) + 0.5 * _alike(a, b, context)
                for x, y in ((a, b), (b, a)):
                    best[(x.id, y.source)] = max(best.get((x.id, y.source), (-1.0, "")), (alike, y.id))
    found = []
    located = sorted({fact.id: fact for fact in d.located.values()}.values(), key=lambda fact: fact.id)
    for a, b in combinations(located, 2):
        story = d.story_of.get(a.source)
        if a.source == b.source or story is None or story != d.story_of.get(b.source) or slot(a) != slot(b):
            continue
        context = d.contexts[story]
        if slot(a) is None or not comparable(a, b, context):
            continue
        found.append({
            "one fact": gold_of[a.id] == gold_of[b.id], "different": not equivalent(a, b, context),
            "parts": parts(a, b, context), "link score": link_score(a, b, context),
            "mutual best": float(best[(a.id, b.source)][1] == b.id and best[(b.id, a.source)][1] == a.id),
            "in the leads": float(order[a.claim] < 3 and order[b.claim] < 3)})
    return found


def auc(scores: list[float], labels: list[bool]) -> float | None:
    positive = [s for s, label in zip(scores, labels) if label]
    negative = [s for s, label in zip(scores, labels) if not label]
    if not positive or not negative:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positive for n in negative)
    return wins / (len(positive) * len(negative))


def fit(x: np.ndarray, y: np.ndarray, steps: int = 3000, rate: float = 0.5, l2: float = 1.0) -> np.ndarray:
    weights = np.zeros(x.shape[1])
    for _ in range(steps):
        predicted = 1 / (1 + np.exp(-x @ weights))
        weights -= rate * (x.T @ (predicted - y) + l2 * weights) / len(y)
    return weights


def f1(predicted: np.ndarray, y: np.ndarray) -> str:
    right = int((predicted & (y == 1)).sum())
    found, expected = int(predicted.sum()), int(y.sum())
    score = 2 * right / (found + expected) if found + expected else 0.0
    return f"F1 {score:.2f} (P {right}/{found}, R {right}/{expected})"


def matrix(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    return (np.array([row["parts"] + [1.0] for row in rows]).reshape(-1, len(PARTS) + 1),
            np.array([row["one fact"] for row in rows], float))


def main(names: list[str]) -> None:
    if held := [name for name in names if name in HELD_OUT]:
        raise SystemExit(f"{', '.join(held)} held out: not read")
    data = {name: pairs(name) for name in names}
    for name, rows in data.items():
        different = [row for row in rows if row["different"]]
        labels = [row["one fact"] for row in different]
        print(f"## {name}: {len(different)} pairs of different values, {sum(labels)} of one fact (of {len(rows)} pairs)")
        signals = {"link score": [row["link score"] for row in different], "attribute": [row["parts"][0] for row in different],
                   "words": [row["parts"][1] for row in different], "mutual best": [row["mutual best"] for row in different],
                   "in the leads": [row["in the leads"] for row in different]}
        for signal, scores in signals.items():
            found = auc(scores, labels)
            print(f"  AUC {signal:<13} {'–' if found is None else f'{found:.2f}'}")
    for name in names if len(names) > 1 else ():
        train = [row for other in names if other != name for row in data[other]]
        x, y = matrix(train)
        weights = fit(x, y)
        for label, rows in (("all pairs", data[name]), ("different values", [r for r in data[name] if r["different"]])):
            if not rows:
                continue
            x_test, y_test = matrix(rows)
            learned = 1 / (1 + np.exp(-x_test @ weights)) >= 0.5
            scored = np.array([row["link score"] >= FACT_LINK for row in rows])
            print(f"  {name}, {label}: logistic fitted on the others {f1(learned, y_test)}; "
                  f"link score at {FACT_LINK} {f1(scored, y_test)}")


if __name__ == "__main__":
    main(sys.argv[1:] or list(DEFAULT))
