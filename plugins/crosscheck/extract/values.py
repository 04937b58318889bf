"""Sentence -> normalized Values: dates, ranges, weekdays, times, durations,
counts, money, percentages, ordinals, and "first time since" references.

Dates and temporal references come from a small grammar here (no library
resolves year-less dates against a source's own "today", reads ranges, or
knows what "the first time in six years" means).  Quantities come from
quantulum3, after the date spans are masked out.  See docs/decisions.md.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import math
import re
import warnings

from .. import lexicon
from ..ingest.dates import DAY, MONTH, MONTHS, WEEKDAY, WEEKDAYS, YEAR
from ..model import VALUE_KINDS, Limits, Value
from ..words import STOPWORDS
from .prefilter import fold, needles

logger = logging.getLogger(__name__)

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "a dozen": 12, "a thousand": 1000,
}
# Vague amounts are ranges, not numbers: "several weeks" is no more 21 days than 35.
VAGUE_AMOUNTS = {
    "a couple of": (2, 3), "a few": (2, 5), "several": (3, 9), "a handful of": (2, 6),
    "dozens of": (24, 99), "dozens": (24, 99), "scores of": (40, 99), "hundreds of": (200, 999),
    "thousands of": (2000, 9999), "tens of thousands of": (20000, 99999),
    "hundreds of thousands of": (200000, 999999), "millions of": (2e6, 9.99e6),
    # said alone they count people: "tens of thousands marched"
    "hundreds": (200, 999), "thousands": (2000, 9999), "tens of thousands": (20000, 99999), "hundreds of thousands": (200000, 999999),
}
# "several hundred", "a few thousand": the vague amount times the scale
VAGUE_AMOUNTS |= {f"{vague} {scale}": (low * factor, high * factor)
                  for vague, (low, high) in (("a few", (2, 5)), ("several", (3, 9)), ("a couple", (2, 3)))
                  for scale, factor in (("hundred", 100), ("thousand", 1000), ("million", 1_000_000))}
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
}
QUALIFIERS = (
    (r"about|around|approximately|roughly|some|an estimated|estimated|almost|nearly|close to|just under", None),
    (r"more than|over|above|in excess of|upwards of", "more_than"),
    (r"at least|no fewer than|no less than|a minimum of", "at_least"),
    (r"up to|as many as|as much as|as high as|at most|a maximum of|no more than", "up_to"),
    (r"less than|fewer than|under|below", "less_than"),
    (r"exactly|precisely|just", "exact"),
)
_QUALIFIER_KIND = {"almost": "nearly", "nearly": "nearly", "close to": "nearly", "just under": "nearly"}
_QUALIFIER_RE = re.compile(
    r"(?:^|\W)(" + "|".join(pattern for pattern, _ in QUALIFIERS) + r")\s*[~$€£¥₴₽]?\s*$", re.IGNORECASE
)

_NUMBER_WORD = (r"(?:\d+(?:[.,]\d+)?|"
                + "|".join(sorted(list(NUMBER_WORDS) + list(VAGUE_AMOUNTS), key=len, reverse=True)) + r")")

# Full month names, capitalised, but "May" (a modal verb too), which the month pattern takes after "in" only.
_FULL_MONTHS = "|".join(max((name for name in MONTHS if MONTHS[name] == number), key=len).capitalize()
                        for number in range(1, 13) if number != 5)
_AMOUNT = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORDS = "trillion|billion|million|thousand|bn|bln|mln|m|k"
_PATTERNS = [
    # "for the first time since 2017", "for the first time after the 2018 election"
    ("since_year", re.compile(
        rf"\b(?:for\s+)?the\s+first\s+time\s+(?:since|after)\s+(?:the\s+[a-z]+(?:\s+[a-z]+)?\s+(?:of|in)\s+)?(?:(?:{MONTH})\s+)?(?P<year>{YEAR})\b", re.IGNORECASE)),
    # "for the first time in six years"
    ("since_span", re.compile(
        rf"\b(?:for\s+)?the\s+first\s+time\s+in\s+(?:(?:more|over|almost|nearly)\s+(?:than\s+)?)?(?P<n>{_NUMBER_WORD}(?:\s+and\s+a\s+half)?)\s+(?P<unit>years?|months?|decades?)\b", re.IGNORECASE)),
    # "his first visit to the region in three years": the first of anything, not only "the first time"
    ("since_first", re.compile(
        rf"\bfirst\s+(?:[\w’'-]+\s+){{1,5}}?in\s+(?:(?:more|over|almost|nearly)\s+(?:than\s+)?)?(?P<n>{_NUMBER_WORD}(?:\s+and\s+a\s+half)?)\s+(?P<unit>years?|months?|decades?)\b", re.IGNORECASE)),
    # "From March 3 to 9", "from 3 to 9 March", "March 3-9", "between March 3 and March 9"
    ("range_md", re.compile(
        rf"\b(?:(?P<lead>from|between)\s+)?(?P<m1>{MONTH})\s+(?P<d1>{DAY})\s*(?:-|–|—|to|until|through|and)\s*(?:(?P<m2>{MONTH})\s+)?(?P<d2>{DAY})\b(?:,?\s+(?P<year>{YEAR}))?", re.IGNORECASE)),
    ("range_dm", re.compile(
        rf"\b(?:(?P<lead>from|between)\s+)?(?P<d1>{DAY})\s*(?:(?P<m1>{MONTH})\s*)?(?:-|–|—|to|until|through|and)\s*(?P<d2>{DAY})\s+(?P<m2>{MONTH})\b(?:,?\s+(?P<year>{YEAR}))?", re.IGNORECASE)),
    # "between 2015 and 2022", "the 1970s", "between the 1960s and the 1980s"
    ("year_range", re.compile(rf"\b(?:between|from)\s+(?P<y1>{YEAR})\s*(?:and|to|until|through|-|–)\s*(?P<y2>{YEAR})\b|\b(?P<y3>{YEAR})\s*[-–]\s*(?P<y4>{YEAR})\b", re.IGNORECASE)),
    ("decade", re.compile(r"\b(?:between\s+)?the\s+(?P<d1>(?:1[89]|20)\d0)s(?:\s+(?:and|to|until)\s+the\s+(?P<d2>(?:1[89]|20)\d0)s)?", re.IGNORECASE)),
    # "the '60s", "the early 80's": a decade written with two digits, in the last century that has begun it
    ("short_decade", re.compile(r"\bthe\s+(?P<part>early\s+|mid-?\s*|late\s+)?['’]?(?P<tens>[1-9]0)['’]?s\b"
                                r"(?:\s+(?:and|to)\s+(?:the\s+)?['’]?(?P<tens2>[1-9]0)['’]?s\b)?", re.IGNORECASE)),
    # "a man in his 60s": an age between 60 and 69
    ("age_decade", re.compile(r"\bin\s+(?:his|her|their)\s+(?P<part>early\s+|mid-?\s*|late\s+)?(?P<tens>[1-9]0)['’]?s\b", re.IGNORECASE)),
    # "since March 2", "since October 2018"
    ("since_date", re.compile(
        rf"\bsince\s+(?:(?P<weekday>{WEEKDAY}),?\s+)?(?:(?P<month>{MONTH})\s+(?P<day>{DAY})(?:,?\s+(?P<year>{YEAR}))?|(?P<day2>{DAY})\s+(?P<month2>{MONTH})(?:,?\s+(?P<year2>{YEAR}))?|(?P<month3>{MONTH})\s+(?P<year3>{YEAR}))\b", re.IGNORECASE)),
    ("since_weekday", re.compile(rf"\bsince\s+(?P<weekday>{WEEKDAY})\b", re.IGNORECASE)),
    ("since_month", re.compile(rf"\bsince\s+(?:(?P<part>late|early|mid)[-\s]+)?(?P<month>{MONTH})\b(?!\s*\d)", re.IGNORECASE)),
    ("since_plain_year", re.compile(rf"\b(?:since|from)\s+(?P<year>{YEAR})\b(?!\s*(?:-|–|to|until|and|through)\s*\d)", re.IGNORECASE)),
    # "on 10 Nov 11.": a day, a month and a year in two digits, as a dateline or a log writes them; only at the end
    # of a clause, since "on 5 March 12 people died" counts people
    ("date_dm_short_year", re.compile(
        rf"\b(?P<day>{DAY})\s+(?P<month>{MONTH})\.?\s+(?P<short_year>\d\d)(?=\s*(?:[.,;:)]|$))", re.IGNORECASE)),
    # "Monday, March 6", "March 6, 2023", "6 March 2023", "Tuesday 7 March"
    ("date_md", re.compile(
        rf"\b(?:(?P<weekday>{WEEKDAY}),?\s+(?:the\s+)?)?(?P<month>{MONTH})\s+(?P<day>{DAY})\b(?!\s*(?:-|–|to)\s*\d)(?:,?\s+(?P<year>{YEAR})\b)?", re.IGNORECASE)),
    ("date_dm", re.compile(
        rf"\b(?:(?P<weekday>{WEEKDAY}),?\s+(?:the\s+)?)?(?P<day>{DAY})\s+(?:of\s+)?(?P<month>{MONTH})\b(?:,?\s+(?P<year>{YEAR})\b)?", re.IGNORECASE)),
    ("iso_date", re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\b")),
    ("month_year", re.compile(rf"\b(?P<month>{MONTH})\s+(?:of\s+)?(?P<year>{YEAR})\b", re.IGNORECASE)),
    ("year_part", re.compile(rf"\b(?:the\s+)?(?P<part>end|beginning|start|middle|close|turn)\s+of\s+(?P<year>{YEAR})\b", re.IGNORECASE)),
    ("month_relative_year", re.compile(rf"\b(?P<month>{MONTH})\s+of\s+(?P<which>this|last|next|the previous|the coming)\s+year\b", re.IGNORECASE)),
    ("relative_year", re.compile(r"\b(?P<which>next|last|this|previous|coming)\s+year\b", re.IGNORECASE)),
    ("relative_month", re.compile(r"\b(?P<which>next|last|this|previous|coming)\s+month\b", re.IGNORECASE)),
    # "yesterday", "on Tuesday night", "this morning": a day counted from the reference date
    ("relative_day", re.compile(r"\b(?P<day>today|yesterday|tomorrow|tonight|this (?:morning|afternoon|evening)|last night)\b",
                                re.IGNORECASE)),
    # "a weeklong manhunt": a duration in one word
    ("long", re.compile(r"\b(?P<unit>hour|day|week|month|year)[- ]?long\b", re.IGNORECASE)),
    # "in April", "late June", and the months listed after one: "in April, May or June"
    ("month", re.compile(
        r"\b(?:(?i:in|since|until|by|before|after|from|during|of)\s+|(?P<which>(?i:last|next))\s+|(?P<part>late|early|mid)[-\s]+"
        r"|(?<=, )|(?<=or )|(?<=and ))"
        rf"(?P<month>{_FULL_MONTHS}|May(?<=[iI]n May))\b(?!\s+\d)")),
    # "a couple of days before", "two weeks later", "four years ago"
    ("relative", re.compile(
        rf"\b(?P<n>{_NUMBER_WORD})\s+(?P<unit>days?|weeks?|months?|years?)\s+(?P<direction>before|after|earlier|later|ago)\b", re.IGNORECASE)),
    # "a 33-year-old man", "aged 33"
    ("age", re.compile(r"\b(?P<n>\d{1,3})[-\s]years?[-\s]old\b|\baged\s+(?P<n2>\d{1,3})\b", re.IGNORECASE)),
    ("duration", re.compile(
        rf"(?<!\d[:.])\b(?P<n>{_NUMBER_WORD}(?:\s+and\s+a\s+half)?)(?:\s+|-)(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", re.IGNORECASE)),
    # "dozens of homes", "several planes": a vague amount of something
    ("vague_count", re.compile(r"\b(?P<n>" + "|".join(sorted(VAGUE_AMOUNTS, key=len, reverse=True)) + r")\s+(?=[a-z])", re.IGNORECASE)),
    ("time_words", re.compile(r"\b(?P<hour>[01]?\d|2[0-3])[.:](?P<minute>[0-5]\d)\s+(?P<when>in the morning|in the afternoon|in the evening|at night|local time|hours|hrs)\b", re.IGNORECASE)),
    # "10 a.m.", "9.25 a.m.", "14:30", "0415 GMT", each with its zone when one follows: "11:15 a.m. local time"
    ("time", re.compile(
        r"(?:\b(?P<hour>[01]?\d|2[0-3])(?:[:.](?P<minute>[0-5]\d))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?!\w)"
        r"|\b(?P<hour24>[01]?\d|2[0-3]):(?P<minute24>[0-5]\d)\b"
        r"|\b(?P<hhmm>(?:[01]\d|2[0-3])[0-5]\d)(?=\s*(?-i:GMT|UTC)\b))"
        r"(?:\s*\(?(?P<zone>local time|(?-i:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|IST|JST|[ECMP][SD]?T))\b\)?)?", re.IGNORECASE)),
    ("weekday", re.compile(r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:['’]s)?\b")),
    ("year", re.compile(rf"(?<![\w$€£.,/-])(?:in|since|of|from|until|by|before|after|during|through|till)\s+(?P<year>{YEAR})\b(?![-/]\d)", re.IGNORECASE)),
    # "a 1998 conviction", "the 2007 World Series": a year naming which one
    ("year_modifier", re.compile(rf"\b(?:a|an|the|its|his|her|their)\s+(?P<year>{YEAR})(?=\s+[A-Za-z])", re.IGNORECASE)),
    # "more than half of", "a third of"
    ("fraction", re.compile(r"\b(?P<fraction>half|a third|one third|a quarter|one quarter|two thirds|three quarters)\s+of\b", re.IGNORECASE)),
    # "the 11th round", "his 16th straight win", "Klitschko's 58th victory"
    ("ordinal", re.compile(
        r"\b(?:the|its|their|his|her|a|(?P<owner>[A-Za-z][\w-]*)['’]s)\s+(?P<n>\d+(?:st|nd|rd|th)|" + "|".join(ORDINAL_WORDS)
        + r")\b(?!\s+of\s+(?:all|them))", re.IGNORECASE)),
    # "between $140 million and $150 million", "$145 million to $175 million", "$140-150 million": one sum, as a range;
    # "from $5 million to $7 million" is a change, two sums
    ("money_range", re.compile(
        rf"(?<!from )(?P<between>between\s+)?(?P<symbol>[$€£¥₴₽])\s?(?P<low>{_AMOUNT})(?:[\s-]{{0,2}}(?P<low_scale>{_SCALE_WORDS})\b)?"
        rf"\s*(?:-|–|\bto\b|(?(between)\band\b|(?!)))\s*(?P=symbol)?\s?(?P<high>{_AMOUNT})"
        rf"(?:[\s-]{{0,2}}(?P<scale>{_SCALE_WORDS})\b)?", re.IGNORECASE)),
    # "$2.3 billion", "$ 4.5 billion", "£40m", "$180,000": a currency sign before the number
    ("money", re.compile(
        r"(?P<symbol>[$€£¥₴₽])\s?(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        r"(?:[\s-]{0,2}(?P<scale>trillion|billion|million|thousand|bn|bln|mln|m|k)\b)?", re.IGNORECASE)),
    # "euro110 billion", "EUR 30bn", "US$5 million", "Dh472.72bn": a currency word or code before the figure
    ("money_code", re.compile(
        r"(?<![\w$])(?P<code>euros?|eur|usd|us\$|gbp|dh|aed|inr|rs\.?|chf|cny|jpy|rub|uah)\s?"
        r"(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
        r"(?:[\s-]{0,2}(?P<scale>trillion|billion|million|thousand|bn|bln|mln|mn|m|k)\b)?", re.IGNORECASE)),
    # "110 billion euros", "22.4bn", "400 million dollars": a scaled number, money when a currency is named
    ("scaled", re.compile(
        r"(?<![\w.,$€£¥₴₽])(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)[\s-]?(?P<scale>trillion|billion|million|bn|bln|mln|mn)\b"
        r"(?:[\s-]+(?P<currency>euros?|dollars?|pounds?|roubles?|rubles?|hryvnias?|yuan|yen|(?-i:[A-Z]{3}))\b)?", re.IGNORECASE)),
    # "Thompson, 40, was...": a person's age, written between commas after the name
    # "improved to 58-3", "voted 52-48", "won 5-3": a record, a vote or a score, two counts; the larger first, as
    # "13-19" is a range
    ("pair", re.compile(r"(?<![\w.,/:–-])(?P<first>\d{1,3})-(?P<second>\d{1,3})(?![\w/:%–-]|[.,]\d)")),
    # "twice wrestled him down": a count of times; "twice as many" is a ratio, "twice the size" a multiple
    ("times", re.compile(r"\b(?P<n>twice|thrice)\b(?!\s+(?:as|that|the|a|an|this|its|his|her|their|over)\b)", re.IGNORECASE)),
    # "Delacroix Jr., 49,": after a name's abbreviated suffix too
    ("appositive_age", re.compile(r"(?:(?<=[^\W\d_])|(?<=[A-Z][a-z]\.)), (?P<n>\d{1,2}),(?! ?\d)")),
]
_GATED_PATTERNS = [(name, pattern, needles(pattern)) for name, pattern in _PATTERNS]
_CURRENCY_WORDS = {"euro": "EUR", "dollar": "USD", "pound": "GBP", "rouble": "RUB", "ruble": "RUB", "hryvnia": "UAH", "yuan": "CNY",
                   "yen": "JPY"}

# A scraped page whose encoding was misread shows a currency sign as "?" or U+FFFD, right before the figure.
_MANGLED_SIGN = "?\ufffd"
_CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB"}
_SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mln": 1e6, "million": 1e6, "bn": 1e9, "bln": 1e9, "billion": 1e9,
           "trillion": 1e12}
_FRACTIONS = {"half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "a quarter": 25.0, "one quarter": 25.0,
              "two thirds": 200 / 3, "three quarters": 75.0}
_YEAR_PARTS = {"end": 12, "close": 12, "turn": 12, "beginning": 1, "start": 1, "middle": 6}
# A superlative or "first" before "since" means the last time before, not a start.
_SUPERLATIVE_BEFORE = re.compile(
    r"\b(first|highest|lowest|biggest|largest|smallest|worst|best|strongest|weakest|deadliest|fastest|slowest|"
    r"sharpest|steepest|hottest|coldest|wettest|driest|heaviest|most|least)\b[^,;]{0,40}$", re.IGNORECASE)
_DURATION_UNITS = {  # quantulum3's unit names -> ours; weeks are counted in days, decades in years
    "second": "second", "minute": "minute", "minute of arc": "minute", "second of arc": "second",
    "hour": "hour", "day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade",
}
_DURATION_UNIT_NAMES = {"second": "second", "minute": "minute", "hour": "hour", "day": "day", "week": "day",
                        "month": "month", "year": "year", "decade": "year"}
_DURATION_FACTORS = {"week": 7, "decade": 10}


def _duration(amount: float | list[float], unit: str) -> tuple[float | list[float], str]:
    return scaled(amount, _DURATION_FACTORS.get(unit, 1)), _DURATION_UNIT_NAMES[unit]
_COUNT_SKIP = {"more", "new", "other", "additional", "further", "extra", "of", "the", "their", "its", "his",
               "her", "our", "these", "those", "them", "which", "were", "are", "percent", "per", "cent",
               "times", "time"}


def find_values(sentence: str, reference: dt.date | None, limits: Limits = Limits()) -> tuple[Value, ...]:
    """Every value in one sentence, in order; spans never overlap."""
    found: list[Value] = _overlong_numbers(sentence, limits.number_digits)
    taken = bytearray(len(sentence))
    for value in found:
        taken[value.start : value.end] = b"\x01" * (value.end - value.start)
    folded = fold(sentence)
    for name, pattern, gate in _GATED_PATTERNS:
        if not gate.admit(folded):
            continue  # the pattern cannot match here (extract/prefilter.py)
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            try:
                value = _READERS[name](match, reference)
            except (OverflowError, ValueError) as error:  # a date before year 1, a number too big to convert
                value = Value(_reader_kind(name), match.group(0), start, end, None, "", "", f"{_CANNOT_READ} ({error})")
            if value is None:
                continue
            found.extend(value if isinstance(value, tuple) else (value,))
            taken[start:end] = b"\x01" * (end - start)
    found.extend(_quantities(sentence, taken, limits))
    return tuple(sorted(map(_in_range, found), key=lambda value: value.start))


_DIGIT_RUN = re.compile(r"\d[\d,.]*")
_ISO_DATE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?)?")
_DATE_KINDS = {"date", "date_range", "since"}


_CANNOT_READ = "the value cannot be read"
# Why a value is left unread for a limit: each is reported with its source (extract.claims.unread_values).
_LIMIT_REASONS = ("a run of more than", "the number is too large to read", "the date is outside the years", _CANNOT_READ)


def left_unread(value: Value) -> bool:
    """Whether ``value`` is a figure left unread for a limit (too many digits, not finite, a date out of range),
    not one that is merely incomplete (a date with no year to give it)."""
    return value.value is None and value.reason.startswith(_LIMIT_REASONS)


def _reader_kind(name: str) -> str:
    """The kind of value a reader of ``_READERS`` makes, for a value it could not read."""
    if name.startswith("since"):
        return "since"
    if name.startswith("range") or name == "year_range":
        return "date_range"
    if name in VALUE_KINDS:
        return name
    return "date" if any(word in name for word in ("date", "month", "year", "decade")) else "count"


def _overlong_numbers(sentence: str, digits: int) -> list[Value]:
    """Runs of more digits than a figure of news has (CROSSCHECK_MAX_NUMBER_DIGITS), as values left unread:
    the readers could not convert them, and the quantity parser backtracks for minutes on them."""
    return [Value("count", match.group(0), *match.span(), None, "", "", f"a run of more than {digits} digits is no figure; not read")
            for match in _DIGIT_RUN.finditer(sentence) if sum(ch.isdigit() for ch in match.group(0)) > digits]


def _in_range(value: Value) -> Value:
    """The value, or it left unread when it holds a number that is not finite or a date outside years 2 to 9998,
    which neither Python's dates, the pages nor JSON can hold."""
    def numbers(item):
        if isinstance(item, (list, tuple)):
            return [number for element in item for number in numbers(element)]
        if isinstance(item, dict):
            return numbers(list(item.values()))
        return [item] if isinstance(item, (int, float)) and not isinstance(item, bool) else []

    def dates(item):
        if isinstance(item, (list, tuple)):
            return [day for element in item for day in dates(element)]
        if isinstance(item, dict):
            return dates(list(item.values()))
        return [item] if isinstance(item, str) else []

    if not all(math.isfinite(number) for number in numbers(value.value)):
        return Value(value.kind, value.text, value.start, value.end, None, value.unit, value.qualifier, "the number is too large to read")
    # A year to spare at each end: the analysis counts days and weeks back and forth from a date.
    if value.kind in _DATE_KINDS and not all(_ISO_DATE.fullmatch(day) and "0002" <= day[:4] <= "9998" for day in dates(value.value)):
        return Value(value.kind, value.text, value.start, value.end, None, value.unit, value.qualifier,
                     "the date is outside the years 2 to 9998")
    return value


