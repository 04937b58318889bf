"""The search index in parts (publish/search.py): Pagefind holds what it indexes in memory, so a large site is
indexed in bundles of bounded size that the search page merges. Built on the seed articles with a part size
small enough to need several bundles; every indexed page must be in exactly one of them. Pagefind cannot update
an index, so a warm build indexes again only the parts that hold a changed page, and takes the others."""

import gzip
import json
import re
import shutil
import string
from pathlib import Path

import pytest

from crosscheck.publish import search

ROOT = Path(__file__).resolve().parent.parent
PART_BYTES = 200_000


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from pelican import Pelican
    from pelican.settings import read_settings

    folder = tmp_path_factory.mktemp("parts")
    output = folder / "output"
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "PATH": str(ROOT / "content"), "OUTPUT_PATH": str(output), "THEME": str(ROOT / "theme"),
        "PLUGIN_PATHS": [str(ROOT / "plugins")], "CACHE_PATH": str(folder / "pelican-cache"),
        "CROSSCHECK_CACHE_PATH": "", "CROSSCHECK_EXECUTOR": "serial", "CROSSCHECK_SEARCH_PART_BYTES": PART_BYTES,
    })
    Pelican(settings).run()
    return output


def indexed_pages(site: Path) -> list[Path]:
    return [path for path in site.rglob("*.html") if "data-pagefind-body" in path.read_text(encoding="utf-8")
            and not {"pagefind"} & set(path.parts)]


def test_parts_hold_every_indexed_page_once_and_no_more_html_than_the_bound(site):
    others = json.loads((site / "pagefind" / search.PARTS).read_text(encoding="utf-8"))
    bundles = ["pagefind"] + [name.strip("/") for name in others]
    assert len(bundles) > 2
    counts = []
    for name in bundles:
        entry = json.loads((site / name / "pagefind-entry.json").read_text(encoding="utf-8"))
        counts.append(sum(language["page_count"] for language in entry["languages"].values()))
    pages = indexed_pages(site)
    assert sum(counts) == len(pages)
    parts = [part for part in search.index_parts(site, PART_BYTES) if part]
    assert [len(part) for part in parts] == counts
    assert sorted(page for part in parts for page in part) == sorted(path.relative_to(site).as_posix() for path in pages)
    for part in parts:
        assert len(part) == 1 or sum((site / page).stat().st_size for page in part) <= PART_BYTES
    assert not (site / ".pagefind-part").exists()


