"""Group -> status and Discrepancies, each with a plain-language explanation.

Two claims of a group are compared value by value, within a family of
comparable kinds (a date, a range and "since March 2" all place a start
in time).  A family is compared only when each claim holds one value of it:
a sentence with three dates does not say which of them is this fact's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from .dates import WEEKDAYS
from .extract.values import describe, time_point
from .link import FAMILIES, value_context
from .model import Claim, Discrepancy, Source, Value

STATUSES = ("conflict", "minor", "corroborated", "single")
SEVERITY = {"conflict": 1.0, "change": 0.5, "minor": 0.3, "wording": 0.1}
RANK = {"same": 0, "wording": 1, "minor": 2, "change": 3, "conflict": 4}
CLOSE = 0.05  # numbers this close are a rounding difference
CLOSE_APPROXIMATE = 0.15  # when one side says "about"
_YEAR = re.compile(r"\b(?:1[89]|2[01])\d\d\b")
CONFLICT_CONTEXT = 2  # words two values must share around them before they can be said to conflict


@dataclass(frozen=True)
class Verdict:
    relation: str  # same | wording | minor | change | conflict | incomparable
    why: str


def compare_values(a: Value, b: Value, a_date: str, b_date: str) -> Verdict:
    """How two values of one family relate; a_date/b_date are the sources' reference dates."""
    family = FAMILIES.get(a.kind)
    if family != FAMILIES.get(b.kind) or a.value is None or b.value is None:
        return Verdict("incomparable", "")
    if a.kind == "weekday" and b.kind == "weekday":
        return _compare_weekdays(a, b, a_date, b_date)
    if family == "time":
        return _compare_time(a, b)
    if family in ("count", "money", "percent", "duration"):
        return _compare_numbers(a, b, a_date, b_date)
    # Other kinds (ordinals: "the second", "the first time") name which instance,
    # so two different ones are more likely two events than a contradiction.
    return Verdict("same" if a.value == b.value else "incomparable", "")


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
    if longer.startswith(shorter):
        return Verdict("minor", f"one gives {shorter}, the other the more precise {longer}")
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


def _in_hours(value: Value) -> float:
    factors = {"second": 1 / 3600, "minute": 1 / 60, "hour": 1, "day": 24, "week": 168, "month": 730, "year": 8766, "decade": 87660}
    return value.value * factors.get(value.unit, 1)


def _compare_numbers(a: Value, b: Value, a_date: str, b_date: str) -> Verdict:
    if a.kind == "duration":
        first, second = _in_hours(a), _in_hours(b)
    elif a.unit and b.unit and a.unit != b.unit:
        return Verdict("incomparable", "")
    else:
        first, second = float(a.value), float(b.value)
    if first == second:
        if a.qualifier != b.qualifier:
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
            return Verdict("change", f"{describe(a)} on {a_date}, {describe(b)} on {b_date}: the figure grew between the reports")
    return Verdict("conflict", f"{describe(a)} against {describe(b)}")


def _bound_allows(bound: Value, bound_number: float, other: float) -> bool:
    """'more than 3,000' allows 3,200; 'up to 3,000' allows 2,800."""
    if bound.qualifier in ("more_than", "at_least"):
        return other >= bound_number
    if bound.qualifier in ("up_to", "less_than"):
        return other <= bound_number
    return False


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
        if verdict.relation in ("minor", "change") and shared < 1 or strong and shared < CONFLICT_CONTEXT:
            continue
        # A guessed pairing may say "the same" or "almost the same number", nothing stronger.
        if not certain and (verdict.relation in ("change", "conflict") or verdict.relation == "minor" and FAMILIES[value_a.kind] == "time"):
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
    return "conflict" if "conflict" in kinds else "minor" if kinds & {"minor", "change"} else "corroborated"


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
        "change": "The figure changed between reports",
    }[verdict.relation]
    return f"{lead}: {sources[a.source].title} says \u201c{a.text}\u201d; {sources[b.source].title} says \u201c{b.text}\u201d. {verdict.why[:1].upper()}{verdict.why[1:]}."
