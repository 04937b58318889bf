"""Reader pages on a real build: timeline, matrix, search index, feeds, sitemap, robots.txt, meta tags."""

import json
import re
import xml.etree.ElementTree as ET

import pytest
from crosscheck.model import DISCREPANCY_KINDS
from test_build import ROOT, build, page

ATOM = "{http://www.w3.org/2005/Atom}"
STRICT_CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    return build(ROOT / "content", tmp_path_factory.mktemp("readers") / "output")


@pytest.fixture(scope="module")
def data(site):
    return json.loads((site / "api" / "factcheck.json").read_text())


def html_pages(site):
    return sorted(path for path in site.rglob("*.html"))


def test_every_dated_value_is_a_mark_linking_to_its_claim(site, data):
    timeline = page(site / "timeline" / "index.html")
    marks = timeline.select("svg.timeline-strip a")
    dated = [(claim, value) for claim in data["claims"] for value in claim["values"]
             if value["kind"] in ("date", "date_range", "since") and value["value"] is not None]
    assert len(dated) > 20
    # A value in several conflicting pairs is drawn once per pair, so at least one mark each.
    assert len(marks) >= len(dated)
    hrefs = {mark["href"] for mark in marks}
    assert {"../" + claim["page"] for claim, _ in dated} == hrefs
    assert all(mark.get("aria-label") and mark.title for mark in marks)
    assert len(timeline.select("table.data-table tbody tr")) == len(dated)


def test_conflicting_dates_are_drawn_joined_on_one_row(site):
    timeline = page(site / "timeline" / "index.html")
    pairs = timeline.select("ol.timeline-rows li.row.conflict")
    assert pairs, "the seeds' readiness check starts on December 6 in one source and December 13 in two others"
    for row in pairs:  # one row per conflict, a mark for each source's date
        assert len(row.select("a")) >= 2 and row.select_one("line.join") is not None
    labels = " ".join(row.select_one(".label").get_text() for row in pairs)
    assert "since December 6" in labels and "Tuesday, December 13" in labels
    flagged = [row for row in timeline.select("tbody tr.conflict")]
    assert any("6 December 2022" in row.get_text() for row in flagged)


def test_each_timeline_row_says_what_happened_and_the_axis_is_explained(site, data):
    timeline = page(site / "timeline" / "index.html")
    labels = [row.select_one(".label").get_text() for row in timeline.select("ol.timeline-rows li.row")]
    assert "Conflict: When did the surprise readiness check start? “since December 6”" in "\n".join(labels)
    # Not the date alone ("February 24" five times): a fact's title, else its sentence, then the date as written.
    assert all(not re.fullmatch(r"“[^”]*”", label) and len(label.split("“")[0].strip()) > 8 for label in labels)
    axis = timeline.select_one("#timeline-axis").get_text()
    assert "logarithm" in axis and "not to scale" in axis and "left to right" in axis
    assert timeline.select_one("ol.timeline-rows")["aria-describedby"] == "timeline-axis"


def test_matrix_is_sorted_by_conflicts_and_says_each_state_in_words(site, data):
    by_conflicts = page(site / "matrix" / "conflicts" / "index.html")
    rows = by_conflicts.select("table.matrix tbody tr")
    source_of = {claim["id"]: claim["source"] for claim in data["claims"]}
    shared = [g for g in data["groups"] if g["basis"] == "fact" and len({source_of[c] for c in g["claims"]}) > 1]
    assert len(rows) == len(shared)  # one row per fact; a fact only one source states has no row
    counts = [int(row.select("td.number")[0].get_text()) for row in rows]
    assert counts == sorted(counts, reverse=True) and counts[0] >= 2
    assert by_conflicts.select_one("th[aria-sort=descending]").get_text(strip=True) == "Conflicts"
    words = {"✖ conflicts", "≈ differs", "✔ corroborates", "– silent"}
    cells = by_conflicts.select("td.cell")
    assert len(cells) == len(rows) * len(data["sources"])
    assert {cell.get_text(" ", strip=True) for cell in cells} <= words
    assert "✖ conflicts" in rows[0].get_text()
    # A source's cell links to its sentence; a silent cell links nowhere.
    for cell in rows[0].select("td.cell"):
        link = cell.find("a")
        assert (link is None) == ("silent" in cell.get_text())
        if link:
            assert re.search(r"sources/[^/]+/#s-", link["href"])
    by_sources = page(site / "matrix" / "sources" / "index.html")
    sources = [int(row.select("td.number")[1].get_text()) for row in by_sources.select("table.matrix tbody tr")]
    assert sources == sorted(sources, reverse=True)


