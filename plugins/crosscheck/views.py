"""What the reader pages show, computed from the analysis: the timeline and the
source × claim matrix.  Pure functions of the analysis; nothing here knows
about Pelican or about HTML.

The templates only draw what is computed here (positions, labels, states), so
the rules live in one place and are tested without building a site.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .compare import aligned_values, compare_values
from .model import FAMILIES, Claim, Discrepancy, Fact, Group, Source, Value

# ---------------------------------------------------------------- page addresses


def timeline_page(settings) -> str:
    return settings["CROSSCHECK_TIMELINE_URL"]


def matrix_page(order: str, settings) -> str:
    return settings["CROSSCHECK_MATRIX_URL"].format(order=order)


def search_page(settings) -> str:
    return settings["CROSSCHECK_SEARCH_URL"]


def feed_path(name: str, settings) -> str:
    return settings["CROSSCHECK_FEED_SAVE_AS"].format(name=name)


# ---------------------------------------------------------------- dates


def period(iso: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of "YYYY", "YYYY-MM" or "YYYY-MM-DD"; None when it is not one of them."""
    try:
        parts = [int(part) for part in str(iso).split("-")]
        if len(parts) == 3:
            day = dt.date(*parts)
            return day, day
        if len(parts) == 2:
            first = dt.date(parts[0], parts[1], 1)
            return first, first.replace(day=calendar.monthrange(*parts)[1])
        if len(parts) == 1 and 1 <= parts[0] <= 9999:
            return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    except (ValueError, TypeError):
        return None
    return None


def period_words(iso: str) -> str:
    """"13 December 2022", "December 2022" or "2022"."""
    span = period(iso)
    if span is None:
        return str(iso)
    first, last = span
    if first == last:
        return f"{first.day} {first:%B %Y}"
    if first.month == last.month:
        return f"{first:%B %Y}"
    return str(first.year)


ROLE_WORDS = {"date": "", "range": "", "start": "since ", "last": "last time before: "}


@dataclass(frozen=True)
class Dated:
    """A value of a claim placed in time."""

    claim: Claim
    value: Value
    role: str  # date | range | start ("since March 2") | last ("the first time since 2017") | after
    start: dt.date
    end: dt.date  # last day covered, inclusive
    words: str  # the normalized date in words, with its role: "since 6 December 2022"

    @property
    def is_point(self) -> bool:
        return self.start == self.end


def dated(claim: Claim, value: Value) -> Dated | None:
    """A date, a range or a "since" placed in time; None for other values or unnormalized ones."""
    if value.value is None:
        return None
    if value.kind == "date":
        role, first, last = "date", str(value.value), str(value.value)
    elif value.kind == "date_range" and len(value.value) == 2:
        role, first, last = "range", str(value.value[0]), str(value.value[1])
    elif value.kind == "since" and isinstance(value.value, Mapping) and len(value.value) == 1:
        role, first = next(iter(value.value.items()))
        last = first = str(first)
    else:
        return None
    start, end = period(first), period(last)
    if start is None or end is None or end[1] < start[0] or role not in ROLE_WORDS:
        return None
    words = period_words(first) if first == last else f"{period_words(first)} to {period_words(last)}"
    return Dated(claim, value, role, start[0], end[1], ROLE_WORDS[role] + words)


# ---------------------------------------------------------------- timeline

TIMELINE_WIDTH = 800
TIMELINE_MARGIN = 24  # room at each end of the axis for a mark and its outline
TIMELINE_TOP = 56  # the axis and its labels sit above the first row
TIMELINE_ROW = 30
TICK_SPACING = 56  # the least room between two axis labels (px)
LABEL_CHARS = 64  # a mark's label is cut to this many characters (the table below has the rest)
CHAR_WIDTH = 6.6  # rough width of a 12px sans-serif character, to keep labels inside the picture


@dataclass(frozen=True)
class Mark:
    """One dated value on the timeline, drawn as a dot (a day) or a bar (a longer period)."""

    dated: Dated
    x1: float
    x2: float

    @property
    def claim(self) -> Claim:
        return self.dated.claim

    @property
    def width(self) -> float:
        return round(self.x2 - self.x1, 1)