# ---------------------------------------------------------------- date readers


def _month(name: str | None) -> int | None:
    return MONTHS[name.lower().rstrip(".")] if name else None


def _day(text: str | None) -> int | None:
    return int(re.sub(r"\D", "", text)) if text else None


FORWARD_DAYS = 31


def resolve_year(month: int, day: int, reference: dt.date | None) -> tuple[dt.date | None, str]:
    """A year-less date in the past of the reference date, unless it is just ahead.

    News mostly reports what has happened: a date up to a month after the
    reference date is upcoming, anything later is taken from the year before.
    """
    if reference is None:
        return None, "no reference date: the year is unknown"
    for year in (reference.year + 1, reference.year, reference.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            continue
        if (candidate - reference).days <= FORWARD_DAYS:
            return candidate, f"year from the reference date {reference.isoformat()}"
    return None, f"{month}/{day} is not a date"


def _build_date(month, day, year, weekday_name, reference) -> tuple[dt.date | None, str]:
    if year:
        try:
            date = dt.date(int(year), month, day)
        except ValueError:
            return None, "not a calendar date"
        reason = ""
    else:
        date, reason = resolve_year(month, day, reference)
    if date and weekday_name:
        expected = WEEKDAYS.index(weekday_name.lower())
        if date.weekday() != expected:
            reason = f"weekday mismatch: {date.isoformat()} is a {WEEKDAYS[date.weekday()].capitalize()}, not a {weekday_name.capitalize()}"
        elif not reason or reason.startswith("year from"):
            reason = (reason + "; " if reason else "") + "weekday checked"
    return date, reason


def _read_date(match, reference):
    groups = match.groupdict()
    month, day = _month(groups["month"]), _day(groups["day"])
    if day is None or not 1 <= day <= 31:
        return None
    date, reason = _build_date(month, day, groups.get("year"), groups.get("weekday"), reference)
    return Value("date", match.group(0), *match.span(), date.isoformat() if date else None, "", "", reason)


def _read_short_year_date(match, reference):
    """The year in the century that puts it nearest the reference date (nearest 2000 without one: a build never
    depends on the day it runs)."""
    month, day, short = _month(match["month"]), _day(match["day"]), int(match["short_year"])
    if day is None or not 1 <= day <= 31:
        return None
    here = reference.year if reference else 2000
    year = min((century + short for century in (here // 100 * 100 - 100, here // 100 * 100, here // 100 * 100 + 100)),
               key=lambda candidate: abs(candidate - here))
    date, reason = _build_date(month, day, str(year), None, reference)
    return Value("date", match.group(0), *match.span(), date.isoformat() if date else None, "", "", reason)


def _read_iso(match, reference):
    try:
        date = dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return Value("date", match.group(0), *match.span(), None, "", "", "not a calendar date")
    return Value("date", match.group(0), *match.span(), date.isoformat())


def _read_month_year(match, reference):
    return Value("date", match.group(0), *match.span(), f"{match['year']}-{_month(match['month']):02d}", "month")


_FUTURE = re.compile(r"\b(will|could|may|might|would|expect\w*|plan\w*|next|upcoming|scheduled|due to)\b")
_YEAR_OFFSET = {"next": 1, "coming": 1, "the coming": 1, "last": -1, "previous": -1, "the previous": -1, "this": 0}


_DAY_OFFSET = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0, "yesterday": -1,
               "last night": -1, "tomorrow": 1}


def _read_relative_day(match, reference):
    if match["day"].lower() == "today" and not tells_a_past_event(match.string):
        return None  # "he remains today the only ally": today as nowadays, no day of an event
    if reference is None:
        return Value("date", match.group(0), *match.span(), None, "", "", "no reference date: the day is unknown")
    day = reference + dt.timedelta(days=_DAY_OFFSET[" ".join(match["day"].lower().split())])
    return Value("date", match.group(0), *match.span(), day.isoformat(), "", "", f"counted from the reference date {reference.isoformat()}")


def _read_relative_month(match, reference):
    if reference is None:
        return Value("date", match.group(0), *match.span(), None, "month", "", "no reference date: the month is unknown")
    index = reference.year * 12 + reference.month - 1 + _YEAR_OFFSET[match["which"].lower()]
    return Value("date", match.group(0), *match.span(), f"{index // 12}-{index % 12 + 1:02d}", "month", "",
                 f"counted from the reference date {reference.isoformat()}")


def _read_long(match, reference):
    value, unit = _duration(1, match["unit"].lower())
    return Value("duration", match.group(0), *match.span(), value, unit, "approximate")


def _read_relative_year(match, reference):
    if reference is None:
        return Value("date", match.group(0), *match.span(), None, "year", "", "no reference date: the year is unknown")
    year = reference.year + _YEAR_OFFSET[match["which"].lower()]
    return Value("date", match.group(0), *match.span(), str(year), "year", "", f"counted from the reference date {reference.isoformat()}")


def _read_month_relative_year(match, reference):
    if reference is None:
        return Value("date", match.group(0), *match.span(), None, "month", "", "no reference date: the year is unknown")
    year = reference.year + _YEAR_OFFSET[match["which"].lower()]
    return Value("date", match.group(0), *match.span(), f"{year}-{_month(match['month']):02d}", "month")


def _read_month(match, reference):
    """A month alone: the last such month, or the next one when the sentence speaks of the future."""
    month = _month(match["month"])
    start = match.start("which") if match["which"] else match.start("part") if match["part"] else match.start("month")
    surface = match.string[start : match.end()]
    if reference is None:
        return Value("date", surface, start, match.end(), None, "month", "", "no reference date: the year is unknown")
    rest = match.string[: match.start()] + " " + match.string[match.end() :]  # the month "May" is no modal verb
    if match["which"]:  # "last December", "next March": the one before, or after, the reference month
        start = match.start("which")
        surface = match.string[start : match.end()]
        later = match["which"].lower() == "next"
        year = reference.year + (month <= reference.month if later else -(month >= reference.month))
        reason = f"the {match['which'].lower()} such month counted from the reference date {reference.isoformat()}"
    elif _FUTURE.search(rest):
        year = reference.year if month > reference.month else reference.year + 1
        reason = "the next such month: the sentence speaks of the future"
    else:
        year = reference.year if month <= reference.month + 1 else reference.year - 1
        reason = f"the last such month before the reference date {reference.isoformat()}"
    return Value("date", surface, start, match.end(), f"{year}-{month:02d}", "month", "", reason)


def _read_year(match, reference):
    start = match.start("year")
    return Value("date", match["year"], start, match.end(), match["year"], "year")


def _read_year_modifier(match, reference):
    following = re.match(r"\s+([A-Za-z]+)", match.string[match.end():]).group(1)
    if following.islower() and can_be_noun(following) and noun_lemma(following) != following:
        return None  # "the 2000 troops" counts troops
    return _read_year(match, reference)


def _read_range(match, reference):
    groups = match.groupdict()
    m1 = _month(groups["m1"]) or _month(groups["m2"])
    m2 = _month(groups["m2"]) or m1
    d1, d2 = _day(groups["d1"]), _day(groups["d2"])
    if not (d1 and d2 and 1 <= d1 <= 31 and 1 <= d2 <= 31):
        return None
    if groups["lead"] and groups["lead"].lower() == "between" and " and " not in match.group(0).lower():
        return None
    year = groups.get("year")
    if year:  # a year written once belongs to the end: "December 30 to January 2, 2023"
        end, reason = _build_date(m2, d2, year, None, reference)
        start, _ = _build_date(m1, d1, year, None, reference)
        if start and end and start > end:
            start, _ = _build_date(m1, d1, str(start.year - 1), None, reference)
    else:
        start, reason = _build_date(m1, d1, None, None, reference)
        end, _ = _build_date(m2, d2, str(start.year) if start else None, None, reference)
        if start and end and end < start:
            end, _ = _build_date(m2, d2, str(end.year + 1), None, reference)
    value = [start.isoformat(), end.isoformat()] if start and end else None
    return Value("date_range", match.group(0), *match.span(), value, "", "", reason)


def _read_since_date(match, reference):
    groups = match.groupdict()
    if groups["month3"]:
        value = {_since_role(match.string, match.start()): f"{groups['year3']}-{_month(groups['month3']):02d}"}
        return Value("since", match.group(0), *match.span(), value, "", "", "")
    month = _month(groups["month"] or groups["month2"])
    day = _day(groups["day"] or groups["day2"])
    if not day or not 1 <= day <= 31:
        return None
    date, reason = _build_date(month, day, groups["year"] or groups["year2"], groups["weekday"], reference)
    value = {_since_role(match.string, match.start()): date.isoformat()} if date else None
    return Value("since", match.group(0), *match.span(), value, "", "", reason)


def _read_since_year(match, reference):
    # "since 2019" and "after the protests of 2020" both place the last time before in that year
    return Value("since", match.group(0), *match.span(), {"last": match["year"]}, "", "", "")


def _read_since_span(match, reference):
    amount = number_from_words(match["n"])
    unit = match["unit"].lower().rstrip("s")
    qualifier = "approximate" if re.search(r"\b(more|over|almost|nearly)\b", match.group(0), re.IGNORECASE) else ""
    if amount is None:
        return Value("since", match.group(0), *match.span(), None, unit, qualifier, f"cannot read the number {match['n']!r}")
    if reference is None:
        return Value("since", match.group(0), *match.span(), None, unit, qualifier, "no reference date to count back from")
    if isinstance(amount, list):  # "the first time in several years" names no year
        return Value("since", match.group(0), *match.span(), None, unit, "approximate", f"{match['n']!r} is no number")
    years = amount * (10 if unit == "decade" else 1 / 12 if unit == "month" else 1)
    if unit == "month":
        month_index = reference.year * 12 + reference.month - 1 - int(amount)
        last = f"{month_index // 12}-{month_index % 12 + 1:02d}"
    else:
        last = str(reference.year - int(years))
    reason = f"reference year {reference.year} minus {amount:g} {unit}{'s' if amount != 1 else ''}"
    return Value("since", match.group(0), *match.span(), {"last": last}, unit, qualifier or "approximate", reason)


def _read_time(match, reference):
    if match["hhmm"] is not None:
        hour, minute = int(match["hhmm"][:2]), int(match["hhmm"][2:])
    elif match["hour24"] is not None:
        hour, minute = int(match["hour24"]), int(match["minute24"])
    else:
        hour, minute = int(match["hour"]) % 12, int(match["minute"] or 0)
        if match["ampm"].lower().startswith("p"):
            hour += 12
    zone = match["zone"] or ""
    return Value("time", match.group(0), *match.span(), f"{hour:02d}:{minute:02d}", "local" if zone.lower() == "local time" else zone,
                 _qualifier_before(match.string, match.start()))


def _read_vague_count(match, reference):
    noun = counted_noun(match.string[match.end("n"):])
    if not noun and not match["n"].lower().removesuffix(" of").endswith(("dozens", "hundreds", "thousands")):
        return None
    return Value("count", match["n"], match.start("n"), match.end("n"), number_from_words(match["n"]), noun, "approximate")


def _read_age(match, reference):
    return Value("age", match.group(0), *match.span(), int(match["n"] or match["n2"]), "year")


_CAPITALISED_WORD = re.compile(r"(?:^|\s)[A-Z][^\W\d_]+\.?$")  # "Delacroix Jr."


_LAST_WORD = re.compile(r"(?:^|\s)([a-z]+)$")


def _read_appositive_age(match, reference):
    """Only after a name or a noun that names a person (WordNet, when installed): "Dorsey, 40," and "the actress,
    26,"; "in Athens, 30, ..." is rare, "the round, 11," is not an age."""
    before = match.string[:match.start()]
    if not _CAPITALISED_WORD.search(before) and not _names_a_person(_LAST_WORD.search(before)):
        return None
    return Value("age", match["n"], match.start("n"), match.end("n"), int(match["n"]), "year")


def _names_a_person(word: re.Match | None) -> bool:
    found = lexicon.load()
    return bool(word and found and found.same_kind(noun_lemma(word[1]), "person"))


def _read_relative(match, reference):
    amount = number_from_words(match["n"])
    unit = match["unit"].lower().rstrip("s")
    sign = 1 if match["direction"].lower() in ("after", "later") else -1
    qualifier = "approximate" if isinstance(amount, list) else _qualifier_before(match.string, match.start())
    if amount is None:
        return Value("relative", match.group(0), *match.span(), None, unit, qualifier, f"{match['n']!r} is not a number")
    return Value("relative", match.group(0), *match.span(), scaled(amount, sign), unit, qualifier)


def _read_weekday(match, reference):
    return Value("weekday", match["weekday"], match.start("weekday"), match.end("weekday"), match["weekday"].lower())


_NOT_OWNERS = {"it", "that", "what", "there", "here", "he", "she", "who", "let", "where", "how"}  # "it's first", "let's first"


def _read_ordinal(match, reference):
    """An ordinal, with the noun it ranks as its unit ("the 58th victory": victory), which a fact's title asks about."""
    if match["owner"] and match["owner"].lower() in _NOT_OWNERS:
        return None
    word = match["n"].lower()
    number = ORDINAL_WORDS[word] if word in ORDINAL_WORDS else int(re.sub(r"\D", "", word))
    start = match.start("n")
    return Value("ordinal", match["n"], start, match.end(), number, counted_noun(match.string[match.end():]))


def _read_scaled(match, reference):
    amount = scaled(float(match["amount"].replace(",", "")), _SCALES[match["scale"].lower().replace("mn", "m")])
    qualifier = _qualifier_before(match.string, match.start())
    if match.start() and match.string[match.start() - 1] in _MANGLED_SIGN:
        return Value("money", match.group(0), *match.span(), amount, "", qualifier)  # a currency sign lost in encoding
    if match["currency"]:
        written = match["currency"]
        word = _CURRENCY_WORDS.get(written.lower().rstrip("s"))  # "dollars", "DOLLARS"
        if word is None and written not in _iso_currencies():
            return Value("count", match.string[match.start() : match.end("scale")], match.start(), match.end("scale"),
                         amount, counted_noun(match.string[match.end("scale"):]), qualifier)  # "5 million AAA bonds"
        currency = word or written
        return Value("money", match.group(0), *match.span(), amount, currency, qualifier)
    return Value("count", match.group(0), *match.span(), amount, counted_noun(match.string[match.end():]), qualifier)


@functools.cache
def _iso_currencies() -> frozenset[str]:
    from babel.numbers import list_currencies  # CLDR's tables: loaded only when a figure has capitals after it

    return frozenset(list_currencies())


_CURRENCY_CODES = {"euro": "EUR", "euros": "EUR", "us$": "USD", "dh": "AED", "rs": "INR", "rs.": "INR"}


def _read_money_code(match, reference):
    written, code = match["code"], match["code"].lower()
    glued = match.end("code") == match.start("amount")
    if code not in ("euro", "euros") and not (glued or written[:1].isupper()):
        return None  # "rs 30" or "eur 30" in lower case is seldom money
    scale = (match["scale"] or "").lower().replace("mn", "m")
    amount = float(match["amount"].replace(",", "")) * _SCALES.get(scale, 1)
    currency = _CURRENCY_CODES.get(code, code.upper())
    return Value("money", match.group(0), *match.span(), amount, currency, _qualifier_before(match.string, match.start()))


def _read_times(match, reference):
    return Value("count", match.group(0), *match.span(), 2 if match["n"].lower() == "twice" else 3, "time",
                 _qualifier_before(match.string, match.start()))


PAIR = "one of a pair: a record, a vote or a score"  # Value.reason of each of its two counts


def _read_pair(match, reference):
    first, second = int(match["first"]), int(match["second"])
    if first < second:
        return None
    return (Value("count", match["first"], *match.span("first"), first, "", "", PAIR),
            Value("count", match["second"], *match.span("second"), second, "", "", PAIR))


def _read_money_range(match, reference):
    high_scale = _SCALES.get((match["scale"] or "").lower(), 1)
    low_scale = _SCALES.get((match["low_scale"] or "").lower(), high_scale)  # "$140-150 million": the scale is said once
    low, high = float(match["low"].replace(",", "")) * low_scale, float(match["high"].replace(",", "")) * high_scale
    if not 0 < low < high:
        return None  # "$5-2" is no range of sums
    return Value("money", match.group(0), *match.span(), [low, high], _CURRENCY_SYMBOLS[match["symbol"]],
                 _qualifier_before(match.string, match.start()))


def _read_money(match, reference):
    amount = float(match["amount"].replace(",", "")) * _SCALES.get((match["scale"] or "").lower(), 1)
    return Value("money", match.group(0), *match.span(), amount, _CURRENCY_SYMBOLS[match["symbol"]], _qualifier_before(match.string, match.start()))


def _read_fraction(match, reference):
    start = match.start("fraction")
    return Value("percent", match["fraction"], start, match.end("fraction"), round(_FRACTIONS[match["fraction"].lower()], 1),
                 "percent", _qualifier_before(match.string, start))


def _since_role(string: str, start: int) -> str:
    return "last" if _SUPERLATIVE_BEFORE.search(string[max(0, start - 60) : start]) else "start"


def _read_since_weekday(match, reference):
    if reference is None:
        return Value("since", match.group(0), *match.span(), None, "", "", "no reference date: the day is unknown")
    back = (reference.weekday() - WEEKDAYS.index(match["weekday"].lower())) % 7
    day = reference - dt.timedelta(days=back)
    return Value("since", match.group(0), *match.span(), {_since_role(match.string, match.start()): day.isoformat()}, "", "",
                 f"the last {match['weekday'].capitalize()} on or before the reference date {reference.isoformat()}")


def _read_since_month(match, reference):
    month = _month(match["month"])
    if reference is None:
        return Value("since", match.group(0), *match.span(), None, "month", "", "no reference date: the year is unknown")
    year = reference.year if month <= reference.month else reference.year - 1
    return Value("since", match.group(0), *match.span(), {_since_role(match.string, match.start()): f"{year}-{month:02d}"}, "month")


def _read_since_plain_year(match, reference):
    return Value("since", match.group(0), *match.span(), {_since_role(match.string, match.start()): match["year"]}, "year")


def _read_year_range(match, reference):
    first, last = (match["y1"], match["y2"]) if match["y1"] else (match["y3"], match["y4"])
    if int(last) < int(first):
        return None
    return Value("date_range", match.group(0), *match.span(), [first, last], "year")


def _read_decade(match, reference):
    first = match["d1"]
    last = str(int(match["d2"] or first) + 9)
    return Value("date_range", match.group(0), *match.span(), [first, last], "year")


def _read_short_decade(match, reference):
    year = (reference or dt.date(2000, 1, 1)).year
    first, last = (2000 + tens if 2000 + tens <= year else 1900 + tens for tens in (int(match["tens"]), int(match["tens2"] or match["tens"])))
    if last < first:
        return None  # "the 90s and 10s": two centuries, not one span
    return Value("date_range", match.group(0), *match.span(), [str(first), str(last + 9)], "year",
                 "approximate" if match["part"] else "")


def _read_age_decade(match, reference):
    tens = int(match["tens"])
    return Value("age", match.group(0), *match.span(), [tens, tens + 9], "year", "approximate")


def _read_year_part(match, reference):
    month = _YEAR_PARTS[match["part"].lower()]
    return Value("date", match.group(0), *match.span(), f"{match['year']}-{month:02d}", "month", "approximate")


_NOUN_AFTER = re.compile(r"\s+([A-Za-z]+)")


def _read_duration(match, reference):
    amount = number_from_words(match["n"])
    if amount is None:
        return None
    unit = match["unit"].lower().rstrip("s")
    after = _NOUN_AFTER.match(match.string, match.end())
    if match["n"].lower() in ("a", "an") and after and can_be_noun(after.group(1)):
        return None  # "a second campaign": an ordinal, not a second of time
    value, unit = _duration(amount, unit)
    qualifier = "approximate" if isinstance(amount, list) else _qualifier_before(match.string, match.start())
    if qualifier == "more_than" and re.search(r"\bover(?:\s+the(?:\s+(?:next|past|last))?)?\s*$", match.string[: match.start()], re.IGNORECASE):
        qualifier = ""  # "loans over three years", "over the next three years": during, not more than
    return Value("duration", match.group(0), *match.span(), value, unit, qualifier)


def _read_time_words(match, reference):
    hour, minute = int(match["hour"]), int(match["minute"])
    if match["when"].lower() in ("in the afternoon", "in the evening") and hour < 12:
        hour += 12
    return Value("time", match.group(0), *match.span(), f"{hour:02d}:{minute:02d}", "local" if match["when"].lower() == "local time" else "",
                 _qualifier_before(match.string, match.start()))


_READERS = {
    "since_year": _read_since_year,
    "since_span": _read_since_span,
    "since_first": _read_since_span,
    "short_decade": _read_short_decade,
    "age_decade": _read_age_decade,
    "range_md": _read_range,
    "range_dm": _read_range,
    "since_date": _read_since_date,
    "date_dm_short_year": _read_short_year_date,
    "date_md": _read_date,
    "date_dm": _read_date,
    "iso_date": _read_iso,
    "month_year": _read_month_year,
    "month_relative_year": _read_month_relative_year,
    "relative_year": _read_relative_year,
    "relative_month": _read_relative_month,
    "relative_day": _read_relative_day,
    "long": _read_long,
    "month": _read_month,
    "relative": _read_relative,
    "time": _read_time,
    "weekday": _read_weekday,
    "year": _read_year,
    "year_modifier": _read_year_modifier,
    "ordinal": _read_ordinal,
    "money": _read_money,
    "money_range": _read_money_range,
    "pair": _read_pair,
    "times": _read_times,
    "money_code": _read_money_code,
    "scaled": _read_scaled,
    "fraction": _read_fraction,
    "since_weekday": _read_since_weekday,
    "since_month": _read_since_month,
    "since_plain_year": _read_since_plain_year,
    "year_range": _read_year_range,
    "decade": _read_decade,
    "year_part": _read_year_part,
    "duration": _read_duration,
    "age": _read_age,
    "appositive_age": _read_appositive_age,
    "vague_count": _read_vague_count,
    "time_words": _read_time_words,
}


# ---------------------------------------------------------------- quantities


def number_from_words(text: str) -> float | list[float] | None:
    """ "three" -> 3, "two and a half" -> 2.5, "1,500" -> 1500, "2.5" -> 2.5, "several" -> [3, 9]."""
    text = " ".join(text.strip().lower().split())
    if text in VAGUE_AMOUNTS:
        return list(VAGUE_AMOUNTS[text])
    half = 0.5 if re.search(r"\s+and\s+a\s+half$", text) else 0.0
    text = re.sub(r"\s+and\s+a\s+half$", "", text)
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?|\d+(\.\d+)?", text):
        return float(text.replace(",", "")) + half
    value = NUMBER_WORDS.get(text)
    return None if value is None else value + half


def scaled(amount: float | list[float], factor: float) -> float | list[float]:
    """An amount, or each end of a range, times a factor; whole numbers stay whole."""
    if isinstance(amount, list):
        return sorted(scaled(end, factor) for end in amount)
    value = amount * factor
    return int(value) if float(value).is_integer() else value


_DIGIT_OR_NUMBER_WORD = re.compile(r"\d|\b(?:" + "|".join(k for k in NUMBER_WORDS if len(k) > 2) + r")\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _quantity_parser():
    """quantulum3 loads its unit tables once per process (about 2 s)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import parser
    return parser


def _quantities(sentence: str, taken: bytearray, limits: Limits = Limits()) -> list[Value]:
    # Masked spans become spaces, so offsets stay those of the sentence.
    masked = "".join(" " if taken[i] else ch for i, ch in enumerate(sentence))
    masked = re.sub(r"([$€£¥₴₽]) (?=\d)", r" \1", masked)
    if not _DIGIT_OR_NUMBER_WORD.search(masked):
        return []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            quantities = _parse_in_pieces(masked, limits.parser_characters)
        except Exception as error:  # noqa: BLE001 - quantulum3 raises on odd input; a value is never worth a crash
            logger.debug("quantulum3 failed on %r: %s", sentence[:80], error)
            return []
    values = []
    for quantity, (start, end) in quantities:
        if masked[start] in _CURRENCY_SYMBOLS and start and sentence[start - 1] == masked[start]:
            start -= 1  # undo the shift of "$ 1.5" to " $1.5"
        surface = sentence[start:end]
        if any(taken[start:end]) or not surface.strip():
            continue
        value = _quantity_value(quantity, sentence, start, end)
        if value is not None:
            values.append(value)
            taken[start:end] = b"\x01" * (end - start)
    return values


def _parse_in_pieces(text: str, size: int) -> list[tuple[object, tuple[int, int]]]:
    """quantulum3's quantities with their spans in ``text``, read in pieces of at most ``size`` characters that
    end at a space (CROSSCHECK_MAX_PARSER_CHARACTERS): its time grows faster than the length of what it reads."""
    found, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            space = text.rfind(" ", start + 1, end)
            end = space if space > start else end
        found += [(quantity, (quantity.span[0] + start, quantity.span[1] + start)) for quantity in _parsed(text[start:end])]
        start = end
    return found


@functools.lru_cache(maxsize=1 << 12)
def _parsed(piece: str) -> tuple:
    """quantulum3's quantities in one piece of text, read once a process: the outlets that carry a wire story
    repeat its sentences word for word."""
    return tuple(_quantity_parser().parse(piece))


_NUMBER_WORDS_RE = re.compile(r"\b(?:" + "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 2), key=len, reverse=True)) + r")\b",
                              re.IGNORECASE)
_QUANTITY_KINDS = {"length", "area", "volume", "mass", "speed", "temperature"}
_TEMPERATURE_WORDS = re.compile(r"temperature|degrees|°|frost|celsius|fahrenheit|below zero|thermometer", re.IGNORECASE)
_MAGNITUDE_BEFORE = re.compile(r"magnitude[-\s]*(?:of\s+)?(?:about\s+|around\s+)?$", re.IGNORECASE)
_MAGNITUDE_AFTER = re.compile(r"[-\s]*(?:magnitude\b|(?:on|in)\s+the\s+richter)|\s+on\s+the\s+(?:moment|richter)", re.IGNORECASE)
_NUMBER_RANGE = re.compile(r"(?P<low>\d[\d,]*(?:\.\d+)?)\s*(?:-|–|to|and)\s*(?P<high>\d[\d,]*(?:\.\d+)?)")


@functools.lru_cache(maxsize=1)
def _units():
    import pint  # loaded with the first quantity, not at import

    return pint.UnitRegistry()


def to_si(amount: float, unit: str, kind: str) -> tuple[float | None, str]:
    """A quantity in SI units (kilometres and miles both in metres); None when pint does not know the unit."""
    registry = _units()
    try:
        if kind == "temperature":
            scale = "degF" if "fahrenheit" in unit.lower() else "degC"
            return round(registry.Quantity(amount, scale).to("degC").magnitude, 1), "celsius"
        quantity = registry.Quantity(amount, unit).to_base_units()
    except Exception:  # noqa: BLE001 - an odd unit name is a value we cannot convert, never a crash
        return None, unit
    return float(f"{quantity.magnitude:.6g}"), f"{quantity.units:~}".replace(" ", "")


def _amount(quantity, surface: str) -> float | list[float]:
    """quantulum3 reads "13 to 19" as its mean, 16: a range stays a range."""
    match = _NUMBER_RANGE.search(surface)
    if match:
        low, high = (float(match[name].replace(",", "")) for name in ("low", "high"))
        if low < high:
            return [scaled(low, 1), scaled(high, 1)]
    return scaled(float(quantity.value), 1)


def _quantity_value(quantity, sentence: str, start: int, end: int) -> Value | None:
    surface = sentence[start:end]
    unit, entity = quantity.unit.name, quantity.unit.entity.name
    qualifier = _qualifier_before(sentence, start)
    currency = getattr(quantity.unit, "currency_code", None)
    if not re.search(r"\d", surface) and not _NUMBER_WORDS_RE.search(surface):
        return None  # "billion" alone: no number was written
    amount = _amount(quantity, surface)
    if entity == "currency" and currency:
        return Value("money", surface, start, end, amount, currency, qualifier)
    if unit == "percentage":
        return Value("percent", surface, start, end, amount, "percent", qualifier)
    if unit.startswith(("percentage ", "per cent")):  # "2.5 percent at noon": quantulum3 reads "at" as ampere-turns
        written = re.match(r".*?(?:%|per ?cent)", surface, re.IGNORECASE)
        if written:
            return Value("percent", written.group(0), start, start + written.end(), amount, "percent", qualifier)
    if unit in _DURATION_UNITS and entity in ("time", "angle"):
        if entity == "angle" and not re.search(r"minutes?|seconds?", surface, re.IGNORECASE):
            return None
        if re.search(r"\sa\.?$|\d\s?a$", surface, re.IGNORECASE):  # "one a pregnant woman", "9.25 a": the article, not annum
            return None
        if re.fullmatch(r"\d+D", surface.strip()):  # "3D" is three-dimensional, not three days
            return None
        normalized, our_unit = _duration(amount, _DURATION_UNITS[unit])
        return Value("duration", surface, start, end, normalized, our_unit, qualifier)
    if entity == "angle" and unit == "degree" and _TEMPERATURE_WORDS.search(sentence):
        entity = "temperature"
    if entity in _QUANTITY_KINDS:
        ends = amount if isinstance(amount, list) else [amount]
        converted = [to_si(end_amount, unit, entity) for end_amount in ends]
        if any(number is None for number, _ in converted):
            return Value(entity, surface, start, end, None, unit, qualifier, f"cannot convert {unit!r}")
        numbers = [number for number, _ in converted]
        return Value(entity, surface, start, end, numbers if isinstance(amount, list) else numbers[0], converted[0][1], qualifier)
    if unit != "dimensionless":
        # quantulum3 reads letters after a number as units ("six AK-47": ampere per kelvin); a count it is
        surface = _leading_number(surface)
        written = number_from_words(surface)
        return Value("count", surface, start, start + len(surface), amount if written is None else scaled(written, 1),
                     counted_noun(sentence[start + len(surface):]), qualifier)
    if start and re.search(r"[A-Za-z]-?$", sentence[max(0, start - 2) : start]):
        return None  # a model or code: "T-72", "F16", "A-320"
    if re.fullmatch(YEAR, surface.strip()) or re.match(r"\s*(?:st|nd|rd|th)\b", sentence[end:]):
        return None  # years and ordinals are read by the date grammar
    if re.match(r"\s*(?:%|percent|per cent)", sentence[end:], re.IGNORECASE):
        return None
    if _MAGNITUDE_BEFORE.search(sentence[max(0, start - 24) : start]) or _MAGNITUDE_AFTER.match(sentence, end):
        scale = "richter" if re.search(r"richter", sentence[max(0, start - 40) : end + 40], re.IGNORECASE) else ""
        return Value("magnitude", surface, start, end, amount, scale, qualifier)
    if not isinstance(amount, list) and amount < 0:
        if _TEMPERATURE_WORDS.search(sentence) or re.search(r"\b(?:dropped|fell|rose)\s+to\s*$", sentence[:start]):
            return Value("temperature", surface, start, end, amount, "degree", qualifier, "a temperature; the scale is not said")
        return None  # nothing is counted below zero
    return Value("count", surface, start, end, amount, counted_noun(sentence[end:]), qualifier)


def _leading_number(surface: str) -> str:
    """The words of a number at the head of what quantulum3 read with a unit: "12" of "12 AK", "a dozen" of
    "a dozen people"; else the first word."""
    digits = re.match(r"[\d.,\s-]*\d", surface)
    if digits:
        return digits.group(0)
    words = surface.split()
    for length in range(min(3, len(words)), 0, -1):
        if number_from_words(" ".join(words[:length])) is not None:
            return surface[: surface.index(words[length - 1]) + len(words[length - 1])]
    return words[0] if words else surface


_BACK_REFERENCES = {"which", "whom", "them", "those", "these", "us", "it"}
_MEASURE_MODIFIER = re.compile(r"\d+(?:[-–][A-Za-z]+)+")


def counted_noun(after: str) -> str:
    """The noun a number counts, singular: '3,000 new homes' -> 'home', 'three more government planes' -> 'plane'.

    The words after the number are read as a noun phrase: its head is the last
    word that can be a noun before one that cannot ("30 people dead" -> person;
    "300,000 is" and "150 injured" count nothing named).
    """
    if re.match(r"[-–][A-Za-z]", after):  # "a 300-seat parliament" counts seats
        word = re.match(r"[-–]([A-Za-z]+)", after).group(1).lower()
        return noun_lemma(word) if can_be_noun(word) else ""
    following = re.findall(r"\d+(?:[-–][A-Za-z]+)+|\d+|[A-Za-z][A-Za-z'-]*\d*|[^\sA-Za-z]", after)[:6]
    if following[:1] == ["of"] and len(following) > 1 and following[1].lower() in _BACK_REFERENCES:
        return ""  # "twelve of whom": the noun is behind the number
    head = name = ""
    for at, word in enumerate(following):
        lowered = word.lower()
        if lowered in ("times", "time"):
            return head or "time"
        if lowered in _COUNT_SKIP and not head:
            continue
        if not head and (_MEASURE_MODIFIER.fullmatch(word) or word.isdigit() and name and at and following[at - 1][:1].isupper()):
            continue  # "three 10-year sentences", "six AK 47 rifles": a measure or a model before the noun
        if word[:1].isupper():
            name = name or lowered  # a name before the noun: "three Russian planes"; or the noun: "thousands of Greeks"
            continue
        if _participle_before_noun(lowered, following[at + 1 : at + 2]) and not head:
            continue  # "thousands of striking workers", "three wounded soldiers"
        if lowered in STOPWORDS or lowered in _TIME_NOUNS or _verb_form(lowered):
            break  # "two who", "three today", "two drove": no noun is counted
        if not lowered[:1].isalpha() or not (can_be_noun(lowered) or not head and can_be_adjective(lowered)):
            break
        if can_be_noun(lowered):
            head = noun_lemma(lowered)
            if head != lowered:
                break  # a plural ends the phrase, as a compound's first nouns are singular: "33 goals last season"
    if not head and len(name) > 4 and name.endswith("s") and not name.endswith("ss"):
        head = name[:-1]  # "Greeks", "Americans": a people named by a plural
    return "person" if head == "people" else head


def _participle_before_noun(word: str, following: list[str]) -> bool:
    """A verb's -ing or -ed form used as an adjective, with a noun after it."""
    if not word.endswith(("ing", "ed")) or not following:
        return False
    after = following[0].lower()
    return after.isalpha() and after not in STOPWORDS and can_be_noun(after) and not _verb_form(after)


@functools.lru_cache(maxsize=1 << 14)
def _lemmas(word: str) -> dict:
    from lemminflect import getAllLemmas  # its tables load on first use

    return getAllLemmas(word)


_TIME_NOUNS = {"today", "yesterday", "tomorrow", "tonight", "now", "overnight", "ago", "later", "earlier"}


def tells_a_past_event(sentence: str) -> bool:
    """Whether a verb in the sentence is in the past tense ("visited", "said", "were")."""
    from lemminflect import getInflection  # its tables load on first use

    for word in re.findall(r"[a-z]+", sentence.lower()):
        verbs = _lemmas(word).get("VERB", ())
        if any(word != lemma and word in getInflection(lemma, "VBD") for lemma in verbs):
            return True
    return False


def _verb_form(word: str) -> bool:
    """An inflected verb that is no inflected noun: "drove" (drive), "rose" (rise), not "planes" or "people"."""
    found = _lemmas(word)
    return "VERB" in found and found["VERB"][0] != word and found.get("NOUN", (word,))[0] == word


def can_be_noun(word: str) -> bool:
    return "NOUN" in _lemmas(word.lower())


def can_be_adjective(word: str) -> bool:
    return "ADJ" in _lemmas(word.lower())


def noun_lemma(word: str) -> str:
    found = _lemmas(word.lower()).get("NOUN")
    return found[0] if found else word.lower()


def lemma(word: str) -> str:
    """A word's dictionary form, a verb's first: 'killed' -> 'kill', 'injured' -> 'injure', 'deaths' -> 'death'."""
    found = _lemmas(word.lower())
    for tag in ("VERB", "NOUN", "ADJ", "ADV"):
        if tag in found:
            return found[tag][0]
    return word.lower()


def _qualifier_before(sentence: str, start: int) -> str:
    match = _QUALIFIER_RE.search(sentence[max(0, start - 24) : start])
    if not match:
        return ""
    word = match.group(1).lower()
    if word in _QUALIFIER_KIND:
        return _QUALIFIER_KIND[word]
    for pattern, kind in QUALIFIERS:
        if re.fullmatch(pattern, word):
            return kind or "approximate"
    return ""


def time_point(value: Value) -> tuple[str, str] | None:
    """(role, ISO date or year) of a value placed in time: ("start", "2023-03-02") for a date,
    a range or "since March 2"; ("last", "2017") for "the first time since 2017"."""
    if value.value is None:
        return None
    if value.kind == "since":
        return next(iter(value.value.items()))
    if value.kind == "date":
        return ("start", value.value)
    if value.kind == "date_range":
        return ("start", value.value[0])
    return None


_QUALIFIER_WORDS = {"approximate": "about", "more_than": "more than", "at_least": "at least", "up_to": "up to",
                    "less_than": "less than", "nearly": "nearly", "exact": "exactly"}


def describe(value: Value) -> str:
    """A value in plain words for readers: 'more than 4 hours', 'since 2023-03-02', 'between 24 and 99 homes'."""
    if value.value is None:
        return f"{value.text!r}: not normalized ({value.reason})"
    qualifier = _QUALIFIER_WORDS.get(value.qualifier, "")
    normalized = value.value
    if value.kind == "date_range":
        shown = f"{normalized[0]} to {normalized[1]}"
    elif value.kind == "since":
        role, point = next(iter(normalized.items()))
        shown = {"last": f"last time before: {point}", "start": f"since {point}"}[role]
    elif value.kind == "quote":
        shown = f"credited to {value.unit}" if value.unit else "not credited"
    elif isinstance(normalized, list):  # a range of numbers, or a vague amount
        low, high = (_number(abs(end), value) for end in sorted(normalized, key=abs))
        shown = f"{low} to {high}{_unit_words(value, 2)}"
        if value.kind == "relative":
            shown += " before" if normalized[0] < 0 else " after"
    elif isinstance(normalized, (int, float)):
        shown = f"{_number(normalized, value)}{_unit_words(value, normalized)}"
    else:
        shown = str(normalized)
    if value.kind == "relative" and isinstance(normalized, (int, float)):
        shown = shown.lstrip("-") + (" before" if normalized < 0 else " after")
    return " ".join(part for part in (qualifier, shown) if part) + f" ({value.kind.replace('_', ' ')})"


def _number(amount: float, value: Value) -> str:
    if value.kind == "money":
        return f"{amount:,.0f}"
    if value.kind == "percent":
        return f"{amount:g}%"
    return f"{amount:,}" if isinstance(amount, int) else f"{amount:g}"


def _unit_words(value: Value, amount: float) -> str:
    if value.kind == "percent" or not value.unit:
        return ""
    if value.kind in ("duration", "relative", "age", "count") and abs(amount) != 1:
        from lemminflect import getInflection  # its tables load on first use

        return " people" if value.unit == "person" else f" {next(iter(getInflection(value.unit, 'NNS')), value.unit)}"
    return f" {value.unit}"
