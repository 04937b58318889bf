import datetime as dt
from pathlib import Path

import pytest
from crosscheck.ingest.dates import (
    DateError,
    infer_reference,
    parse_metadata_date,
    timestamp_in,
    weekday_dates,
)


def test_weekday_dates_in_several_orders():
    found = weekday_dates("On Tuesday, December 13, and Friday 16 December, then on Monday, the 19th of December.")
    assert [(pair.weekday, pair.month, pair.day) for pair in found] == [(1, 12, 13), (4, 12, 16), (0, 12, 19)]


def test_reference_from_weekday_pairs_without_publication_date(seeds):
    reference = seeds["001_4fc8f84063c97fd3.txt"].reference
    assert reference.date == dt.date(2022, 12, 19)
    assert reference.origin == "weekday"
    assert "Monday, December 19" in reference.evidence and "Friday, December 16" in reference.evidence


def test_publication_date_from_timestamp_and_disagreement_note(seeds):
    source = seeds["004_9dd83f3904ce7482.txt"]
    assert source.published.date == dt.date(2024, 4, 15)
    assert source.published.origin == "text"
    assert source.reference.date == dt.date(2022, 12, 13)
    assert len(source.date_notes) == 1
    assert "2024-04-15" in source.date_notes[0] and "Tuesday, December 13" in source.date_notes[0]
    assert "2022" in source.date_notes[0]


def test_reference_from_years_mentioned_is_marked_weak(seeds):
    reference = seeds["003_77591201f77be997.txt"].reference
    assert reference.origin == "years"
    assert reference.date == dt.date(2022, 12, 19)


def test_no_dates_at_all(seeds):
    assert seeds["002_0074723eceba00cc.txt"].reference is None
    assert infer_reference("Nothing dated here.", None) == (None, ())


def test_publication_date_is_the_reference_when_text_has_no_weekdays():
    reference, notes = infer_reference("The vote took place yesterday.", dt.date(2023, 5, 4))
    assert reference.date == dt.date(2023, 5, 4) and reference.origin == "metadata" and notes == ()


def test_weekday_pairs_agreeing_with_publication_keep_the_publication_date():
    reference, notes = infer_reference("Polls closed on Sunday, 5 November.", dt.date(2023, 11, 6))
    assert reference.date == dt.date(2023, 11, 6) and reference.origin == "metadata"
    assert reference.evidence == ("the publication date", "Sunday, 5 November")
    assert notes == ()


def test_weekday_year_is_searched_backwards_from_publication():
    # Friday 29 December fits 2023, not 2024 (nor 2022)
    reference, notes = infer_reference("The decision came on Friday, December 29.", dt.date(2024, 6, 1))
    assert reference.date == dt.date(2023, 12, 29) and reference.origin == "weekday"
    assert "fits 2023, not 2024" in notes[0]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2022-12-19", dt.datetime(2022, 12, 19)),
        ("2022-12-19T08:30:00+02:00", dt.datetime(2022, 12, 19, 8, 30, tzinfo=dt.timezone(dt.timedelta(hours=2)))),
        ("2022-12-19 10:20", dt.datetime(2022, 12, 19, 10, 20)),
        ("December 19, 2022", dt.datetime(2022, 12, 19)),
        ("19 Dec 2022", dt.datetime(2022, 12, 19)),
    ],
)
def test_metadata_dates(text, expected):
    assert parse_metadata_date(text) == expected


@pytest.mark.parametrize("text", ["2022-02-30", "2023-13-01", "not a date", ""])
def test_impossible_metadata_dates_raise_with_advice(text):
    with pytest.raises(DateError, match="date"):
        parse_metadata_date(text)


def test_timestamp_in_header_lines():
    found = timestamp_in(["Markets", "Updated 2023-06-01T09:00:00Z by staff"])
    assert found.date == dt.date(2023, 6, 1)
    assert timestamp_in(["Version 2023-02-31"]) is None


def test_one_mistyped_weekday_does_not_move_the_reference_years_away():
    # 13 March was a Thursday in 2014, nine years before the publication date: a typo, not the date of the text
    reference, _ = infer_reference("Experts have been on the dam since Thursday, March 13.", dt.date(2023, 3, 14))
    assert reference.date == dt.date(2023, 3, 14) and reference.origin == "metadata"


def test_one_weekday_pair_may_date_a_page_saved_a_year_after_it_came_out():
    reference, notes = infer_reference("The check began on Tuesday, December 13.", dt.date(2024, 4, 15))
    assert reference.date == dt.date(2022, 12, 13) and reference.origin == "weekday" and notes


# ---------------------------------------------------------------- reference dates within a story (issue 15)

from crosscheck.ingest.dates import story_reference  # noqa: E402
from crosscheck.model import DatedEvidence  # noqa: E402


@pytest.fixture(scope="module")
def seed_analysis():
    from pathlib import Path

    from crosscheck.pipeline import analyse

    return {source.path.rsplit("/", 1)[-1][:3]: source
            for source in analyse(Path(__file__).resolve().parent.parent / "content", ["sources"], [], ["entities"]).sources}


def test_a_source_dated_by_an_earlier_event_it_mentions_takes_its_storys_date(seed_analysis):
    """004 mentions "On Tuesday, December 13" (the readiness check ordered before the visit) and reports the ISW
    assessment after the 19 December visit, which the other sources of its story date."""
    reference = seed_analysis["004"].reference
    assert reference.date == dt.date(2022, 12, 19) and reference.origin == "story"
    assert "2022-12-13" in reference.evidence[0]


def test_a_source_with_only_a_weekday_takes_its_storys_date(seed_analysis):
    """002 says the visit was "on Monday" and names no date: its story's firmly dated sources give 19 December 2022, a Monday."""
    reference = seed_analysis["002"].reference
    assert reference.date == dt.date(2022, 12, 19) and reference.date.weekday() == 0


