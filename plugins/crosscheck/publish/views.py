"""What the reader pages show, computed from the analysis: stories, dispute cards, the timeline and the
source × claim matrix.  Pure functions of the analysis; nothing here knows
about Pelican or about HTML.

The templates only draw what is computed here (positions, labels, states), so
the rules live in one place and are tested without building a site.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as dt
import functools
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..compare import (
    MEANING,
    aligned_values,
    compare_values,
    sentence_case,
    source_label,
    source_names,
    value_rows,
)
from ..extract.values import describe, lemma
from ..model import (
    DISCREPANCY_KINDS,
    FAMILIES,
    GROUP_STATUSES,
    Claim,
    Discrepancy,
    Entity,
    Fact,
    Group,
    Source,
    Story,
    Value,
)
from ..words import shorten

# ---------------------------------------------------------------- search


def search_kind(item: Group | Entity) -> str:
    """What a page is, as a search result names it: a fact (one value across sources), a claim (a sentence and
    its copies), or the kind of name an entity page is about ("Name" when the analysis could not tell)."""
    if isinstance(item, Group):
        return "Fact" if item.basis == "fact" else "Claim"
    return {"person": "Person", "organization": "Organization", "place": "Place"}.get(item.kind, "Name")


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
LABEL_CHARS = 80  # a sentence labelling a mark (when its date is no fact's) is cut to this many characters


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

    # The picture is drawn at any width (a phone's 390 px too): positions as shares of it, in per cent.
    @property
    def left(self) -> float:
        return _percent(self.x1)

    @property
    def share(self) -> float:
        return _percent(self.x2 - self.x1)


def _percent(x: float) -> float:
    return round(100 * x / TIMELINE_WIDTH, 2)


@dataclass(frozen=True)
class Row:
    """A line of the picture: one mark, or a conflicting pair drawn side by side and joined."""

    marks: tuple[Mark, ...]
    y: float
    label: str  # what happened and when, in words (written above the row's strip, so it wraps on a phone)
    conflict: Discrepancy | None = None
    what: str = ""  # what happened: the fact's title, else the sentence cut short

    @property
    def join(self) -> tuple[float, float]:
        """Where the line joining a conflict's marks starts and ends, in per cent of the width."""
        return self.marks[0].left, self.marks[-1].left


@dataclass(frozen=True)
class Tick:
    x: float
    label: str
    minor: bool = False  # too close to another for a phone's width: shown on wider screens only

    @property
    def left(self) -> float:
        return _percent(self.x)

    @property
    def anchor(self) -> str:
        """How its label is placed on the tick: ticks near an edge write their label inwards, to stay in the picture."""
        return "start" if self.left < 8 else "end" if self.left > 92 else "middle"


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
             facts_of_group: Mapping[str, Sequence[Fact]] | None = None,
             titles: Mapping[str, str] | None = None) -> Timeline:
    """Every dated value of every claim, on one axis; conflicting dates of one fact share a row, joined.

    Each row is labelled with what happened: the title of the fact the date belongs to (``titles``: Group.id ->
    the title its page is headed with), else the sentence, short; then the date as the source writes it."""
    facts_of_group = facts_of_group or {}
    titles = titles or {}
    title_of = {(fact.claim, fact.value.start): titles[group_id] for group_id, facts in facts_of_group.items()
                if group_id in titles for fact in facts}
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
        rows.append(_row(marks, TIMELINE_TOP + TIMELINE_ROW * number + TIMELINE_ROW / 2, discrepancy, title_of))
    height = int(TIMELINE_TOP + TIMELINE_ROW * len(rows) + 8)
    return Timeline(tuple(rows), _ticks(entries, x), tuple(entries), conflicts_of, TIMELINE_WIDTH, height)


def what_happened(dated: Dated, title_of: Mapping[tuple[str, int], str]) -> str:
    """What a dated value dates: its fact's title, else its sentence cut short."""
    return title_of.get((dated.claim.id, dated.value.start)) or shorten(dated.claim.text, LABEL_CHARS)


def _row(marks: tuple[Mark, ...], y: float, conflict: Discrepancy | None,
         title_of: Mapping[tuple[str, int], str] | None = None) -> Row:
    what = what_happened(marks[0].dated, title_of or {})
    if conflict is None:
        label = f"{what} \u201c{marks[0].dated.value.text}\u201d"
    else:
        label = f"Conflict: {what} " + " against ".join(f"\u201c{item.dated.value.text}\u201d" for item in marks)
    return Row(marks, y, label, conflict, what)


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
    chosen.sort(key=lambda tick: tick.x)
    # On a phone the picture is under half as wide: keep the ticks that stay apart there, in the same order of choice.
    kept: list[float] = []
    for tick in sorted(chosen, key=lambda tick: (tick.label[:1].isalpha(), tick.x)):
        if all(abs(tick.x - other) >= TICK_SPACING * PHONE_SCALE for other in kept):
            kept.append(tick.x)
    return tuple(Tick(tick.x, tick.label, tick.x not in kept) for tick in chosen)


