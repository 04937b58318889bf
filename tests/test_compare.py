"""Comparing two claims' values: conflicts, minor differences, wording, changes, and non-comparisons."""

import datetime as dt
import re
from pathlib import Path

import pytest
from crosscheck.compare import compare_claims, compare_group, compare_values, in_currency
from crosscheck.extract.values import find_values
from crosscheck.model import Claim, DatedEvidence, Source

REF = dt.date(2023, 3, 10)


def claim(text, reference=REF):
    return Claim(id=text[:12], source="s", sentence="a", text=text, start=0, end=len(text), values=find_values(text, reference))


def relation(a, b, a_date="2023-03-10", b_date="2023-03-10"):
    return compare_claims(claim(a), claim(b), a_date, b_date).relation


def test_first_time_since_a_year_and_in_n_years_agree_in_other_words():
    verdict = compare_claims(claim("The service issued a red warning for the first time since 2017."),
                             claim("The service raised its red warning for the first time in six years."), "2023-03-10", "2023-03-10")
    assert verdict.relation == "wording" and "2017" in verdict.why


def test_a_qualifier_is_a_minor_difference():
    assert relation("The talks lasted 2.5 hours.", "The talks, which lasted more than two and a half hours, ended.") == "minor"


def test_a_start_date_against_another_is_a_conflict():
    assert relation("The state of emergency has been in force since March 2.",
                    "The government declared the state of emergency in force on Monday, March 6.") == "conflict"


def test_a_rising_toll_between_reports_is_an_update():
    assert relation("The flood killed nine people, officials said.", "The flood has killed 14 people, officials said.",
                    "2023-03-09", "2023-03-10") == "update"


def test_rounding_is_minor():
    assert relation("The ministry says the damage will cost $2.25 billion.",
                    "The ministry puts the damage at $2.3 billion.") == "minor"


def test_equal_numbers_of_different_kinds_are_not_compared():
    assert relation("The enemy fired 35 drones at the city.", "Even 35% of society believes it.") == "same"


def test_figures_for_different_things_are_not_a_conflict():
    assert relation("Prime Minister Andrej Vasilev declared three days of national mourning.",
                    "Prime Minister Andrej Vasilev promised findings within 90 days, and a debate in parliament.") == "same"


def test_a_guessed_pairing_never_makes_a_conflict():
    # two counts in one sentence: the pairing is a guess, so different numbers are not called a conflict
    assert relation("About 3,000 people were evacuated and 40 people are missing.",
                    "27 people are still missing.") == "same"


def test_a_guessed_pairing_can_still_be_a_minor_difference():
    assert relation("About 3,000 people were evacuated and 40 people are missing.",
                    "More than 3,000 people have been evacuated.") == "minor"


def test_a_month_against_a_day_in_it_is_no_difference():
    # a day in the month says more, not otherwise: never a difference, with shared words or without
    assert relation("And in February of this year, the country gave its territory for attacks.",
                    "He came to the capital on February 18, a few days before the invasion.") in ("same", "wording")
    assert relation("The ministry opened the inquiry in June 1998, the ministry said.",
                    "The ministry opened the inquiry in 1998, the ministry said.") == "wording"


def test_a_claim_that_agrees_with_a_linked_claim_meets_its_conflict_too():
    """a-b and b-c are linked, a-c not; all three state one start date once: a and c are compared."""
    texts = {
        "x": "The regional police began a search of the forest on March 2, officials said.",
        "y": "From March 6 to 9, the regional police carried out a search of the forest.",
        "z": "On Monday, March 6, the governor ordered a search of the forest by the police.",
    }
    claims = [Claim(id=f"c-{key}", source=key, sentence="a", text=text, start=0, end=len(text), values=find_values(text, REF))
              for key, text in texts.items()]
    sources = {key: Source(id=key, path=f"{key}.txt", format="txt", title=key, text=text, blocks=(),
                           reference=DatedEvidence(REF, origin="metadata")) for key, text in texts.items()}
    _, chained = compare_group("g", claims, sources, {("c-x", "c-y"), ("c-y", "c-z")})
    assert {(d.kind, d.claims) for d in chained} >= {("conflict", ("c-x", "c-y")), ("conflict", ("c-x", "c-z"))}
    _, direct_only = compare_group("g", claims, sources, {("c-x", "c-y")})
    assert {d.claims for d in direct_only} == {("c-x", "c-y")}


