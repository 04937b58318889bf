"""The fact gold files pass their validator, and the validator can fail."""

import copy
import importlib.util
import json
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parent / "data" / "gold"
FACT_FILES = sorted(GOLD.glob("*.facts.json"))

_spec = importlib.util.spec_from_file_location("check_facts", GOLD / "check_facts.py")
check_facts = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_facts)


@pytest.mark.parametrize("path", FACT_FILES, ids=[p.name for p in FACT_FILES])
def test_fact_gold_passes(path):
    assert check_facts.check(path) == []


def small_gold(folder: Path) -> dict:
    """A valid two-article fact file over articles written to `folder`."""
    (folder / "a.txt").write_text(
        "Title A\n\nTwo inmates escaped from the county jail on Monday night. Guards noticed at dawn.\n",
        encoding="utf-8",
    )
    (folder / "b.txt").write_text(
        "Title B\n\nPolice said three prisoners broke out of the jail late on Monday.\n",
        encoding="utf-8",
    )
    return {
        "corpus": "small",
        "folder": str(folder),  # absolute: the validator joins it to the repository root
        "labelled": "test",
        "stories": {"s": ["a.txt", "b.txt"]},
        "facts": [
            {
                "id": "s-escaped",
                "story": "s",
                "question": "How many inmates escaped?",
                "kind": "count",
                "mentions": [
                    {
                        "file": "a.txt",
                        "sentence": "Two inmates escaped from the county jail",
                        "text": "Two inmates",
                        "value": 2,
                        "unit": "inmate",
                        "qualifier": "",
                    },
                    {
                        "file": "b.txt",
                        "sentence": "three prisoners broke out of the jail",
                        "text": "three prisoners",
                        "value": 3,
                        "unit": "inmate",
                        "qualifier": "",
                    },
                ],
            }
        ],
        "discrepancies": [
            {
                "fact": "s-escaped",
                "kind": "conflict",
                "sides": [["a.txt::Two inmates escaped from the county jail"], ["b.txt::three prisoners broke out of the jail"]],
                "note": "2 vs 3",
            }
        ],
    }


def breakages(gold: dict):
    """(name, broken copy) for three deliberate mistakes in a valid gold file."""
    fact = next(f for f in gold["facts"] if f["mentions"])
    i = gold["facts"].index(fact)

    wrong_text = copy.deepcopy(gold)
    wrong_text["facts"][i]["mentions"][0]["text"] = "zz no such words zz"
    yield "wrong substring", wrong_text

    bad_kind = copy.deepcopy(gold)
    bad_kind["facts"][i]["kind"] = "vibe"
    yield "bad kind", bad_kind

    unknown_side = copy.deepcopy(gold)
    m = fact["mentions"][0]
    unknown_side["discrepancies"].append(
        {
            "fact": fact["id"],
            "kind": "conflict",
            "sides": [[f"{m['file']}::{m['sentence']}"], [f"{m['file']}::no such mention anywhere here"]],
            "note": "broken on purpose",
        }
    )
    yield "unknown mention", unknown_side


def write(path: Path, gold: dict) -> Path:
    path.write_text(json.dumps(gold, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_validator_accepts_a_valid_file(tmp_path):
    assert check_facts.check(write(tmp_path / "small.facts.json", small_gold(tmp_path))) == []


@pytest.mark.parametrize("source", ["small", *(p.name for p in FACT_FILES)])
def test_validator_fails_on_broken_copies(tmp_path, source):
    gold = small_gold(tmp_path) if source == "small" else json.loads((GOLD / source).read_text(encoding="utf-8"))
    expected = {"wrong substring": "not in sentence", "bad kind": "not allowed", "unknown mention": "is not a mention of"}
    for name, broken in breakages(gold):
        problems = check_facts.check(write(tmp_path / f"broken-{source}", broken))
        assert any(expected[name] in p for p in problems), (name, problems)


def test_command_line_exit_status(tmp_path, capsys):
    good = write(tmp_path / "good.facts.json", small_gold(tmp_path))
    assert check_facts.main([str(good)]) == 0
    bad = dict(small_gold(tmp_path), facts=[])
    assert check_facts.main([str(write(tmp_path / "bad.facts.json", bad))]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'bad.facts.json'}: discrepancy 0 (s-escaped): no fact" in out
