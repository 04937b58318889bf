"""Outlets (issue 15): who published each source, from metadata, a header or the text; editors' outlet files;
the outlet pages and their tallies, on the seed articles and on hostile input."""

import json
import shutil

import pytest
from test_build import ROOT, build, page

from crosscheck.editors.outlets import outlets_of, read_outlet_file, read_outlets
from crosscheck.ingest.clean import blocks_from_text, clean_blocks
from crosscheck.ingest.publisher import publisher_in_text
from crosscheck.ingest.source import ingest_bytes
from crosscheck.model import Outlet, Source


def test_the_seeds_show_the_outlets_their_text_names(seeds):
    """001 says "told TSN.ua" and "concludes for TSN .ua"; 003's outlet line, removed as debris, says "Read all articles
    by Insight News Media"; 004 cites "the Ukrainian News agency" for its own earlier reporting under an outlet line."""
    assert seeds["001_4fc8f84063c97fd3.txt"].publisher == "TSN.ua"
    assert "concludes for TSN .ua" in seeds["001_4fc8f84063c97fd3.txt"].publisher_evidence
    assert seeds["003_77591201f77be997.txt"].publisher == "Insight News Media"
    assert seeds["004_9dd83f3904ce7482.txt"].publisher == "Ukrainian News"
    assert "Ukrainian news" in seeds["004_9dd83f3904ce7482.txt"].publisher_evidence  # the outlet line at the top
    # 000's outlet was a link the scraper cut out ("in a comment to […]"); 002 cites ISW and photo agencies only
    assert seeds["000_f7aa4456e0d728e2.txt"].publisher == ""
    assert seeds["002_0074723eceba00cc.txt"].publisher == ""


def body(text):
    return clean_blocks(blocks_from_text(text))


@pytest.mark.parametrize("text", [
    # names the article cites, quotes or interviews are not its publisher
    "The figures were confirmed by Reuters, according to Reuters.\n\nReuters reported that 40 people died.",
    "The institute wrote in its report that the offensive stalled. The minister told Parliament it would not.",
    '"We are ready," the general told Putin on Monday, as the Kremlin previously said.',
    "Our correspondent spoke with the mayor, who said the Example Council had met.",
])
def test_names_the_text_cites_are_not_its_publisher(text):
    assert publisher_in_text(*body(text)) is None


@pytest.mark.parametrize("text, name", [
    ('"The bridge will reopen in May," the engineer told Harbourlight.com.\n\nHarbourlight.com has repeatedly written '
     "about the repairs.", "Harbourlight.com"),
    ("As the Valley Courier agency previously reported, the dam was inspected twice in March.", "Valley Courier"),
    ("The council approved the plan on Tuesday.\n\nFollow Riverside Daily on Telegram", "Riverside Daily"),
    ("Crews worked through the night to restore power to the district.\n\n© 2024 Coastal Times. All rights reserved.",
     "Coastal Times"),
])
def test_the_ways_a_site_names_itself_in_its_text(text, name):
    assert publisher_in_text(*body(text)).name == name


def test_metadata_and_the_header_come_before_the_text():
    text = "Publisher: Hill Gazette\n\nThe mayor told Valleynews.org that the road would close on Friday for repairs."
    source = ingest_bytes(text.encode(), "sources/road.txt").source
    assert source.publisher == "Hill Gazette" and source.publisher_evidence == ("the Publisher: header (line 1)",)


@pytest.mark.parametrize("text, message, line", [
    ("Url: https://news.example.org/\n\nNo name.", "needs a 'Title:' line", 1),
    ("Title: Example News\nUrl: javascript:alert(1)\n\nBody.", "is not an http(s) address", 2),
    ("Title: Example News\nOwner: Someone\n\nBody.", "unknown metadata key 'Owner'", 2),
    ("Title: Example News\nSlug: Example News!\n\nBody.", "is not lower-case words joined by hyphens", 2),
])
def test_a_bad_outlet_file_is_reported_with_its_line(text, message, line):
    _, problems = read_outlet_file(text, "outlets/example.md")
    assert any(message in problem.message and problem.line == line and problem.path == "outlets/example.md"
               for problem in problems), problems


