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
    (a slug of an editor's page, a source file's name) must match itself, and nothing else may be indexed."""
    site = tmp_path / "site"
    marks = sorted(set(string.punctuation) - {"/"}) + [" ", "é"]
    number_of = {}
    for number, mark in enumerate(marks):
        page = site / f"p{mark}x{mark}{number}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(f"<html><body><main data-pagefind-body><p>word{number}</p></main></body></html>", encoding="utf-8")
        number_of[page.relative_to(site).as_posix()] = number
    pages = sorted(search.indexed_pages(site))
    assert len(pages) == len(marks)
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
    pages, glob_bytes = [], len("{}")
    while True:
        page = address.format(len(pages))
        glob_bytes += len(search.pages_glob([page]).encode()) - 1  # "{page" plus a comma
        if glob_bytes > search.GLOB_BYTES:
            break
        pages.append(page)
    assert len(search.pages_glob(pages).encode()) <= search.GLOB_BYTES < len(search.pages_glob([*pages, "x" * 40]).encode())
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
