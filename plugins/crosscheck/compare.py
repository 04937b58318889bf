"""Fact group -> its values table, status and Discrepancies, each with a plain-language explanation.

A fact group's mentions are sorted into rows, one per distinct value, each
with the sources that give it; the rows are compared with each other, and
one discrepancy is written per kind of difference, naming every source on
each side, so a fact carried by fifty outlets gives one discrepancy, not a
thousand pairs.  Values are compared within a family of comparable kinds (a
date, a range and "since March 2" all place a start in time).

compare_claims and compare_group compare two sentences value by value; the
editors' corrections (annotate.py) use them for groups they merge or split.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from .extract.values import describe, time_point
from .extract.zones import utc_minutes, zone_name
from .ingest.dates import WEEKDAYS, YEAR
from .link import value_context
from .model import FAMILIES, GROUP_STATUSES, Claim, Discrepancy, Fact, Group, Source, Value

SEVERITY = {"conflict": 1.0, "speaker": 0.8, "possible": 0.6, "update": 0.5, "minor": 0.3, "wording": 0.1}
RANK = {"same": 0, "wording": 1, "minor": 2, "update": 3, "possible": 4, "speaker": 5, "conflict": 6}
CLOSE = 0.05  # numbers this close are a rounding difference
CLOSE_APPROXIMATE = 0.15  # when one side says "about"
_YEAR = re.compile(rf"\b{YEAR}\b")
CONFLICT_CONTEXT = 2  # words two values must share around them before they can be said to conflict
# Outlets convert a sum at different days' rates and round the result: within this, two currencies give one sum.
CONVERTED_CLOSE = 0.10


NUMBER_FAMILIES = ("count", "money", "percent", "duration", "age", "magnitude", "length", "area", "volume", "mass", "speed",
                   "temperature")


@dataclass(frozen=True)
class Verdict:
    relation: str  # same | wording | minor | update | speaker | conflict | incomparable
    why: str


def compare_values(a: Value, b: Value, a_date: str, b_date: str) -> Verdict:
    """How two values of one family relate; a_date/b_date are the sources' reference dates."""
    family = FAMILIES.get(a.kind)
    if family != FAMILIES.get(b.kind) or a.value is None or b.value is None:
        return Verdict("incomparable", "")
    if a.kind == "weekday" and b.kind == "weekday":
        return _compare_weekdays(a, b, a_date, b_date)
    if "weekday" in (a.kind, b.kind):
        return _compare_weekday_with_date(a, b, a_date, b_date)
    if family == "time":
        return _compare_time(a, b)
    if family == "quote":  # the same words: who said them is what can differ
        if a.unit and b.unit and a.unit != b.unit and not (_named_in(a.unit, a.text) or _named_in(b.unit, b.text)):
            return Verdict("speaker", f"the same words are credited to different people ({a.unit} and {b.unit})")
        return Verdict("same" if a.unit == b.unit else "incomparable", "")
    if family == "clock":
        if a.unit and b.unit and a.unit != b.unit:
            return _compare_zones(a, b, a_date or b_date)
        if a.value != b.value:
            return Verdict("conflict", f"{_how(a)} against {_how(b)}")
        if _qualified_otherwise(a, b):  # "about 9:25" and "9:25"
            return Verdict("minor", f"the same time, but {_how(a)} against {_how(b)}")
        return Verdict("same", "")
    if family in NUMBER_FAMILIES:
        return _compare_numbers(a, b, a_date, b_date)
    # Other kinds (ordinals: "the second", "the first time") name which instance,
    # so two different ones are more likely two events than a contradiction.
    return Verdict("same" if a.value == b.value else "incomparable", "")


def _compare_zones(a: Value, b: Value, on: str) -> Verdict:
    """Times in two zones ("04:15 GMT", "11:15 local time" read in the place's zone): one moment or not. A zone
    that "local time" was read as is a guess from the place named, so a difference between such times says
    nothing; two zones written out do conflict."""
    if on[:10].count("-") != 2:
        return Verdict("incomparable", "")  # a zone's offset depends on the day (summer time): none, no moment
    day = dt.date.fromisoformat(on[:10])
    first, second = utc_minutes(a.value, a.unit, day), utc_minutes(b.value, b.unit, day)
    if first is None or second is None:
        return Verdict("incomparable", "")
    if first == second:
        return Verdict("wording", f"{_how(a)} and {_how(b)} are one moment")
    if zone_name(a.unit) != a.unit and zone_name(b.unit) != b.unit:  # both written as abbreviations
        return Verdict("conflict", f"{_how(a)} against {_how(b)}")
    return Verdict("incomparable", "")