PHONE_SCALE = 2.2  # the 800-unit picture on a 360 px wide phone: ticks this much further apart stay readable


# ---------------------------------------------------------------- source x claim matrix

# What a source does about a claim group.  Each state has a word and a symbol: colour is never the only signal.
CELL_STATES = ("conflicts", "differs", "corroborates", "alone", "silent")
STATE_FROM_KIND = {"conflict": "conflicts", "speaker": "conflicts", "possible": "differs", "update": "differs", "change": "differs", "minor": "differs",
                   "spelling": "differs", "wording": "corroborates"}
MATRIX_ORDERS = ("conflicts", "sources")


@dataclass(frozen=True, slots=True)
class Cell:
    source: str  # Source.id
    state: str  # one of CELL_STATES
    claim: Claim | None  # the source's claim in the group, to link to; None when silent


@dataclass(frozen=True, slots=True)
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
    # most cells are silent: one Cell each source for all of them (a matrix of every shared fact of 2,000 sources
    # by 40 columns held 45 MB of cells, each made anew)
    silent = {source.id: Cell(source.id, "silent", None) for source in sources}
    rows = [_matrix_row(group, sources, claims, discrepancies_of.get(group.id, ()), silent) for group in groups]
    return matrix_in_order(rows, order)


def matrix_in_order(rows: Iterable[MatrixRow], order: str) -> tuple[MatrixRow, ...]:
    """The rows of ``matrix`` sorted by ``order``: one matrix shown in each order is made once."""
    if order == "conflicts":
        key = lambda row: (-row.count("conflicts"), -row.count("differs"), -row.sources, row.group.statement.lower(), row.group.id)
    elif order == "sources":
        key = lambda row: (-row.sources, -row.count("conflicts"), -row.count("differs"), row.group.statement.lower(), row.group.id)
    else:
        raise ValueError(f"unknown matrix order {order!r}; known: {', '.join(MATRIX_ORDERS)}")
    return tuple(sorted(rows, key=key))


def _matrix_row(group: Group, sources: Sequence[Source], claims: Mapping[str, Claim], discrepancies: Sequence[Discrepancy],
                silent: Mapping[str, Cell]) -> MatrixRow:
    own_of: dict[str, list[Claim]] = {}  # source id -> its claims in the group, in the group's order
    for claim_id in group.claims:
        claim = claims[claim_id]
        own_of.setdefault(claim.source, []).append(claim)
    return MatrixRow(group, tuple(_cell(source.id, own_of[source.id], len(own_of), claims, discrepancies)
                                  if source.id in own_of else silent[source.id] for source in sources))


def _cell(source_id: str, own: Sequence[Claim], stated_by: int, claims: Mapping[str, Claim],
          discrepancies: Sequence[Discrepancy]) -> Cell:
    """``own``: the source's claims in the group; ``stated_by``: how many sources the group's claims come from."""
    if not own:
        return Cell(source_id, "silent", None)
    if stated_by < 2:
        return Cell(source_id, "alone", own[0])
    worst, claim = "corroborates", own[0]
    own_ids = {item.id for item in own}
    for discrepancy in discrepancies:
        state = STATE_FROM_KIND.get(discrepancy.kind, "corroborates")
        involved = [claim_id for claim_id in discrepancy.claims if claim_id in own_ids]
        if involved and CELL_STATES.index(state) < CELL_STATES.index(worst):
            worst, claim = state, claims[involved[0]]
    return Cell(source_id, worst, claim)


MATRIX_FITS = 8  # up to this many source columns the matrix fits a 1280 px screen; beyond, it scrolls


def matrix_scope(sources: Sequence[Source], groups: Iterable[Group], claims: Mapping[str, Claim],
                 max_sources: int) -> tuple[list[Source], list[Group]]:
    """What the matrix can show on one page: the facts that more than one source states, and as
    columns the sources in most of them (at most ``max_sources``, in their own order).

    A row is a fact (a group of basis "fact"): a sentence group of the same statement would repeat it
    in another row.  Sentence groups are the rows only when the analysis found no fact at all."""
    groups = list(groups)
    facts = [group for group in groups if group.basis == "fact"]
    shared = []
    count: dict[str, int] = {}
    for group in facts or groups:
        stating = {claims[claim_id].source for claim_id in group.claims}
        if len(stating) > 1:
            shared.append(group)
            for source_id in stating:
                count[source_id] = count.get(source_id, 0) + 1
    chosen = set(sorted(count, key=lambda source_id: (-count[source_id], source_id))[:max_sources])
    return [source for source in sources if source.id in chosen], shared


