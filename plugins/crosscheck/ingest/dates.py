"""When a source was published, and which "today" its relative dates mean."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from dateutil import parser as dateutil_parser

from ..model import DatedEvidence, Source

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
YEAR = r"(?:1[89]|2[01])\d\d"  # a year as news text writes one, 1800-2199: the one year pattern
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# The one month, weekday and day-of-month patterns, without groups: a month's name or its abbreviation ("Sept."),
# a weekday's name, a day with or without its ordinal ending ("3rd").
MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
WEEKDAY = r"(?:" + "|".join(WEEKDAYS) + r")"
DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"

_MONTH = rf"(?P<month>{MONTH})"
_WEEKDAY = rf"(?P<weekday>{WEEKDAY})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_WEEKDAY_DATE = re.compile(
    rf"\b{_WEEKDAY},?\s+(?:the\s+)?(?:{_MONTH}\s+{_DAY}"
    rf"|{_DAY.replace('day', 'day2')}\s+(?:of\s+)?{_MONTH.replace('month', 'month2')})\b",
    re.IGNORECASE,
)
DATELINE_LABEL = r"(?:published|updated|posted|last updated)"
ISO_TIMESTAMP = re.compile(
    r"\b(\d{4})-(\d{2})-(\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b"
)
_YEAR = re.compile(rf"(?<![\d/.-])({YEAR})(?![\d/-])")
# How far apart two dates of one report may lie and still be one time: a publication date and the date its text
# tells of, a dateline's day and the corpus's nearest firm date that lends it its year.
NEAR_DAYS = 62
# The years that can date a report's own "today": older ones are history it tells, later ones plans.
_RECENT_YEARS = range(1950, 2100)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!,?\s*\d{{4}})", re.IGNORECASE)


class DateError(ValueError):
    """A date in metadata that cannot be a calendar date."""


def parse_metadata_date(value: str) -> dt.datetime:
    """Parse a ``Date:`` header or a meta tag; raise DateError with the reason."""
    text = value.strip()
    if not text:
        raise DateError("the date is empty")
    try:
        parsed = dateutil_parser.isoparse(text)
    except ValueError:
        parsed = None
    try:
        parsed = parsed or dateutil_parser.parse(text, default=dt.datetime(1, 1, 1))
        parsed.utcoffset()  # dateutil accepts a zone of 24 hours or more, which datetime refuses only when asked
    except (ValueError, OverflowError) as error:
        raise DateError(f"{value!r} is not a valid date ({error}); write it as YYYY-MM-DD") from error
    return parsed


@dataclass(frozen=True)
class WeekdayDate:
    weekday: int  # Monday == 0
    month: int
    day: int
    text: str

    def fits(self, year: int) -> bool:
        try:
            return dt.date(year, self.month, self.day).weekday() == self.weekday
        except ValueError:
            return False


# A sentence about what is to come: its date is an event ahead, not the day the source reports from.
_FUTURE = re.compile(r"\b(?:will|shall|is set to|are set to|is scheduled|are scheduled|is due to|are due to|is expected to)\b",
                     re.IGNORECASE)


def _sentence_around(text: str, start: int, end: int) -> str:
    opening = max(text.rfind(mark, 0, start) for mark in (". ", "! ", "? ", "\n"))
    closing = min((found for mark in (". ", "! ", "? ", "\n") if (found := text.find(mark, end)) >= 0), default=len(text))
    return text[opening + 1 : closing]


def weekday_dates(text: str, *, past_only: bool = False) -> list[WeekdayDate]:
    """Every "Monday, March 6" / "Tuesday 7 March" in the text; with ``past_only``, none in a sentence about
    what is to come ("will be broadcast on Sunday, March 2")."""
    found = []
    for match in _WEEKDAY_DATE.finditer(text):
        if past_only and _FUTURE.search(_sentence_around(text, match.start(), match.end())):
            continue
        month = match.group("month") or match.group("month2")
        found.append(
            WeekdayDate(
                WEEKDAYS.index(match.group("weekday").lower()),
                MONTHS[month.lower().rstrip(".")],
                int(match.group("day") or match.group("day2")),
                match.group(0),
            )
        )
    return found


def timestamp_in(texts: Iterable[str]) -> DatedEvidence | None:
    """The first ISO 8601 timestamp in the given texts (a dateline, say)."""
    for text in texts:
        for match in ISO_TIMESTAMP.finditer(text):
            try:
                day = dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                continue
            return DatedEvidence(day, (match.group(0),), "text")
    return None


def dateline_date(text: str) -> DatedEvidence | None:
    """The date of a dateline such as "Friday, March 10, 2023" or "Updated: 4 May 2021 10:00"."""
    found = timestamp_in([text])
    if found:
        return found
    cleaned = re.sub(rf"^{DATELINE_LABEL}\s*:?\s*", "", text.strip(), flags=re.IGNORECASE)
    try:
        parsed = dateutil_parser.parse(cleaned, fuzzy=True, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError):
        return None
    return DatedEvidence(parsed.date(), (text.strip(),), "text") if parsed.year > 1 else None


# A wire dateline at the head of a report: a place (capitals or title case, "NEW DELHI / MUMBAI"), a comma, the day
# it was filed ("Nov 11", "11 November", "Friday, March 3, 2023"), an agency in parentheses, then a dash or a colon:
# "OSLO, March 9 (Reuters) -", "Oslo, Mar 9:", "OSLO, March 9 --".
_WIRE_DATELINE = re.compile(
    rf"^\s*(?P<place>[A-Z][\w.'’-]*(?:\s*/\s*[A-Z][\w.'’-]*|\s+[A-Z][\w.'’-]*){{0,4}}),\s+"
    rf"(?i:(?:{_WEEKDAY},?\s+)?(?:{_MONTH}\s+{_DAY}|{_DAY.replace('day', 'day2')}\s+{_MONTH.replace('month', 'month2')}))"
    rf"(?:,?\s+(?P<year>{YEAR}))?\s*(?:\([^()\n]{{1,40}}\)\s*)?(?:-{{1,2}}|[–—:])\s"
)


@dataclass(frozen=True)
class WireDateline:
    """The day a dateline says a report was filed; ``year`` is None when the dateline leaves it out."""

    month: int
    day: int
    year: int | None
    text: str

    def on(self, year: int) -> dt.date | None:
        return dt.date(year, self.month, self.day) if _valid(year, self.month, self.day) else None


def wire_dateline(text: str) -> WireDateline | None:
    """The dateline a report's text opens with ("MUMBAI, Nov 11 (Reuters) -"), or None."""
    match = _WIRE_DATELINE.match(text)
    if not match:
        return None
    month = match.group("month") or match.group("month2")
    day = int(match.group("day") or match.group("day2"))
    year = int(match.group("year")) if match.group("year") else None
    found = WireDateline(MONTHS[month.lower().rstrip(".")], day, year, match.group(0).strip(" -–—:"))
    return found if _valid(year or 2000, found.month, found.day) else None  # 2000: a leap year, so "Feb 29" stays


