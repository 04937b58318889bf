"""The search index in parts (publish/search.py): Pagefind holds what it indexes in memory, so a large site is
indexed in bundles of bounded size that the search page merges. Built on the seed articles with a part size
small enough to need several bundles; every indexed page must be in exactly one of them."""

import json
import shutil
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
    parts = search.index_parts(site, PART_BYTES)
    assert [len(part) for part in parts] == counts
    assert sorted(page for part in parts for page in part) == sorted(path.relative_to(site).as_posix() for path in pages)
    for part in parts:
        assert len(part) == 1 or sum((site / page).stat().st_size for page in part) <= PART_BYTES
    assert not (site / ".pagefind-part").exists()


def test_indexing_again_in_one_run_leaves_no_stale_part(site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    assert search.index_site(copy, "en", 0) == ""
    assert not list(copy.glob("pagefind-*")) and not (copy / "pagefind" / search.PARTS).exists()
    entry = json.loads((copy / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) == len(indexed_pages(copy))