def matrix_columns(sources: Sequence[Source]) -> tuple[tuple[Source, str], ...]:
    """Each column's source and its short heading (``source_name``): eight of them fit a 1280 px screen."""
    return tuple((source, shorten(source_name(source), MATRIX_HEADING)) for source in sources)


MATRIX_HEADING = 32  # characters of a column's heading; the source's page has its full title


def matrix_totals(rows: Sequence[MatrixRow], sources: Sequence[Source]) -> tuple[dict[str, int], ...]:
    """For each source (in order), how many groups it is in each state for."""
    totals = []
    for index, _ in enumerate(sources):
        counts = {state: 0 for state in CELL_STATES}
        for row in rows:
            counts[row.cells[index].state] += 1
        totals.append(counts)
    return tuple(totals)


# ---------------------------------------------------------------- disputes: one card per fact group

# Kinds where the sources cannot both be right, or may not be: what a reader is told is disputed.
DISPUTE_KINDS = ("conflict", "speaker", "possible")


@dataclass(frozen=True)
class Side:
    """One distinct value of a disputed fact and the sources that give it (compare.ValueRow, one mention per source)."""

    value: Value
    texts: tuple[str, ...]  # the value as each source writes it, each wording once
    facts: tuple[Fact, ...]  # one mention per source, earliest source first

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(fact.source for fact in self.facts)

    @property
    def as_written(self) -> bool:
        """The value is shown in the sources' own words already: each source's wording need not follow it."""
        return len(self.texts) == 1 and value_words(self.value) == f"\u201c{self.texts[0]}\u201d"


@dataclass(frozen=True)
class Dispute:
    """Everything a card shows about the differences on one fact: each side once, who says what, the verdict."""

    group: Group
    title: str  # a short neutral question: the editor's Title:, else one made from the fact's kind and words
    discrepancies: tuple[Discrepancy, ...]  # open ones, most severe first
    sides: tuple[Side, ...]
    explanation: str  # the most severe difference, in one plain sentence or two
    notes: tuple[str, ...]  # the other differences on the same fact, one sentence each
    source_count: int
    origin_count: int
    verdict: object | None = None  # annotate's Annotation with a published verdict on this fact, if any
    context: str = ""  # when the title names nothing ("When was it?"): the first mention's words around its value

    @property
    def kind(self) -> str:
        return self.discrepancies[0].kind

    @property
    def is_open(self) -> bool:
        """Disputed, and the editors have not ruled on it."""
        return self.verdict is None and self.kind in DISPUTE_KINDS


source_name = source_label  # how a reader's page names a source in a sentence: one rule, compare's
names = source_names


def sides(facts: Sequence[Fact], sources: Mapping[str, Source]) -> tuple[Side, ...]:
    """The fact's distinct values, earliest reported first, each with one mention per source."""
    found = []
    for row in value_rows(facts, sources):
        own: dict[str, Fact] = {}
        for fact in row.facts:
            own.setdefault(fact.source, fact)
        found.append(Side(row.value, tuple(dict.fromkeys(fact.value.text for fact in row.facts)), tuple(own.values())))
    return tuple(found)


def value_words(value: Value, speaker_name=lambda entity_id: entity_id) -> str:
    """A value as a reader says it: a date in words with its role ("since 6 December 2022"), a sum as written,
    anything else normalized ("more than 2.5 hours", "9 people"), so that a qualifier the wording hides shows."""
    placed = dated(Claim("", "", "", "", 0, 0), value)
    if placed is not None:
        return placed.words
    if value.kind == "quote":  # a quote's value is who said it (Fact: the speaker in unit)
        return f"credited to {speaker_name(value.unit)}" if value.unit else "credited to nobody named"
    if value.value is None or value.kind in ("money", "quote", "weekday", "ordinal", "relative"):
        return f"\u201c{value.text}\u201d"
    return describe(value).rsplit(" (", 1)[0]


def value_reading(value: Value, speaker_name=lambda entity_id: entity_id) -> str:
    """A value as a fact's value table reads it, normalized and with its kind (values.describe); a quote, whose value
    is who said the words, by that speaker's name, not the entity id."""
    if value.kind == "quote":
        return f"{value_words(value, speaker_name)} (quote)"
    return describe(value)


def _say(side: Side, sources: Mapping[str, Source]) -> str:
    return f"{names(side.sources, sources)} {'says' if len(side.sources) == 1 else 'say'} {value_words(side.value)}"


