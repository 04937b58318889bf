"""Validate the hand-labelled gold files against the article files.

    python tests/data/gold/check_gold.py            # checks seeds.json and corpus2.json
    python tests/data/gold/check_gold.py FILE.json  # checks one file (its corpus is
                                                    # chosen by name, see CORPORA)

Checks:
  * every article file in the corpus folder has a reference date (YYYY-MM-DD or null);
  * every claim names an existing file; its "sentence" is 20-80 characters and
    occurs exactly once, verbatim, in that file;
  * no two claims share the same file and sentence;
  * every value has an allowed kind and qualifier, its "text" occurs verbatim in
    the sentence that contains the "sentence" substring (a simple splitter
    expands the substring to whole sentences of its paragraph), and its
    normalized value has the shape the kind calls for;
  * a weekday value next to a full date in the same claim names the right day;
  * every "file::sentence" reference in links, discrepancies and
    not_discrepancies names a labelled claim; discrepancy kinds are allowed.

Normalized value conventions (partial dates are allowed where the text gives
only a year or a month): date "YYYY[-MM[-DD]]"; date_range [date, date];
weekday "monday".."sunday"; time "HH:MM"; duration number with unit
hour/day/week/month/year; count integer with a noun unit; money number with an
ISO currency; percent number with unit "percent"; ordinal integer; since
{"last": date} or {"start": date} (or {"after": date}: "the first time after
the events of 2020").

Exit status 0 when everything passes, 1 otherwise.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
CORPORA = {
    "seeds.json": ROOT / "content" / "sources",
    "corpus2.json": ROOT / "tests" / "data" / "corpus2",
}

KINDS = {"date", "date_range", "weekday", "time", "duration", "count", "money", "percent", "ordinal", "since"}
QUALIFIERS = {"approximate", "more_than", "at_least", "less_than", "up_to", "exact", ""}
DISCREPANCY_KINDS = {"conflict", "minor", "wording", "change"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
DURATION_UNITS = {"hour", "day", "week", "month", "year", "minute"}
PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# A sentence ends at . ! ? (or an ellipsis), optionally followed by closing
# quotes, then whitespace, then something that can open a sentence.
SENTENCE_END = re.compile(r"""[.!?…]["'”»)]*\s+(?=["'“«(\[–-]?\s*[A-Z0-9])""")


def sentences_of(paragraph: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in SENTENCE_END.finditer(paragraph):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(paragraph)))
    return spans


def sentence_problems(text: str, sentence: str) -> list[str]:
    """What is wrong with a gold "sentence" substring: its length (20-80), or not occurring exactly once."""
    problems = [] if 20 <= len(sentence) <= 80 else [f"sentence substring is {len(sentence)} chars (want 20-80)"]
    count = text.count(sentence)
    return problems + ([] if count == 1 else [f"sentence substring occurs {count} times in the file"])


def enclosing_sentence(text: str, needle: str) -> str:
    """The whole sentence(s) of the paragraph that the needle sits in."""
    at = text.index(needle)
    para_start = text.rfind("\n", 0, at) + 1
    para_end = text.find("\n", at + len(needle))
    if para_end == -1:
        para_end = len(text)
    paragraph = text[para_start:para_end]
    lo, hi = at - para_start, at - para_start + len(needle)
    covering = [(a, b) for a, b in sentences_of(paragraph) if a < hi and b > lo]
    return paragraph[covering[0][0] : covering[-1][1]]