def dateline_published(text: str) -> DatedEvidence | None:
    """The day a report was filed, from an opening dateline that gives its year; a dateline without one is dated
    with the corpus (settle_references)."""
    found = wire_dateline(text)
    return DatedEvidence(found.on(found.year), (found.text,), "dateline") if found and found.year else None


def dateline_in_corpus(text: str, firm_days: Sequence[dt.date]) -> DatedEvidence | None:
    """The day of a report's opening dateline that names no year ("MUMBAI, Nov 11 (Reuters) -"), in the year that
    puts it nearest a firmly dated report of the corpus (``firm_days``, sorted), when that is at most NEAR_DAYS
    away; else in the latest year the text mentions (a weak reference, origin "years"); else None."""
    found = wire_dateline(text)
    if found is None or found.year:
        return None  # a dateline with its year is the report's publication date already (ingest)
    candidates = []
    for year in sorted({day.year + step for day in firm_days for step in (-1, 0, 1)}):
        day = found.on(year)
        if day is None:
            continue
        at = bisect.bisect_left(firm_days, day)
        candidates += [(abs((firm - day).days), day, firm) for firm in firm_days[max(at - 1, 0) : at + 1]]
    distance, day, firm = min(candidates, default=(NEAR_DAYS + 1, None, None))
    if distance <= NEAR_DAYS:
        return DatedEvidence(day, (found.text, f"the year of the nearest firmly dated source ({firm.isoformat()})"), "dateline")
    year = max(years_mentioned(text), default=None)
    if year and (day := found.on(year)):  # weak, as the year may be history the report tells
        return DatedEvidence(day, (found.text, f"the year from the latest year mentioned, {year}"), "years")
    return None


