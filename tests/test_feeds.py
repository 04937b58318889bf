"""Atom feeds (feeds.py): dates from the sources, never the clock; valid Atom; stable ids."""

import datetime as dt
import xml.etree.ElementTree as ET

from crosscheck.model import (
    Annotation,
    Claim,
    DatedEvidence,
    Discrepancy,
    Group,
    Source,
)
from crosscheck.publish import feeds
from crosscheck.settings import DEFAULTS

ATOM = "{http://www.w3.org/2005/Atom}"


def source(source_id, published=None, reference=None):
    return Source(id=source_id, path=f"{source_id}.txt", format="txt", title=f"Title {source_id}", text="", blocks=(),
                  published=DatedEvidence(published) if published else None,
                  reference=DatedEvidence(reference) if reference else None)


SOURCES = {
    "early": source("early", published=dt.date(2022, 12, 13)),
    "late": source("late", reference=dt.date(2022, 12, 19)),
    "undated": source("undated"),
}
CLAIMS = {
    "c-1": Claim("c-1", "early", "s-1", "The check began on December 13.", 0, 10),
    "c-2": Claim("c-2", "late", "s-2", "The check has run since December 6.", 0, 10),
    "c-3": Claim("c-3", "undated", "s-3", "Nine people were hurt.", 0, 10),
}
GROUPS = {"g-1": Group("g-1", ("c-1", "c-2"), "conflict", "The check began on December 13."),
          "g-2": Group("g-2", ("c-3",), "single", "Nine people were hurt.")}
CONFLICT = Discrepancy("d-1", "g-1", "conflict", 1.0, ("c-1", "c-2"), "The sources disagree.")
WORDING = Discrepancy("d-2", "g-1", "wording", 0.1, ("c-1", "c-2"), "Same.")


def test_the_build_date_comes_from_source_date_epoch_or_the_sources_never_the_clock():
    assert feeds.build_date(SOURCES.values(), {"SOURCE_DATE_EPOCH": "1700000000"}) == dt.date(2023, 11, 14)
    assert feeds.build_date(SOURCES.values(), {}) == dt.date(2022, 12, 19)
    assert feeds.build_date([SOURCES["undated"]], {}) == dt.date(1970, 1, 1)


def test_a_claim_group_is_published_with_its_first_source_and_updated_with_its_last():
    entries = {entry.link: entry for entry in feeds.claim_entries(GROUPS.values(), CLAIMS, SOURCES, DEFAULTS, dt.date(2000, 1, 1))}
    group = entries["claims/g-1/"]
    assert (group.published, group.updated) == (dt.date(2022, 12, 13), dt.date(2022, 12, 19))
    assert "Title early" in group.summary and "since December 6" in group.summary and "Sources conflict" in group.summary
    assert entries["claims/g-2/"].updated == dt.date(2000, 1, 1)  # an undated source takes the build date


def test_only_conflicts_reach_the_conflict_feed_dated_when_they_appeared():
    entries = feeds.conflict_entries([CONFLICT, WORDING], GROUPS, CLAIMS, SOURCES, DEFAULTS, dt.date(2000, 1, 1))
    assert [entry.link for entry in entries] == ["claims/g-1/#d-1"]
    assert entries[0].published == dt.date(2022, 12, 19) and entries[0].summary == "The sources disagree."


def test_verdicts_are_dated_by_their_annotation():
    annotation = Annotation("a", "annotations/a.md", body="Checked with the ministry.", verdict="False", author="Ed",
                            date="2023-01-02", modified="2023-01-05", status="published", target="g-1")
    entries = feeds.verdict_entries({"g-1": annotation, "g-gone": annotation}, GROUPS, DEFAULTS, dt.date(2000, 1, 1))
    assert len(entries) == 1
    entry = entries[0]
    assert entry.link == "claims/g-1/" and entry.title.startswith("False: ")
    assert (entry.published, entry.updated) == (dt.date(2023, 1, 2), dt.date(2023, 1, 5))
    assert "Checked with the ministry." in entry.summary and "(Ed)" in entry.summary


def test_atom_is_valid_newest_first_with_absolute_links_and_stable_ids():
    entries = feeds.claim_entries(GROUPS.values(), CLAIMS, SOURCES, DEFAULTS, dt.date(2000, 1, 1))
    xml = feeds.atom("claims", entries, "https://example.org/fc", "feeds/claims.atom.xml", "Site", dt.date(2000, 1, 1))
    root = ET.fromstring(xml)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}updated").text.startswith("2022-12-19")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == "https://example.org/fc/feeds/claims.atom.xml"
    found = root.findall(f"{ATOM}entry")
    assert [entry.find(f"{ATOM}id").text for entry in found] == ["https://example.org/fc/claims/g-1/",
                                                                 "https://example.org/fc/claims/g-2/"]
    assert feeds.atom("claims", entries, "https://example.org/fc", "feeds/claims.atom.xml", "Site", dt.date(2000, 1, 1)) == xml


def test_without_an_absolute_siteurl_ids_are_urns_and_an_empty_feed_has_the_build_date():
    xml = feeds.atom("verdicts", [], "", "feeds/verdicts.atom.xml", "Site", dt.date(2001, 2, 3))
    root = ET.fromstring(xml)
    assert root.find(f"{ATOM}id").text == "urn:crosscheck:feed:verdicts"
    assert root.find(f"{ATOM}updated").text.startswith("2001-02-03")
    assert root.findall(f"{ATOM}entry") == []