def test_a_bare_weekday_against_another_is_a_conflict():
    verdict = compare_claims(claim("The central bank said on Monday it would hold its key rate at 6.5 percent."),
                             claim("The central bank said Thursday it would hold its key rate at 6.5 percent."),
                             "2022-11-14", "2022-11-14")
    assert verdict.relation == "conflict" and "2022-11-10" in verdict.why and "2022-11-14" in verdict.why


def test_weekdays_that_name_one_day_from_reports_days_apart_agree():
    # Monday 14 November, said on the day and, the next Wednesday, as "on Monday"
    assert relation("The central bank said on Monday it would hold its key rate at 6.5 percent.",
                    "The central bank said on Monday it would hold its key rate at 6.5 percent.",
                    "2022-11-14", "2022-11-16") == "same"


def test_the_same_year_less_date_from_sources_dated_years_apart_is_not_a_conflict():
    """What the texts say agrees; only the years inferred from the two sources' dates differ."""
    text = "Analysts reported on February 17 that the rollout of the new units had begun in the north."
    verdict = compare_claims(claim(text, dt.date(2022, 12, 13)), claim(text, dt.date(2024, 4, 15)), "2022-12-13", "2024-04-15")
    assert verdict.relation == "same"


def test_a_date_given_the_wrong_weekday_is_a_minor_difference():
    verdict = compare_claims(claim("The government declared a state of emergency in the valley on Monday, March 6."),
                             claim("The government declared a state of emergency in the valley on Tuesday, March 6."),
                             "2023-03-10", "2023-03-10")
    assert verdict.relation == "minor" and "Tuesday, March 6" in verdict.why


ISO_DAY = re.compile(r"\b\d{4}-\d{2}(?:-\d{2})?\b")


@pytest.mark.parametrize("kind", ("conflict", "possible", "update", "minor", "wording", "speaker"))
def test_every_kind_of_difference_has_a_sentence_that_reads_in_one_pass(kind):
    """Who says what, each source named once (never by a title cut mid-sentence), then what it means: no ISO
    dates, no "against", no reason written for the rules."""
    from crosscheck.compare import MEANING, ValueRow, explain_rows
    from crosscheck.model import Fact, Value

    def source(name, title, publisher="", day=9):
        return Source(name, f"{name}.txt", "txt", title, "", (), publisher=publisher,
                      reference=DatedEvidence(dt.date(2023, 3, day), ("Date:",), "metadata"))

    sources = {"001_a": source("001_a", "On the night of Monday, when the temperature outside dropped to -10, the first"),
               "b": source("b", "Flood report", "Valley News", 10), "c": source("c", "Short title", day=11)}
    if kind == "speaker":
        words = "we will not send troops"
        rows = (ValueRow(Value("quote", words, 0, 23, words, "vladimir-putin"), (Fact("f1", "c1", "001_a", Value("quote", words, 0, 23, words, "vladimir-putin")),)),
                ValueRow(Value("quote", words, 0, 23, words, "someone-else"), (Fact("f2", "c2", "b", Value("quote", words, 0, 23, words, "someone-else")),)))
    else:
        nine, fourteen, nine_words = (Value("count", "9", 0, 1, 9, "person"), Value("count", "14", 0, 2, 14, "person"),
                                      Value("count", "nine", 0, 4, 9, "person"))
        rows = ((ValueRow(nine, (Fact("f1", "c1", "001_a", nine), Fact("f3", "c3", "c", nine_words))),) if kind == "wording" else
                (ValueRow(nine, (Fact("f1", "c1", "001_a", nine), Fact("f3", "c3", "c", nine))),
                 ValueRow(fourteen, (Fact("f2", "c2", "b", fourteen),))))
    text = explain_rows(kind, rows, sources)
    assert text[:1].isupper() and text.endswith(".") and len(text) < 260, text
    for name in ("Source 001" if text.startswith("Source 001") else "source 001", "Valley News" if kind != "wording" else "Short title"):
        assert text.count(name) == 1, (name, text)
    assert "\u2026" not in text and "night of Monday" not in text  # a long title is no name
    assert not ISO_DAY.search(text) and " against " not in text, text
    assert kind == "wording" or text.endswith(MEANING.get(kind, ".")), text
    if kind == "update":
        assert "“9” on 9 March 2023" in text and "“14” on 10 March 2023" in text
    if kind == "wording":
        assert "“9” and “nine”" in text