def explain_difference(kind: str, chosen: Sequence[Side], sources: Mapping[str, Source],
                       speaker_name=lambda entity_id: entity_id) -> str:
    """One kind of difference on a fact, in words a reader takes in at one pass: who says what, then what it means.

    ``chosen``: the sides the difference involves; for "wording", the one side whose sources word it differently.
    """
    return sentence_case(_explained(kind, chosen, sources, speaker_name))


def _explained(kind: str, chosen: Sequence[Side], sources: Mapping[str, Source], speaker_name) -> str:
    if kind == "wording":
        wordings = " and ".join(f"\u201c{text}\u201d" for text in dict.fromkeys(text for side in chosen for text in side.texts))
        named = tuple(dict.fromkeys(source_id for side in chosen for source_id in side.sources))
        return f"{names(named, sources)} give the same value in other words: {wordings}."
    if kind == "speaker":
        credited = "; ".join(f"{names(side.sources, sources)} {'credits' if len(side.sources) == 1 else 'credit'} them to "
                             f"{speaker_name(side.value.unit) if side.value.unit else 'nobody'}" for side in chosen)
        return f"The same words, credited to different people: {credited}."
    said = "; ".join(_say(side, sources) for side in chosen)
    if kind == "update":
        dates = [sources[side.sources[0]].date() for side in chosen]
        when = ", ".join(f"{value_words(side.value)} on {day.day} {day:%B %Y}" for side, day in zip(chosen, dates) if day)
        return f"{said}. The figure changed between reports ({when}): a later report, not a contradiction."
    ending = MEANING.get(kind, "")
    if not ending:  # a kind this module does not know yet: the sides alone, never a crash
        return f"{said}."
    return f"{said}. {ending}"


def dispute(group: Group, facts: Sequence[Fact], discrepancies: Sequence[Discrepancy], sources: Mapping[str, Source],
            verdict=None, speaker_name=lambda entity_id: entity_id, texts: Sequence[str] = ()) -> Dispute:
    """The card of one fact group with open differences (``discrepancies``, dismissed ones left out)."""
    found = sides(facts, sources)
    ordered = tuple(sorted(discrepancies, key=lambda item: DISCREPANCY_KINDS.index(item.kind)))
    said = []
    for item in ordered:
        named = set(item.claims)
        chosen = [side for side in found if any(fact.claim in named for fact in side.facts)]
        if item.kind == "wording":  # within one value's row, else between rows that mean the same
            chosen = [side for side in chosen if len(side.texts) > 1][:1] or chosen
        # a change is between versions of one source, and a spelling between names, which the sides (one value
        # per source) cannot show: they carry their own explanation
        said.append(explain_difference(item.kind, chosen, sources, speaker_name) if chosen and item.kind not in OWN_WORDS
                    else item.explanation)
    title = (verdict.title if verdict is not None and verdict.title else "") or (
        fact_title(group, facts, texts, found[0].value) if found else shorten(group.statement, STATEMENT_TITLE))
    context = around(found[0].facts[0], texts) if found and title in VAGUE_TITLES else ""
    return Dispute(group, title, ordered, found, said[0], tuple(said[1:]),
                   len({fact.source for fact in facts}), len(group.origins) or len({fact.source for fact in facts}), verdict,
                   context)


# Titles fact_title gives when the mentions share no noun: alone they do not say which fact is disputed.
VAGUE_TITLES = frozenset({"When was it?", "On which day?", "When did it start?", "The first time since when?", "How many?",
                          "How much?", "What share?", "How old?", "Which one, in order?", "At what time was it?",
                          "How long did it last?"})
CONTEXT_CHARS = 60  # characters each side of the value, in a vague title's context


def around(fact: Fact, texts: Sequence[str]) -> str:
    """The mention's sentence around its value, cut at words: "… the dam, built between the 1960s and …"."""
    text = _mention_text(fact, texts)
    if not text:
        return ""
    start, end = max(0, fact.value.start - CONTEXT_CHARS), min(len(text), fact.value.end + CONTEXT_CHARS)
    if start:
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", fact.value.end, end) if text.rfind(" ", fact.value.end, end) > 0 else end
    return ("\u2026" if start else "") + text[start:end].strip() + ("\u2026" if end < len(text) else "")


@dataclass(frozen=True)
class Wording:
    """One wording of a claim page's sentences: every claim (one a source) that prints it word for word, the
    other claim pages those claims belong to, each once (``own`` when it is a claim's own page, not a fact it
    states), and the claims again in ``readings``: those with one reference date and the same values together."""

    text: str
    claims: tuple[Claim, ...]
    others: tuple[tuple[str, bool], ...]  # (Group.id, own)
    readings: tuple[tuple[Claim, ...], ...]


