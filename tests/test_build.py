"""Whole-site builds with Pelican, asserting on the files written."""

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent


def build(content: Path, output: Path, **override) -> Path:
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), "THEME": str(ROOT / "theme"),
                  "PLUGIN_PATHS": [str(ROOT / "plugins")], "CACHE_PATH": str(output.parent / "cache"),
                  "CROSSCHECK_CACHE_PATH": str(output.parent / "crosscheck.sqlite3"), **override},
    )
    Pelican(settings).run()
    return output


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    return build(ROOT / "content", tmp_path_factory.mktemp("demo") / "output")


def test_home_lists_every_source(demo_site):
    home = page(demo_site / "index.html")
    links = {a["href"] for a in home.select(".card h3 a")}
    assert links == {f"./sources/{path.stem}/" for path in (ROOT / "content" / "sources").glob("*.txt")}


def test_source_page_shows_cleaned_text_with_sentence_anchors(demo_site):
    html = page(demo_site / "sources" / "000_f7aa4456e0d728e2" / "index.html")
    assert html.h1.get_text() .startswith("The purpose of Putin's visit")
    sentences = html.select(".source-text .sentence[id]")
    assert len(sentences) > 20
    assert all(re.fullmatch(r"s-[0-9a-f]{10}(-\d+)?", span["id"]) for span in sentences)
    texts = [span.get_text() for span in sentences]
    assert any(text.endswith("Russian dictator Putin visited Minsk") for text in texts)
    removed = html.select_one("details.removed")
    listed = removed.select("ol > li")
    assert listed and f"Removed from the original ({len(listed)} blocks)" in removed.summary.get_text()
    # each block removed is shown with its reason and the line it stood on in the file
    lines = (ROOT / "content" / "sources" / "000_f7aa4456e0d728e2.txt").read_text(encoding="utf-8").splitlines()
    [read_also] = [item for item in listed if "Read also:" in item.blockquote.get_text()]
    assert "teaser list" in read_also.select_one(".reason").get_text()
    line = int(re.search(r"line (\d+)", read_also.select_one(".reason").get_text())[1])
    assert lines[line - 1].startswith("Read also:")
    assert not any("Read also" in text for text in texts)


def test_source_page_explains_its_dates(demo_site):
    html = page(demo_site / "sources" / "004_9dd83f3904ce7482" / "index.html")
    facts = html.select_one(".facts").get_text(" ")
    assert "15 April 2024" in facts and "2024-04-15T05:06:55+03:00" in facts
    assert "19 December 2022" in facts and "2022-12-13" in facts and "other source(s) of its story are firmly dated" in facts
    note = html.select_one(".note").get_text(" ")
    assert "Dates disagree" in note and "2022" in note


def test_headings_and_paragraphs_keep_their_shape(demo_site):
    html = page(demo_site / "sources" / "003_77591201f77be997" / "index.html")
    headings = [h.get_text() for h in html.select(".source-text h2")]
    assert "Close relations between dictators" in headings
    assert len(html.select(".source-text p")) > 30


def test_methodology_page_and_no_blog_pages(demo_site):
    assert "Removed from the original" in (demo_site / "pages" / "methodology" / "index.html").read_text()
    written = {path.relative_to(demo_site).as_posix() for path in demo_site.rglob("*.html")}
    assert not any(name.startswith(("category", "tag", "author", "archives")) for name in written)
    assert not any(name.endswith(".txt") or "f7aa4456e0d728e2.html" in name for name in written)