def _compare_time(a: Value, b: Value) -> Verdict:
    pa, pb = time_point(a), time_point(b)
    if pa is None or pb is None or pa[0] != pb[0]:
        return Verdict("incomparable", "")
    role, first, second = pa[0], pa[1], pb[1]
    if first != second and said_alike(a, b):
        return Verdict("same", "")
    if first == second and _weekday_mismatch(a) != _weekday_mismatch(b):
        wrong = a if _weekday_mismatch(a) else b
        return Verdict("minor", f"both give {first}, but {_how(wrong)}")
    if first == second:
        if expression_form(a) != expression_form(b):
            return Verdict("wording", f"both mean {_point_words(role, first)}: {_how(a)}; {_how(b)}")
        return Verdict("same", "")
    shorter, longer = sorted((first, second), key=len)
    if longer.startswith(shorter):  # "1998" and "June 1998" agree: one says more, neither says otherwise
        return Verdict("wording", f"one gives {shorter}, the other the more precise {longer}")
    if role == "last" and "approximate" in (a.qualifier, b.qualifier) and abs(int(first[:4]) - int(second[:4])) <= 1:
        return Verdict("minor", f"{_point_words(role, first)} against {_point_words(role, second)}, and one of them is approximate")
    return Verdict("conflict", f"{_point_words(role, first)} against {_point_words(role, second)}")


def _compare_weekdays(a: Value, b: Value, a_date: str, b_date: str) -> Verdict:
    """"On Monday" against "on Thursday": news speaks of the last such day before it came out."""
    if a.value == b.value:
        return Verdict("same", "")
    if a_date and b_date:
        first, second = last_weekday(a.value, a_date), last_weekday(b.value, b_date)
        if first == second:
            return Verdict("wording", f"both mean {first}: {_how(a)}; {_how(b)}")
        return Verdict("conflict", f"{a.text} ({first}) against {b.text} ({second}), each the last before its report")
    return Verdict("conflict", f"{a.text} against {b.text}")


def _named_in(entity_id: str, text: str) -> bool:
    """Whether the words name the person they are credited to: then the credit is likelier a misreading
    ("... the mayor's power is limited", said the mayor) than a second speaker."""
    words = set(re.findall(r"\w+", text.casefold()))
    return any(part in words for part in entity_id.split("-") if len(part) > 3)


def _compare_weekday_with_date(a: Value, b: Value, a_date: str, b_date: str) -> Verdict:
    """"On Thursday" and "since March 9": the same day when Thursday is the last one before the report."""
    weekday, weekday_date, other = (a, a_date, b) if a.kind == "weekday" else (b, b_date, a)
    point = time_point(other)
    if not weekday_date or point is None or len(point[1]) != 10:
        return Verdict("incomparable", "")
    if last_weekday(weekday.value, weekday_date) == point[1]:
        return Verdict("wording", f"both mean {point[1]}: {_how(weekday)}; {_how(other)}")
    return Verdict("incomparable", "")  # the weekday may be a later one, or another day altogether


def last_weekday(name: str, reference: str) -> str:
    """The last day of that name on or before the reference date, as an ISO date."""
    day = dt.date.fromisoformat(reference)
    return (day - dt.timedelta(days=(day.weekday() - WEEKDAYS.index(name)) % 7)).isoformat()


def _weekday_mismatch(value: Value) -> bool:
    return value.reason.startswith("weekday mismatch")


def said_alike(a: Value, b: Value) -> bool:
    """The same words with no year in them ("on February 17", "since Thursday").

    Their dates differ only because the two sources' reference dates do: what
    the sources say agrees, and only the inference from their dates does not.
    """
    return a.text.casefold() == b.text.casefold() and not _YEAR.search(a.text)


def expression_form(value: Value) -> str:
    """How a value is expressed: "since 2017" and "in six years" differ in form, not in meaning."""
    if value.kind == "since" and "minus" in value.reason:
        return "counted back"
    if value.kind in ("count", "money", "percent", "duration"):
        return "digits" if any(ch.isdigit() for ch in value.text) else "words"
    return value.kind


