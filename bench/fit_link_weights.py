"""Fit the link scorer's weights on the labelled links of the gold corpora.

    python bench/fit_link_weights.py

For every candidate pair (from the same blocking the pipeline uses) whose two
claims are both labelled in the gold data, the label is whether the gold links
them. A logistic regression with an L2 penalty is fitted on both corpora, and
on each alone to check that the weights carry over (train on one, test on the
other). Paste the printed WEIGHTS/BIAS into plugins/crosscheck/link.py.
"""

import sys
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
warnings.simplefilter("ignore")

import json

from crosscheck.link.sentences import (
    WEIGHTS,
    LinkContext,
    candidate_pairs,
    pair_features,
)
from crosscheck.pipeline import analyse

CORPORA = {"seeds": (ROOT / "content", ROOT / "tests/data/gold/seeds.json"),
           "corpus2": (ROOT / "tests/data/corpus2", ROOT / "tests/data/gold/corpus2.json")}
NAMES = list(WEIGHTS)


def load_gold(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _claim_for(gold_ref: str, claims_by_file: dict):
    """The claim whose text holds the gold's "file::sentence" substring."""
    file, _, substring = gold_ref.partition("::")
    return next((claim for claim in claims_by_file.get(file, []) if substring in claim.text), None)


def samples(root: Path, gold_path: Path):
    analysis = analyse(root, ["sources"], ["annotations", "entities", "pages"], ["entities"])
    gold = load_gold(gold_path)
    file_of = {source.id: Path(source.path).name for source in analysis.sources}
    by_file: dict[str, list] = {}
    for claim in analysis.all_claims():
        by_file.setdefault(file_of[claim.source], []).append(claim)
    labelled = {c.id for g in gold["claims"] if (c := _claim_for(f"{g['file']}::{g['sentence']}", by_file))}
    positive = set()
    for a_ref, b_ref in gold["links"]:
        a, b = _claim_for(a_ref, by_file), _claim_for(b_ref, by_file)
        if a and b and a.id != b.id:
            positive.add(tuple(sorted((a.id, b.id))))
    claims = analysis.all_claims()
    context = LinkContext.build(claims)
    pairs = list(candidate_pairs(claims, context.vectors))
    rows, labels = [], []
    for a, b in pairs:
        if a in labelled and b in labelled:
            features = pair_features(context.claims[a], context.claims[b], context)
            rows.append([features[name] for name in NAMES])
            labels.append(1.0 if (a, b) in positive else 0.0)
    missed_by_blocking = len(positive - set(pairs))
    return np.array(rows), np.array(labels), missed_by_blocking, len(positive)


def fit(x, y, penalty=1.0, iterations=50):
    """L2-penalised logistic regression by Newton's method (few features, so exact)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    theta = np.zeros(design.shape[1])
    ridge = penalty * np.eye(design.shape[1])
    ridge[-1, -1] = 0.0  # no penalty on the bias
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(design @ theta)))
        gradient = design.T @ (p - y) + ridge @ theta
        hessian = design.T @ (design * (p * (1 - p))[:, None]) + ridge
        theta -= np.linalg.solve(hessian, gradient)
    return theta[:-1], theta[-1]


def best_threshold(x, y, weights, bias):
    return max(np.arange(0.1, 0.9, 0.02), key=lambda t: f1(x, y, weights, bias, t)[2])


def f1(x, y, weights, bias, threshold=0.5):
    predicted = 1 / (1 + np.exp(-(x @ weights + bias))) >= threshold
    tp = float((predicted & (y == 1)).sum())
    precision = tp / max(predicted.sum(), 1)
    recall = tp / max((y == 1).sum(), 1)
    return precision, recall, 2 * precision * recall / max(precision + recall, 1e-9)


if __name__ == "__main__":
    data = {name: samples(*paths) for name, paths in CORPORA.items()}
    for name, (x, y, missed, total) in data.items():
        print(f"{name}: {len(y)} labelled candidate pairs, {int(y.sum())} linked; blocking missed {missed} of {total} gold links")
    for train, test in (("seeds", "corpus2"), ("corpus2", "seeds")):
        w, b = fit(*data[train][:2])
        t = best_threshold(*data[train][:2], w, b)
        p, r, f = f1(*data[test][:2], w, b, t)
        print(f"train {train:<8} test {test:<8} threshold {t:.2f} precision {p:.2f} recall {r:.2f} F1 {f:.2f}")
    x = np.vstack([data[name][0] for name in data])
    y = np.concatenate([data[name][1] for name in data])
    w, b = fit(x, y)
    t = best_threshold(x, y, w, b)
    p, r, f = f1(x, y, w, b, t)
    print(f"both corpora (training fit)  threshold {t:.2f} precision {p:.2f} recall {r:.2f} F1 {f:.2f}")
    print(f"LINK_THRESHOLD = {t:.2f}")
    print("WEIGHTS = {")
    for name, value in zip(NAMES, w):
        print(f'    "{name}": {value:.2f},')
    print("}")
    print(f"BIAS = {b:.2f}")