def wordings(claims: Sequence[Claim], group_id: str, groups_of: Mapping[str, Sequence[str]],
             group_of: Mapping[str, str], sources: Mapping[str, Source]) -> tuple[Wording, ...]:
    """The claims of group ``group_id``'s page by their exact text, in the order each text first comes: the
    outlets that carry a wire story print one sentence, which the page then quotes once with its sources."""
    by_text: dict[str, list[Claim]] = {}
    for claim in claims:
        by_text.setdefault(claim.text, []).append(claim)
    found = []
    for text, same in by_text.items():
        readings: list[tuple[tuple, list[Claim]]] = []  # a list: a value's own data is a dict, which cannot be hashed
        for claim in same:
            reference = sources[claim.source].reference
            key = (reference.date if reference else None, claim.values)
            reading = next((found for known, found in readings if known == key), None)
            if reading is None:
                readings.append((key, reading := []))
            reading.append(claim)
        others = dict.fromkeys((other, other == group_of[claim.id]) for claim in same for other in groups_of[claim.id]
                               if other != group_id)
        found.append(Wording(text, tuple(same), tuple(others), tuple(tuple(reading) for _, reading in readings)))
    return tuple(found)


def changes_by_claim(discrepancies: Iterable[Discrepancy], dismissed=()) -> dict[str, list[Discrepancy]]:
    """Claim.id -> the open changes between versions of its source (discrepancies of kind "change") it states."""
    found: dict[str, list[Discrepancy]] = {}
    for item in discrepancies:
        if item.kind == "change" and item.id not in dismissed:
            for claim_id in item.claims:
                found.setdefault(claim_id, []).append(item)
    return found


OWN_WORDS = ("change", "spelling")  # kinds whose explanation is written where they are found
STATEMENT_TITLE = 90  # a sentence group's card is titled with its statement, cut to this many characters


def most_serious(cards: Sequence[Dispute], count: int) -> list[Dispute]:
    """The ``count`` most serious disputes, worst kind first (DISCREPANCY_KINDS; a stable sort: open ones before
    ruled ones of a kind when they come so): what a summary of a story shows when it cannot show all."""
    return sorted(cards, key=lambda card: DISCREPANCY_KINDS.index(card.kind))[:count]


def verdict_on(group: Group, groups: Mapping[str, Group], groups_of: Mapping[str, Sequence[str]], verdict_of: Mapping):
    """The editors' published verdict on a fact: on its own group, else on the sentence group of one of its
    sentences whose status this fact gave it (a sentence group takes the worst status of the facts it states,
    so a verdict on a sentence "in conflict" rules on that conflict)."""
    if group.id in verdict_of:
        return verdict_of[group.id]
    for claim_id in group.claims:
        for other in groups_of.get(claim_id, ()):
            found = groups[other]
            if other in verdict_of and found.basis == "sentences" and found.status == group.status != "single":
                return verdict_of[other]
    return None


# ---------------------------------------------------------------- fact titles

CLAIM_TITLE = 110  # a sentence group's page is headed by its statement cut to this (the full sentences follow)


def group_title(group: Group, facts: Sequence[Fact], texts: Sequence[str], sources: Mapping[str, Source],
                editor_title: str = "") -> str:
    """A claim or fact page's heading: the editor's Title:, else the fact's question, else the statement, short."""
    if editor_title:
        return editor_title
    if group.basis == "fact" and facts:
        return fact_title(group, facts, texts, sides(facts, sources)[0].value)
    return shorten(group.statement, CLAIM_TITLE)


_START_WORDS = {"start", "begin", "launch", "open"}
QUOTE_TITLE = 60  # characters of the quoted words in a quote's title


