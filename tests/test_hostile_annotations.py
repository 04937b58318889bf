"""tests/data/hostile/annotations: editors' mistakes, each reported with path:line, none losing the editor's text.

The files point at the seed corpus's claims by id, so they are built against content/sources.
"""

import shutil

import pytest
from crosscheck.cli import check_content
from test_build import ROOT, build, page

HOSTILE = ROOT / "tests" / "data" / "hostile" / "annotations"
MERGED, RETIRED = "g-cd93f7fc8e", ["g-8dd22a0711", "g-b62a263455"]  # the circle of merges' group, and the ids it retires

# file -> the start of a message the build must print for it
EXPECTED = {
    "unknown-target.md": "annotations/unknown-target.md:2: Claim: there is no claim or group 'g-0000000000'",
    "unknown-verdict.md": "annotations/unknown-verdict.md:3: unknown Verdict 'Pants on fire'; use one of:",
    "duplicate-id-b.md": "annotations/duplicate-id-b.md: its id 'same-id' is taken by annotations/duplicate-id-a.md",
    "cycle-3.md": "annotations/cycle-3.md:2: Merge: g-b62a263455 and g-016c069cb3 are already one group",
    "merge-missing.md": "annotations/merge-missing.md:2: Merge: there is no claim or group 'g-nothere000'",
    "split-missing.md": "annotations/split-missing.md:2: Split: there is no claim 'c-0000000000'",
    "dismiss-missing.md": "annotations/dismiss-missing.md:2: Dismiss: there is no discrepancy 'd-0000000000'",
    "malformed-header.md": "annotations/malformed-header.md:2: malformed metadata line 'this line is not a header'",
    "impossible-date.md": "annotations/impossible-date.md:3: Date:",
    "lost-quote.md": "annotations/lost-quote.md:3: Quote: these words are not in sources/003_77591201f77be997.txt",
    "bad-links.md": "annotations/bad-links.md:4: link {filename}/sources/gone.txt: there is no source or annotation",
    "no-target.md": "annotations/no-target.md:1: says neither what it annotates nor what it corrects",
    "empty.md": "annotations/empty.md:1: says neither what it annotates nor what it corrects",
    "not-utf8.md": "annotations/not-utf8.md:4: not UTF-8; read as Windows-1252, so this line reads 'Café crème, saved in Latin-1.'",
    "hostile-verdict.md": "annotations/hostile-verdict.md:1: Title: markup is left out; it reads 'Is the count right?'",
}
MORE = [
    "annotations/malformed-header.md:3: unknown metadata key 'Colour'",
    "annotations/impossible-date.md:4: Status: 'maybe' is not one of draft, published",
    "annotations/bad-links.md:4: link {claim}g-0000000000: there is no claim or group 'g-0000000000'",
    "annotations/merge-missing.md:2: Merge: needs two or more different claims or groups",
    "annotations/script-in-body.md:5: HTML that editors may not use is left out of the page:",
    "annotations/hostile-verdict.md:4: Author: markup is left out; it reads 'Ed'",
    "annotations/hostile-verdict.md:8: HTML that editors may not use is left out of the page: <script>, <iframe>, "
    "href='javascript:void(pwned)' on <a>, onclick on <a>, onerror on <img>, <svg>, onmouseover on <p>",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile-annotations")
    content = root / "content"
    shutil.copytree(ROOT / "content" / "sources", content / "sources")
    shutil.copytree(HOSTILE, content / "annotations")
    return content, build(content, root / "output")


def test_there_is_a_case_for_every_file():
    assert set(EXPECTED) | {"duplicate-id-a.md", "cycle-1.md", "cycle-2.md", "script-in-body.md"} == {p.name for p in HOSTILE.glob("*.md")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_mistake_is_reported_with_its_path_and_line(hostile_site, name):
    content, _ = hostile_site
    problems = [str(problem) for problem in check_content(content)]
    assert any(problem.startswith(EXPECTED[name]) for problem in problems), problems


@pytest.mark.parametrize("message", MORE)
def test_a_file_can_have_several_mistakes(hostile_site, message):
    content, _ = hostile_site
    assert any(str(problem).startswith(message) for problem in check_content(content))


def test_the_editors_page_lists_every_problem_and_keeps_the_text(hostile_site):
    _, out = hostile_site
    editors = page(out / "editors" / "index.html")
    text = editors.get_text()
    for message in list(EXPECTED.values()) + MORE:
        assert message in text, message
    attention = {card.find("code").get_text() for card in editors.select(".attention")}
    assert attention >= {f"annotations/{name}" for name in EXPECTED}
    for name in EXPECTED:
        data = (HOSTILE / name).read_bytes()
        body = data.decode("cp1252" if name == "not-utf8.md" else "utf-8").split("\n\n", 1)[-1].strip()
        if body:
            assert body in text, name
    assert "\ufffd" not in text  # the Latin-1 file reads as it was written


def test_a_circle_of_merges_still_merges_once(hostile_site):
    import json

    _, out = hostile_site
    data = json.loads((out / "api" / "factcheck.json").read_text())
    ids = {group["id"] for group in data["groups"]}
    # the files merge g-016c069cb3, g-432b75fcda and g-b62a263455, named by ids of an earlier build; since 004's
    # reference date is the visit's (issue 15), the first two groups are named after claims of 001: g-cd93f7fc8e
    # and g-8dd22a0711, which the files still reach through their claims
    assert MERGED in ids and not set(RETIRED) & ids


def test_markup_in_an_editors_body_never_runs(hostile_site):
    _, out = hostile_site
    # the note follows its claim into the merged group, and is published there, without its markup
    merged = page(out / "claims" / MERGED / "index.html")
    assert "A note with markup in it." in merged.select_one(".analysis").get_text()
    for html in out.rglob("*.html"):
        soup = page(html)
        assert not [tag for tag in soup.find_all(True) if any(name.startswith("on") for name in tag.attrs)], html
        for script in soup.find_all("script"):
            assert "__pwned" not in (script.string or ""), html


def test_strict_mode_fails_on_them(hostile_site, tmp_path):
    content, _ = hostile_site
    with pytest.raises(SystemExit) as stop:
        build(content, tmp_path / "strict", CROSSCHECK_STRICT=True)
    assert stop.value.code == 1


def test_no_output_file_holds_a_script_vector(hostile_site):
    """Pages, feeds, the JSON export and the JSON-LD in pages all show editors' text through one sanitizer."""
    from test_hostile import output_vectors

    _, out = hostile_site
    assert len(list(out.rglob("*"))) > 100
    assert output_vectors(out, marker="pwned") == {}


def test_the_verdicts_feed_shows_the_analysis_as_its_claim_page_does(hostile_site):
    import xml.etree.ElementTree as ET

    from bs4 import BeautifulSoup

    _, out = hostile_site
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring((out / "feeds" / "verdicts.atom.xml").read_bytes()).findall(f"{atom}entry")
    [entry] = [entry for entry in entries if entry.find(f"{atom}link").get("href").endswith("/claims/g-57d2f707eb/")]
    assert entry.find(f"{atom}title").text == "Mostly true: Is the count right?"
    summary = BeautifulSoup(entry.find(f"{atom}summary").text, "html.parser")
    assert summary.p.get_text() == "Mostly true (Ed): Is the count right?"  # no "?." after a question
    links = {a.get_text(): a.get("href") for a in summary.find_all("a")}
    assert links["the source"] == "/sources/003_77591201f77be997/"
    assert links["the claim"].startswith("/claims/g-")
    assert "{filename}" not in str(summary) and "{claim}" not in str(summary)
    claim_page = page(out / "claims" / "g-57d2f707eb" / "index.html").select_one(".analysis")
    assert [p.get_text() for p in summary.find_all("p")[1:]] == [p.get_text() for p in claim_page.find_all("p")[1:]]


def test_every_group_id_a_merge_retired_keeps_a_page_that_leads_on(hostile_site):
    _, out = hostile_site
    retired = RETIRED  # merged into MERGED by the circle of merges
    for old in retired:
        moved = page(out / "claims" / old / "index.html")
        assert moved.find("link", rel="canonical")["href"] == f"../../claims/{MERGED}/"
        assert moved.select_one("main a")["href"] == f"../../claims/{MERGED}/"
        assert old in moved.select_one("main").get_text() and moved.find("meta", attrs={"name": "robots"})
    assert (out / "_redirects").read_text().splitlines() == [
        f"/claims/{old}/ /claims/{MERGED}/ 301" for old in retired]
    assert not any(old in (out / "sitemap.xml").read_text() for old in retired)