def _point_words(role: str, point: str) -> str:
    return f"the last time before was in {point}" if role == "last" else f"it started on {point}"


def _how(value: Value) -> str:
    return f"\u201c{value.text}\u201d" + (f" ({value.reason})" if value.reason else "")


def in_hours(value: Value) -> float | list[float]:
    factors = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1, "day": 24, "week": 168, "month": 730, "year": 8766, "decade": 87660}
    factor = factors.get(value.unit, 1)
    return [end * factor for end in value.value] if isinstance(value.value, list) else value.value * factor


def _compare_numbers(a: Value, b: Value, a_date: str, b_date: str) -> Verdict:
    if a.kind == "duration":
        first, second = in_hours(a), in_hours(b)
    elif a.kind == "money" and a.unit and b.unit and a.unit != b.unit:
        return _compare_currencies(a, b, a_date or b_date)
    elif a.kind == "money" and a.unit != b.unit:
        # a sign lost in encoding ("?110 billion", values._MANGLED_SIGN) may have been any currency: the same or a
        # close figure agrees, a distant one may be the sum in another currency, never a conflict
        verdict = _compare_numbers(replace(a, unit=""), replace(b, unit=""), a_date, b_date)  # no currency invented
        return Verdict("incomparable", "") if verdict.relation in ("conflict", "update") else verdict
    elif a.unit and b.unit and a.unit != b.unit:
        return Verdict("incomparable", "")
    else:
        first, second = a.value, b.value
    if isinstance(first, list) or isinstance(second, list):
        return _compare_ranges(a, b, first, second)
    first, second = float(first), float(second)
    if first == second:
        if _qualified_otherwise(a, b):
            return Verdict("minor", f"the same number, but {describe(a)} against {describe(b)}")
        if expression_form(a) != expression_form(b):
            return Verdict("wording", f"{_how(a)} and {_how(b)} are the same")
        return Verdict("same", "")
    difference = abs(first - second) / max(abs(first), abs(second))
    approximate = bool({"approximate", "nearly"} & {a.qualifier, b.qualifier})
    if difference <= CLOSE or approximate and difference <= CLOSE_APPROXIMATE:
        return Verdict("minor", f"{describe(a)} against {describe(b)}: close, and a matter of rounding or precision")
    if _bound_allows(a, first, second) or _bound_allows(b, second, first):
        return Verdict("minor", f"{describe(a)} against {describe(b)}: compatible bounds")
    if a.kind == "count" and a_date and b_date and a_date != b_date:
        later_larger = (a_date < b_date) == (first < second)
        if later_larger:
            return Verdict("update", f"{describe(a)} on {a_date}, {describe(b)} on {b_date}: the figure grew between the reports")
    return Verdict("conflict", f"{describe(a)} against {describe(b)}")


def _qualified_otherwise(a: Value, b: Value) -> bool:
    """The same figure said with different qualifiers: "about five" and "five"; "exactly five" is "five"."""
    return (a.qualifier or "exact") != (b.qualifier or "exact")


def _compare_currencies(a: Value, b: Value, on: str) -> Verdict:
    """Sums in two currencies: the same sum when one converts to the other at the report's day's rate
    (the European Central Bank's reference rates, which the currency_converter package ships); else
    nothing can be said, as either may be another sum or a conversion at another day."""
    converted = in_currency(b, a.unit, on)
    if converted is None or isinstance(a.value, list):
        return Verdict("incomparable", "")
    if abs(converted - a.value) <= CONVERTED_CLOSE * max(abs(converted), abs(a.value)):
        return Verdict("wording", f"{_how(a)} and {_how(b)} are the same sum at the rate of {on or 'the latest day known'}")
    return Verdict("incomparable", "")


def in_currency(value: Value, currency: str, on: str = "") -> float | None:
    """A money value's amount in another currency at the rate of the day ``on`` (ISO; the nearest day known when
    the rate of that day is not), or None when a currency, or the amount, is unknown."""
    if value.kind != "money" or isinstance(value.value, list) or not value.unit or not currency:
        return None
    if value.unit == currency:
        return float(value.value)
    converter = _converter()
    if value.unit not in converter.currencies or currency not in converter.currencies:
        return None
    day = dt.date.fromisoformat(on[:10]) if on[:10].count("-") == 2 else None
    return converter.convert(float(value.value), value.unit, currency, date=day)