def fact_title(group: Group, facts: Sequence[Fact], texts: Sequence[str] = (), first: Value | None = None) -> str:
    """A short neutral question for a fact, from its kind and the words its mentions share: "When did the check start?".

    ``texts``: the sentences that state it, to tell a word used as a noun ("a sudden check") from the same word
    used as a verb ("ordered"); ``first``: the value shown first (compare.value_rows), for a quote's words.
    """
    if not facts:
        return _question(group.question)
    kinds = {fact.value.kind for fact in facts}
    shared = Counter(word for fact in facts for word in dict.fromkeys(fact.attribute[:6]))
    # nearest the value first, in the first mention's order
    common = [word for word in dict.fromkeys(word for fact in facts for word in fact.attribute[:6])
              if shared[word] > 1 or len(facts) == 1]
    written = {word for text in texts for word in re.findall(r"[a-z]+(?:-[a-z]+)*", text.lower())}
    noun = next((word for word in common if word not in _TEMPLATE_VERBS and _is_noun(word) and not _is_adjective(word)
                 and (not written or written & _noun_forms(word))), "")
    verb = next((word for word in common if word != noun and word not in _TEMPLATE_VERBS and _is_verb(word)
                 and not (written & _noun_forms(word))), "")
    value = first or facts[0].value
    family = FAMILIES.get(value.kind)
    thing = f"the {noun}" if noun else "it"
    if value.kind == "quote":
        return f"Who said \u201c{shorten(value.text, QUOTE_TITLE)}\u201d?"
    if family == "ordinal":  # "the 20th century", "a second offensive": which one of the noun it ranks
        ranked = Counter(fact.value.unit for fact in facts if fact.value.kind == "ordinal" and fact.value.unit)
        return f"Which {ranked.most_common(1)[0][0]}?" if ranked else "Which one, in order?"
    if family == "time":
        roles = {next(iter(fact.value.value)) for fact in facts if fact.value.kind == "since" and isinstance(fact.value.value, Mapping)}
        if "start" in roles or _START_WORDS & set(common):
            return f"When did {thing} start?"
        if "last" in roles:
            return f"The first {noun} since when?" if noun and _names_an_event(noun) else "The first time since when?"
        # the verb only where a mention says the noun underwent it ("the dam was breached"): a noun and a verb
        # from different clauses made "When was the visit stabbed?"
        done = _passive(noun, verb, facts, texts) if noun and verb else ""
        when = "On which day" if kinds == {"weekday"} else "When"
        if noun and (done or _names_an_event(noun)):
            return f"{when} was {thing}{' ' + done if done else ''}?"
        if noun:  # "When was the territory?" asks nothing: say what the date is of
            return f"Which {'day' if kinds == {'weekday'} else 'date'}, for the {noun}?"
        return f"{when}?" if kinds == {"weekday"} else "When was it?"
    if family == "clock":
        return f"At what time was {thing}?"
    if family == "duration":
        return f"How long did {thing} last?"
    if family == "count":
        unit = value.unit or next((fact.value.unit for fact in facts if fact.value.kind == "count" and fact.value.unit), "")
        counted = _plural(unit) if unit else ""
        done = _done_to_count(facts, texts) if counted else ""
        if done:
            return f"How many {counted} {done}?"
        if counted:
            return f"How many {counted}?"
        return f"How many, for {thing}?" if noun else "How many?"
    if family == "money":
        return f"How much was {thing}?" if noun else "How much?"
    if family == "percent":
        return f"What share, for {thing}?" if noun else "What share?"
    if family == "age":
        return "How old?"
    if family in MEASURE_QUESTIONS:
        return MEASURE_QUESTIONS[family] + (f", for {thing}?" if noun else "?")
    return _question(group.question)


MEASURE_QUESTIONS = {"length": "How long or how far", "area": "What area", "volume": "What volume", "mass": "What weight",
                     "speed": "How fast", "temperature": "What temperature", "magnitude": "What magnitude"}


def _mention_text(fact: Fact, texts: Sequence[str]) -> str:
    return next((text for text in texts if text[fact.value.start:fact.value.end] == fact.value.text), "")


_BE = r"(?:was|were|is|are|has been|have been|had been|will be|would be)"


def _passive(noun: str, verb: str, facts: Sequence[Fact], texts: Sequence[str]) -> str:
    """The participle, when a mention's sentence says "the <noun> was <verb>ed" (any form of both)."""
    verb_forms = "|".join(sorted(map(re.escape, _verb_forms(verb))))
    noun_forms = "|".join(sorted(map(re.escape, _noun_forms(noun))))
    for fact in facts:
        found = re.search(rf"\b(?:{noun_forms})\s+(?:\w+\s+)?{_BE}\s+(?:\w+ly\s+)?({verb_forms})\b", _mention_text(fact, texts).lower())
        if found:
            return found.group(1)
    return ""


_QUALIFIERS = r"(?:(?:at least|more than|about|nearly|some|up to|over|almost)\s+)?"


def _done_to_count(facts: Sequence[Fact], texts: Sequence[str]) -> str:
    """What the counted things underwent or did, as the earliest mention that says it next to the number puts it:
    "killed 30 people" and "30 people were killed" -> "were killed"; "30 people died" -> "died". A verb elsewhere
    in the sentence is not theirs ("the remaining three boats" did not remain), so "" then."""
    for fact in facts:
        text = _mention_text(fact, texts)
        before, after = text[:fact.value.start].lower(), text[fact.value.end:].lower()
        done = re.search(rf"\b([a-z]+ed)\s+{_QUALIFIERS}$", before)
        if done and _is_verb(lemma(done.group(1))):
            return f"were {done.group(1)}"
        passive = re.match(rf"^(?:\s+[\w-]+){{0,2}}?\s+{_BE}\s+(?:\w+ly\s+)?([a-z]+(?:ed|en))\b", after)
        if passive and _is_verb(lemma(passive.group(1))):
            return f"were {passive.group(1)}"
        active = re.match(r"^(?:\s+[a-z-]+)?\s+([a-z]+ed)\b", after)
        if active and _is_verb(lemma(active.group(1))):
            return active.group(1)
    return ""


