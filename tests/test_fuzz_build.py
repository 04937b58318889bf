"""Issue 21's fuzz-style build: the demo content plus a few sources with generated hostile strings in every
header and field. The build must finish, every file it writes must parse as what it is, nothing in it may
run, and every source must have its page."""

import json
import random
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from lxml import etree
from test_hostile import ROOT, executable_vectors, invoke_build, markup_vectors

# Pieces that broke a build, an output or a reader before (issue 21), and their kin.
ATOMS = [
    "<script>alert(1)</script>", "</script><script>alert(2)</script>", "<img src=x onerror=alert(3)>", '" onmouseover="alert(4)',
    "javascript:alert(5)", "&lt;script&gt;alert(6)&lt;/script&gt;", "&amp;lt;b&amp;gt;", "]]>", "{{ 7*7 }}", "{% raw %}",
    "\u202eDESOLC", "\u2067isolate", "\u202c\u2069", "\x0c", "\x0b", "\x1b[0m", "\ufffe", "\uffff", "\U0010ffff", "\ufdd0",
    "\ud800", "\udfff", "9" * 400, "5" * 5000 + "th", "1e400", "$" + "9" * 400, "31 December 9999", "since Sunday",
    "-0001-01-01", "9999-12-31", "0001-01-01", "../../etc/passwd", "a/b\\c", "\u00a0\u200b\u00ad", "🏳️\u200d🌈", "ש\u200fع",
    "https://www.reuters.com:token@evil.example/x", "data:text/html,<script>alert(8)</script>", "%00", "\\u0000", "'", '"',
]
HEADERS = ["Title", "Date", "URL", "Publisher", "Author", "Lang", "Slug"]
SENTENCE = "The ferry board said on Monday, May 8, 2023, that 14 crossings were cancelled because of the storm."


def hostile(rng: random.Random, words: int = 3) -> str:
    return " ".join(rng.choice(ATOMS) for _ in range(words))


def write_sources(folder: Path, seed: int = 21) -> list[str]:
    """A few .txt, .md and .html sources, every header and field hostile; returns their paths relative to content."""
    rng = random.Random(seed)
    written = []
    for number in range(6):
        header = "".join(f"{key}: {hostile(rng, 2)}\n" for key in HEADERS)
        body = "\n\n".join(f"{SENTENCE} {hostile(rng)} {rng.choice(ATOMS)} boats sank {hostile(rng, 2)}." for _ in range(3))
        name = f"fuzz/fuzz-{number}.{'md' if number % 3 == 2 else 'txt'}"
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes((header + "\n" + body + "\n").encode("utf-8", "surrogatepass"))
        written.append(name)
    for number in range(3):
        escaped = {key: json.dumps(hostile(rng, 2)) for key in ("headline", "author", "publisher", "date", "url")}
        attribute = hostile(rng, 2).replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
        page = (f'<html lang="{attribute}"><head><title>{hostile(rng, 2)}</title>'
                f'<meta property="og:title" content="{attribute}"><meta name="description" content="{attribute}">'
                f'<meta property="article:published_time" content="{attribute}"><link rel="canonical" href="{attribute}">'
                '<script type="application/ld+json">{"@type": "NewsArticle", '
                + ", ".join(f'"{key}": {value}' for key, value in escaped.items())
                + "}</script><script type=\"application/ld+json\">" + "[" * 50_000 + "]" * 50_000 + "</script></head>"
                f"<body><article><h1>{hostile(rng, 2)}</h1><p>{SENTENCE} {hostile(rng)}</p><p>{SENTENCE} {hostile(rng)} more.</p>"
                "</article></body></html>")
        name = f"fuzz/fuzz-page-{number}.html"
        (folder / name).write_bytes(page.encode("utf-8", "surrogatepass"))
        written.append(name)
    return written


def _no_constants(name):
    raise ValueError(f"{name} is not JSON")