@functools.cache
def _converter():
    from currency_converter import CurrencyConverter  # its rate table loads in a quarter of a second: only when needed

    return CurrencyConverter(fallback_on_missing_rate=True, fallback_on_wrong_date=True)


def _compare_ranges(a: Value, b: Value, first, second) -> Verdict:
    """A range ("13 to 19", "dozens") against a number or another range: overlapping is close enough."""
    low_a, high_a = (first if isinstance(first, list) else [first, first])
    low_b, high_b = (second if isinstance(second, list) else [second, second])
    if [low_a, high_a] == [low_b, high_b]:
        return Verdict("same", "")
    low_a, high_a = _bounded(a, low_a, high_a)
    low_b, high_b = _bounded(b, low_b, high_b)
    if low_a <= high_b and low_b <= high_a:
        return Verdict("minor", f"{describe(a)} against {describe(b)}: one is a range that allows the other")
    return Verdict("conflict", f"{describe(a)} against {describe(b)}")


def _bounded(value: Value, low: float, high: float) -> tuple[float, float]:
    """The numbers a value allows: "less than an hour" any up to one, "more than a dozen" any from twelve."""
    if value.qualifier in ("more_than", "at_least"):
        return low, math.inf
    if value.qualifier in ("up_to", "less_than"):
        return -math.inf, high
    return low, high


def _bound_allows(bound: Value, bound_number: float, other: float) -> bool:
    """'more than 3,000' allows 3,200; 'up to 3,000' allows 2,800; a figure with no bound allows nothing else."""
    low, high = _bounded(bound, bound_number, bound_number)
    return low != high and low <= other <= high


def slot(value: Value) -> tuple[str, str] | None:
    """What a value can be compared with: its family, and its role in time or its unit."""
    family = FAMILIES.get(value.kind)
    if family is None or value.value is None:
        return None
    if value.kind == "weekday":  # compared with weekdays only: a date would need the reference to meet it
        return (family, "weekday")
    if family == "time":
        point = time_point(value)
        return (family, point[0]) if point else None
    return (family, value.unit if family == "count" else "")


def aligned_values(a: Claim, b: Claim) -> list[tuple[Value, Value, bool]]:
    """Pairs of values that state the same quantity in the two claims, and
    whether the pairing is certain.

    A slot that occurs once in each claim pairs with certainty.  Otherwise a
    value pairs with the one whose surrounding words it shares most, which is
    a guess: good enough to call two values alike, not to call them in conflict.
    """
    pairs = []
    for value_a in a.values:
        slot_a = slot(value_a)
        if slot_a is None:
            continue
        candidates = [value_b for value_b in b.values if slot(value_b) == slot_a]
        if not candidates:
            continue
        same_slot_in_a = [value for value in a.values if slot(value) == slot_a]
        if len(candidates) == 1 and len(same_slot_in_a) == 1:
            pairs.append((value_a, candidates[0], True))
            continue
        context_a = value_context(a, value_a)
        overlap, best = max(((len(context_a & value_context(b, value_b)), value_b) for value_b in candidates),
                            key=lambda item: item[0])
        if overlap:
            pairs.append((value_a, best, False))
    return pairs


def compare_claims(a: Claim, b: Claim, a_date: str, b_date: str) -> Verdict:
    """The worst relation over the aligned values of two claims.

    A difference counts only when the words around the two values share
    something (two words, for a conflict); otherwise the values are taken to
    measure different things.
    """
    worst = Verdict("same", "")
    for value_a, value_b, certain in aligned_values(a, b):
        verdict = compare_values(value_a, value_b, a_date, b_date)
        shared = len(value_context(a, value_a) & value_context(b, value_b))
        # A date against a vaguer date ("in February" / "on February 18") is as strong a claim as a conflict.
        strong = verdict.relation == "conflict" or verdict.relation == "minor" and FAMILIES[value_a.kind] == "time"
        if verdict.relation in ("minor", "update") and shared < 1 or strong and shared < CONFLICT_CONTEXT:
            continue
        # A guessed pairing may say "the same" or "almost the same number", nothing stronger.
        if not certain and (verdict.relation in ("update", "conflict") or verdict.relation == "minor" and FAMILIES[value_a.kind] == "time"):
            continue
        if verdict.relation != "incomparable" and RANK[verdict.relation] > RANK[worst.relation]:
            worst = verdict
    return worst


