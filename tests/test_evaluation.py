"""The evaluation itself: scores that cannot flatter, and headline figures that may not fall unnoticed."""

import json
from pathlib import Path

import pytest
from crosscheck.evaluate import (
    HELD_OUT,
    Prediction,
    Score,
    leave_one_out,
    load,
    load_corpora,
    score,
)
from crosscheck.model import Discrepancy, Fact, Group, Value

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "gold"
RECORDED = GOLD / "recorded.json"
NOISE = 0.05  # a figure may move this much when a rule changes elsewhere; more is a regression


def test_a_score_with_nothing_found_is_no_score():
    empty = Score("conflicts", 0, 0, 0, 3)
    assert empty.precision is None and empty.recall == 0.0
    assert "– (0 found)" in str(empty)


def test_the_gold_is_scored_mention_by_mention():
    """Two sources state one count; linked, the pair is found, and a wrong value in one is a disagreement."""
    gold = {"facts": [{"id": "toll", "kind": "count", "mentions": [
        {"file": "a.txt", "sentence": "the flood killed nine people", "text": "nine people", "value": 9, "unit": "person", "qualifier": ""},
        {"file": "b.txt", "sentence": "the flood killed 14 people", "text": "14 people", "value": 14, "unit": "person", "qualifier": ""}]}],
        "discrepancies": [{"fact": "toll", "kind": "conflict", "sides": [["a.txt::the flood killed nine people"],
                                                                       ["b.txt::the flood killed 14 people"]], "note": "9 vs 14"}]}
    facts = [Fact("f-a", "c-a", "a", Value("count", "nine", 16, 20, 9, "person")),
             Fact("f-b", "c-b", "b", Value("count", "14", 16, 18, 14, "person"))]
    texts = {"c-a": "the flood killed nine people", "c-b": "the flood killed 14 people"}
    linked = Prediction(facts, texts, {"a": "a.txt", "b": "b.txt"}, [Group("g-1", ("c-a", "c-b"), "conflict", "", "fact", ("f-a", "f-b"))],
                        [Discrepancy("d-1", "g-1", "conflict", 1.0, ("c-a", "c-b"), "")])
    by_name = {item.name: item for item in score(gold, linked)}
    assert by_name["same-fact links"].recall == 1.0 and by_name["conflicts"].precision == 1.0
    apart = Prediction(facts, texts, {"a": "a.txt", "b": "b.txt"}, [], [])
    by_name = {item.name: item for item in score(gold, apart)}
    assert by_name["same-fact links"].recall == 0.0 and by_name["same-fact links"].precision is None
    assert by_name["disagreements flagged"].recall == 0.0


def test_one_text_that_states_two_facts_is_two_mentions():
    """A record "58-3" states wins and defeats: each gold mention is found as the fact of its own value."""
    def mention(file, value):
        return {"file": file, "sentence": "improved to 58-3 in all", "text": "58-3", "value": value, "unit": "", "qualifier": ""}

    gold = {"facts": [{"id": "wins", "kind": "count", "mentions": [mention("a.txt", 58), mention("b.txt", 58)]},
                      {"id": "defeats", "kind": "count", "mentions": [mention("a.txt", 3), mention("b.txt", 3)]}],
            "discrepancies": []}
    facts = [Fact(f"f-{source}{value}", f"c-{source}", source, Value("count", str(value), start, end, value))
             for source in "ab" for value, start, end in ((58, 12, 14), (3, 15, 16))]
    texts = {"c-a": "improved to 58-3 in all", "c-b": "improved to 58-3 in all"}
    groups = [Group(f"g-{value}", ("c-a", "c-b"), "corroborated", "", "fact", (f"f-a{value}", f"f-b{value}")) for value in (58, 3)]
    by_name = {item.name: item for item in score(gold, Prediction(facts, texts, {"a": "a.txt", "b": "b.txt"}, groups, []))}
    assert by_name["mentions found"].recall == 1.0
    assert (by_name["same-fact links"].precision, by_name["same-fact links"].recall) == (1.0, 1.0)
    one_group = [Group("g-all", ("c-a", "c-b"), "corroborated", "", "fact", tuple(fact.id for fact in facts))]
    by_name = {item.name: item for item in score(gold, Prediction(facts, texts, {"a": "a.txt", "b": "b.txt"}, one_group, []))}
    assert by_name["same-fact links"].precision == 0.5


def test_words_quoted_over_two_sentences_are_found_as_the_quoted_fact_of_each_sentence():
    """The analysis quotes each sentence of a long quote on its own; a gold mention of the whole quote is found by the
    quoted fact of its first sentence, in each report, and the two are linked when those facts are."""
    line = "\"She's in rehab right now. Nothing bad is going to happen,\" he said."
    gold = {"facts": [{"id": "rehab", "kind": "quote", "mentions": [
        {"file": name, "sentence": line, "text": "She's in rehab right now. Nothing bad is going to happen",
         "value": "", "unit": "", "qualifier": ""} for name in ("a.txt", "b.txt")]}], "discrepancies": []}
    first, second = "\"She's in rehab right now.", "Nothing bad is going to happen,\" he said."
    facts = [Fact(f"f-{source}{at}", f"c-{source}{at}", source, Value("quote", words, 1, 1 + len(words), words.casefold()))
             for source in "ab" for at, words in ((1, "She’s in rehab right now."), (2, "Nothing bad is going to happen,"))]
    texts = {f"c-{source}{at}": text for source in "ab" for at, text in ((1, first), (2, second))}
    groups = [Group("g-1", ("c-a1", "c-b1"), "corroborated", "", "fact", ("f-a1", "f-b1"))]
    by_name = {item.name: item for item in score(gold, Prediction(facts, texts, {"a": "a.txt", "b": "b.txt"}, groups, []))}
    assert by_name["mentions found"].recall == 1.0
    assert by_name["same-fact links"].recall == 1.0
    # a quoted fact of other words is not the mention
    other = [Fact("f-a1", "c-a1", "a", Value("quote", "She is not in rehab.", 1, 20, "she is not in rehab"))]
    by_name = {item.name: item for item in score(gold, Prediction(other, texts, {"a": "a.txt", "b": "b.txt"}, [], []))}
    assert by_name["mentions found"].recall == 0.0


@pytest.fixture(scope="module")
def fitted():
    corpora = load_corpora(GOLD)
    assert not {corpus.name for corpus in corpora} & set(HELD_OUT), "held-out corpora are never scored while developing"
    return leave_one_out(corpora)


def test_headline_figures_do_not_fall(fitted):
    """Each corpus, with the threshold fitted on the others, against the figures last recorded (recorded.json)."""
    recorded = load(RECORDED)
    for name, (_, scores, _) in fitted.items():
        by_name = {item.name: item for item in scores}
        for figure, value in recorded[name].items():
            measure, _, which = figure.rpartition(" ")
            now = getattr(by_name[measure], which)
            assert now is not None and now >= value - NOISE, f"{name}: {figure} fell from {value:.2f} to {now}"


if __name__ == "__main__":  # python tests/test_evaluation.py: record the current figures
    corpora = load_corpora(GOLD)
    figures = {}
    for name, (_, scores, _) in leave_one_out(corpora).items():
        by_name = {item.name: item for item in scores}
        figures[name] = {f"{measure} {which}": round(value, 2) for measure in ("same-fact links", "disagreements flagged")
                         for which in ("precision", "recall") if (value := getattr(by_name[measure], which)) is not None}
    RECORDED.write_text(json.dumps(figures, indent=1) + "\n")
    print(json.dumps(figures, indent=1))
