"""Property-based tests (hypothesis) of the normalizers, the cleaner and the finders:
they never raise, they are idempotent where they should be, and every offset points
at the text it claims to."""

import datetime as dt
import re

from bs4 import BeautifulSoup
from crosscheck.extract.entities import find_mentions
from crosscheck.extract.quotes import attribution, find_quotes
from crosscheck.extract.values import (
    NUMBER_WORDS,
    describe,
    find_values,
    number_from_words,
    time_point,
)
from crosscheck.ingest import clean, dates
from crosscheck.ingest.decode import UndecodableError, decode
from crosscheck.ingest.html import extract_html
from crosscheck.ingest.source import ingest_bytes
from crosscheck.model import Source
from crosscheck.sanitize import TAGS, render_markdown, sanitize_html
from crosscheck.segment import segment, split_sentences
from crosscheck.words import slugify
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Words the grammars look for, so that generated text reaches them, mixed with anything at all.
NEWS_WORDS = [
    "Monday", "Tuesday", "Sunday", "March", "May", "June", "December", "Jan.", "Sept.", "6", "19", "31", "30", "2",
    "2023", "1999", "2024-02-29", "2023-02-30", "since", "the", "first", "time", "in", "six", "years", "for", "at",
    "least", "more", "than", "about", "nearly", "up", "to", "1,500", "3.5", "$", "€", "£", "2.3", "billion", "m",
    "percent", "%", "half", "a", "third", "of", "two", "and", "a", "half", "hours", "days", "weeks", "later", "ago",
    "before", "after", "a.m.", "p.m.", "10:30", "in", "the", "morning", "from", "to", "between", "and", "-", "–",
    "—", ",", ".", ";", ":", "?", "!", "\"", "“", "”", "«", "»", "'", "’", "(", ")", "said", "told", "according",
    "he", "she", "Minister", "Anna", "Okoro", "Council", "of", "Ministry", "the,", "said:", "Brack's", "NATO", "UN",
    "next", "year", "last", "year", "end", "of", "1970s",
]


def _no_controls(text: str) -> str:
    """decode() has removed control characters before any later stage sees the text."""
    return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text)


plain_text = st.text(max_size=200).map(_no_controls)
news_token = st.one_of(st.sampled_from(NEWS_WORDS), st.text(max_size=4).map(_no_controls))
news_text = st.lists(news_token, max_size=40).map(lambda words: " ".join(words))
paragraphs = st.lists(news_text, max_size=6).map(lambda blocks: "\n\n".join(blocks))
references = st.one_of(st.none(), st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))


# ---------------------------------------------------------------- values


@FAST
@given(news_text, references)
@example("Monday, February 30, 2023 and since Feb. 29", dt.date(2023, 3, 1))
@example("the first time in 2.5 months", dt.date(1, 1, 15))
def test_values_point_at_their_text_and_never_overlap(sentence, reference):
    values = find_values(sentence, reference)
    end = 0
    for value in values:
        assert sentence[value.start : value.end] == value.text, value
        assert value.start >= end, values
        end = value.end
        described = describe(value)
        assert described and described == described.strip()
        assert ("not normalized" in described) == (value.value is None), (value, described)
        point = time_point(value)
        assert point is None or (point[0] in ("start", "last") and re.fullmatch(r"\d{1,4}(-\d\d){0,2}", point[1])), point
        if point and value.kind == "date" and len(point[1]) == 10:
            dt.date.fromisoformat(point[1])  # a normalized full date is a real calendar date


@FAST
@given(st.integers(min_value=0, max_value=10**12), st.booleans(), st.booleans(), st.sampled_from(["", " ", "  ", "\t"]))
def test_numbers_read_back_as_written(number, commas, half, space):
    written = f"{number:,}" if commas else str(number)
    if half:
        written += " and a half"
    assert number_from_words(f"{space}{written.upper()}{space}") == number + (0.5 if half else 0)


@FAST
@given(st.sampled_from(sorted(NUMBER_WORDS)), st.booleans())
def test_number_words_read_as_their_number(word, half):
    assert number_from_words(f"{word} and a half" if half else word.title()) == NUMBER_WORDS[word] + (0.5 if half else 0)


@FAST
@given(st.text(max_size=30))
def test_number_words_are_none_or_not_negative(text):
    number = number_from_words(text)
    # a number, or for a vague amount ("a few") an ordered range of them
    assert number is None or (0 <= number[0] <= number[1] if isinstance(number, list) else number >= 0)


# ---------------------------------------------------------------- dates