@dataclass(frozen=True)
class Row:
    """A line of the picture: one mark, or a conflicting pair drawn side by side and joined."""

    marks: tuple[Mark, ...]
    y: float
    label: str
    label_x: float
    label_anchor: str  # start | end
    conflict: Discrepancy | None = None


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Timeline:
    rows: tuple[Row, ...]
    ticks: tuple[Tick, ...]
    entries: tuple[Dated, ...]  # every dated value, earliest first: the table under the picture
    conflicts_of: dict[tuple[str, int], tuple[Dated, ...]]  # (claim id, value start) -> what it conflicts with
    width: int
    height: int

    @property
    def axis_y(self) -> float:
        return TIMELINE_TOP - 14

    @property
    def claim_count(self) -> int:
        return len({entry.claim.id for entry in self.entries})

    def conflicts_with(self, entry: Dated) -> tuple[Dated, ...]:
        return self.conflicts_of.get((entry.claim.id, entry.value.start), ())


def conflicting_dates(discrepancy: Discrepancy, claims: Mapping[str, Claim], sources: Mapping[str, Source],
                      facts: Sequence[Fact] = ()) -> list[tuple[Dated, ...]]:
    """The dates behind a conflict, as sets drawn on one row: a fact group's dates that its sources give,
    or the values of two claims that compare as a conflict in time."""
    if discrepancy.kind != "conflict":
        return []
    if facts:
        named = set(discrepancy.claims)
        found = tuple(item for fact in facts if fact.claim in named and FAMILIES.get(fact.value.kind) == "time"
                      and (item := dated(claims[fact.claim], fact.value)))
        return [found] if len({(item.start, item.end) for item in found}) > 1 else []
    if len(discrepancy.claims) != 2:
        return []
    a, b = (claims[claim_id] for claim_id in discrepancy.claims)
    reference = [_reference(sources.get(claim.source)) for claim in (a, b)]
    pairs = []
    for value_a, value_b, certain in aligned_values(a, b):
        if not certain or FAMILIES.get(value_a.kind) != "time":
            continue
        if compare_values(value_a, value_b, *reference).relation == "conflict":
            first, second = dated(a, value_a), dated(b, value_b)
            if first and second:
                pairs.append((first, second))
    return pairs


def _reference(source: Source | None) -> str:
    return source.reference.date.isoformat() if source is not None and source.reference else ""


def timeline(claims: Iterable[Claim], discrepancies: Iterable[Discrepancy], sources: Mapping[str, Source],
             facts_of_group: Mapping[str, Sequence[Fact]] | None = None) -> Timeline:
    """Every dated value of every claim, on one axis; conflicting dates of one fact share a row, joined."""
    facts_of_group = facts_of_group or {}
    claims = list(claims)
    by_id = {claim.id: claim for claim in claims}
    entries = sorted(
        (found for claim in claims for value in claim.values if (found := dated(claim, value))),
        key=lambda item: (item.start, item.end, item.claim.source, item.claim.id, item.value.start),
    )
    pairs = [(item, found) for item in discrepancies
             for found in conflicting_dates(item, by_id, sources, facts_of_group.get(item.group, ()))]
    conflicts_of: dict[tuple[str, int], tuple[Dated, ...]] = {}
    for _, members in pairs:
        for this in members:
            key = (this.claim.id, this.value.start)
            conflicts_of[key] = conflicts_of.get(key, ()) + tuple(other for other in members if other is not this)
    x = _axis([item.start for item in entries] + [_day_after(item.end) for item in entries if not item.is_point])

    def mark(item: Dated) -> Mark:
        x1 = x(item.start)
        return Mark(item, x1, x1 if item.is_point else max(x(_day_after(item.end)), x1 + 4))

    # A row per conflicting pair, placed where its earlier date falls; a row for every other dated value.
    lines: list[tuple[tuple, tuple[Dated, ...], Discrepancy | None]] = []
    for discrepancy, members in pairs:
        ordered = tuple(sorted(members, key=lambda item: (item.start, item.end, item.claim.source)))
        lines.append(((ordered[0].start, ordered[0].end, 0, discrepancy.id), ordered, discrepancy))
    for item in entries:
        if (item.claim.id, item.value.start) not in conflicts_of:
            lines.append(((item.start, item.end, 1, item.claim.source, item.claim.id, item.value.start), (item,), None))
    lines.sort(key=lambda line: line[0])
    rows = []
    for number, (_, members, discrepancy) in enumerate(lines):
        marks = tuple(mark(item) for item in members)
        rows.append(_row(marks, TIMELINE_TOP + TIMELINE_ROW * number + TIMELINE_ROW / 2, discrepancy))
    height = int(TIMELINE_TOP + TIMELINE_ROW * len(rows) + 8)
    return Timeline(tuple(rows), _ticks(entries, x), tuple(entries), conflicts_of, TIMELINE_WIDTH, height)