ECB_PLUS = Path(__file__).parent / "data" / "ecbplus" / "sources"


def money_in(path: Path, marker: str, reference: dt.date):
    """The money values of the line of a real article that holds ``marker``."""
    line = next(line for line in path.read_text(encoding="utf-8").splitlines() if marker in line)
    return [value for value in find_values(line, reference) if value.kind == "money"]


def test_one_sum_in_euros_and_in_dollars_is_the_same_sum_in_other_words():
    # two outlets' report of one bailout: "euro110 billion ($141 billion)" and "?110-billion ($143-billion)"
    euros, dollars = money_in(ECB_PLUS / "8_3ecbplus.txt", "loan package to keep it", dt.date(2010, 5, 5))
    _, other_dollars = money_in(ECB_PLUS / "8_2ecbplus.txt", "debt bailout at the weekend", dt.date(2010, 5, 5))
    assert (euros.unit, dollars.unit, other_dollars.unit) == ("EUR", "USD", "USD")
    assert compare_values(euros, dollars, "2010-05-05", "2010-05-05").relation == "wording"
    assert compare_values(euros, other_dollars, "2010-05-05", "2010-05-05").relation == "wording"
    assert 140e9 < in_currency(euros, "USD", "2010-05-05") < 150e9  # the ECB's rate of that day, about 1.30


def test_sums_in_two_currencies_that_do_not_convert_are_not_called_a_conflict():
    euros = find_values("The fund lent 110 billion euros.", dt.date(2010, 5, 5))[0]
    dollars = find_values("The fund lent $60 billion.", dt.date(2010, 5, 5))[0]
    assert compare_values(euros, dollars, "2010-05-05", "2010-05-05").relation == "incomparable"
    assert in_currency(euros, "XYZ") is None


def test_exactly_a_number_is_that_number_and_about_it_is_not():
    assert relation("Exactly five players were traded, the club said.", "Five players were traded, the club said.") == "same"
    assert relation("About five players were traded, the club said.", "Five players were traded, the club said.") == "minor"
    assert relation("About five players were traded, the club said.", "About five players left, the club said.") == "same"


def test_a_time_of_day_with_a_qualifier_is_a_minor_difference():
    # the qualifier only: "at about 9:25" and "At 9.25 a.m." (real reports of one attack, ECB+ topic 12)
    assert relation("The pirates attacked at about 9:25 in the morning, the navy said.",
                    "The pirates attacked at 9.25 a.m., the navy said.") == "minor"
    assert relation("The pirates attacked at 9.25 a.m., the navy said.", "The pirates attacked at 9:25 a.m., the navy said.") == "same"
    assert relation("The pirates attacked at 9.25 a.m., the navy said.", "The pirates attacked at 9:45 a.m., the navy said.") == "conflict"


@pytest.mark.parametrize("first, second, expected", [
    # a bound allows every figure on its side, a vague amount among them
    ("She left the clinic after a couple of minutes.", "She spent less than an hour at the clinic.", "minor"),
    ("More than a dozen people were hurt.", "Dozens of people were hurt.", "minor"),
    ("Up to a dozen people were hurt.", "Dozens of people were hurt.", "conflict"),
    ("Several hundred people marched.", "Hundreds of people marched.", "minor"),
    ("A few thousand people marched.", "Hundreds of people marched.", "conflict"),
])
def test_bounds_and_vague_amounts_allow_what_they_say(first, second, expected):
    assert relation(first, second) == expected