def discrepancy_id(kind: str, claim_ids: Sequence[str]) -> str:
    return "d-" + hashlib.sha1(f"{kind}|{'|'.join(sorted(claim_ids))}".encode()).hexdigest()[:10]


def compare_group(
    group_id: str, claims: Sequence[Claim], sources: Mapping[str, Source], linked: set[tuple[str, str]] | None = None
) -> tuple[str, tuple[Discrepancy, ...]]:
    """A group's status and its discrepancies, one per linked pair of claims from different sources.

    Only related pairs are compared (see _related): a group joined through a
    chain of links may hold claims that do not state the same fact.
    """
    if len({claim.source for claim in claims}) < 2:
        return "single", ()
    found = []
    for a, b in combinations(sorted(claims, key=lambda claim: claim.id), 2):
        if a.source == b.source or linked is not None and not _related(a, b, claims, linked):
            continue
        a_date, b_date = (_reference(sources[claim.source]) for claim in (a, b))
        verdict = compare_claims(a, b, a_date, b_date)
        if verdict.relation in SEVERITY:
            found.append(
                Discrepancy(
                    id=discrepancy_id(verdict.relation, (a.id, b.id)),
                    group=group_id,
                    kind=verdict.relation,
                    severity=SEVERITY[verdict.relation],
                    claims=(a.id, b.id),
                    explanation=explain(verdict, a, b, sources),
                )
            )
    return status_of(found), tuple(found)


def status_of(discrepancies: Sequence[Discrepancy]) -> str:
    """A group of several sources' status, from the discrepancies still open in it."""
    kinds = {discrepancy.kind for discrepancy in discrepancies}
    return next((kind for kind in GROUP_STATUSES if kind in kinds), "corroborated")


def _related(a: Claim, b: Claim, claims: Sequence[Claim], linked: set[tuple[str, str]]) -> bool:
    """Linked directly, or through a third claim that states the same quantity as both,
    once each: "since March 2" and "On March 6" both meet "From March 6 to 9"."""
    def is_linked(x: Claim, y: Claim) -> bool:
        return (min(x.id, y.id), max(x.id, y.id)) in linked

    if is_linked(a, b):
        return True
    shared = _slots_stated_once(a) & _slots_stated_once(b)
    return any(
        is_linked(a, c) and is_linked(b, c) and shared & _slots_stated_once(c)
        for c in claims if c.id not in (a.id, b.id)
    )


def _slots_stated_once(claim: Claim) -> set[tuple[str, str]]:
    slots = [slot(value) for value in claim.values]
    return {item for item in slots if item is not None and slots.count(item) == 1}


def _reference(source: Source) -> str:
    return source.reference.date.isoformat() if source.reference else ""


def explain(verdict: Verdict, a: Claim, b: Claim, sources: Mapping[str, Source]) -> str:
    lead = {
        "conflict": "The sources disagree",
        "minor": "The sources differ slightly",
        "wording": "The sources agree in different words",
        "update": "The figure changed between reports",
    }[verdict.relation]
    return f"{lead}: {sources[a.source].title} says \u201c{a.text}\u201d; {sources[b.source].title} says \u201c{b.text}\u201d. {verdict.why[:1].upper()}{verdict.why[1:]}."


@dataclass(frozen=True)
class ValueRow:
    """One distinct value of a fact, with the mentions that give it."""

    value: Value  # the first mention's, to show
    facts: tuple[Fact, ...]

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(fact.source for fact in self.facts))


def value_key(value: Value) -> str:
    """What a value means, with its qualifier, as one string: equal keys are equal values however worded."""
    point = time_point(value)
    if point:
        return ":".join(point)
    if value.kind == "quote":
        return f"quote:{value.unit}"
    if value.kind == "duration":
        hours = in_hours(value)
        return f"duration:{[round(end, 6) for end in hours] if isinstance(hours, list) else round(hours, 6)}:{value.qualifier}"
    return f"{value.kind}:{value.value}:{value.unit}:{value.qualifier}"


def value_rows(facts: Sequence[Fact], sources: Mapping[str, Source]) -> tuple[ValueRow, ...]:
    """The distinct values of a fact group, the earliest reported first."""
    rows: dict[str, list[Fact]] = {}
    for fact in sorted(facts, key=lambda fact: (_reference(sources[fact.source]) or "9999", sources[fact.source].path, fact.id)):
        rows.setdefault(value_key(fact.value), []).append(fact)
    return tuple(ValueRow(found[0].value, tuple(found)) for found in rows.values())


