"""List pages cut into pages (publish/pages.py): no page grows with the corpus, and every item stays reachable.

The built-site test makes a corpus with the benchmark's generator, large enough that the timeline, the
differences, the home page's stories and the lists of sources and entities overflow one page at a small
CROSSCHECK_PAGE_SIZE, then checks every written page against a size bound that one unpaginated list page
would break, and walks each list from its first page by its "next" links, collecting every item.
"""

import json
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from crosscheck.publish import pages
from test_bench import corpus

SIZE = 80  # documents: some 20 stories, a few hundred dated claims
PAGE_SIZE = 5
LIMIT = 120_000  # bytes: every page stays under it; the timeline's pages together are several times more


def test_chunked_cuts_every_list_alike_and_keeps_an_empty_page():
    chunks = pages.chunked({"a": list(range(12)), "b": list(range(3))}, 5)
    assert [chunk["a"] for chunk in chunks] == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11]]
    assert [chunk["b"] for chunk in chunks] == [[0, 1, 2], [], []]
    assert pages.chunked({"a": []}, 5) == [{"a": []}]
    with pytest.raises(ValueError, match="at least one item"):
        pages.chunked({"a": [1]}, 0)


def test_pagers_link_neighbours_first_and_last():
    urls = ["", "page/2/", "page/3/", "page/4/", "page/5/", "page/6/", "page/7/"]
    found = pages.pagers(urls, {"items": list(range(33))}, 5)
    assert [pager.number for pager in found] == list(range(1, 8))
    first, middle, last = found[0], found[3], found[6]
    assert first.previous is None and first.next.url == "page/2/"
    assert [link.number for link in middle.links] == [1, 2, 3, 4, 5, 6, 7]
    assert [link.number for link in first.links] == [1, 2, 3, 7]
    assert middle.previous.url == "page/3/" and middle.previous.number == 3
    assert last.next is None and (last.first_item, last.last_item, last.total) == (31, 33, 33)
    # the home page's first address is "": the second page still links back to it
    assert found[1].previous.url == ""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from pelican import Pelican
    from pelican.settings import read_settings

    root = Path(__file__).resolve().parent.parent
    folder = tmp_path_factory.mktemp("paged")
    corpus.generate(SIZE, folder / "content")
    output = folder / "output"
    settings = read_settings(str(root / "pelicanconf.py"), override={
        "PATH": str(folder / "content"), "OUTPUT_PATH": str(output), "THEME": str(root / "theme"),
        "PLUGIN_PATHS": [str(root / "plugins")], "CACHE_PATH": str(folder / "pelican-cache"),
        "CROSSCHECK_CACHE_PATH": "", "CROSSCHECK_SEARCH": False, "CROSSCHECK_PAGE_SIZE": PAGE_SIZE,
        "CROSSCHECK_STORIES_PER_PAGE": 2, "CROSSCHECK_EXECUTOR": "serial",
    })
    Pelican(settings).run()
    return output


def read(output: Path, address: str) -> BeautifulSoup:
    path = output / address.split("#")[0]
    return BeautifulSoup((path / "index.html" if path.is_dir() else path).read_text(encoding="utf-8"), "html.parser")


def walk(output: Path, first: str, selector: str) -> tuple[list, int]:
    """Follow rel=next from the page at ``first``: (page address, element) for every ``selector`` match, and the pages seen."""
    found, address, seen = [], first, 0
    while address is not None:
        html = read(output, address)
        seen += 1
        found += [(address, element) for element in html.select(selector)]
        following = html.select_one('nav.pager a[rel="next"]')
        address = resolve(address, following["href"]) if following else None
        assert seen < 1000, "the next links go round in a circle"
    return found, seen


def resolve(page: str, href: str) -> str:
    """A link's target as an address under the site's root, from the address of the page it is on."""
    return urljoin("/" + page, href).lstrip("/")


def targets(found: list) -> list[str]:
    return [resolve(page, element["href"]) for page, element in found]


def test_every_page_is_under_the_bound_that_one_list_page_would_break(site):
    sizes = {path.relative_to(site).as_posix(): path.stat().st_size for path in site.rglob("*.html")}
    over = {name: size for name, size in sizes.items() if size >= LIMIT}
    assert not over, f"pages over {LIMIT} bytes: {over}"
    timeline = sum(size for name, size in sizes.items() if name.startswith("timeline/"))
    assert timeline > 3 * LIMIT, "the corpus is too small to show that the timeline needs its pages"