def parse_problems(output: Path) -> dict[str, str]:
    """Each written file that does not parse as what its name says, with why."""
    found = {}
    for path in sorted(item for item in output.rglob("*") if item.is_file()):
        name = path.relative_to(output).as_posix()
        data = path.read_bytes()
        try:
            if path.suffix in (".html", ".xml", ".json"):
                text = data.decode("utf-8")  # strict: a lone surrogate could not have been written, nor read back
                bad = [ch for ch in text if ord(ch) < 32 and ch not in "\t\n\r" or ch in "\ufffe\uffff"]
                assert not bad, f"characters no HTML or XML may hold: {sorted(set(bad))}"
            if path.suffix == ".html":
                etree.fromstring(data, etree.HTMLParser(recover=False, no_network=True))
                for script in BeautifulSoup(data, "html.parser").find_all("script", type="application/ld+json"):
                    json.loads(script.string or "", parse_constant=_no_constants)
            elif path.suffix == ".xml":
                ET.fromstring(data)
            elif path.suffix == ".json":
                json.loads(data, parse_constant=_no_constants)
        except (ValueError, AssertionError, ET.ParseError, etree.XMLSyntaxError) as error:
            if isinstance(error, etree.XMLSyntaxError) and "Tag" in str(error) and "invalid" in str(error):
                continue  # libxml2 knows HTML 4 only: <main>, <svg>, <time> are not errors of ours
            found[name] = f"{type(error).__name__}: {str(error)[:200]}"
    return found


def feed_vectors(output: Path) -> dict[str, list[str]]:
    """Markup a feed reader would run: each type="html" summary parsed as the HTML it is."""
    found = {}
    for path in sorted(output.rglob("*.atom.xml")):
        vectors = [item for element in ET.fromstring(path.read_bytes()).iter() if element.get("type") == "html"
                   for item in markup_vectors(element.text or "")]
        if vectors:
            found[path.relative_to(output).as_posix()] = vectors
    return found


@pytest.fixture(scope="module")
def fuzz_site(tmp_path_factory):
    content = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(ROOT / "content", content)
    written = write_sources(content / "sources")
    output = content.parent / "output"
    records, code = invoke_build(content, output)
    assert code is None, records.text()  # the build finishes
    return output, written, records


def test_every_output_file_parses_as_what_it_is(fuzz_site):
    output, _, _ = fuzz_site
    assert parse_problems(output) == {}


def test_nothing_written_can_run(fuzz_site):
    output, _, _ = fuzz_site
    pages = {path.relative_to(output).as_posix(): found for path in sorted(output.rglob("*.html"))
             if (found := executable_vectors(path, output))}
    assert pages == {}
    assert feed_vectors(output) == {}


def test_every_source_has_its_page_and_every_fuzzed_file_was_read(fuzz_site):
    output, written, records = fuzz_site
    data = json.loads((output / "api" / "factcheck.json").read_text(encoding="utf-8"))
    files = {source["file"] for source in data["sources"]}
    assert {f"sources/{name}" for name in written} <= files, records.text()
    for source in data["sources"]:
        assert (output / source["page"] / "index.html").is_file(), source["file"]
    for name in written:  # each hostile file is named in what the build reports
        assert f"sources/{name}" in records.text(), name


def test_titles_close_what_they_open(fuzz_site):
    output, _, _ = fuzz_site
    for path in sorted(output.rglob("*.html")):
        html = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for text in [html.title.get_text() if html.title else ""] + [meta.get("content", "") for meta in html.find_all("meta")]:
            assert text.count("\u202e") + text.count("\u202b") + text.count("\u202a") + text.count("\u202d") <= text.count("\u202c"), path
            assert text.count("\u2066") + text.count("\u2067") + text.count("\u2068") <= text.count("\u2069"), path


def test_the_parse_checker_finds_what_it_looks_for(tmp_path):
    (tmp_path / "a.json").write_text('{"x": Infinity}')
    (tmp_path / "b.atom.xml").write_text("<feed>\x0c</feed>")
    (tmp_path / "c.html").write_text("<p>\ufffe</p>")
    (tmp_path / "d.xml").write_text("<a><b></a>")
    assert sorted(parse_problems(tmp_path)) == ["a.json", "b.atom.xml", "c.html", "d.xml"]