def compare_facts(group_id: str, facts: Sequence[Fact], sources: Mapping[str, Source],
                  strongly_linked: Callable[[Fact, Fact], bool] = lambda a, b: True,
                  supports_difference: Callable[[Fact, Fact], bool] = lambda a, b: True) -> tuple[str, tuple[Discrepancy, ...]]:
    """A fact group's status and its discrepancies: at most one of each kind, with every source on each side.

    Two values that cannot both be true make a conflict when some mention of one is strongly linked to
    some mention of the other (``strongly_linked``); else a possible conflict, for an editor to check, when some
    pair is linked well enough to say so (``supports_difference``); else they are taken for two things, and not shown.
    """
    rows = value_rows(facts, sources)
    involved: dict[str, dict[int, None]] = {}  # kind -> the rows it involves, in order
    for index, row in enumerate(rows):
        forms = {expression_form(fact.value): fact.value for fact in row.facts}
        if len(row.sources) > 1 and len(forms) > 1:
            involved.setdefault("wording", {})[index] = None
    for (i, first), (j, second) in combinations(enumerate(rows), 2):
        a_date, b_date = (_reference(sources[row.facts[0].source]) for row in (first, second))
        verdict = compare_values(first.value, second.value, a_date, b_date)
        if verdict.relation in ("same", "incomparable"):
            continue
        kind = verdict.relation
        if kind == "conflict" and not any(strongly_linked(a, b) for a in first.facts for b in second.facts):
            if not any(supports_difference(a, b) for a in first.facts for b in second.facts):
                continue
            kind = "possible"
        involved.setdefault(kind, {}).update({i: None, j: None})
    found = []
    for kind, indexes in involved.items():
        chosen = [rows[index] for index in indexes]
        claims = tuple(dict.fromkeys(fact.claim for row in chosen for fact in row.facts))
        found.append(Discrepancy(
            id=discrepancy_id(kind, (group_id,)),
            group=group_id,
            kind=kind,
            severity=SEVERITY[kind],
            claims=claims,
            explanation=explain_rows(kind, chosen, sources),
        ))
    found.sort(key=lambda item: -item.severity)
    status = status_of(found) if len({fact.source for fact in facts}) > 1 else "single"
    return status, tuple(found)


SOURCE_TITLE_NAME = 60  # a title longer than this is a sentence (seeds' titles are their first one), not a name


def source_label(source: Source) -> str:
    """How a sentence names a source: its publisher; else its title when that is short; else "source" and the
    id's leading number or word ("source 003"), never a title cut mid-sentence."""
    if source.publisher:
        return source.publisher
    title = " ".join(source.title.split())
    if title and len(title) <= SOURCE_TITLE_NAME:
        return title
    return "source " + source.id.split("_")[0]