def test_the_matrix_stays_one_readable_page_on_a_large_corpus(data):
    """At most max_sources columns, the sources sharing most claims; a claim one source states has no row."""
    from crosscheck.model import Claim, Group, Source
    from crosscheck.publish import views

    sources = [Source(id=f"s{n:03}", path=f"s{n:03}.txt", format="txt", title=f"S{n}", text="x", blocks=()) for n in range(60)]
    claims = {f"c{n}": Claim(id=f"c{n}", source=f"s{n % 60:03}", sentence="a", text="x", start=0, end=1) for n in range(120)}
    groups = [Group(f"g{n}", (f"c{n}", f"c{n + 1}"), "corroborated") for n in range(0, 120, 2)]
    groups.append(Group("lonely", ("c0",), "single"))
    columns, shared = views.matrix_scope(sources, groups, claims, max_sources=10)
    assert len(columns) == 10 and "lonely" not in {g.id for g in shared} and len(shared) == 60
    assert [s.id for s in columns] == sorted(s.id for s in columns)  # in the sources' own order
    # A row is a fact: when there are fact groups, the sentence groups stating the same have no row of their own.
    facts = [Group(f"f{n}", (f"c{n}", f"c{n + 1}"), "corroborated", basis="fact") for n in range(0, 20, 2)]
    columns, shared = views.matrix_scope(sources, groups + facts, claims, max_sources=10)
    assert [g.id for g in shared] == [g.id for g in facts]
    assert [name for _, name in views.matrix_columns(columns[:2])] == ["S0", "S1"]


def test_the_matrix_has_one_row_per_fact_headed_by_its_question(site, data):
    rows = page(site / "matrix" / "conflicts" / "index.html").select("table.matrix tbody tr")
    fact_pages = {"../../" + g["page"] for g in data["groups"] if g["basis"] == "fact"}
    assert {row.select_one("th a")["href"] for row in rows} <= fact_pages
    assert rows[0].select_one("th").get_text(strip=True) == "When did the surprise readiness check start?"
    assert len({row.select_one("th a")["href"] for row in rows}) == len(rows)


def test_menu_marks_the_current_page(site):
    timeline = page(site / "timeline" / "index.html")
    assert timeline.select_one('nav[aria-label=Site] a[aria-current="page"]').get_text() == "Timeline"
    matrix = page(site / "matrix" / "sources" / "index.html")
    assert matrix.select_one('nav[aria-label=Site] a[aria-current="page"]').get_text() == "Matrix"


def test_only_sources_claims_entities_outlets_stories_and_pages_are_searchable_and_editors_never(site, data):
    searchable = {path.relative_to(site).parts[0] for path in html_pages(site) if "data-pagefind-body" in path.read_text()}
    # an outlet is found by its name (issue 15); its source cards are left out of the index, as an entity's claims are
    assert searchable == {"sources", "claims", "entities", "outlets", "stories", "pages"}
    editors = (site / "editors" / "index.html").read_text()
    assert 'data-pagefind-ignore="all"' in editors and "data-pagefind-body" not in editors
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    indexed = sum(language["page_count"] for language in entry["languages"].values())
    bodies = sum("data-pagefind-body" in path.read_text() for path in html_pages(site))
    assert indexed == bodies == (len(data["sources"]) + len(data["groups"]) + len(data["entities"]) + len(data["outlets"])
                                 + len(data["stories"]) + 1)
    assert (site / "pagefind" / "pagefind-ui.js").is_file()


def test_every_searchable_page_says_its_kind_and_keeps_its_furniture_out_of_the_index(site, data):
    """The search page names each result's kind from the page's meta field; badges, kickers, ids and section
    headings are marked to stay out of the index, so they cannot show in an excerpt."""
    kinds = {"sources": {"Source"}, "claims": {"Claim", "Fact"}, "entities": {"Person", "Organization", "Place", "Name"},
             "stories": {"Story"}, "pages": {"Page"}, "outlets": {"Outlet"}}
    fact_pages = {group["page"] for group in data["groups"] if group["basis"] == "fact"}
    for path in html_pages(site):
        main = page(path).select_one("main[data-pagefind-body]")
        if main is None:
            continue
        folder = path.relative_to(site).parts[0]
        key, _, kind = main["data-pagefind-meta"].partition(":")
        assert key == "kind" and kind in kinds[folder], (path, kind)
        if folder == "claims":
            assert (kind == "Fact") == (path.parent.relative_to(site).as_posix() + "/" in fact_pages), path
        for furniture in main.select(".badge, .kicker, code.id, figcaption, .story-summary, details.removed"):
            assert furniture.find_parent(attrs={"data-pagefind-ignore": True}) is not None or furniture.has_attr(
                "data-pagefind-ignore"), (path, furniture.get_text()[:60])
    entity_kinds = {entity["kind"] for entity in data["entities"]}
    assert {"person", "place"} <= entity_kinds


