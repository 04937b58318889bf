"""Compare date finders on the hand-labelled date values of both gold corpora.

Run: python bench/dates_libraries.py   (prints a table; figures go to docs/decisions.md)
"""

import datetime as dt
import json
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
warnings.simplefilter("ignore")

from crosscheck.extract.values import find_values

CORPORA = [(ROOT / "tests/data/gold/seeds.json", ROOT / "content/sources"),
           (ROOT / "tests/data/gold/corpus2.json", ROOT / "tests/data/corpus2")]


def sentences():
    """(sentence, reference date, gold date values) for every labelled claim with a date."""
    for gold_path, folder in CORPORA:
        gold = json.loads(gold_path.read_text())
        for claim in gold["claims"]:
            dates = [v for v in claim["values"] if v["kind"] in ("date", "date_range") and isinstance(v["value"], (str, list))]
            reference = gold["reference_dates"].get(claim["file"])
            if not dates or not reference:
                continue
            text = (folder / claim["file"]).read_text(encoding="utf-8")
            start = text.index(claim["sentence"])
            left = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start)) + 1
            right = min(x for x in (text.find(". ", start + len(claim["sentence"])), text.find("\n", start), len(text)) if x != -1)
            yield text[left:right + 1].strip(), dt.date.fromisoformat(reference), dates


def first_date(value):
    return value[0] if isinstance(value, list) else value


def score(name, finder):
    right = wrong = missed = false_positive = 0
    started = time.perf_counter()
    count = 0
    for sentence, reference, golds in sentences():
        count += 1
        found = finder(sentence, reference)  # list of (surface, iso)
        for gold in golds:
            expected = first_date(gold["value"])
            hit = [iso for surface, iso in found if gold["text"] in surface or surface.strip() in gold["text"]]
            if not hit:
                missed += 1
            elif any(iso and iso.startswith(expected) or expected.startswith(iso or "#") for iso in hit):
                right += 1
            else:
                wrong += 1
        false_positive += sum(1 for surface, _ in found if not any(g["text"] in surface or surface.strip() in g["text"] for g in golds))
    elapsed = (time.perf_counter() - started) / max(count, 1) * 1000
    print(f"{name:<34} right {right:3}  wrong {wrong:3}  missed {missed:3}  extra spans {false_positive:3}  {elapsed:6.2f} ms/sentence")


def ours(sentence, reference):
    return [(v.text, first_date(v.value) if v.value else None) for v in find_values(sentence, reference)
            if v.kind in ("date", "date_range")]


def with_datefinder(sentence, reference):
    import datefinder

    base = dt.datetime(reference.year, reference.month, reference.day)
    return [(surface, found.date().isoformat()) for found, surface in datefinder.find_dates(sentence, source=True, base_date=base)]


def with_dateparser(sentence, reference):
    from dateparser.search import search_dates

    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": dt.datetime(reference.year, reference.month, reference.day)}
    return [(surface, found.date().isoformat()) for surface, found in search_dates(sentence, languages=["en"], settings=settings) or []]


if __name__ == "__main__":
    score("crosscheck grammar (values.py)", ours)
    for name, finder in (("datefinder 1.0", with_datefinder), ("dateparser.search (en, past)", with_dateparser)):
        try:
            score(name, finder)
        except ImportError:
            print(f"{name:<34} not installed")