@FAST
@given(st.one_of(st.text(max_size=40), news_text))
@example("2023-02-30")
@example("0000-01-01")
@example("99999-01-01")
@example("Monday 31 February 2023 25:61")
def test_metadata_dates_parse_or_say_why(text):
    try:
        parsed = dates.parse_metadata_date(text)
    except dates.DateError as error:
        assert str(error)
    else:  # a date read once reads back the same from its ISO form, which is how the export writes it
        assert dates.parse_metadata_date(parsed.isoformat()) == parsed


@FAST
@given(paragraphs, references)
def test_date_inference_names_its_evidence(text, published):
    pairs = dates.weekday_dates(text)
    for found in pairs:
        assert found.text in text
    stamp = dates.timestamp_in([text])
    assert stamp is None or (stamp.evidence[0] in text and stamp.evidence[0].startswith(stamp.date.isoformat()))
    reference, notes = dates.infer_reference(text, published)
    if reference is None:
        assert not notes and published is None
    else:
        assert reference.evidence and reference.origin in dates.ORIGIN_WORDS
        if reference.origin == "weekday":  # every pair named is in the text and fits the year chosen
            fitting = {pair.text for pair in pairs if pair.fits(reference.date.year)}
            assert set(reference.evidence) <= fitting
        if published and not notes:
            assert reference.date == published
        assert not notes or (published and reference.origin == "weekday")
    firm = dates.DatedEvidence(dt.date(2023, 3, 6), ("x",), "weekday")
    borrowed = dates.borrow_reference(text, reference, [(firm, "T")])
    if reference is not None and reference.origin in dates.STRONG_ORIGINS:
        assert borrowed is reference
    elif borrowed is not reference:  # borrowed only for a day this text names, in a year it allows
        assert borrowed.date == firm.date and (3, 6) in dates.days_named(text) and borrowed.origin == "corpus"


# ---------------------------------------------------------------- decoding


@FAST
@given(st.binary(max_size=300))
@example(b"\xff\xfe\x00\x00abc")
@example(b"\xef\xbb\xbfabc\xff")
@example(b"\x00\x00\x00 ")
def test_decoding_any_bytes_gives_clean_text_or_a_reason(data):
    try:
        decoded = decode(data)
    except UndecodableError as error:
        assert str(error)
        return
    assert not re.search(r"[\x00-\x08\x0b\x0e-\x1f\x7f\r]", decoded.text)
    assert not decoded.text.startswith("\ufeff")
    if decoded.text.strip():
        again = decode(decoded.text.encode("utf-8"))
        assert again.text == decoded.text and again.warnings == ()


@FAST
@given(st.text(max_size=200))
def test_utf8_text_decodes_to_itself_with_unified_line_ends(text):
    if not text.encode("utf-8").strip():
        return
    try:
        decoded = decode(text.encode("utf-8"))
    except UndecodableError as error:
        assert "binary" in str(error) or "looks like" in str(error)  # many control characters, or a file signature
        return
    unified = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    # a form feed (a page break) becomes a space; other controls and the noncharacters, which XML forbids, go
    expected = "".join(" " if ch == "\x0c" else "" if (ord(ch) < 32 and ch not in "\t\n") or ch == "\x7f"
                       or 0xFDD0 <= ord(ch) <= 0xFDEF or ord(ch) & 0xFFFE == 0xFFFE else ch for ch in unified)
    assert decoded.text == expected.lstrip("\ufeff")


# ---------------------------------------------------------------- cleaning


@FAST
@given(st.text(max_size=80))
@example("e\u200b\u0301 \u212a\u200db \U0001F468\u200d\U0001F469")
def test_normalise_space_is_idempotent(text):
    once = clean.normalise_space(text)
    assert clean.normalise_space(once) == once
    assert once == once.strip() and "  " not in once


@SLOW
@given(paragraphs)
@example("Read also: the council\n\nsaid it would vote.\n\nLeave a Reply\n\nName *")
def test_cleaning_cleaned_blocks_changes_nothing(text):
    kept, _ = clean.clean_blocks(clean.blocks_from_text(text))
    for block in kept:
        assert block.text == clean.normalise_space(block.text) and block.text
    # A paragraph kept although it is shaped like a heading was joined from fragments: say so again.
    raw = [clean.RawBlock(block.text, block.line, 1, block.kind, joined=block.kind == "paragraph" and clean.looks_like_heading(block.text))
           for block in kept]
    again, removed_again = clean.clean_blocks(raw, rejoin=False)
    assert again == kept
    assert removed_again == ()


