"""The reader pages' data: the timeline and the source x claim matrix (views.py), without building a site."""

import datetime as dt
import itertools

import pytest
from crosscheck.compare import compare_group
from crosscheck.extract.values import find_values
from crosscheck.model import Claim, DatedEvidence, Discrepancy, Fact, Group, Source
from crosscheck.publish import views

REF = dt.date(2022, 12, 19)


def claim(claim_id, source, text):
    return Claim(id=claim_id, source=source, sentence=f"s-{claim_id}", text=text, start=0, end=len(text),
                 values=find_values(text, REF))


def source(source_id):
    return Source(id=source_id, path=f"{source_id}.txt", format="txt", title=f"Title {source_id}", text="", blocks=(),
                  reference=DatedEvidence(REF))


SOURCES = {name: source(name) for name in ("one", "two", "three")}
SINCE = claim("c-a", "one", "The army's surprise readiness inspection has been under way since December 6.")
ON = claim("c-b", "two", "The army's surprise readiness inspection began on Tuesday, December 13.")
AGREES = claim("c-c", "three", "The army's surprise readiness inspection began on December 13, the ministry said.")
YEAR = claim("c-d", "one", "The talks were first held in 2019, officials recalled.")
MONTH = claim("c-e", "two", "Talks resume in March 2023, the ministry said.")
UNDATED = claim("c-f", "three", "Nine people were hurt, the ministry said.")


@pytest.fixture
def conflict():
    status, found = compare_group("g-1", [SINCE, ON], SOURCES, {("c-a", "c-b")})
    assert status == "conflict"
    return found[0]