def test_max_items_keeps_the_newest():
    entries = feeds.claim_entries(GROUPS.values(), CLAIMS, SOURCES, DEFAULTS, dt.date(2000, 1, 1))
    root = ET.fromstring(feeds.atom("claims", entries, "", "f.xml", "Site", dt.date(2000, 1, 1), max_items=1))
    assert [entry.find(f"{ATOM}link").get("href") for entry in root.findall(f"{ATOM}entry")] == ["/claims/g-1/"]


def test_claim_entries_made_for_a_capped_feed_give_the_same_feed():
    """The build makes only the entries a capped feed keeps (each summary quotes every claim of its group)."""
    every = feeds.claim_entries(GROUPS.values(), CLAIMS, SOURCES, DEFAULTS, dt.date(2000, 1, 1))
    assert len(every) > 1
    for cap in range(1, len(every) + 1):
        kept = feeds.claim_entries(GROUPS.values(), CLAIMS, SOURCES, DEFAULTS, dt.date(2000, 1, 1), max_items=cap)
        assert len(kept) == cap
        assert (feeds.atom("claims", kept, "", "f.xml", "Site", dt.date(2000, 1, 1))
                == feeds.atom("claims", every, "", "f.xml", "Site", dt.date(2000, 1, 1), max_items=cap))


HOSTILE = '<img src=x onerror=alert(1)></script><script>alert(2)</script> \u202eRLO \x0c\ufffe\ud800'


def test_text_from_sources_reaches_a_feed_reader_as_text_and_the_feed_stays_xml():
    """Atom's type="html" summary is HTML once the XML is parsed: a source's title and sentence must be escaped into it."""
    import html.parser

    hostile = {"early": source("early", published=dt.date(2022, 12, 13))}
    hostile["early"] = Source(**{**{slot: getattr(hostile["early"], slot) for slot in Source.__slots__}, "title": HOSTILE})
    claims = {"c-1": Claim("c-1", "early", "s-1", HOSTILE, 0, 10)}
    groups = {"g-1": Group("g-1", ("c-1",), "single", HOSTILE)}
    conflict = Discrepancy("d-1", "g-1", "conflict", 1.0, ("c-1", "c-1"), HOSTILE)
    entries = (feeds.claim_entries(groups.values(), claims, hostile, DEFAULTS, dt.date(2000, 1, 1))
               + feeds.conflict_entries([conflict], groups, claims, hostile, DEFAULTS, dt.date(2000, 1, 1)))
    xml = feeds.atom("claims", entries, "https://example.org", "feeds/claims.atom.xml", "Site", dt.date(2000, 1, 1))
    root = ET.fromstring(xml.encode("utf-8"))  # well-formed: no form feed, noncharacter or surrogate
    for entry in root.findall(f"{ATOM}entry"):
        summary = entry.find(f"{ATOM}summary")
        assert summary.get("type") == "html"

        class Tags(html.parser.HTMLParser):
            found: list = []

            def handle_starttag(self, tag, attrs):
                self.found.append(tag)

        parser = Tags()
        parser.feed(summary.text)
        assert parser.found == [], summary.text  # what a feed reader renders holds no element at all
        assert "<script>" in html.unescape(summary.text)  # shown as the text it is
        title = entry.find(f"{ATOM}title").text
        assert title.count("\u202e") == title.count("\u202c")  # the override ends inside the title


def test_a_changed_source_is_one_entry_dated_by_its_versions_with_its_text_escaped():
    import html.parser

    from crosscheck.changes import Version, compare_versions

    kept = (Version("2026-11-23T09:10:00Z", "Flood toll rises", "The death toll rose to 18 on Tuesday."),
            Version("2026-11-23T14:32:00Z", HOSTILE, f"The death toll rose to 24 on Tuesday. {HOSTILE}"),
            Version("2026-11-24T08:05:00Z", HOSTILE, f"The death toll rose to 31 on Tuesday. {HOSTILE}"))
    histories = {"early": (kept, compare_versions(kept)), "gone": (kept, compare_versions(kept)), "late": (kept[:1], ())}
    [entry] = feeds.change_entries(histories, SOURCES, DEFAULTS, dt.date(2000, 1, 1))
    assert entry.link == "sources/early/#versions-heading" and entry.title == "Changed: Title early"
    assert (entry.published, entry.updated) == (dt.datetime(2026, 11, 23, 9, 10, tzinfo=dt.UTC),
                                                dt.datetime(2026, 11, 24, 8, 5, tzinfo=dt.UTC))
    xml = feeds.atom("changes", [entry], "https://example.org", "feeds/changes.atom.xml", "Site", dt.date(2000, 1, 1))
    root = ET.fromstring(xml.encode("utf-8"))
    [written] = root.findall(f"{ATOM}entry")
    assert written.find(f"{ATOM}updated").text == "2026-11-24T08:05:00+00:00"
    summary = written.find(f"{ATOM}summary").text

    class Tags(html.parser.HTMLParser):
        found: list = []

        def handle_starttag(self, tag, attrs):
            self.found.append(tag)

    parser = Tags()
    parser.feed(summary)
    assert set(parser.found) == {"p"} and "<script>" in html.unescape(summary)
    paragraphs = html.unescape(summary).split("</p>")
    assert paragraphs[0].startswith("<p>From 2026-11-23T14:32:00Z to 2026-11-24T08:05:00Z: 24 \u2192 31 (count); 1 sentence reworded")
    assert "headline \u201cFlood toll rises\u201d \u2192" in paragraphs[1]  # newest first