def test_every_story_source_entity_and_difference_is_reachable_through_the_page_links(site):
    data = json.loads((site / "api" / "factcheck.json").read_text(encoding="utf-8"))
    stories, seen = walk(site, "", "section.story > h2 a")
    assert seen > 2 and sorted(targets(stories)) == sorted(f"stories/{story['id']}/" for story in data["stories"])
    sources, seen = walk(site, "browse/sources/", "article.card h3 a")
    assert seen > 2 and sorted(targets(sources)) == sorted(source["page"] for source in data["sources"])
    entities, seen = walk(site, "browse/entities/", "main ul.columns a")
    assert seen > 2 and sorted(targets(entities)) == sorted(entity["page"] for entity in data["entities"])
    cards, seen = walk(site, "discrepancies/all/", "article.dispute h2 a")
    disputed = {item["group"] for item in data["discrepancies"]}
    assert len(disputed) > PAGE_SIZE and seen > 1
    assert {address.split("/")[1] for address in targets(cards)} == disputed


def test_a_story_and_an_entity_keep_every_fact_and_claim_across_their_pages(site):
    data = json.loads((site / "api" / "factcheck.json").read_text(encoding="utf-8"))
    story = max(data["stories"], key=lambda story: len(story["sources"]))
    listed, _ = walk(site, f"stories/{story['id']}/", "ol.story-sources a")
    assert sorted(targets(listed)) == sorted(f"sources/{source_id}/" for source_id in story["sources"])
    claims_of = {}
    for claim in data["claims"]:  # an entity's claims: those that name it or quote it (export.claims_by_entity)
        for entity_id in dict.fromkeys(claim["entities"] + ([claim["speaker"]] if claim["speaker"] else [])):
            claims_of.setdefault(entity_id, []).append(claim)
    entity_id, named = max(claims_of.items(), key=lambda item: len(item[1]))
    entity = next(entity for entity in data["entities"] if entity["id"] == entity_id)
    quoted, seen = walk(site, entity["page"], "article.claim-card blockquote")
    assert len(named) > PAGE_SIZE and seen > 1
    assert sorted(element.get_text(strip=True) for _, element in quoted) == sorted(claim["text"].strip() for claim in named)


def test_a_sentence_that_sources_print_word_for_word_is_quoted_once_with_each_of_them(site):
    """The generated stories are carried by several outlets in the same words, as wire copy is: a claim page
    quotes each wording once, and names every claim that prints it, with its link and id, under that quote."""
    data = json.loads((site / "api" / "factcheck.json").read_text(encoding="utf-8"))
    claims = {claim["id"]: claim for claim in data["claims"]}
    shared = merged = 0
    for group in data["groups"]:
        html = read(site, group["page"])
        figures = html.select("figure.source-quote")
        quoted = [figure.blockquote.get_text(strip=True) for figure in figures]
        assert len(quoted) == len(set(quoted)) == len({claims[claim_id]["text"].strip() for claim_id in group["claims"]})
        for claim_id in group["claims"]:
            claim = claims[claim_id]
            [figure] = [figure for figure in figures if figure.blockquote.get_text(strip=True) == claim["text"].strip()]
            assert claim_id in [code.get_text() for code in figure.figcaption.select("code.id")]
            assert claim["sentence"].split("#")[1] in [link["href"].split("#")[1] for link in figure.select("a.in-source")]
        shared += sum(len(figure.select("a.in-source")) > 1 for figure in figures)
        # the values by source: every sentence once, those of one wording and one reference date in one row
        rows = html.find(id="values-heading").find_parent("section").select("tbody tr")
        linked = [link["href"].split("#")[1] for row in rows for link in row.th.select("a")]
        assert sorted(linked) == sorted(claims[claim_id]["sentence"].split("#")[1] for claim_id in group["claims"])
        assert len(rows) <= len(group["claims"])
        merged += len(rows) < len(group["claims"])
    assert shared > 10 and merged > 10


def test_an_outlets_sources_are_all_reachable_across_its_pages(site):
    """An outlet's page listed every source it published on one page: 862 kB for one outlet of 10,000 documents."""
    data = json.loads((site / "api" / "factcheck.json").read_text(encoding="utf-8"))
    outlet = max(data["outlets"], key=lambda outlet: len(outlet["sources"]))
    listed, seen = walk(site, outlet["page"], "article.card h3 a")
    assert len(outlet["sources"]) > PAGE_SIZE and seen > 1
    assert sorted(targets(listed)) == sorted(f"sources/{source_id}/" for source_id in outlet["sources"])
