"""Every internal href and src of every built page resolves, #fragments included."""

from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from test_build import ROOT, build

SITE = "http://site.invalid/"  # pages are resolved as if served here; nothing is fetched


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    return build(ROOT / "content", tmp_path_factory.mktemp("links") / "output")


def target_file(site, path: str):
    """The file a URL path is served from, as a static server would: a folder means its index.html."""
    relative = unquote(path).lstrip("/")
    candidate = site / relative
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate


def page_url(site, html_file) -> str:
    relative = html_file.relative_to(site).as_posix()
    return SITE + (relative.removesuffix("index.html"))


def check_site(site):
    """(links checked, broken links as (page, reference, why))."""
    pages = {path: BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in sorted(site.rglob("*.html"))}
    ids = {path: {tag["id"] for tag in soup.find_all(id=True)} | {tag["name"] for tag in soup.find_all("a", attrs={"name": True})}
           for path, soup in pages.items()}
    checked, broken = 0, []
    for path, soup in pages.items():
        base = page_url(site, path)
        for tag in soup.find_all(["a", "link", "script", "img", "source", "iframe", "form", "blockquote", "q"]):
            for attribute in ("href", "src", "action", "cite"):
                reference = tag.get(attribute)
                if reference is None or reference.startswith("data:"):
                    continue
                url = urlsplit(urljoin(base, reference))
                if f"{url.scheme}://{url.netloc}/" != SITE:
                    continue  # another site: not ours to check
                checked += 1
                target = target_file(site, url.path)
                if not target.is_file():
                    broken.append((path.relative_to(site).as_posix(), reference, "no such file"))
                elif url.fragment and target.suffix == ".html" and unquote(url.fragment) not in ids[target]:
                    broken.append((path.relative_to(site).as_posix(), reference, "no such #fragment"))
    return checked, broken


def test_every_internal_link_and_fragment_resolves(demo_site):
    checked, broken = check_site(demo_site)
    assert not broken, broken[:20]
    pages = len(list(demo_site.rglob("*.html")))
    assert pages > 100 and checked > 20 * pages  # every page links its menu, styles and content


def test_the_check_finds_a_broken_file_and_a_broken_fragment(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="here"><a href="../b/">b</a> <a href="#there">x</a> <a href="#here">y</a>'
                                               ' <a href="https://example.org/">z</a></p>')
    checked, broken = check_site(tmp_path)
    assert checked == 3
    assert broken == [("a/index.html", "../b/", "no such file"), ("a/index.html", "#there", "no such #fragment")]


def test_every_sitemap_address_is_a_page(demo_site):
    text = (demo_site / "sitemap.xml").read_text()
    locs = [line.split("<loc>")[1].split("</loc>")[0] for line in text.splitlines() if "<loc>" in line]
    assert len(locs) > 100
    for loc in locs:
        assert target_file(demo_site, loc).is_file(), loc