def test_indexing_again_in_one_run_leaves_no_stale_part(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    assert search.index_site(copy, "en", 0).failure == ""
    assert not list(copy.glob("pagefind-*")) and not (copy / "pagefind" / search.PARTS).exists()
    entry = json.loads((copy / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(indexed_pages(copy))


def fragments_text(bundle: Path) -> str:
    """The text Pagefind keeps of the pages in a bundle (its fragments are gzipped JSON)."""
    return "".join(gzip.decompress(path.read_bytes()).decode("utf-8", "replace") for path in (bundle / "fragment").glob("*.pf_fragment"))


def test_a_warm_index_indexes_only_the_part_of_a_changed_page_and_takes_the_others(site, tmp_path):
    last = tmp_path / "last"
    shutil.copytree(site, last, copy_function=shutil.copy2)
    # indexed by the pages' bytes (the build named its pages by what they were made from: rendered.PageMap.written)
    assert search.index_site(last, "en", PART_BYTES).failure == ""
    assert search.index_site(last, "en", PART_BYTES, previous=last).indexed_pages == 0  # nothing changed: all taken
    now = tmp_path / "now"
    shutil.copytree(last, now, copy_function=shutil.copy2)
    page = next(path for path in sorted(now.glob("sources/*/index.html")))
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</main>", "<p>The zorblaxian ferry carried 41 crates.</p></main>", 1), encoding="utf-8")
    indexing = search.index_site(now, "en", PART_BYTES, previous=last)
    names = ["pagefind"] + [name.strip("/") for name in json.loads((now / "pagefind" / search.PARTS).read_text(encoding="utf-8"))]
    changed = [name for name in names if "zorblaxian" in fragments_text(now / name)]
    assert len(changed) == 1 and indexing.reused_parts == indexing.parts - 1 == len(names) - 1
    part = next(part for part in search.index_parts(now, PART_BYTES, indexing.parts) if page.relative_to(now).as_posix() in part)
    assert indexing.indexed_pages == len(part)
    for name in names:
        files = [path.relative_to(now / name) for path in (now / name).rglob("*") if path.is_file()
                 and path.name not in (search.PARTS, search.MANIFEST)]
        taken = [path for path in files if (last / name / path).is_file() and (last / name / path).stat().st_ino == (now / name / path).stat().st_ino]
        assert (taken == []) if name in changed else (len(taken) == len(files))
    # written in place over the last build (no previous folder): the same parts are taken, and nothing is left aside
    again = search.index_site(now, "en", PART_BYTES, previous=now)
    assert (again.indexed_pages, again.reused_parts) == (0, indexing.parts) and not (now / ".pagefind-last").exists()
    assert "zorblaxian" in "".join(fragments_text(now / name) for name in names)


def test_a_part_is_exactly_its_pages_whatever_characters_their_addresses_hold(tmp_path):
    """A part is given to Pagefind as a glob of its pages' paths: every punctuation mark a file name may hold
    (a slug of an editor's page, a source file's name) must match itself, and nothing else may be indexed. Pages
    of one shape are one alternative of the glob ("claims/{a,b}/index.html"): their marks too. A backslash, which
    wax parses in no form, is matched by "?" (search._escaped): here no other page differs from it by that mark."""
    site = tmp_path / "site"
    marks = sorted(set(string.punctuation) - {"/"}) + [" ", "é"]
    number_of = {}
    for number, mark in enumerate(marks):
        for shape, offset in ((f"p{mark}x{mark}{number}/index.html", 0), (f"claims/y{mark}{number}/index.html", 1000),
                              (f"{{a,b}}*/{number}{mark}/[i].html", 2000)):
            page = site / shape
            page.parent.mkdir(parents=True)
            page.write_text(f"<html><body><main data-pagefind-body><p>word{number + offset}</p></main></body></html>", encoding="utf-8")
            number_of[shape] = number + offset
    pages = sorted(search.indexed_pages(site))
    assert len(pages) == 3 * len(marks)
    chosen = pages[::2]
    assert search._pagefind(site, "pagefind", "en", output=tmp_path / "bundle", pages=chosen) == ""
    found = set(map(int, re.findall(r'"content":"word(\d+)\.', fragments_text(tmp_path / "bundle"))))
    assert found == {number_of[page] for page in chosen}


@pytest.mark.parametrize("address", ["stories/s-{:08x}/index.html", "x{}" + "y" * 60 + ".html", "é/{}/ü.html"])
def test_pagefind_takes_a_glob_as_long_as_a_part_may_have(tmp_path, address):
    """Pagefind refuses a glob past a size it does not document (a 10,000-document site had a part of 10,585
    pages, whose glob "did not parse"). Parts are split until each glob fits GLOB_BYTES; a glob of that size, of
    addresses of several shapes, must still be taken whole."""
    site = tmp_path / "site"

    def glob_bytes(count: int) -> int:
        return len(search.pages_glob([address.format(number) for number in range(count)]).encode())

    fits, too_many = 1, 2
    while glob_bytes(too_many) <= search.GLOB_BYTES:
        fits, too_many = too_many, too_many * 2
    while too_many - fits > 1:  # the most pages whose glob fits
        middle = (fits + too_many) // 2
        fits, too_many = (middle, too_many) if glob_bytes(middle) <= search.GLOB_BYTES else (fits, middle)
    pages = [address.format(number) for number in range(fits)]
    for page in pages:
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text("<html><body><main data-pagefind-body><p>a word</p></main></body></html>", encoding="utf-8")
    assert search._pagefind(site, "pagefind", "en", output=tmp_path / "bundle", pages=pages) == ""
    entry = json.loads((tmp_path / "bundle" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(pages)


def test_parts_are_split_until_each_glob_fits():
    pages = {f"stories/s-{number:08x}/index.html": 1_000 for number in range(12_000)}
    parts = search.index_parts(Path("unused"), part_bytes=10**12, pages=pages)
    assert len(parts) > 1 and sorted(page for part in parts for page in part) == sorted(pages)
    assert all(len(search.pages_glob(part).encode()) <= search.GLOB_BYTES for part in parts)


def test_pages_the_build_wrote_are_known_by_what_they_were_made_from_not_read_again(site, tmp_path):
    """The build hands the index each page it wrote or took: whether it is indexed and what it was made from
    (rendered.PageMap.written). Those pages are not read again; the others (Pelican's own pages) still are."""
    last = tmp_path / "last"
    shutil.copytree(site, last, copy_function=shutil.copy2)
    pages = search.indexed_pages(last)
    ours = sorted(page for page in pages if page.startswith("sources/"))
    written = {page: (True, f"made-{page}") for page in ours}
    written["claims/not-indexed/index.html"] = (False, "made")  # a page the build knows is not indexed: not read
    first = search.index_site(last, "en", PART_BYTES, previous=None, written=written)
    assert first.failure == "" and first.indexed_pages == len(pages)
    now = tmp_path / "now"
    shutil.copytree(last, now, copy_function=shutil.copy2)
    # the bytes of a page the build wrote are not read: its part is taken while what it was made from is the same
    (now / ours[0]).write_text("<html><body><main data-pagefind-body><p>not read</p></main></body></html>", encoding="utf-8")
    assert search.index_site(now, "en", PART_BYTES, previous=last, written=written).indexed_pages == 0
    # made from something else: its part, and only its part, is indexed again
    again = search.index_site(now, "en", PART_BYTES, previous=now, written={**written, ours[0]: (True, "made anew")})
    part = next(part for part in search.index_parts(now, PART_BYTES, again.parts) if ours[0] in part)
    assert again.indexed_pages == len(part) and again.reused_parts == again.parts - 1
    # a page the build says is not indexed is left out, whatever its head says
    assert ours[1] not in search.indexed_pages(now, {**written, ours[1]: (False, "made")})
    # nor is the size of a page the build wrote asked of the file system
    assert search.indexed_pages(now, {**written, ours[2]: (True, "made", "", 7)})[ours[2]] == 7 != (now / ours[2]).stat().st_size


def bundle_names(site: Path) -> list[str]:
    return ["pagefind"] + [name.strip("/") for name in json.loads((site / "pagefind" / search.PARTS).read_text(encoding="utf-8"))]


def test_parts_indexed_at_once_are_the_parts_indexed_one_after_another(site, tmp_path):
    """Pagefind indexes on one core, so a build runs a part per core; each bundle must hold what it held before."""
    one, several = tmp_path / "one", tmp_path / "several"
    for copy, workers in ((one, 1), (several, 3)):
        shutil.copytree(site, copy)
        indexing = search.index_site(copy, "en", PART_BYTES, workers=workers)
        assert indexing.failure == "" and indexing.parts > 2 and indexing.indexed_pages == len(indexed_pages(copy))
    assert bundle_names(one) == bundle_names(several)
    for name in bundle_names(one):
        # a fragment is named by a digest of its page's indexed content
        assert sorted(path.name for path in (one / name / "fragment").iterdir()) == sorted(
            path.name for path in (several / name / "fragment").iterdir())


def test_a_part_that_fails_fails_the_index_when_parts_run_at_once(site, tmp_path, monkeypatch):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    run = search._pagefind
    monkeypatch.setattr(search, "_pagefind", lambda site, bundle, *rest, **options: (
        "Pagefind failed (exit 1): a test" if bundle == "pagefind-2" else run(site, bundle, *rest, **options)))
    assert search.index_site(copy, "en", PART_BYTES, workers=2).failure == "Pagefind failed (exit 1): a test"


def page_html(words: str, listed: str = "", kind: str = "Source", title: str = "A page") -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body><nav>Menu</nav>'
            f'<main data-pagefind-body data-pagefind-meta="kind:{kind}"><h1>{title}</h1><p>{words}</p>'
            f'<div data-pagefind-ignore><ul><li>{listed}</li></ul></div> after</main><footer>{listed}</footer></body></html>')


def test_what_pagefind_reads_of_a_page_is_its_indexed_markup_title_and_meta(tmp_path):
    def digest(html: str) -> str:
        path = tmp_path / "page.html"
        path.write_text(html, encoding="utf-8")
        return search.searched_digest(path)

    first = digest(page_html("Forty crates landed.", listed="3 sources"))
    # what Pagefind ignores: a part marked data-pagefind-ignore, the menu and footer outside <main>
    assert digest(page_html("Forty crates landed.", listed="4 sources")) == first
    assert digest(page_html("Forty crates landed.").replace("<nav>Menu</nav>", "<nav>Another menu</nav>")) == first
    # what it reads: the indexed words, the title, the meta fields, the language
    assert digest(page_html("Forty-one crates landed.", listed="3 sources")) != first
    assert digest(page_html("Forty crates landed.", listed="3 sources", title="Another")) != first
    assert digest(page_html("Forty crates landed.", listed="3 sources", kind="Fact")) != first
    assert digest(page_html("Forty crates landed.", listed="3 sources").replace('lang="en"', 'lang="de"')) != first
    assert digest(page_html("Forty crates landed.", listed="3 sources").replace(" after<", " later<")) != first  # an ignored part's tail
    assert search.searched_digest(tmp_path / "missing.html") == ""


def test_a_story_s_pages_are_one_part_and_a_story_too_large_for_half_a_part_is_its_pages():
    pages = {f"sources/{story}-{number}/index.html": 1_000 for story in "abcdefgh" for number in range(5)}
    pages.update({f"entities/e{number}/index.html": 1_000 for number in range(40)})
    groups = {page: page.split("/")[1].split("-")[0] for page in pages if page.startswith("sources/")}
    parts = search.index_parts(Path("unused"), 12_000, pages=pages, groups=groups)
    assert len(parts) > 2 and sorted(page for part in parts for page in part) == sorted(pages)
    for story in "abcdefgh":
        assert sum(1 for part in parts if any(groups.get(page) == story for page in part)) == 1
    assert all(sum(pages[page] for page in part) <= 12_000 or len({groups.get(page, page) for page in part}) == 1 for part in parts)
    # at 2,000 bytes a part, a story of 5,000 is more than half a part: its pages are placed one by one
    small = search.index_parts(Path("unused"), 2_000, pages=pages, groups=groups)
    assert sum(1 for part in small if any(groups.get(page) == "a" for page in part)) > 1


def test_a_warm_index_takes_a_part_whose_pages_changed_where_pagefind_does_not_read(tmp_path):
    """A source added to a story changes the story's pages and the pages of the names it mentions. A name's page
    indexes its name only (the rest is data-pagefind-ignore), so the parts of names' pages are taken; the story's
    pages are one part, indexed again alone."""
    last = tmp_path / "last"
    written = {}
    for story in "abcd":
        for number in range(4):
            page = f"sources/{story}-{number}/index.html"
            written[page] = (True, "v1", f"s-{story}")
            (last / page).parent.mkdir(parents=True)
            (last / page).write_text(page_html(f"Story {story} source {number} says words."), encoding="utf-8")
    for number in range(24):
        page = f"entities/e{number}/index.html"
        written[page] = (True, "v1", "")
        (last / page).parent.mkdir(parents=True)
        (last / page).write_text(page_html(f"Name{number}", listed="1 source", kind="Person"), encoding="utf-8")
    cold = search.index_site(last, "en", 4_000, written=written)
    assert cold.failure == "" and cold.parts > 3 and cold.indexed_pages == len(written)

    now = tmp_path / "now"
    shutil.copytree(last, now, copy_function=shutil.copy2)
    changed = dict(written)
    for number in range(4):  # each page of the story shows the new source's words
        (now / f"sources/b-{number}/index.html").write_text(page_html(f"Story b source {number} says zorblaxian words."), encoding="utf-8")
        changed[f"sources/b-{number}/index.html"] = (True, "v2", "s-b")
    for number in range(0, 24, 3):  # names the new words mention: their lists grew, their names did not change
        page = f"entities/e{number}/index.html"
        (now / page).write_text(page_html(f"Name{number}", listed="2 sources", kind="Person"), encoding="utf-8")
        changed[page] = (True, "v2", "")
    warm = search.index_site(now, "en", 4_000, previous=last, written=changed)
    story_part = next(part for part in search.index_parts(now, 4_000, cold.parts, search.indexed_pages(now, changed),
                                                          {page: entry[2] for page, entry in changed.items() if entry[2]})
                      if "sources/b-2/index.html" in part)
    assert warm.failure == "" and (warm.parts, warm.reused_parts) == (cold.parts, cold.parts - 1)
    assert warm.indexed_pages == len(story_part) and {page.split("/")[1][0] for page in story_part if page.startswith("sources/")} == {"b"}
    assert "zorblaxian" in "".join(fragments_text(now / name) for name in bundle_names(now))

    # written in place, the last build's file of a page made anew is gone: its part is indexed again, to be sure
    again = search.index_site(now, "en", 4_000, previous=now, written={**changed, "entities/e0/index.html": (True, "v3", "")})
    assert again.failure == "" and again.reused_parts == again.parts - 1