def source_names(source_ids: Sequence[str], sources: Mapping[str, Source]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    found = [source_label(sources[source_id]) for source_id in source_ids]
    return found[0] if len(found) == 1 else ", ".join(found[:-1]) + " and " + found[-1]


# What a difference means, said after who says what: one sentence per kind, shared by every explanation
# (the reader's cards in publish/views.py too). "update" and "wording" are written whole where they are made.
MEANING = {
    "conflict": "Both cannot be right.",
    "possible": "These may be two different things; an editor should check before calling it a conflict.",
    "minor": "The difference is one of rounding, precision or a qualifier (about, more than).",
    "change": "A source changed this value between versions of its article.",
    "update": "The figure changed between reports: a later report, not a contradiction.",
}


def explain_rows(kind: str, rows: Sequence[ValueRow], sources: Mapping[str, Source]) -> str:
    """One kind of difference in words read at one pass: "A and B say “March 9”; C says “since March 2”.
    Both cannot be right."  Each source is named once (source_label), with the value as it writes it; what the
    difference means follows in plain words (MEANING), not compare_values' reason, which is written for rules.
    """
    wordings: dict[str, list[str]] = {}  # each wording, with the sources that use it, in the rows' order
    for row in rows:
        for fact in row.facts:
            sources_of = wordings.setdefault(_as_written(fact.value), [])
            if fact.source not in sources_of:
                sources_of.append(fact.source)
    if kind == "wording":
        named = tuple(dict.fromkeys(source_id for source_ids in wordings.values() for source_id in source_ids))
        quoted = " and ".join(wordings)
        return sentence_case(f"{source_names(named, sources)} give the same value in other words: {quoted}.")
    said = "; ".join(f"{source_names(source_ids, sources)} {'says' if len(source_ids) == 1 else 'say'} {text}"
                     + (_on_day(sources[source_ids[0]]) if kind == "update" else "")  # an update is told by when
                     for text, source_ids in wordings.items())
    if kind == "speaker":  # the speakers' names are the reader's card's (views.explain_difference): ids only here
        named = tuple(dict.fromkeys(source_id for row in rows for source_id in row.sources))
        said = f"{source_names(named, sources)} credit the same words to different people"  # the words: the title's
    ending = MEANING.get(kind, "")
    return sentence_case(f"{said}. {ending}".rstrip())


def _as_written(value: Value) -> str:
    """A value in quotation marks as its source words it, with its reading when the wording leaves out a qualifier
    the sentence gives ("“two and a half hours” (more than 2.5 hours)")."""
    quoted = f"\u201c{value.text}\u201d"
    return f"{quoted} ({describe(value).rsplit(' (', 1)[0]})" if value.qualifier and value.value is not None else quoted


def _on_day(source: Source) -> str:
    day = source.reference.date if source.reference else None
    return f" on {day.day} {day:%B %Y}" if day else ""


def sentence_case(text: str) -> str:
    """A sentence that starts with a name written in lowercase ("source 003 says") still starts with a capital."""
    return text[:1].upper() + text[1:]



_STATUS_ORDER = tuple(reversed(GROUP_STATUSES))


def settle_statuses(groups: Iterable[Group], open_discrepancies: Iterable[Discrepancy]) -> list[Group]:
    """Each group's status from the discrepancies still open: a fact group's from its own, a sentence
    group's the worst of the fact groups its sentences state (a group of one source stays single)."""
    groups = list(groups)
    open_of: dict[str, list[Discrepancy]] = {}
    for item in open_discrepancies:
        open_of.setdefault(item.group, []).append(item)
    fact_status = {group.id: status_of(open_of.get(group.id, [])) for group in groups if group.basis == "fact"}
    worst_of_claim: dict[str, str] = {}
    for group in groups:
        if group.basis == "fact" and group.status != "single":
            for claim_id in group.claims:
                worst_of_claim[claim_id] = max(worst_of_claim.get(claim_id, "corroborated"), fact_status[group.id],
                                               key=_STATUS_ORDER.index)
    settled = []
    for group in groups:
        if group.status == "single":
            settled.append(group)
        elif group.basis == "fact":
            settled.append(replace(group, status=fact_status[group.id]))
        else:
            status = max((worst_of_claim.get(claim_id, "corroborated") for claim_id in group.claims), key=_STATUS_ORDER.index)
            settled.append(replace(group, status=status))
    return settled


# ---------------------------------------------------------------- names spelled two ways

SPELLING_SEVERITY = 0.2
SPELLING_SIMILARITY = 75  # two name words this alike (rapidfuzz ratio, 0-100) are one word spelled two ways
_NAME_WORD = re.compile(r"[^\W\d_][\w’'-]*[^\W\d_]")
_POSSESSIVE = re.compile(r"[’']s?$")


def spelling_discrepancies(groups: Sequence[Group], claims: Mapping[str, Claim], sources: Mapping[str, Source],
                           spans: Mapping[str, Sequence[tuple[int, int, str]]]) -> tuple[Discrepancy, ...]:
    """A name that sources spell two ways for one entity ("Yiannis" and "Giannis"; "Kuznetsov" and "Kusnezow"):
    one discrepancy of kind ``spelling`` per entity and pair of spellings, in the fact group whose sentences show
    both spellings in the most sources. ``spans``: Source.id -> (start, end, Entity.id) of each resolved mention."""
    from rapidfuzz import fuzz

    # A set of its own for each claim naming an entity (76,704 at 2,060 sources, with its words) took 30 MB; they
    # spell their entities in some 9,000 ways, so each set of words is kept once.
    spellings: dict[frozenset[str], frozenset[str]] = {}
    words_in = {}  # (claim id, entity id) -> the name words the claim spells the entity with
    written = {}  # (entity id, name word) -> the longest mention that spells it so ("Yiannis Kostas")
    ordered = {source_id: sorted(found) for source_id, found in spans.items()}
    for claim in claims.values():
        text, found = sources[claim.source].text, ordered.get(claim.source, [])
        for start, end, entity in found[bisect.bisect_left(found, (claim.start,)):]:
            if start >= claim.end:
                break
            if end <= claim.end:
                mention = " ".join(text[start:end].split())
                words = [_POSSESSIVE.sub("", word) for word in _NAME_WORD.findall(mention) if word[:1].isupper()]
                if words:
                    spelled = words_in.get((claim.id, entity), frozenset()).union(words)
                    words_in[(claim.id, entity)] = spellings.setdefault(spelled, spelled)
                for word in words:
                    written[(entity, word)] = max(written.get((entity, word), ""), mention, key=len)
    by_entity: dict[str, dict[str, frozenset[str]]] = {}  # entity -> source -> its name words
    for (claim_id, entity), words in words_in.items():
        of_source = by_entity.setdefault(entity, {})
        spelled = of_source.get(claims[claim_id].source, frozenset()) | words
        of_source[claims[claim_id].source] = spellings.setdefault(spelled, spelled)
    fact_groups = [group for group in groups if group.basis == "fact"]
    positions_of: dict[str, list[int]] = {}  # claim id -> the fact groups it is in, by their place in ``groups``
    for position, group in enumerate(fact_groups):
        for claim_id in group.claims:
            positions_of.setdefault(claim_id, []).append(position)
    naming: dict[str, list[str]] = {}  # entity -> the claims that spell it
    for claim_id, entity in words_in:
        naming.setdefault(entity, []).append(claim_id)
    found = []
    for entity, spelled in sorted(by_entity.items()):
        for users in _spelled_two_ways(spelled, fuzz.ratio):
            first, second = users
            # only a group holding a claim that spells the entity one of the two ways can show both
            near = sorted({position for claim_id in naming[entity] if words_in[(claim_id, entity)] & {first, second}
                           for position in positions_of.get(claim_id, ())})
            group = _group_showing([fact_groups[position] for position in near], claims, words_in, entity, users)
            if group is None:
                continue
            named = tuple(claim_id for claim_id in group.claims
                          if words_in.get((claim_id, entity), set()) & {first, second})
            said = "; ".join(f"{source_names(users[word], sources)} {'writes' if len(users[word]) == 1 else 'write'} "
                             f"\u201c{written[(entity, word)]}\u201d" for word in (first, second))
            found.append(Discrepancy(discrepancy_id("spelling", (entity, first, second)), group.id, "spelling",
                                     SPELLING_SEVERITY, named, sentence_case(f"{said}: one name, spelled two ways.")))
    return tuple(found)


def _spelled_two_ways(spelled: Mapping[str, frozenset[str]], ratio: Callable[[str, str], float]) -> list[dict[str, list[str]]]:
    """Pairs of alike name words that different sources use for one entity, each with the sources (sorted) that
    use it and not the other: {first word: its sources, second word: its sources}."""
    every = sorted({word for words in spelled.values() for word in words if len(word) > 3})
    pairs = []
    for position, first in enumerate(every):
        for second in every[position + 1:]:
            a, b = first.casefold(), second.casefold()
            if a == b or a.startswith(b) or b.startswith(a) or ratio(a, b) < SPELLING_SIMILARITY:
                continue
            users = {word: sorted(source for source, words in spelled.items() if word in words and other not in words)
                     for word, other in ((first, second), (second, first))}
            if all(users.values()):
                pairs.append(users)
    return pairs


def _group_showing(groups: Sequence[Group], claims: Mapping[str, Claim], words_in: Mapping[tuple[str, str], frozenset[str]],
                   entity: str, users: Mapping[str, Sequence[str]]) -> Group | None:
    """The fact group whose sentences spell the entity both ways in the most sources, if any does."""
    best, most = None, 0
    for group in groups:
        if group.basis != "fact":
            continue
        shown = {word: {claims[claim_id].source for claim_id in group.claims
                        if word in words_in.get((claim_id, entity), ()) and claims[claim_id].source in users[word]}
                 for word in users}
        if all(shown.values()) and sum(len(found) for found in shown.values()) > most:
            best, most = group, sum(len(found) for found in shown.values())
    return best