def _verb_forms(verb: str) -> set[str]:
    from lemminflect import getAllInflections

    return {verb, *(form for forms in getAllInflections(verb, upos="VERB").values() for form in forms)}


def _names_an_event(noun: str) -> bool:
    from .. import lexicon

    found = lexicon.load()
    return found is None or found.names_an_event(noun)  # without WordNet, the question as before


@functools.lru_cache(maxsize=1 << 14)  # a word's class is asked for on every page that titles a fact
def _noun_forms(word: str) -> frozenset[str]:
    from lemminflect import getInflection

    return frozenset({word, *getInflection(word, tag="NNS")})


# Verbs a title's own template says; as its subject they would read "How long did the last last?".
_TEMPLATE_VERBS = {"last", "start", "begin", "become", "take", "give", "make", "say", "even"}


def _question(words: str) -> str:
    words = " ".join(words.split())
    return (words[:1].upper() + words[1:] + "?") if words else "What do the sources say?"


@functools.lru_cache(maxsize=1 << 14)
def _is_noun(word: str) -> bool:
    from lemminflect import getAllInflections

    return bool(getAllInflections(word, upos="NOUN"))


@functools.lru_cache(maxsize=1 << 14)
def _is_verb(word: str) -> bool:
    from lemminflect import getAllInflections

    return bool(getAllInflections(word, upos="VERB"))


@functools.lru_cache(maxsize=1 << 14)
def _is_adjective(word: str) -> bool:
    from lemminflect import getAllInflections

    return bool(getAllInflections(word, upos="ADJ"))


def _plural(noun: str) -> str:
    from lemminflect import getInflection

    if noun == "person":
        return "people"
    found = getInflection(noun, tag="NNS")
    return found[0] if found else noun


def _participle(verb: str) -> str:
    from lemminflect import getInflection

    found = getInflection(verb, tag="VBN")
    return found[0] if found else verb


# ---------------------------------------------------------------- stories

SUMMARY_SENTENCES = 2  # the earliest source's sentences in a story's summary
SUMMARY_FACTS = 3  # the facts most of a story's sources state, in its summary
SUMMARY_NAMES = 4  # people and organizations named, and as many places
SUMMARY_DAYS = 2  # the days most sources name


@dataclass(frozen=True)
class StoryFact:
    """A fact of a story, for its page: the group, its sides, and how many sources state it."""

    group: Group
    title: str
    sides: tuple[Side, ...]
    source_count: int


@dataclass(frozen=True)
class StoryView:
    story: Story
    title: str
    sources: tuple[Source, ...]  # earliest first
    first: dt.date | None  # the earliest and the latest report
    last: dt.date | None
    lead: tuple[Claim, ...]  # the summary's sentences, in the earliest source's order
    who: tuple[tuple[Entity, int], ...]  # people and organizations, with how many sources name them
    where: tuple[tuple[Entity, int], ...]  # places, likewise
    when: tuple[tuple[str, int, Fact], ...]  # days the sources name, in words, with how many name each and a first mention
    agreed: tuple[StoryFact, ...]  # the facts most sources state, for the summary
    facts: tuple[StoryFact, ...]  # every fact of the story, the most disputed and most stated first
    disputes: tuple[Dispute, ...]  # every fact with open differences, disputes first

    @property
    def open_disputes(self) -> tuple[Dispute, ...]:
        return tuple(item for item in self.disputes if item.is_open)

    @property
    def ruled(self) -> tuple[Dispute, ...]:
        """Disputes the editors gave a verdict on."""
        return tuple(item for item in self.disputes if item.verdict is not None and item.kind in DISPUTE_KINDS)


