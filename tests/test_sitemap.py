"""sitemap.xml and robots.txt (sitemap.py): unlisted pages stay out."""

import xml.etree.ElementTree as ET

from crosscheck.publish import sitemap, urls

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def page(path, head=""):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<!DOCTYPE html><html><head><title>t</title>{head}</head><body><p>noindex</p></body></html>")
    return path


def test_unlisted_pages_are_left_out_and_urls_are_directories(tmp_path):
    written = [page(tmp_path / "index.html"), page(tmp_path / "claims" / "g-1" / "index.html"),
               page(tmp_path / "editors" / "index.html", '<meta name="robots" content="noindex">'),
               page(tmp_path / "pages" / "about.html"), tmp_path / "api" / "factcheck.json"]
    assert sitemap.listed_pages(tmp_path, written) == ["", "claims/g-1/", "pages/about.html"]


def test_a_page_whose_listing_is_known_is_not_read_again(tmp_path):
    listed, unlisted = page(tmp_path / "index.html"), page(tmp_path / "editors" / "index.html", '<meta name="robots" content="noindex">')
    found = sitemap.listing([listed, unlisted], {str(listed): True})
    assert found == {str(listed): True, str(unlisted): False}
    listed.unlink()  # known: taken from the last build, whose file was read back then
    assert sitemap.listing([listed, unlisted], {str(listed): True}) == found


def test_noindex_counts_only_in_the_head():
    assert sitemap.is_unlisted('<head><meta name="robots" content="noindex, nofollow"></head>')
    assert not sitemap.is_unlisted('<head></head><body>&lt;meta name="robots" content="noindex"&gt;</body>')


def test_sitemap_uses_an_absolute_siteurl():
    root = ET.fromstring(sitemap.sitemap_xml(["", "claims/g-1/"], "https://example.org/fc/"))
    assert [loc.text for loc in root.iter(f"{NS}loc")] == ["https://example.org/fc/", "https://example.org/fc/claims/g-1/"]


def test_robots_names_the_sitemap_only_with_an_absolute_siteurl():
    assert "Sitemap: https://example.org/sitemap.xml" in sitemap.robots_txt("https://example.org")
    assert "\nSitemap:" not in sitemap.robots_txt("")
    assert sitemap.robots_txt("").startswith("User-agent: *\nAllow: /\n")


def test_root_path_for_pagefind():
    assert urls.root_path("") == "/" and urls.root_path("https://example.org/fc/") == "/fc/"


def test_past_the_protocols_limit_the_sitemap_is_an_index_of_parts(monkeypatch):
    urls_written = [f"claims/g-{number}/" for number in range(7)]
    assert [name for name, _ in sitemap.sitemap_files(urls_written, "https://example.org")] == ["sitemap.xml"]
    monkeypatch.setattr(sitemap, "MAX_URLS", 3)
    files = dict(sitemap.sitemap_files(urls_written, "https://example.org"))
    assert list(files) == ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{NS}sitemapindex"
    assert [loc.text for loc in index.iter(f"{NS}loc")] == [f"https://example.org/sitemap-{n}.xml" for n in (1, 2, 3)]
    parts = [[loc.text for loc in ET.fromstring(files[f"sitemap-{n}.xml"]).iter(f"{NS}loc")] for n in (1, 2, 3)]
    assert [len(part) for part in parts] == [3, 3, 1]
    assert sum(parts, []) == [f"https://example.org/{url}" for url in urls_written]