def valid_date(s) -> bool:
    if not isinstance(s, str) or not PARTIAL_DATE.match(s):
        return False
    parts = [int(p) for p in s.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def check_value(v: dict) -> list[str]:
    errs = []
    kind, value, unit = v.get("kind"), v.get("value"), v.get("unit", "")
    if kind not in KINDS:
        return [f"kind {kind!r} not allowed"]
    if v.get("qualifier", "") not in QUALIFIERS:
        errs.append(f"qualifier {v.get('qualifier')!r} not allowed")
    if not isinstance(v.get("text"), str) or not v["text"]:
        errs.append("empty text")
    if kind == "date" and not valid_date(value):
        errs.append(f"bad date {value!r}")
    elif kind == "date_range" and not (
        isinstance(value, list) and len(value) == 2 and all(valid_date(x) for x in value) and value[0] <= value[1]
    ):
        errs.append(f"bad date_range {value!r}")
    elif kind == "weekday" and value not in WEEKDAYS:
        errs.append(f"bad weekday {value!r}")
    elif kind == "time" and not (isinstance(value, str) and re.match(r"^([01]\d|2[0-3]):[0-5]\d$", value)):
        errs.append(f"bad time {value!r}")
    elif kind == "duration" and not (is_number(value) and unit in DURATION_UNITS):
        errs.append(f"bad duration {value!r} {unit!r}")
    elif kind == "count" and not (isinstance(value, int) and not isinstance(value, bool) and unit):
        errs.append(f"bad count {value!r} {unit!r}")
    elif kind == "money" and not (is_number(value) and re.match(r"^[A-Z]{3}$", unit or "")):
        errs.append(f"bad money {value!r} {unit!r}")
    elif kind == "percent" and not (is_number(value) and unit == "percent"):
        errs.append(f"bad percent {value!r} {unit!r}")
    elif kind == "ordinal" and not (isinstance(value, int) and not isinstance(value, bool)):
        errs.append(f"bad ordinal {value!r}")
    elif kind == "since" and not (
        isinstance(value, dict)
        and value
        and set(value) <= {"last", "start", "after"}
        and all(valid_date(x) for x in value.values())
    ):
        errs.append(f"bad since {value!r}")
    return errs


def check(gold_path: Path, corpus: Path) -> list[str]:
    errs: list[str] = []
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    expected_keys = {"reference_dates", "claims", "links", "discrepancies", "not_discrepancies"}
    if set(gold) != expected_keys:
        errs.append(f"top-level keys {sorted(gold)} != {sorted(expected_keys)}")

    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))}
    refs = gold.get("reference_dates", {})
    for name in files:
        if name not in refs:
            errs.append(f"reference_dates: {name} missing")
    for name, d in refs.items():
        if name not in files:
            errs.append(f"reference_dates: no file {name}")
        if d is not None and not (isinstance(d, str) and FULL_DATE.match(d) and valid_date(d)):
            errs.append(f"reference_dates: {name}: bad date {d!r}")

    claim_keys: set[str] = set()
    for i, c in enumerate(gold.get("claims", [])):
        where = f"claim {i} ({c.get('file')}::{c.get('sentence')!r})"
        for key in ("file", "sentence", "values", "speaker", "quote"):
            if key not in c:
                errs.append(f"{where}: missing {key}")
        name, sent = c.get("file"), c.get("sentence", "")
        if name not in files:
            errs.append(f"{where}: no such file")
            continue
        text = files[name]
        problems = sentence_problems(text, sent)
        errs.extend(f"{where}: {problem}" for problem in problems)
        if any("occurs" in problem for problem in problems):
            continue
        key = f"{name}::{sent}"
        if key in claim_keys:
            errs.append(f"{where}: duplicate claim")
        claim_keys.add(key)
        if not isinstance(c.get("quote"), bool):
            errs.append(f"{where}: quote must be true/false")
        if not isinstance(c.get("speaker"), str):
            errs.append(f"{where}: speaker must be a string")
        if c.get("quote") and not c.get("speaker"):
            errs.append(f"{where}: quote without speaker")
        if not c.get("values") and not c.get("quote") and not c.get("speaker"):
            errs.append(f"{where}: no values, no quote and no speaker: nothing to check")
        sentence = enclosing_sentence(text, sent)
        full_dates = []
        weekdays = []
        for v in c.get("values", []):
            for e in check_value(v):
                errs.append(f"{where}: value {v.get('text')!r}: {e}")
            if isinstance(v.get("text"), str) and v["text"] and v["text"] not in sentence:
                errs.append(f"{where}: value text {v['text']!r} not in sentence {sentence!r}")
            if v.get("kind") == "date" and isinstance(v.get("value"), str) and FULL_DATE.match(v["value"]):
                full_dates.append(v)
            if v.get("kind") == "weekday":
                weekdays.append(v)
        # "Monday, March 6": a weekday written right before (or after) a full date must match it.
        for w in weekdays:
            for d in full_dates:
                span = sentence
                wi, di = span.find(w["text"]), span.find(d["text"])
                between = span[min(wi, di) : max(wi, di)]
                adjacent = wi >= 0 and di >= 0 and len(between) <= len(w["text"]) + 3
                if adjacent and valid_date(d["value"]):
                    actual = WEEKDAYS[dt.date.fromisoformat(d["value"]).weekday()]
                    if actual != w["value"]:
                        errs.append(f"{where}: {w['text']} {d['text']} is a {actual}, not {w['value']}")

    def ref_ok(ref: str, where: str) -> None:
        if not isinstance(ref, str) or "::" not in ref:
            errs.append(f"{where}: bad reference {ref!r}")
            return
        name, sent = ref.split("::", 1)
        if ref not in claim_keys:
            if name in files and files[name].count(sent) == 1:
                errs.append(f"{where}: {ref!r} exists in the file but is not a labelled claim")
            else:
                errs.append(f"{where}: {ref!r} does not resolve")

    for i, link in enumerate(gold.get("links", [])):
        if not (isinstance(link, list) and len(link) == 2 and link[0] != link[1]):
            errs.append(f"link {i}: must be a pair of different references")
            continue
        for ref in link:
            ref_ok(ref, f"link {i}")
    pairs = [tuple(sorted(link)) for link in gold.get("links", []) if isinstance(link, list)]
    if len(pairs) != len(set(pairs)):
        errs.append("links: duplicate pairs")
    for i, d in enumerate(gold.get("discrepancies", [])):
        if d.get("kind") not in DISCREPANCY_KINDS:
            errs.append(f"discrepancy {i}: kind {d.get('kind')!r} not allowed")
        if len(d.get("claims", [])) < 2:
            errs.append(f"discrepancy {i}: needs at least two claims")
        if not d.get("note"):
            errs.append(f"discrepancy {i}: missing note")
        for ref in d.get("claims", []):
            ref_ok(ref, f"discrepancy {i}")
    for i, d in enumerate(gold.get("not_discrepancies", [])):
        if len(d.get("claims", [])) < 2:
            errs.append(f"not_discrepancy {i}: needs at least two claims")
        if not d.get("note"):
            errs.append(f"not_discrepancy {i}: missing note")
        for ref in d.get("claims", []):
            ref_ok(ref, f"not_discrepancy {i}")
    # A pair cannot be both linked as the same fact and declared unrelated.
    linked = {frozenset(p) for p in pairs}
    for i, d in enumerate(gold.get("not_discrepancies", [])):
        refs_ = d.get("claims", [])
        for a in refs_:
            for b in refs_:
                if a < b and frozenset((a, b)) in linked:
                    errs.append(f"not_discrepancy {i}: {a!r} and {b!r} are also linked")
    return errs


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or [HERE / name for name in CORPORA]
    failed = False
    for path in paths:
        corpus = CORPORA.get(path.name)
        if corpus is None:
            print(f"{path}: unknown gold file (expected one of {', '.join(CORPORA)})")
            failed = True
            continue
        errs = check(path, corpus)
        gold = json.loads(path.read_text(encoding="utf-8"))
        summary = (
            f"{len(gold['claims'])} claims, {len(gold['links'])} links, "
            f"{len(gold['discrepancies'])} discrepancies, {len(gold['not_discrepancies'])} not_discrepancies"
        )
        if errs:
            failed = True
            print(f"FAIL {path.name}: {summary}")
            for e in errs:
                print(f"  {e}")
        else:
            print(f"ok   {path.name}: {summary}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