def test_a_name_two_outlet_files_claim_stays_with_the_first(tmp_path):
    folder = tmp_path / "outlets"
    folder.mkdir()
    (folder / "a.md").write_text("Title: Example News\nAliases: Example.org\n\n", encoding="utf-8")
    (folder / "b.md").write_text("Title: Example Daily\nAliases: Example .org, Daily\n\n", encoding="utf-8")
    (folder / "c.md").write_bytes(b"Title: Caf\xe9 News\n\n")
    outlets, problems = read_outlets(tmp_path, ["outlets"])
    assert [outlet.aliases for outlet in outlets] == [("Example.org",), ("Daily",), ()]
    assert outlets[2].name == "Café News"  # read as Windows-1252, as every editors' file (editors/files.py)
    assert any(problem.path == "outlets/b.md" and problem.line == 2 and "outlets/a.md" in problem.message for problem in problems)
    assert any(problem.path == "outlets/c.md" and "not UTF-8" in problem.message for problem in problems)


def test_sources_join_a_pinned_outlet_by_name_alias_or_site():
    pinned = [Outlet("example-news", "Example News", "https://www.example.org/", ("Example.org",), file="outlets/example.md")]
    sources = [Source("a", "a.txt", "txt", "A", "", (), publisher="Example .org"),
               Source("b", "b.txt", "txt", "B", "", (), url="https://example.org/2024/story"),
               Source("c", "c.txt", "txt", "C", "", (), publisher="Other Post"),
               Source("d", "d.txt", "txt", "D", "", ())]
    outlets = {outlet.id: outlet for outlet in outlets_of(sources, pinned)}
    assert outlets["example-news"].sources == ("a", "b")
    assert outlets["other-post"].sources == ("c",) and outlets["other-post"].file == ""
    assert "d" not in {source for outlet in outlets.values() for source in outlet.sources}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo content without the editors' outlet files: the outlets come from the sources alone."""
    content = tmp_path_factory.mktemp("outlets") / "content"
    shutil.copytree(ROOT / "content", content, ignore=shutil.ignore_patterns("outlets"))
    return build(content, content.parent / "output", CROSSCHECK_SEARCH=False)


def test_outlet_pages_exist_and_are_linked_from_their_sources(site):
    export = json.loads((site / "api" / "factcheck.json").read_text(encoding="utf-8"))
    names = {outlet["name"]: outlet for outlet in export["outlets"]}
    assert set(names) == {"TSN.ua", "Insight News Media", "Ukrainian News"}
    for outlet in export["outlets"]:
        listed = page(site / outlet["page"] / "index.html")
        for source_id in outlet["sources"]:
            source_page = page(site / "sources" / source_id / "index.html")
            link = source_page.find("dt", string="Publisher").find_next("dd").find("a")
            assert link.get_text() == outlet["name"] and link["href"].endswith(outlet["page"])
            assert any(a["href"].endswith(f"sources/{source_id}/") for a in listed.select(".card h3 a"))


def test_an_outlets_conflicts_are_the_discrepancies_that_set_it_against_another_source(site):
    export = json.loads((site / "api" / "factcheck.json").read_text(encoding="utf-8"))
    source_of = {claim["id"]: claim["source"] for claim in export["claims"]}
    for outlet in export["outlets"]:
        own = set(outlet["sources"])
        against = {item["group"] for item in export["discrepancies"] if item["kind"] in ("conflict", "possible")
                   and {source_of[c] for c in item["claims"]} & own and {source_of[c] for c in item["claims"]} - own}
        assert outlet["facts"]["conflict"] == len(against)
        facts = outlet["facts"]
        own_facts = [fact for fact in export["facts"] if fact["source"] in own]
        # every fact of its sources is counted under one heading, each fact group once
        grouped = {group["id"] for group in export["groups"] if set(group["facts"]) & {fact["id"] for fact in own_facts}}
        loose = [fact for fact in own_facts if not any(fact["id"] in group["facts"] for group in export["groups"])]
        assert facts["agree"] + facts["conflict"] + facts["alone"] == len(grouped) + len(loose)
