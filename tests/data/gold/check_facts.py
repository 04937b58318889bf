"""Validate fact gold files (the format of FACTS.md) against their articles.

    python tests/data/gold/check_facts.py            # every *.facts.json next to this file
    python tests/data/gold/check_facts.py FILE...    # the given files

A file's articles are in its "folder" field, relative to the repository root.

Checks:
  * the top-level keys are those of FACTS.md; every story names existing files;
  * fact ids are unique; a fact names a known story, an allowed kind and has
    mentions in at least two of the story's files (facts stated once are not
    labelled);
  * every mention's file is in its fact's story; its "sentence" is 20-80
    characters and occurs exactly once, verbatim, in that file; its "text"
    occurs verbatim in the whole sentence(s) that contain "sentence" (the
    splitter of check_gold.py); its qualifier is allowed and its value and unit
    have the shape the fact's kind calls for (a quote's words also occur in
    that sentence);
  * no two mentions of one fact share file, sentence and text;
  * every discrepancy names an existing fact and an allowed kind, has a note
    and at least two non-empty sides, and each side's "file::sentence"
    reference names a mention of that fact (and sits on one side only).

Prints one "path: problem" line per problem (and "path: ok ..." for a file
that passes). Exit status 0 when every file passes, 1 otherwise.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from check_gold import (  # noqa: E402
    ROOT,
    enclosing_sentence,
    is_number,
    sentence_problems,
    valid_date,
)

TOP_KEYS = {"corpus", "folder", "labelled", "stories", "facts", "discrepancies"}
FACT_KEYS = {"id", "story", "question", "kind", "mentions"}
MENTION_KEYS = {"file", "sentence", "text", "value", "unit", "qualifier"}
KINDS = {
    "date", "date_range", "time", "duration", "age", "count", "money", "percent",
    "length", "area", "mass", "speed", "temperature", "magnitude", "ordinal", "since", "quote",
}  # fmt: skip
MEASURES = {"length", "area", "mass", "speed", "temperature"}
QUALIFIERS = {"", "approximate", "at_least", "more_than", "less_than", "up_to"}
DISCREPANCY_KINDS = {"conflict", "minor", "wording", "update", "speaker"}
DURATION_UNITS = {"second", "minute", "hour", "day", "week", "month", "year"}
MAGNITUDE_SCALES = {"richter", "moment", ""}
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
CURRENCY = re.compile(r"^[A-Z]{3}$")


def _named(unit) -> bool:
    return isinstance(unit, str) and bool(unit.strip())


def value_problems(kind: str, value, unit) -> list[str]:
    """Why (value, unit) does not have the shape `kind` calls for; [] when it does."""
    shape = f"{value!r} {unit!r}"
    if not isinstance(unit, str):
        return [f"unit {unit!r} is not a string"]
    if kind == "date":
        ok = valid_date(value) and unit == ""
    elif kind == "date_range":
        ok = (
            isinstance(value, list)
            and len(value) == 2
            and all(valid_date(x) for x in value)
            and value[0] <= value[1]
            and unit == ""
        )
    elif kind == "time":
        ok = isinstance(value, str) and bool(TIME.match(value))
    elif kind == "duration":
        ok = is_number(value) and value >= 0 and unit in DURATION_UNITS
    elif kind == "age":
        ok = is_number(value) and value >= 0 and unit == "year"
    elif kind == "count":
        ok = _named(unit) and (
            is_number(value)
            or (isinstance(value, list) and len(value) == 2 and all(is_number(x) for x in value) and value[0] <= value[1])
        )
    elif kind == "money":
        ok = is_number(value) and bool(CURRENCY.match(unit))
    elif kind == "percent":
        ok = is_number(value) and unit == "percent"
    elif kind in MEASURES:
        ok = is_number(value) and _named(unit)
    elif kind == "magnitude":
        ok = is_number(value) and unit in MAGNITUDE_SCALES
    elif kind == "ordinal":
        ok = isinstance(value, int) and not isinstance(value, bool) and value > 0 and _named(unit)
    elif kind == "since":
        ok = (
            isinstance(value, dict)
            and len(value) == 1
            and set(value) <= {"last", "start"}
            and all(valid_date(x) for x in value.values())
            and unit == ""
        )
    elif kind == "quote":
        ok = isinstance(value, str) and bool(value.strip()) and _named(unit)
    else:
        return [f"kind {kind!r} not allowed"]
    return [] if ok else [f"bad {kind} value {shape}"]


def check(gold_path: Path) -> list[str]:
    """Every problem of one fact gold file, as sentences without the path."""
    try:
        gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return [f"cannot read: {e}"]
    if not isinstance(gold, dict):
        return ["top level is not an object"]
    errs: list[str] = []
    if set(gold) != TOP_KEYS:
        errs.append(f"top-level keys {sorted(gold)} != {sorted(TOP_KEYS)}")
    for key in ("corpus", "labelled"):
        if not isinstance(gold.get(key), str) or not gold.get(key):
            errs.append(f"{key}: missing or empty")
    folder_name = gold.get("folder")
    if not isinstance(folder_name, str) or not folder_name:
        return [*errs, "folder: missing or empty"]
    folder = ROOT / folder_name
    if not folder.is_dir():
        return [*errs, f"folder: no directory {folder_name}"]

    texts: dict[str, str] = {}
    stories = gold.get("stories")
    if not isinstance(stories, dict) or not stories:
        errs.append("stories: missing or empty")
        stories = {}
    for story, names in stories.items():
        if not isinstance(names, list) or not names:
            errs.append(f"story {story}: no files")
            continue
        for name in names:
            path = folder / str(name)
            if not path.is_file():
                errs.append(f"story {story}: no file {name} in {folder_name}")
            elif name not in texts:
                texts[name] = path.read_text(encoding="utf-8")

    # fact id -> {"file::sentence"} of its mentions
    mention_refs: dict[str, set[str]] = {}
    ids: set[str] = set()
    for i, fact in enumerate(gold.get("facts") or []):
        fid = fact.get("id")
        where = f"fact {fid or i}"
        if set(fact) != FACT_KEYS:
            errs.append(f"{where}: keys {sorted(fact)} != {sorted(FACT_KEYS)}")
        if not isinstance(fid, str) or not fid:
            errs.append(f"{where}: missing id")
        elif fid in ids:
            errs.append(f"{where}: duplicate id")
        ids.add(fid)
        if not fact.get("question"):
            errs.append(f"{where}: missing question")
        story = fact.get("story")
        if story not in stories:
            errs.append(f"{where}: unknown story {story!r}")
        kind = fact.get("kind")
        if kind not in KINDS:
            errs.append(f"{where}: kind {kind!r} not allowed")
        refs = mention_refs.setdefault(fid, set()) if isinstance(fid, str) else set()
        seen: set[tuple] = set()
        files_stating: set[str] = set()
        mentions = fact.get("mentions")
        if not isinstance(mentions, list):
            errs.append(f"{where}: mentions is not a list")
            mentions = []
        for m in mentions:
            name, sent, text = m.get("file"), m.get("sentence"), m.get("text")
            at = f"{where}: mention {name}::{sent!r}"
            if set(m) != MENTION_KEYS:
                errs.append(f"{at}: keys {sorted(m)} != {sorted(MENTION_KEYS)}")
            if story in stories and name not in (stories[story] or []):
                errs.append(f"{at}: file not in story {story!r}")
                continue
            if name not in texts:
                continue  # already reported as a missing story file
            if not isinstance(sent, str) or not isinstance(text, str) or not text:
                errs.append(f"{at}: sentence and text must be non-empty strings")
                continue
            article = texts[name]
            problems = sentence_problems(article, sent)
            errs.extend(f"{at}: {problem}" for problem in problems)
            if any("occurs" in problem for problem in problems):
                continue
            refs.add(f"{name}::{sent}")
            files_stating.add(name)
            whole = enclosing_sentence(article, sent)
            if text not in whole:
                errs.append(f"{at}: text {text!r} not in sentence {whole!r}")
            key = (name, sent, text)
            if key in seen:
                errs.append(f"{at}: text {text!r} labelled twice")
            seen.add(key)
            if m.get("qualifier", "") not in QUALIFIERS:
                errs.append(f"{at}: qualifier {m.get('qualifier')!r} not allowed")
            if kind in KINDS:
                errs.extend(f"{at}: {e}" for e in value_problems(kind, m.get("value"), m.get("unit")))
                if kind == "quote" and isinstance(m.get("value"), str) and m["value"] not in whole:
                    errs.append(f"{at}: quoted words {m['value']!r} not in sentence {whole!r}")
        if len(files_stating) < 2:
            errs.append(f"{where}: stated in {len(files_stating)} file(s); a fact needs mentions in two")

    for i, d in enumerate(gold.get("discrepancies") or []):
        fid = d.get("fact")
        where = f"discrepancy {i} ({fid})"
        if fid not in ids:
            errs.append(f"{where}: no fact {fid!r}")
        if d.get("kind") not in DISCREPANCY_KINDS:
            errs.append(f"{where}: kind {d.get('kind')!r} not allowed")
        if not d.get("note"):
            errs.append(f"{where}: missing note")
        sides = d.get("sides")
        if not (isinstance(sides, list) and len(sides) >= 2 and all(isinstance(s, list) and s for s in sides)):
            errs.append(f"{where}: sides must be at least two non-empty lists")
            continue
        placed: set[str] = set()
        for side in sides:
            for ref in side:
                if not isinstance(ref, str) or "::" not in ref:
                    errs.append(f"{where}: bad reference {ref!r}")
                elif ref not in mention_refs.get(fid, set()):
                    errs.append(f"{where}: {ref!r} is not a mention of {fid}")
                elif ref in placed:
                    errs.append(f"{where}: {ref!r} is on more than one side")
                placed.add(ref)
    return errs


def summary(gold_path: Path) -> str:
    gold = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    facts = gold.get("facts", [])
    mentions = sum(len(f.get("mentions", [])) for f in facts)
    return f"{len(facts)} facts, {mentions} mentions, {len(gold.get('discrepancies', []))} discrepancies"


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or sorted(HERE.glob("*.facts.json"))
    failed = False
    for path in paths:
        errs = check(path)
        for e in errs:
            print(f"{path}: {e}")
        if errs:
            failed = True
        else:
            print(f"{path}: ok ({summary(path)})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