def test_search_indexes_each_sentence_on_its_own_page_not_on_every_list_that_repeats_it(site, data):
    """An entity is found by its names and a claim by its sentences; the lists and explanations that repeat them
    elsewhere stay out of the index, which would otherwise hold each sentence many times."""
    entity_pages = [page(site / entity["page"] / "index.html") for entity in data["entities"]]
    listing = next(html for html in entity_pages if html.select("main blockquote, main .claim-card"))
    main = listing.select_one("main[data-pagefind-body]")
    assert main.h1.find_parent(attrs={"data-pagefind-ignore": True}) is None
    for repeated in main.select("blockquote, .claim-card"):
        assert repeated.find_parent(attrs={"data-pagefind-ignore": True}) is not None
    group = next(group for group in data["groups"] if group["status"] == "conflict")
    claim_page = page(site / group["page"] / "index.html").select_one("main[data-pagefind-body]")
    assert claim_page.select_one("blockquote").find_parent(attrs={"data-pagefind-ignore": True}) is None
    for heading in ("#values-heading", "#discrepancies-heading"):
        assert claim_page.select_one(heading).find_parent("section").has_attr("data-pagefind-ignore")


def test_only_the_search_page_may_run_scripts(site):
    for path in html_pages(site):
        html = page(path)
        policy = html.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
        scripts = [tag for tag in html.find_all("script") if tag.get("type") != "application/ld+json"]
        if path == site / "search" / "index.html":
            assert "script-src 'self' 'wasm-unsafe-eval'" in policy and "connect-src 'self'" in policy
            assert "unsafe-inline" not in policy and all(tag.get("src") and not tag.string for tag in scripts)
        else:
            assert policy == STRICT_CSP and not scripts, path


def test_search_page_works_without_javascript_by_listing_what_it_searches(site, data):
    """Without scripts the search page leads to the lists of every entity and every source (in pages)."""
    search = page(site / "search" / "index.html")
    assert search.noscript is not None
    listed = set()
    for link in search.select("main a"):
        target = (site / "search" / link["href"]).resolve()
        while target is not None and (target / "index.html").is_file():  # a list and its following pages
            html = page(target / "index.html")
            listed |= {(target / a["href"]).resolve() for a in html.select("main a")}
            following = html.select_one('nav.pager a[rel="next"]')
            target = (target / following["href"]).resolve() if following else None
    assert {(site / entity["page"]).resolve() for entity in data["entities"]} <= listed
    assert {(site / source["page"]).resolve() for source in data["sources"]} <= listed