def story_view(story: Story, sources: Mapping[str, Source], claims_of: Mapping[str, Sequence[Claim]],
               groups: Sequence[Group], facts: Mapping[str, Fact], entities: Mapping[str, Entity],
               disputes: Mapping[str, Dispute]) -> StoryView:
    """A story's page: its sources, a summary taken from their own sentences, its facts and disputes.

    ``groups``: the story's fact groups; ``disputes``: Group.id -> its card, for groups with open differences.
    """
    ordered = tuple(sources[source_id] for source_id in story.sources)
    days = [day for source in ordered if (day := source.date())]
    reach: dict[str, int] = {}  # Claim.id -> the most sources any fact it states has
    items = []
    text_of = {claim.id: claim.text for source_id in story.sources for claim in claims_of.get(source_id, ())}
    for group in groups:
        mentions = [facts[fact_id] for fact_id in group.facts]
        count = len({fact.source for fact in mentions})
        for claim_id in group.claims:
            reach[claim_id] = max(reach.get(claim_id, 0), count)
        shown = sides(mentions, sources)
        title = disputes[group.id].title if group.id in disputes else fact_title(
            group, mentions, [text_of[claim_id] for claim_id in group.claims if claim_id in text_of], shown[0].value)
        items.append(StoryFact(group, title, shown, count))
    rank = {status: index for index, status in enumerate(GROUP_STATUSES)}
    items.sort(key=lambda item: (rank.get(item.group.status, 9), -item.source_count, item.group.id))
    # facts the sources agree on; a quote's words are shown in full on its page, not in a summary
    agreed = tuple(sorted((item for item in items if item.source_count > 1 and item.group.status == "corroborated"
                           and item.sides[0].value.kind != "quote"),
                          key=lambda item: (-item.source_count, item.group.id))[:SUMMARY_FACTS])
    earliest = list(claims_of.get(story.sources[0], ()))
    chosen = sorted(earliest, key=lambda claim: (-reach.get(claim.id, 0), -claim.score, claim.start))[:SUMMARY_SENTENCES]
    lead = tuple(sorted(chosen, key=lambda claim: claim.start))
    naming: dict[str, set[str]] = {}
    for source in ordered:
        for claim in claims_of.get(source.id, ()):
            for entity_id in claim.entities:
                naming.setdefault(entity_id, set()).add(source.id)

    def most_named(kinds: tuple[str, ...]) -> tuple[tuple[Entity, int], ...]:
        found = [(entities[entity_id], len(named)) for entity_id, named in naming.items()
                 if entity_id in entities and entities[entity_id].kind in kinds and len(named) > 1]
        found.sort(key=lambda item: (-item[1], item[0].name))
        return tuple(found[:SUMMARY_NAMES])

    days_named: dict[str, dict[str, Fact]] = {}  # a day in words -> source -> its first mention of it
    for group in groups:
        for fact in (facts[fact_id] for fact_id in group.facts):
            placed = dated(Claim("", "", "", "", 0, 0), fact.value) if fact.value.kind == "date" else None
            if placed is not None and placed.is_point:
                days_named.setdefault(placed.words, {}).setdefault(fact.source, fact)
    when = sorted(((words, len(named), next(iter(named.values()))) for words, named in days_named.items() if len(named) > 1),
                  key=lambda item: (-item[1], item[0]))[:SUMMARY_DAYS]
    found_disputes = tuple(sorted((disputes[group.id] for group in groups if group.id in disputes),
                                  key=lambda item: (not item.is_open, DISCREPANCY_KINDS.index(item.kind), item.group.id)))
    return StoryView(story, story.title or ordered[0].title, ordered, min(days, default=None), max(days, default=None),
                     lead, most_named(("person", "organization")), most_named(("place",)), tuple(when), agreed, tuple(items),
                     found_disputes)


def disputes_of(groups: Iterable[Group], found, verdict_of: Mapping, dismissed=()) -> dict[str, Dispute]:
    """Group.id -> the card of each fact group with open differences.  ``found``: export.Lookup;
    ``verdict_of``: Group.id -> published verdict; ``dismissed``: ids of discrepancies editors dismissed."""
    def speaker_name(entity_id: str) -> str:
        return found.entities[entity_id].name if entity_id in found.entities else entity_id

    cards = {}
    for group in groups:
        open_ones = [item for item in found.discrepancies_of.get(group.id, ()) if item.id not in dismissed]
        if not open_ones:  # a sentence group has differences only after editors' corrections (annotate.py)
            continue
        cards[group.id] = dispute(group, [found.facts[fact_id] for fact_id in group.facts], open_ones, found.sources,
                                  verdict_on(group, found.groups, found.groups_of, verdict_of), speaker_name,
                                  [found.claims[claim_id].text for claim_id in group.claims])
    return cards


def story_views(stories: Sequence[Story], groups: Iterable[Group], claims_of: Mapping[str, Sequence[Claim]], found,
                cards: Mapping[str, Dispute]) -> tuple[StoryView, ...]:
    """Every story's page, the stories with the most open disputes and sources first."""
    fact_groups: dict[str, list[Group]] = {}
    for group in groups:
        if group.basis == "fact":
            fact_groups.setdefault(group.story, []).append(group)
    views = [story_view(story, found.sources, claims_of, fact_groups.get(story.id, []), found.facts, found.entities, cards)
             for story in stories]
    return tuple(sorted(views, key=lambda view: (-len(view.open_disputes), -len(view.sources), view.story.id)))
