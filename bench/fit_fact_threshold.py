"""Fit the fact-link threshold leave-one-corpus-out, and score each corpus with a threshold fitted on the others.

    python bench/fit_fact_threshold.py            # every corpus in tests/data/gold/*.facts.json

For each corpus, the threshold is the one that does best on the *other*
corpora (the mean of same-fact link F1 and disagreement F1), and the corpus
is scored with it: no figure printed here was fitted on the corpus it
describes. The in-sample optimum is printed beside it, labelled so.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "plugins"))

from crosscheck.evaluate import fitted_report, load_corpora

if __name__ == "__main__":
    print(fitted_report(load_corpora(ROOT / "tests" / "data" / "gold"), ROOT))