# ---------------------------------------------------------------- sentences, quotes, names


def _source(text: str) -> Source:
    blocks, _ = clean.clean_blocks(clean.blocks_from_text(text), rejoin=False)
    return Source("s", "s.txt", "txt", "T", "\n\n".join(block.text for block in blocks), blocks)


@FAST
@given(st.one_of(news_text, plain_text))
@example("Monday ")  # syntok's empty last token once put the space inside the sentence
@example("He left. Then x.  \u00a0")
def test_sentences_tile_their_block(text):
    spans = split_sentences(text)
    position = 0
    for start, end in spans:
        assert position <= start < end <= len(text)
        assert not text[position:start].strip()  # nothing but space between sentences
        assert text[start:end] == text[start:end].strip()
        position = end
    assert not text[position:].strip()


@FAST
@given(paragraphs)
def test_sentence_offsets_point_into_the_source(text):
    source = _source(text)
    offsets = source.block_offsets()
    for sentence in segment(source):
        assert source.text[sentence.start : sentence.end] == sentence.text
        start, end = offsets[sentence.block]
        assert start <= sentence.start and sentence.end <= end


@FAST
@given(paragraphs)
@example('He said: "We will open the bridge on June 1 and it will carry cars."\n\n"Nothing will stop us," Stroud said.')
@example('“Unclosed quote runs on\n\n“and reopens here for four more words” she said.')
def test_quotes_and_names_point_at_their_text(text):
    mentions = find_mentions("s", text)
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text, mention
        assert mention.start >= previous_end
        previous_end = mention.end
    for quote in find_quotes(text, mentions):
        assert text[quote.start : quote.end] == quote.text
        if quote.speaker_mention:
            start, end = quote.speaker_mention
            assert any(m.start == start and m.end == end for m in mentions)
    _, span = attribution(text, 0, mentions)
    assert span is None or any((m.start, m.end) == span for m in mentions)


# ---------------------------------------------------------------- whole files


@SLOW
@given(st.one_of(st.binary(max_size=400), paragraphs.map(str.encode)), st.sampled_from(["a.txt", "a.md", "a.html"]))
@example(b"Title: <b>\nSlug: ../..\nLang: x y\nURL: javascript:x\nDate: 2023-02-30\n\nThe vote.", "a.txt")
@example(b"<html><body><p>" + b"<div>" * 300 + b"Deep text here.</p>", "a.html")
def test_any_file_is_read_or_refused_with_its_path(data, name):
    result = ingest_bytes(data, name)
    assert all(problem.path == name and problem.message for problem in result.problems)
    if result.source is None:
        assert any("skipped" in problem.message for problem in result.problems)
        return
    source = result.source
    assert source.text == "\n\n".join(block.text for block in source.blocks)
    assert all(block.text == clean.normalise_space(block.text) for block in source.blocks)
    assert source.id and source.id == slugify(source.id) or source.id.startswith("source-")
    assert source.url == "" or source.url.startswith(("http://", "https://"))


@SLOW
@given(st.one_of(st.text(max_size=300), paragraphs.map(lambda text: "<p>" + text.replace("\n\n", "</p><p>") + "</p>")))
def test_html_extraction_gives_normalised_blocks(markup):
    document = extract_html(markup)
    for block in document.blocks + document.removed:
        assert block.text == clean.normalise_space(block.text)


# ---------------------------------------------------------------- editors' Markdown

MARKUP = st.sampled_from([
    "<script>x()</script>", "<img src=x onerror=x()>", "[a](javascript:x())", "<iframe src=x></iframe>", "{: onclick=x }",
    "<svg onload=x()>", "<a href='data:text/html,x'>a</a>", "**b**", "*e*", "`c`", "# h", "- i", "> q", "| a | b |\n| - | - |\n| 1 | 2 |",
    "[^1]\n\n[^1]: note", "<style>p{}</style>", "<p style='x:url(y)'>p</p>", "\n\n",
])


@FAST
@given(st.lists(st.one_of(MARKUP, st.text(max_size=10)), max_size=12).map("".join))
def test_sanitized_markdown_is_stable_and_inert(text):
    html = render_markdown(text)
    assert sanitize_html(html) == html
    for element in BeautifulSoup(html, "html.parser").find_all(True):
        assert element.name in TAGS
        for name, value in element.attrs.items():
            assert not name.startswith("on")
            assert not (name in ("href", "src") and re.match(r"\s*(javascript|data|vbscript):", value, re.IGNORECASE)), value