def _row(marks: tuple[Mark, ...], y: float, conflict: Discrepancy | None) -> Row:
    if conflict is None:
        label = f"\u201c{marks[0].dated.value.text}\u201d: {marks[0].dated.words}"
    else:
        label = "Conflict: " + " against ".join(f"\u201c{item.dated.value.text}\u201d" for item in marks)
    if len(label) > LABEL_CHARS:
        label = label[: LABEL_CHARS - 1].rstrip() + "\u2026"
    room = len(label) * CHAR_WIDTH + 12
    right = max(item.x2 for item in marks) + 12
    if right + room <= TIMELINE_WIDTH:
        return Row(marks, y, label, right, "start", conflict)
    return Row(marks, y, label, min(item.x1 for item in marks) - 12, "end", conflict)


def _axis(days: Sequence[dt.date]):
    """Day -> x.  Each gap between consecutive dates gets room in proportion to the logarithm of
    its length, so a week in December stays visible next to the years before it, and order is kept."""
    points = sorted(set(days))
    left, right = TIMELINE_MARGIN, TIMELINE_WIDTH - TIMELINE_MARGIN
    if len(points) < 2:
        return lambda day: (left + right) / 2
    offsets = [0.0]
    for before, after in itertools.pairwise(points):
        offsets.append(offsets[-1] + math.log1p((after - before).days))
    scale = (right - left) / offsets[-1]

    def x(day: dt.date) -> float:
        if day <= points[0]:
            return float(left)
        if day >= points[-1]:
            return float(right)
        index = bisect.bisect_right(points, day)
        before, after = points[index - 1], points[index]
        share = (day - before).days / (after - before).days
        return round(left + scale * (offsets[index - 1] + share * (offsets[index] - offsets[index - 1])), 1)

    return x


def _day_after(day: dt.date) -> dt.date:
    """The next day; the last day Python knows (9999-12-31) is its own end."""
    return day if day == dt.date.max else day + dt.timedelta(days=1)


def _ticks(entries: Sequence[Dated], x) -> tuple[Tick, ...]:
    """Years first, then the first of each month where there is room."""
    if not entries:
        return ()
    first = min(item.start for item in entries)
    last = max(item.end for item in entries)
    years = [dt.date(year, 1, 1) for year in range(first.year, min(last.year + 2, dt.MAXYEAR + 1))]
    months = [dt.date(year, month, 1) for year in range(first.year, last.year + 1) for month in range(2, 13)]
    chosen: list[Tick] = []
    for day, label in [(day, str(day.year)) for day in years] + [(day, f"{day:%b %Y}") for day in months]:
        if not first <= day <= _day_after(last):
            continue
        position = x(day)
        if all(abs(position - tick.x) >= TICK_SPACING for tick in chosen):
            chosen.append(Tick(position, label))
    return tuple(sorted(chosen, key=lambda tick: tick.x))


# ---------------------------------------------------------------- source x claim matrix