def years_mentioned(text: str) -> list[int]:
    return [year for year in map(int, _YEAR.findall(text)) if year in _RECENT_YEARS]


def infer_reference(text: str, published: dt.date | None) -> tuple[DatedEvidence | None, tuple[str, ...]]:
    """The date a source's "today", "on Monday" and year-less dates refer to.

    Returns the reference date with its evidence, and notes for the reader
    where the publication date disagrees with the text.
    """
    pairs = weekday_dates(text, past_only=True)
    years = years_mentioned(text)
    if pairs:
        if published:
            # One weekday-and-date pair fits some year of any eleven, a mistyped weekday too: alone,
            # it may date the text a year or two before its publication date, no further.
            reach = 11 if len({(pair.month, pair.day, pair.weekday) for pair in pairs}) > 1 else 3
            candidates = range(published.year, published.year - reach, -1)
        elif years:
            candidates = range(max(years), max(years) + 11)
        else:
            candidates = range(0)  # no year anywhere: the weekdays alone cannot name one
        best = max(candidates, key=lambda year: sum(pair.fits(year) for pair in pairs), default=None)
        fitting = [pair for pair in pairs if pair.fits(best)] if best else []
        if fitting:
            evidence = tuple(dict.fromkeys(pair.text for pair in fitting))
            latest = max(fitting, key=lambda pair: (pair.month, pair.day))
            reference = DatedEvidence(dt.date(best, latest.month, latest.day), evidence, "weekday")
            notes = _disagreement(reference, published, pairs)
            if published and not notes:
                # The text agrees with the publication date, which is the more exact "today".
                return DatedEvidence(published, ("the publication date",) + evidence, "metadata"), ()
            return reference, notes
    if published:
        return DatedEvidence(published, ("the publication date",), "metadata"), ()
    if years:
        year = max(years)
        month_days = [
            (MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day")), m.group(0))
            for m in _MONTH_DAY.finditer(text)
        ]
        month_days = [(month, day, surface) for month, day, surface in month_days if _valid(year, month, day)]
        if month_days:  # a year alone is too vague to be anyone's "today"
            month, day, surface = max(month_days)
            evidence = (f"latest year mentioned: {year}", f"latest date mentioned: {surface}")
            return DatedEvidence(dt.date(year, month, day), evidence, "years"), ()
    return None, ()


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _disagreement(reference: DatedEvidence, published: dt.date | None, pairs: list[WeekdayDate]) -> tuple[str, ...]:
    if not published or abs((published - reference.date).days) <= NEAR_DAYS:
        return ()
    example = reference.evidence[0]
    fits_published = any(pair.fits(published.year) for pair in pairs)
    clause = "" if fits_published else f", not {published.year}"
    return (
        f"The publication date {published.isoformat()} disagrees with the text: "
        f"\u201c{example}\u201d fits {reference.date.year}{clause}. "
        f"The events described are probably from {reference.date:%B %Y}; "
        "the page may have been re-published or mis-dated.",
    )


STRONG_ORIGINS = ("weekday", "metadata", "text", "dateline")
ORIGIN_WORDS = {
    "weekday": "weekday and date pairs in the text",
    "metadata": "the publication date",
    "text": "a timestamp in the text",
    "dateline": "the report's dateline (\u201cPLACE, Nov 11 -\u201d)",
    "years": "the years and dates mentioned (weak)",
    "corpus": "other sources in the corpus that name the same day",
    "story": "the firm date of the other sources of its story",
}
# Origins of a reference that is a date the text mentions, not its publication date: a report is written on or
# after each event it tells, so such a date is a lower bound, and the story's own date may be later.
MENTIONED_ORIGINS = ("weekday", "years", "corpus")
# How far after the date a source mentions its story's date may lie: news names a weekday ("on Tuesday,
# March 7") for the past week's days only, and dates older events by month and day alone.
STORY_REACH_DAYS = 7


def days_named(text: str) -> dict[tuple[int, int], str]:
    """The (month, day) of each date without a year in ``text``, and how it is written."""
    return {(MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day"))): m.group(0) for m in _MONTH_DAY.finditer(text)}


def borrow_reference(text: str, own: DatedEvidence | None, others: list[tuple[DatedEvidence, str]]) -> DatedEvidence | None:
    """A better reference date for a source whose own is weak or missing.

    A source that names "March 6" but no year, in a corpus where other
    sources are firmly dated March 6, 2023, is taken to be about that day.
    ``others`` are (reference, source title) of the firmly dated sources.
    """
    if own is not None and own.origin in STRONG_ORIGINS:
        return own
    floor = max(years_mentioned(text), default=0)
    named = days_named(text)
    matches = [
        (reference, title) for reference, title in others
        if (reference.date.month, reference.date.day) in named and reference.date.year >= floor
    ]
    if not matches:
        return own
    votes: dict[dt.date, list[str]] = {}
    for reference, title in matches:
        votes.setdefault(reference.date, []).append(title)
    date, titles = max(votes.items(), key=lambda item: (len(item[1]), item[0]))
    surface = named[(date.month, date.day)]
    evidence = (f"\u201c{surface}\u201d is the firm reference date of {len(titles)} other source(s): {'; '.join(sorted(titles)[:3])}",)
    return DatedEvidence(date, evidence, "corpus")


def settle_references(sources: Sequence[Source]) -> tuple[Source, ...]:
    """Give weakly dated sources the reference date that firmly dated ones share."""
    firm = [source for source in sources if source.reference and source.reference.origin in STRONG_ORIGINS]
    firm_on: dict[tuple[int, int], list[tuple]] = defaultdict(list)  # (month, day) -> (reference, title)
    for source in firm:
        firm_on[(source.reference.date.month, source.reference.date.day)].append((source.reference, source.title))
    firm_ids = {source.id for source in firm}
    firm_days = sorted({source.reference.date for source in firm})
    settled = []
    for source in sources:
        if source.id in firm_ids:
            settled.append(source)  # it keeps its own
            continue
        if dateline := dateline_in_corpus(source.text, firm_days):
            settled.append(replace(source, reference=dateline))
            continue
        # only the firm sources dated on a day this one names: listing them all for each would be quadratic
        others = [other for day in days_named(source.text) for other in firm_on.get(day, ())]
        better = borrow_reference(source.text, source.reference, others)
        settled.append(source if better is source.reference else replace(source, reference=better))
    return tuple(settled)
def story_reference(own: DatedEvidence | None, others: list[tuple[DatedEvidence, str]]) -> DatedEvidence | None:
    """The reference date of a source from the other sources of its story, when its own is only a date it mentions
    or none: the latest date the others are firmly dated to, if it is up to STORY_REACH_DAYS after its own.

    ``others`` are (reference, title) of the story's other dated sources; only firm dates count (a publication
    date, a dateline, a weekday with its date), and only when they lie within STORY_REACH_DAYS of each other: a
    story whose firm dates are further apart holds more than one event, and none of them is this source's.
    A publication date or a dateline of the source itself (origins metadata and text) is never moved.
    """
    if own is not None and own.origin not in MENTIONED_ORIGINS:
        return own
    firm = [(reference, title) for reference, title in others if reference.origin in STRONG_ORIGINS]
    if not firm:
        return own
    latest = max(reference.date for reference, _ in firm)
    if any((latest - reference.date).days > STORY_REACH_DAYS for reference, _ in firm):
        return own
    if own is not None and not 0 < (latest - own.date).days <= STORY_REACH_DAYS:
        return own
    titles = sorted({title for reference, title in firm if reference.date == latest})
    mentioned = (f"the date this source mentions, {own.date.isoformat()}, comes before the event its story reports",) if own else ()
    return DatedEvidence(latest, mentioned + (f"{len(titles)} other source(s) of its story are firmly dated {latest.isoformat()}: "
                                             f"{'; '.join(titles[:3])}",), "story")