def test_sitemap_lists_every_page_but_unlisted_ones(site):
    root = ET.fromstring((site / "sitemap.xml").read_text())
    locs = {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    expected = set()
    for path in html_pages(site):
        if 'name="robots" content="noindex"' not in path.read_text():
            relative = path.relative_to(site).as_posix()
            expected.add("/" + relative.removesuffix("index.html"))
    assert locs == expected and "/" in locs and "/timeline/" in locs and "/search/" in locs
    assert "/editors/" not in locs and (site / "editors" / "index.html").exists()
    assert (site / "robots.txt").read_text().startswith("User-agent: *\nAllow: /\n")


def test_feeds_are_atom_and_carry_claims_conflicts_and_verdicts(site, data):
    claims = ET.parse(site / "feeds" / "claims.atom.xml").getroot()
    assert len(claims.findall(f"{ATOM}entry")) == min(len(data["groups"]), 100)  # Pelican's FEED_MAX_ITEMS
    conflicts = ET.parse(site / "feeds" / "conflicts.atom.xml").getroot()
    links = {entry.find(f"{ATOM}link").get("href") for entry in conflicts.findall(f"{ATOM}entry")}
    shown = {f"/{group['page']}#{item['id']}" for item in data["discrepancies"] if item["kind"] == "conflict"
             for group in data["groups"] if group["id"] == item["group"]}
    assert links and links <= shown
    verdicts = ET.parse(site / "feeds" / "verdicts.atom.xml").getroot()
    assert verdicts.find(f"{ATOM}title").text.endswith("New verdicts")
    home = page(site / "index.html")
    alternates = home.select('link[rel=alternate][type="application/atom+xml"]')
    assert {link["href"] for link in alternates} == {"./feeds/claims.atom.xml", "./feeds/conflicts.atom.xml",
                                                     "./feeds/verdicts.atom.xml", "./feeds/changes.atom.xml"}
    changes = ET.parse(site / "feeds" / "changes.atom.xml").getroot()
    assert changes.findall(f"{ATOM}entry") == []  # no source of the seed content was clipped and refreshed


def test_every_page_has_opengraph_and_twitter_tags(site):
    for path in html_pages(site):
        html = page(path)
        tags = {tag.get("property") or tag.get("name"): tag.get("content") for tag in html.find_all("meta")}
        for name in ("description", "og:title", "og:description", "og:type", "og:site_name", "twitter:card",
                     "twitter:title", "twitter:description"):
            assert tags.get(name), (path, name)
        assert "og:url" not in tags  # no absolute SITEURL in pelicanconf.py
    claim = page(next((site / "claims").glob("*/index.html")))
    # A claim page is described by its statement.
    assert claim.find("meta", attrs={"property": "og:description"})["content"][:40] == claim.h1.get_text()[:40]


def test_an_absolute_siteurl_gives_absolute_addresses(tmp_path):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "a.txt").write_text("Title: Floods\nDate: 2024-05-06\n\nThe river rose two metres on Sunday, May 5, officials said.\n")
    (content / "sources" / "b.txt").write_text("Title: Flood relief\nDate: 2024-05-07\n\nThe river rose three metres on Sunday, May 5, officials said.\n")
    out = build(content, tmp_path / "out", SITEURL="https://example.org/fc", RELATIVE_URLS=False)
    root = ET.fromstring((out / "sitemap.xml").read_text())
    locs = [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert locs and all(loc.startswith("https://example.org/fc/") for loc in locs)
    assert "Sitemap: https://example.org/fc/sitemap.xml" in (out / "robots.txt").read_text()
    home = page(out / "index.html")
    assert home.find("meta", attrs={"property": "og:url"})["content"] == "https://example.org/fc/"
    assert home.find("link", rel="canonical")["href"] == "https://example.org/fc/"
    assert page(out / "search" / "index.html").select_one("#search")["data-base-url"] == "/fc/"
    feed = ET.parse(out / "feeds" / "claims.atom.xml").getroot()
    assert all(entry.find(f"{ATOM}id").text.startswith("https://example.org/fc/claims/") for entry in feed.findall(f"{ATOM}entry"))


def test_search_can_be_turned_off(tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.txt").write_text("Title: Floods\n\nThe river rose two metres on Sunday, May 5, officials said.\n")
    out = build(content, tmp_path / "out", CROSSCHECK_SEARCH=False)
    assert not (out / "pagefind").exists() and not (out / "search").exists()
    assert "Search" not in [a.get_text() for a in page(out / "index.html").select("nav a")]


def test_differences_pages_count_facts_in_a_sentence_and_offer_only_kinds_the_site_has(site, data):
    """"5 all differences, most severe first." read as a glitch: the count now says what it counts, and a filter
    whose page would say "None" is not offered (its page stays, at the same address)."""
    open_kinds = {item["kind"] for item in data["discrepancies"]}
    for folder in sorted((site / "discrepancies").iterdir()):
        html = page(folder / "index.html")
        cards = html.select("main article.dispute")
        sentence = html.select_one("main nav.filters + p").get_text(" ", strip=True)
        number = str(len(cards)) if cards else "No"
        assert re.fullmatch(rf"{number} facts? (on which|whose|with|changed|that) [^.:]+\.", sentence), sentence
        assert ("most serious difference first" in sentence) == (len(cards) > 1)
        offered = [link["href"].rstrip("/").rsplit("/", 1)[-1] for link in html.select("nav.filters a")]
        assert offered[0] == "all" and folder.name in offered
        for kind in offered[1:]:
            assert kind in open_kinds or kind == folder.name, kind
    assert len(list((site / "discrepancies").iterdir())) == 1 + len(DISCREPANCY_KINDS)  # every kind keeps its page
    assert len(page(site / "discrepancies" / "all" / "index.html").select("nav.filters a")) < 1 + len(DISCREPANCY_KINDS)


def test_a_claim_page_shows_its_differences_section_only_with_a_difference_in_it(site, data):
    shown = 0
    for group in data["groups"]:
        html = page(site / group["page"] / "index.html")
        heading = html.select_one("#discrepancies-heading")
        assert heading is None or heading.find_parent("section").select("article.dispute"), group["id"]
        assert "None found" not in html.get_text()
        shown += heading is not None
    assert 0 < shown < len(data["groups"])