def test_period_of_a_day_a_month_and_a_year():
    assert views.period("2022-12-13") == (dt.date(2022, 12, 13), dt.date(2022, 12, 13))
    assert views.period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert views.period("2022-12") == (dt.date(2022, 12, 1), dt.date(2022, 12, 31))
    assert views.period("2019") == (dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    assert views.period("2021-02-30") is None and views.period("soon") is None


def test_dated_values_keep_their_role_in_words():
    since = views.dated(SINCE, SINCE.values[0])
    assert (since.role, since.start, since.words) == ("start", dt.date(2022, 12, 6), "since 6 December 2022")
    month = views.dated(MONTH, MONTH.values[0])
    assert month.start == dt.date(2023, 3, 1) and month.end == dt.date(2023, 3, 31) and not month.is_point
    assert views.dated(UNDATED, UNDATED.values[0]) is None


def test_every_dated_claim_is_on_the_timeline_in_order(conflict):
    line = views.timeline([MONTH, UNDATED, YEAR, ON, SINCE, AGREES], [conflict], SOURCES)
    # Earliest first; on one day, by source.
    assert [entry.claim.id for entry in line.entries] == ["c-d", "c-a", "c-c", "c-b", "c-e"]
    marks = {mark.claim.id: mark for row in line.rows for mark in row.marks}
    assert set(marks) == {"c-a", "c-b", "c-c", "c-d", "c-e"}
    # The axis keeps order, and a week is still visible next to years.
    assert marks["c-d"].x1 < marks["c-a"].x1 < marks["c-b"].x1 < marks["c-e"].x1
    assert marks["c-b"].x1 - marks["c-a"].x1 > 10
    assert marks["c-b"].x1 == marks["c-c"].x1  # the same day, the same place
    assert marks["c-d"].x2 > marks["c-d"].x1 and marks["c-a"].x2 == marks["c-a"].x1  # a year is a bar, a day a dot
    assert all(views.TIMELINE_MARGIN <= mark.x1 <= mark.x2 <= views.TIMELINE_WIDTH - views.TIMELINE_MARGIN
               for mark in marks.values())


def test_conflicting_dates_share_one_row_and_name_each_other(conflict):
    line = views.timeline([SINCE, ON, AGREES], [conflict], SOURCES)
    paired = [row for row in line.rows if row.conflict]
    assert len(paired) == 1 and paired[0].conflict.id == conflict.id
    assert [mark.claim.id for mark in paired[0].marks] == ["c-a", "c-b"]
    assert "since December 6" in paired[0].label and "Tuesday, December 13" in paired[0].label
    assert len(line.rows) == 2  # the pair, and the agreeing claim on a row of its own
    since, on, agrees = (next(entry for entry in line.entries if entry.claim.id == name) for name in ("c-a", "c-b", "c-c"))
    assert [other.claim.id for other in line.conflicts_with(since)] == ["c-b"]
    assert [other.claim.id for other in line.conflicts_with(on)] == ["c-a"]
    assert line.conflicts_with(agrees) == ()


def test_a_dismissed_conflict_is_drawn_as_two_marks():
    line = views.timeline([SINCE, ON], [], SOURCES)
    assert not any(row.conflict for row in line.rows) and len(line.rows) == 2


def test_each_row_is_labelled_with_what_happened(conflict):
    facts = {"g-0": [Fact("f-a", "c-a", "one", SINCE.values[0]), Fact("f-b", "c-b", "two", ON.values[0])]}
    line = views.timeline([SINCE, ON, YEAR], [conflict], SOURCES, facts, {"g-0": "When did the check start?"})
    paired = next(row for row in line.rows if row.conflict)
    assert paired.what == "When did the check start?"
    assert paired.label.startswith("Conflict: When did the check start? \u201csince December 6\u201d against")
    alone = next(row for row in line.rows if row.marks[0].claim.id == YEAR.id)  # a date that is no fact's: its sentence
    assert alone.what == views.shorten(YEAR.text, views.LABEL_CHARS)
    assert alone.label == f"{alone.what} \u201c{YEAR.values[0].text}\u201d"
    # Positions in per cent of the width, so the strip draws on a phone as on a desktop.
    assert all(0 < mark.left <= 100 and mark.left == round(100 * mark.x1 / views.TIMELINE_WIDTH, 2) for mark in paired.marks)
    assert paired.join == (paired.marks[0].left, paired.marks[-1].left)


def test_ticks_are_dates_in_order_and_apart():
    line = views.timeline([YEAR, SINCE, MONTH], [], SOURCES)
    xs = [tick.x for tick in line.ticks]
    assert xs == sorted(xs) and all(b - a >= views.TICK_SPACING for a, b in itertools.pairwise(xs))
    assert {"2019", "2022", "2023"} <= {tick.label for tick in line.ticks}
    # On a phone only ticks that stay apart at under half the width are written; years before months.
    shown = [tick.x for tick in line.ticks if not tick.minor]
    assert shown and all(b - a >= views.TICK_SPACING * views.PHONE_SCALE for a, b in itertools.pairwise(shown))
    assert {tick.anchor for tick in line.ticks} <= {"start", "middle", "end"} and line.ticks[0].anchor == "start"


def discrepancy(kind, a, b, group="g-0"):
    return Discrepancy(f"d-{kind}-{a.id}-{b.id}", group, kind, 0.0, (a.id, b.id), "")


LATER = claim("c-g", "three", "Talks resume in March 2023, officials said.")
CLAIMS = {item.id: item for item in (SINCE, ON, AGREES, YEAR, MONTH, LATER)}
GROUPS = [Group("g-0", ("c-a", "c-b", "c-c"), "conflict", SINCE.text), Group("g-1", ("c-d",), "single", YEAR.text),
          Group("g-2", ("c-e", "c-g"), "minor", MONTH.text)]
DISCREPANCIES = {"g-0": [discrepancy("conflict", SINCE, ON), discrepancy("wording", ON, AGREES)],
                 "g-2": [discrepancy("minor", MONTH, LATER, "g-2")]}


def test_matrix_cells_say_what_each_source_does():
    rows = views.matrix(list(SOURCES.values()), GROUPS, CLAIMS, DISCREPANCIES, "conflicts")
    states = {row.group.id: [cell.state for cell in row.cells] for row in rows}
    assert states["g-0"] == ["conflicts", "conflicts", "corroborates"]
    assert states["g-1"] == ["alone", "silent", "silent"]
    assert states["g-2"] == ["silent", "differs", "differs"]
    first = rows[0]
    assert first.group.id == "g-0" and first.count("conflicts") == 2 and first.sources == 3
    assert first.cells[0].claim.id == "c-a" and first.cells[2].claim.id == "c-c"
    assert rows[-1].group.id == "g-1" and rows[-1].cells[1].claim is None


def test_a_dismissed_discrepancy_leaves_its_cells_agreeing():
    rows = views.matrix(list(SOURCES.values()), GROUPS, CLAIMS, {}, "conflicts")
    assert rows[0].group.id == "g-0" and [cell.state for cell in rows[0].cells] == ["corroborates"] * 3


def test_matrix_orders():
    by_conflicts = views.matrix(list(SOURCES.values()), GROUPS, CLAIMS, DISCREPANCIES, "conflicts")
    by_sources = views.matrix(list(SOURCES.values()), GROUPS, CLAIMS, DISCREPANCIES, "sources")
    assert [row.group.id for row in by_conflicts] == ["g-0", "g-2", "g-1"]
    assert [row.sources for row in by_sources] == [3, 2, 1]
    with pytest.raises(ValueError, match="unknown matrix order"):
        views.matrix(list(SOURCES.values()), GROUPS, CLAIMS, DISCREPANCIES, "alphabet")
    totals = views.matrix_totals(by_conflicts, list(SOURCES.values()))
    assert [counts["conflicts"] for counts in totals] == [1, 1, 0]
    assert [counts["differs"] for counts in totals] == [0, 1, 1]
    assert all(sum(counts.values()) == len(GROUPS) for counts in totals)


def test_the_timeline_reaches_the_first_and_last_days_python_knows():
    from crosscheck.model import Value

    text = "The lease runs from 1 January 0001 to 31 December 9999, and in December 9999 it ends."
    values = (Value("date_range", "1 January 0001 to 31 December 9999", 20, 54, ["0001-01-01", "9999-12-31"]),
              Value("date", "December 9999", 66, 79, "9999-12"), Value("date", "31 December 9999", 38, 54, "9999-12-31"))
    edge = Claim(id="c-edge", source="one", sentence="s-edge", text=text, start=0, end=len(text), values=values)
    line = views.timeline([edge, YEAR], [], SOURCES)
    assert len(line.entries) == 4  # "December 9999" included: its month ends on the last day there is
    labels = [tick.label for tick in line.ticks]
    assert labels[0] == "1" and "Mar 2019" in labels, labels
    assert [tick.x for tick in line.ticks] == sorted(tick.x for tick in line.ticks)
    assert all(views.TIMELINE_MARGIN <= mark.x1 <= mark.x2 <= views.TIMELINE_WIDTH - views.TIMELINE_MARGIN
               for row in line.rows for mark in row.marks)
