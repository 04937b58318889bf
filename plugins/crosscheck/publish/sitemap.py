"""sitemap.xml and robots.txt for the pages a build wrote, leaving out unlisted ones.

A page is unlisted when its HTML says so with ``<meta name="robots"
content="noindex">``; the theme's base layout writes that tag for any page
rendered with ``unlisted`` true (see docs/settings.md, "Unlisted pages").
Reading the tag back, rather than trusting a list kept elsewhere, means a page
is left out of the sitemap exactly when it asks crawlers to leave it alone.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from .urls import absolute_base, page_url

NOINDEX = re.compile(r"""<meta\s+name=["']robots["']\s+content=["'][^"']*\bnoindex\b""", re.IGNORECASE)


HEAD_BYTES = 16_384  # a page's <head> is read first; the rest of the file only when the head is longer


def is_unlisted(html: str) -> bool:
    head = html.split("</head>", 1)[0]
    return bool(NOINDEX.search(head))


def listed_pages(output: Path, written: Iterable[str | Path]) -> list[str]:
    """URLs (relative to the site root) of the HTML pages written, minus unlisted ones; sorted."""
    return listed_urls(output, listing(written))


def listing(written: Iterable[str | Path], known: Mapping[str, bool] | None = None) -> dict[str, bool]:
    """Whether each HTML page written (its path, as a string) is listed, read back from its file; for a page in
    ``known`` (a file an earlier build read back, which this build took unchanged) as it was then. Paths are kept as
    strings: a Path object a page cost more than the rest of the sitemap at 36,000 pages."""
    known = known or {}
    found = {}
    for path in map(os.fspath, written):
        if not path.endswith(".html"):
            continue
        if path in known:
            found[path] = known[path]
        elif os.path.isfile(path):
            found[path] = not is_unlisted(_head(path))
    return found


def listed_urls(output: str | Path, listed: Mapping[str, bool]) -> list[str]:
    """URLs (relative to the site root) of the listed pages of ``listing``, each a path inside ``output``; sorted."""
    root = os.path.join(os.fspath(output), "")
    return sorted({page_url(path.removeprefix(root).replace(os.sep, "/")) for path, shown in listed.items() if shown})


def _head(path: str) -> str:
    with open(path, "rb") as handle:
        start = handle.read(HEAD_BYTES)
        text = start if b"</head>" in start else start + handle.read()
    return text.decode("utf-8", errors="replace")


MAX_URLS = 50_000  # the sitemap protocol's limit for one file; a larger site gets an index of several


def sitemap_files(urls: Sequence[str], site_url: str) -> list[tuple[str, str]]:
    """(file name, XML) of the sitemap: sitemap.xml alone, or, past MAX_URLS addresses, sitemap.xml as the index
    of sitemap-1.xml, sitemap-2.xml, ... (a site of 10,000 sources has some 150,000 pages)."""
    if len(urls) <= MAX_URLS:
        return [("sitemap.xml", sitemap_xml(urls, site_url))]
    parts = [(f"sitemap-{number}.xml", sitemap_xml(urls[start:start + MAX_URLS], site_url))
             for number, start in enumerate(range(0, len(urls), MAX_URLS), start=1)]
    return [("sitemap.xml", _index_xml([name for name, _ in parts], site_url)), *parts]


def _index_xml(names: Iterable[str], site_url: str) -> str:
    base = absolute_base(site_url)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <sitemap><loc>{escape(f'{base}/{name}')}</loc></sitemap>" for name in names]
    lines.append("</sitemapindex>")
    return "\n".join(lines) + "\n"


def sitemap_xml(urls: Iterable[str], site_url: str) -> str:
    """Without an absolute SITEURL the addresses are root-relative: fine for checking, not for crawlers."""
    base = absolute_base(site_url)
    lines = ['<?xml version="1.0" encoding="utf-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(f'{base}/{url}')}</loc></url>" for url in urls]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str, sitemap: str = "sitemap.xml") -> str:
    base = absolute_base(site_url)
    where = f"Sitemap: {base}/{sitemap}" if base else f"# Sitemap: /{sitemap} (set SITEURL to an absolute address to name it here)"
    return f"User-agent: *\nAllow: /\n{where}\n"