def test_json_export_lists_sources(demo_site):
    data = json.loads((demo_site / "api" / "factcheck.json").read_text())
    assert set(data) >= {"sources", "claims", "entities", "groups", "discrepancies"}
    by_id = {source["id"]: source for source in data["sources"]}
    assert len(by_id) == 5
    assert set(by_id) == {path.stem for path in (ROOT / "content" / "sources").glob("*.txt")}
    for source in data["sources"]:
        assert source["file"] == f"sources/{source['id']}.txt"
        html = page(demo_site / source["page"] / "index.html")
        assert html.h1.get_text().strip() == source["title"]
    # the published date is the file's own timestamp; the reference date is the one its text is about
    record = by_id["004_9dd83f3904ce7482"]
    assert record["url"] is None  # the file names no URL:
    assert record["published"] == "2024-04-15"  # 'Politics 2024-04-15T05:06:55+03:00' in its first line
    # not 'Tuesday, December 13', an earlier event it mentions: the day of the visit its story reports (issue 15)
    assert record["reference_date"] == "2022-12-19"


def test_another_corpus_without_a_sources_folder(tmp_path):
    content = tmp_path / "news"
    content.mkdir()
    (content / "a.txt").write_text("Title: Floods\n\nThe river rose two metres on Sunday, May 5, officials said.\n")
    (content / "b.md").write_text("Title: Flood relief\n\nAid arrived on Monday, May 6, the mayor said.\n")
    shutil.copy(ROOT / "tests" / "data" / "html" / "wordpress_council_budget.html", content / "c.html")
    out = build(content, tmp_path / "out")
    data = json.loads((out / "api" / "factcheck.json").read_text())
    assert sorted(source["file"] for source in data["sources"]) == ["a.txt", "b.md", "c.html"]
    budget = page(out / "sources" / "c" / "index.html")
    assert "Leave a Reply" not in budget.select_one(".source-text").get_text()
    assert "comments" in budget.select_one("details.removed").get_text()
    assert "Aid arrived on Monday" in (out / "sources" / "b" / "index.html").read_text()
    assert not (out / "b.html").exists()


@pytest.fixture
def broken_content(tmp_path):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "sources" / "004_9dd83f3904ce7482.txt", content / "sources")
    (content / "sources" / "empty.txt").write_bytes(b"")
    (content / "sources" / "binary.html").write_bytes(bytes(range(256)) * 8)
    (content / "sources" / "bad-date.txt").write_text("Title: Bad date\nDate: 2021-02-30\n\nThe vote was held on Friday.\n")
    return content


def test_bad_files_are_reported_and_the_rest_builds(broken_content, tmp_path, caplog):
    out = build(broken_content, tmp_path / "out")
    assert (out / "sources" / "004_9dd83f3904ce7482" / "index.html").exists()
    assert (out / "sources" / "bad-date" / "index.html").exists()
    messages = caplog.text
    assert "sources/empty.txt: skipped: the file is empty" in messages
    assert "sources/binary.html: skipped: the file looks binary" in messages
    assert "sources/bad-date.txt:2: Date:" in messages


def test_strict_mode_fails_the_build(broken_content, tmp_path, caplog):
    with pytest.raises(SystemExit) as stop:
        build(broken_content, tmp_path / "out", CROSSCHECK_STRICT=True)
    assert stop.value.code == 1
    assert "strict mode: 3 problem(s)" in caplog.text


def test_strict_mode_passes_on_the_demo_content(tmp_path, caplog):
    out = build(ROOT / "content", tmp_path / "out", CROSSCHECK_STRICT=True)
    assert "strict mode" not in caplog.text
    sources = json.loads((out / "api" / "factcheck.json").read_text())["sources"]
    assert len(sources) == len(list((ROOT / "content" / "sources").glob("*.txt")))
    assert all((out / source["page"] / "index.html").exists() for source in sources)


def test_claims_are_highlighted_with_their_values(demo_site):
    html = page(demo_site / "sources" / "001_4fc8f84063c97fd3" / "index.html")
    claim = next(a for a in html.select("a.claim") if "lasted 2.5 hours" in a.get_text())
    tooltip = html.find(id=claim["aria-describedby"])
    assert tooltip["role"] == "tooltip"
    assert "2022-12-19 (date)" in tooltip.get_text() and "2.5 hours (duration)" in tooltip.get_text()
    assert claim["href"].startswith("../../claims/g-")
    assert (demo_site / "sources" / "001_4fc8f84063c97fd3" / claim["href"] / "index.html").resolve().exists()