def firm(day, origin="metadata"):
    return DatedEvidence(dt.date(2023, 5, day), ("x",), origin)


@pytest.mark.parametrize("own, others, expected", [
    # a publication date says when it was written: the story does not move it
    (firm(2), [(firm(9), "A"), (firm(9), "B")], firm(2)),
    # a date mentioned three weeks before the story's is another event, not a lower bound of this one
    (DatedEvidence(dt.date(2023, 4, 10), ("Monday, April 10",), "weekday"), [(firm(1), "A"), (firm(1), "B")], None),
    # the story's firm dates lie more than a week apart: more than one event, none of them surely this one's
    (None, [(firm(3), "A"), (firm(20), "B")], None),
    # a weak date of another source (a year and a day it mentions) is no evidence of the story's date
    (None, [(DatedEvidence(dt.date(2014, 3, 2), ("x",), "years"), "A")], None),
    # the story's date is earlier than the one mentioned: a lower bound is never moved back
    (DatedEvidence(dt.date(2023, 5, 9), ("Tuesday, May 9",), "weekday"), [(firm(5), "A"), (firm(5), "B")], None),
])
def test_a_reference_date_moves_to_its_storys_only_forward_within_a_week(own, others, expected):
    assert story_reference(own, others) == (expected or own)


def test_a_mentioned_date_days_before_the_storys_moves_to_it():
    own = DatedEvidence(dt.date(2023, 5, 2), ("Tuesday, May 2",), "weekday")
    moved = story_reference(own, [(firm(6), "A"), (firm(6), "B"), (firm(1), "C")])
    assert moved.date == dt.date(2023, 5, 6) and moved.origin == "story"


def test_a_weekday_date_ahead_is_not_the_reference():
    """A date of what is to come ("will be broadcast on Sunday, March 2, 2014") is no day the source reports from."""
    reference, _ = infer_reference("The show will be broadcast live on Sunday, March 2, 2014, on television.", None)
    assert reference is None or reference.origin != "weekday"
    reference, _ = infer_reference("The ceremony took place on Sunday, March 2, 2014, in the city.", None)
    assert reference.date == dt.date(2014, 3, 2) and reference.origin == "weekday"


# ---------------------------------------------------------------- wire datelines

from crosscheck.ingest.dates import dateline_in_corpus, wire_dateline  # noqa: E402
from crosscheck.ingest.source import ingest_bytes  # noqa: E402


@pytest.mark.parametrize("opening, expected", [
    ("MUMBAI, Nov 11 (Reuters) - The navy said", (11, 11, None, "MUMBAI, Nov 11 (Reuters)")),
    ("Mumbai, Nov 11: The navy said", (11, 11, None, "Mumbai, Nov 11")),
    ("WASHINGTON, March 3 -- Lawmakers voted", (3, 3, None, "WASHINGTON, March 3")),
    ("NEW DELHI / MUMBAI, 9 March 2023 (PTI) — Ships", (3, 9, 2023, "NEW DELHI / MUMBAI, 9 March 2023 (PTI)")),
    ("OSLO, Friday, March 3, 2023 (AP) – Fishermen", (3, 3, 2023, "OSLO, Friday, March 3, 2023 (AP)")),
])
def test_a_wire_dateline_gives_the_day_the_report_was_filed(opening, expected):
    found = wire_dateline(opening)
    assert (found.month, found.day, found.year, found.text) == expected


def test_no_dateline_without_a_day_or_at_a_sentences_start():
    wire = (Path(__file__).parent / "data" / "html" / "heldout_wire_rate_decision.gold.txt").read_text(encoding="utf-8")
    opening = wire.split("\n\n")[1]
    assert opening.startswith("WELLINGTON, New Zealand (PWS) —") and wire_dateline(opening) is None
    assert wire_dateline("On February 24, the country did join the alliance – troops crossed.") is None
    assert wire_dateline("Oslo, Feb 30 - No such day.") is None


def test_a_dateline_with_its_year_dates_a_report_without_a_date_header():
    ingested = ingest_bytes("Title: Dam\n\nVRESNA, 9 March 2023 (CPA) - The dam broke yesterday.\n".encode(), "wire.txt")
    published = ingested.source.published
    assert (published.date, published.origin, published.evidence) == (dt.date(2023, 3, 9), "dateline", ("VRESNA, 9 March 2023 (CPA)",))
    assert ingested.source.reference.date == dt.date(2023, 3, 9)
    # a Date: header is the better witness, and stays
    ingested = ingest_bytes("Title: Dam\nDate: 2023-03-10\n\nVRESNA, 9 March 2023 (CPA) - The dam broke.\n".encode(), "wire.txt")
    assert ingested.source.published.origin == "metadata"


def test_a_dateline_without_its_year_takes_the_nearest_firm_dates_year_else_the_latest_year_mentioned():
    text = "VRESNA, Jan 2 (CPA) - The dam, rebuilt in 2021 and 2022, broke yesterday."
    near = dateline_in_corpus(text, [dt.date(2022, 12, 30)])
    assert (near.date, near.origin) == (dt.date(2023, 1, 2), "dateline")  # across the new year, not 361 days back
    assert "2022-12-30" in near.evidence[1]
    far = dateline_in_corpus(text, [dt.date(2022, 6, 1)])  # months away: no witness of its year
    # the latest year it mentions is a guess (it may be history the report tells), and so a weak reference
    assert (far.date, far.origin, far.evidence[1]) == (dt.date(2022, 1, 2), "years", "the year from the latest year mentioned, 2022")
    assert dateline_in_corpus("VRESNA, Jan 2 (CPA) - The dam broke.", []) is None