# What a source does about a claim group.  Each state has a word and a symbol: colour is never the only signal.
CELL_STATES = ("conflicts", "differs", "corroborates", "alone", "silent")
STATE_FROM_KIND = {"conflict": "conflicts", "speaker": "conflicts", "possible": "differs", "update": "differs", "change": "differs", "minor": "differs",
                   "wording": "corroborates"}
MATRIX_ORDERS = ("conflicts", "sources")


@dataclass(frozen=True)
class Cell:
    source: str  # Source.id
    state: str  # one of CELL_STATES
    claim: Claim | None  # the source's claim in the group, to link to; None when silent


@dataclass(frozen=True)
class MatrixRow:
    group: Group
    cells: tuple[Cell, ...]  # one per source, in the sources' order

    def count(self, state: str) -> int:
        return sum(cell.state == state for cell in self.cells)

    @property
    def sources(self) -> int:
        return sum(cell.state != "silent" for cell in self.cells)


def matrix(sources: Sequence[Source], groups: Iterable[Group], claims: Mapping[str, Claim],
           discrepancies_of: Mapping[str, Sequence[Discrepancy]], order: str = "conflicts") -> tuple[MatrixRow, ...]:
    """One row per claim group, one cell per source, sorted by ``order`` (see MATRIX_ORDERS).

    ``discrepancies_of`` maps a Group.id to the discrepancies to show (dismissed ones left out).
    """
    rows = [MatrixRow(group, tuple(_cell(source.id, group, claims, discrepancies_of.get(group.id, ())) for source in sources))
            for group in groups]
    if order == "conflicts":
        key = lambda row: (-row.count("conflicts"), -row.count("differs"), -row.sources, row.group.statement.lower(), row.group.id)
    elif order == "sources":
        key = lambda row: (-row.sources, -row.count("conflicts"), -row.count("differs"), row.group.statement.lower(), row.group.id)
    else:
        raise ValueError(f"unknown matrix order {order!r}; known: {', '.join(MATRIX_ORDERS)}")
    return tuple(sorted(rows, key=key))


def _cell(source_id: str, group: Group, claims: Mapping[str, Claim], discrepancies: Sequence[Discrepancy]) -> Cell:
    own = [claims[claim_id] for claim_id in group.claims if claims[claim_id].source == source_id]
    if not own:
        return Cell(source_id, "silent", None)
    if len({claims[claim_id].source for claim_id in group.claims}) < 2:
        return Cell(source_id, "alone", own[0])
    worst, claim = "corroborates", own[0]
    own_ids = {item.id for item in own}
    for discrepancy in discrepancies:
        state = STATE_FROM_KIND.get(discrepancy.kind, "corroborates")
        involved = [claim_id for claim_id in discrepancy.claims if claim_id in own_ids]
        if involved and CELL_STATES.index(state) < CELL_STATES.index(worst):
            worst, claim = state, claims[involved[0]]
    return Cell(source_id, worst, claim)


def matrix_scope(sources: Sequence[Source], groups: Iterable[Group], claims: Mapping[str, Claim],
                 max_sources: int) -> tuple[list[Source], list[Group]]:
    """What the matrix can show on one page: the groups that more than one source states, and as
    columns the sources in most of them (at most ``max_sources``, in their own order)."""
    shared = []
    count: dict[str, int] = {}
    for group in groups:
        stating = {claims[claim_id].source for claim_id in group.claims}
        if len(stating) > 1:
            shared.append(group)
            for source_id in stating:
                count[source_id] = count.get(source_id, 0) + 1
    chosen = set(sorted(count, key=lambda source_id: (-count[source_id], source_id))[:max_sources])
    return [source for source in sources if source.id in chosen], shared


def matrix_totals(rows: Sequence[MatrixRow], sources: Sequence[Source]) -> tuple[dict[str, int], ...]:
    """For each source (in order), how many groups it is in each state for."""
    totals = []
    for index, _ in enumerate(sources):
        counts = {state: 0 for state in CELL_STATES}
        for row in rows:
            counts[row.cells[index].state] += 1
        totals.append(counts)
    return tuple(totals)