def test_claim_page_links_back_to_each_sentence(demo_site):
    data = json.loads((demo_site / "api" / "factcheck.json").read_text())
    source_of = {claim["id"]: claim["source"] for claim in data["claims"]}
    group = next(g for g in data["groups"] if len({source_of[c] for c in g["claims"]}) > 1)
    html = page(demo_site / group["page"] / "index.html")
    links = [a["href"] for a in html.select(".source-quote figcaption a.in-source")]
    assert len(links) == len(group["claims"])
    for href in links:
        path, anchor = href.split("#")
        target = page((demo_site / group["page"] / path / "index.html").resolve())
        assert target.find(id=anchor) is not None


def test_the_same_fact_in_other_words_is_a_cross_referenced_pair(demo_site):
    data = json.loads((demo_site / "api" / "factcheck.json").read_text())
    claims = {c["id"]: c for c in data["claims"]}
    [wording] = [d for d in data["discrepancies"] if d["kind"] == "wording"
                 and any("since 2019" in claims[c]["text"] for c in d["claims"])
                 and any("in three years" in claims[c]["text"] for c in d["claims"])]
    group = next(g for g in data["groups"] if g["id"] == wording["group"])
    assert group["basis"] == "fact" and set(wording["claims"]) <= set(group["claims"])
    claim_page = page(demo_site / group["page"] / "index.html")
    quoted = [a["href"] for a in claim_page.select(".source-quote figcaption a.in-source")]
    assert {href.split("#")[1] for href in quoted} == {claims[c]["sentence"].split("#")[1] for c in group["claims"]}
    # each sentence also links to the page of its own, wider claim
    assert len(claim_page.select(".source-quote figcaption a:not(.in-source)")) >= len(group["claims"])
    # one row per distinct value, however many sources give it: here one value, in two wordings
    rows = claim_page.select("table.fact-values tbody tr")
    assert len(rows) == 1 and "2019" in rows[0].th.get_text()
    assert "since 2019" in rows[0].get_text() and "in three years" in rows[0].get_text()
    index = page(demo_site / "discrepancies" / "wording" / "index.html")
    assert index.find(id=wording["id"]) is not None


def test_entity_page_lists_aliases_and_claims(demo_site):
    html = page(demo_site / "entities" / "institute-for-the-study-of-war" / "index.html")
    assert "Institute for War Studies" in html.get_text()
    assert "A think tank in Washington" in html.select_one(".description").get_text()
    assert len(html.select(".claim-card")) >= 3


def test_markup_in_a_source_is_shown_as_text_not_run(tmp_path):
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "evil.txt").write_text(
        'Title: <script>alert("title")</script>\n\n'
        'The mayor said on Monday, March 6, that 14 people died. <script>alert(1)</script> <img src=x onerror=alert(2)>\n'
    )
    out = build(content, tmp_path / "out")
    for path in out.rglob("*.html"):
        html = path.read_text()
        assert "<script>alert" not in html and "<img src=x" not in html, path
    text = page(out / "sources" / "evil" / "index.html").get_text()
    assert '<script>alert("title")</script>' in text and "<img src=x onerror=alert(2)>" in text


def test_pelicans_blog_index_does_not_collide_with_the_home_page(tmp_path):
    out = build(ROOT / "content", tmp_path / "out", DIRECT_TEMPLATES=["index"])
    assert "open dispute" in (out / "index.html").read_text()  # the site's own home page, with its stories


def test_a_bad_url_setting_names_the_key(tmp_path):
    from crosscheck.settings import SettingsError

    with pytest.raises(SettingsError, match=r"CROSSCHECK_SOURCE_URL = 'sources/\{slug\}/' cannot be filled in"):
        build(ROOT / "content", tmp_path / "out", CROSSCHECK_SOURCE_URL="sources/{slug}/")


def test_hidden_folders_are_not_read(tmp_path):
    content = tmp_path / "content"
    (content / "sources" / ".git").mkdir(parents=True)
    (content / "sources" / ".git" / "notes.txt").write_text("Title: Hidden\n\nSeven people were hurt on Monday, May 6.\n")
    (content / "sources" / "a.txt").write_text("Title: Seen\n\nSeven people were hurt on Monday, May 6.\n")
    data = json.loads((build(content, tmp_path / "out") / "api" / "factcheck.json").read_text())
    assert [source["file"] for source in data["sources"]] == ["sources/a.txt"]


def test_every_page_sends_a_content_security_policy(demo_site):
    for path in demo_site.rglob("*.html"):
        meta = page(path).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None and "default-src 'none'" in meta["content"], path


def test_two_builds_are_byte_identical(tmp_path):
    """Separate processes with different hash seeds, so set and dict order cannot leak into the output."""
    import os
    import subprocess
    import sys

    def build_in_process(name, seed):
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "pelican", str(ROOT / "content"), "-s", str(ROOT / "pelicanconf.py"),
                        "-o", str(out), "-q", "-e", 'CROSSCHECK_CACHE_PATH=""'], check=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True)
        return out

    first, second = build_in_process("one", "1"), build_in_process("two", "2")
    files = sorted(path.relative_to(first) for path in first.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(second) for path in second.rglob("*") if path.is_file())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_broken_file_is_reported_on_every_build_in_one_process(tmp_path, caplog):
    """`invoke livereload` rebuilds in one process; Pelican would log a repeated warning only once."""
    content = tmp_path / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "a.txt").write_text("Title: A\n\nThe council met on Monday, May 8, and 12 people came.\n")
    (content / "sources" / "empty.txt").write_bytes(b"")
    for run in ("one", "two"):
        caplog.clear()
        build(content, tmp_path / run)
        assert "sources/empty.txt: skipped: the file is empty" in caplog.text, run


def test_build_messages_keep_path_line_and_message_on_one_line(tmp_path):
    """A problem printed by `pelican`/`invoke build` is one line however long, in an 80-column pipe or CI log."""
    import os
    import subprocess
    import sys

    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "sources", content / "sources")
    (content / "annotations").mkdir()
    (content / "annotations" / "long.md").write_text("Title: T\nClaim: g-0000000000\n\nBody.\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py", "-o", str(tmp_path / "out"),
                             "-e", f"CROSSCHECK_CACHE_PATH={json.dumps(str(tmp_path / 'cache.sqlite3'))}"],
                            check=False, cwd=ROOT, capture_output=True, text=True, env=os.environ | {"COLUMNS": "80"}, timeout=600)
    lines = (result.stdout + result.stderr).splitlines()
    [line] = [line for line in lines if "annotations/long.md:2:" in line]
    assert line.rstrip().endswith("or point at the words with Source: and Quote:") and len(line) > 80


def test_a_quoted_fact_shows_who_said_the_words_by_name_in_its_value_table(demo_site):
    # 003 credits "will appreciate the decisions ..." to the president of Belarus; 001 prints the words after a verb
    # the speaker reading does not take for reporting: one row per credit, the speaker by name, none invented
    data = json.loads((demo_site / "api" / "factcheck.json").read_text())
    facts = {fact["id"]: fact for fact in data["facts"]}
    [group] = [g for g in data["groups"] if g["basis"] == "fact"
               and any("will appreciate the decisions" in facts[f]["value"]["text"] for f in g["facts"])]
    assert {facts[f]["value"]["kind"] for f in group["facts"]} == {"quote"}
    assert {facts[f]["value"]["unit"] for f in group["facts"]} == {"alexander-lukashenko", ""}
    rows = [row.th.get_text(" ", strip=True) for row in page(demo_site / group["page"] / "index.html").select(
        "table.fact-values tbody tr")]
    assert sorted(rows) == ["credited to Alexander Lukashenko (quote)", "credited to nobody named (quote)"]
