"""The hostile corpus (tests/data/hostile/, cases in cases.toml): each case does what its entry
says, the whole folder builds as a site with `invoke build`, fails with `invoke build --strict`,
and no page built from it holds anything a browser would run."""

import json
import logging
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from invoke import Context
from pelican import signals

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "data" / "hostile"
CASES = tomllib.loads((HOSTILE / "cases.toml").read_text(encoding="utf-8"))["case"]
READ = [case for case in CASES if case["expect"] != "skipped"]
SKIPPED = [case for case in CASES if case["expect"] == "skipped"]
HUGE_BYTES = 20_000_000


def write_generated_cases(content: Path) -> None:
    """Cases too big to commit: a 20 MB source, a JSON-LD array 100,000 deep."""
    line = b"The ferry board said on Monday that 14 crossings were cancelled because of the storm.\n\n"
    (content / "sources" / "damaged" / "huge.txt").write_bytes((line * (HUGE_BYTES // len(line) + 1))[:HUGE_BYTES])
    (content / "sources" / "html" / "deep-json-ld.html").write_bytes(
        b'<html><head><script type="application/ld+json">' + b"[" * 100_000 + b"]" * 100_000 + b"</script></head><body><article><p>"
        + line.strip() + b"</p><p>Passengers were told to use the bridge at Dunmore instead, a spokesman said.</p></article></body></html>")


# ---------------------------------------------------------------- building it with `invoke build`

_kept: dict = {}


def _keep_analysis(generators):
    """The analysis the site was built from, for the per-case checks (a module-level receiver: signals hold weak references)."""
    for generator in generators:
        if hasattr(generator, "analysis"):
            _kept["analysis"] = generator.analysis


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record):
        self.records.append(record)

    def text(self, level=logging.WARNING) -> str:
        return "\n".join(record.getMessage() for record in self.records if record.levelno >= level)


def invoke_build(content: Path, output: Path, strict: bool = False) -> tuple[_Records, int | None]:
    """What `invoke build [--strict]` does, pointed at ``content`` and ``output``: the log and the exit code."""
    import tasks

    records = _Records()
    crosscheck_logger = logging.getLogger("crosscheck")
    crosscheck_logger.addHandler(records)
    signals.all_generators_finalized.connect(_keep_analysis)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(ROOT)
            patch.setitem(tasks.CONFIG, "content_path", str(content))
            patch.setitem(tasks.CONFIG, "deploy_path", str(output))
            tasks.build(Context(), strict=strict)
    except SystemExit as stop:
        return records, stop.code
    finally:
        signals.all_generators_finalized.disconnect(_keep_analysis)
        crosscheck_logger.removeHandler(records)
    return records, None


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "content"
    shutil.copytree(HOSTILE, folder)
    write_generated_cases(folder)
    return folder


@pytest.fixture(scope="module")
def site(content):
    """The corpus built without --strict: (output folder, log records, analysis)."""
    output = content.parent / "output"
    _kept.clear()
    records, code = invoke_build(content, output)
    assert code is None, records.text()  # without --strict the build warns and completes
    return output, records, _kept["analysis"]


@pytest.fixture(scope="module")
def analysis(site):
    return site[2]


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# ---------------------------------------------------------------- the manifest


def test_the_manifest_lists_every_file_once_and_enough_cases():
    listed = [case["file"] for case in CASES]
    assert len(listed) == len(set(listed))
    on_disk = {path.relative_to(HOSTILE).as_posix() for folder in ("sources", "entities")
               for path in (HOSTILE / folder).rglob("*") if path.is_file()}
    generated = {case["file"] for case in CASES if "generated" in case}
    assert on_disk == set(listed) - generated
    assert len(CASES) >= 40
    assert {case["expect"] for case in CASES} == {"read", "read-with-warning", "skipped"}
    assert all(case.get("reports") for case in CASES if case["expect"] != "read")


# ---------------------------------------------------------------- each case


def _problems(analysis, case):
    return [problem for problem in analysis.problems if problem.path == case["file"]]


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_case(case, analysis):
    problems = _problems(analysis, case)
    warnings = [str(problem) for problem in problems if problem.severity != "info"]
    notes = [str(problem) for problem in problems if problem.severity == "info"]
    for words in case.get("reports", []):
        assert any(message.startswith(case["file"]) and words in message for message in warnings), (words, warnings)
    if "line" in case:
        assert warnings[0].startswith(f"{case['file']}:{case['line']}: "), warnings[0]
    for words in case.get("notes", []):
        assert any(words in message for message in notes), (words, notes)
    if case["expect"] == "read":
        assert warnings == []

    if case["category"] == "entities":
        _check_entity(case, analysis)
        return
    source = next((source for source in analysis.sources if source.path == case["file"]), None)
    if case["expect"] == "skipped":
        assert source is None
        assert any("skipped" in message for message in warnings)
        return
    assert source is not None, problems
    assert source.id == case["id"]
    if "title" in case:
        assert source.title == case["title"]
    if "encoding" in case:
        assert source.encoding == case["encoding"]
    for words in case.get("text", []):
        assert words in source.text, words
    for words in case.get("absent", []):
        assert words not in source.text and words not in source.title, words
    removed = " ".join(block.text for block in source.removed)
    for words in case.get("accounted", []):
        assert words in source.text or words in removed, words
    reasons = {block.reason for block in source.removed}
    assert set(case.get("removed", [])) <= reasons, reasons
    sentences = analysis.sentences[source.id]
    assert all(source.text[sentence.start : sentence.end] == sentence.text for sentence in sentences)
    if "longest_sentence" in case:
        assert max(len(sentence.text) for sentence in sentences) >= case["longest_sentence"]
    if "quote" in case:
        assert any(case["quote"] in claim.quote for claim in analysis.claims[source.id]), analysis.claims[source.id]


def _check_entity(case, analysis):
    editors = {entity.id: entity for entity in analysis.entities}
    if case["expect"] == "skipped":
        return  # reported above; whether a page exists is the build's business (test_skipped_entity_files_have_no_page_of_their_own)
    entity = editors[case["id"]]
    for words in case.get("text", []):
        assert words in entity.description, words


# ---------------------------------------------------------------- the whole site


def test_every_case_read_has_its_page_and_is_in_the_list_of_sources(site):
    output, _, _ = site
    listed = page(output / "index.html").get_text(" ")
    address = output / "browse" / "sources"
    while address is not None:  # the list of every source, page after page
        html = page(address / "index.html")
        listed += html.get_text(" ")
        following = html.select_one('nav.pager a[rel="next"]')
        address = (address / following["href"]).resolve() if following else None
    for case in READ:
        folder = "entities" if case["category"] == "entities" else "sources"
        assert (output / folder / case["id"] / "index.html").is_file(), case["file"]
        if folder == "sources":
            assert case["file"] in listed, case["file"]
    data = json.loads((output / "api" / "factcheck.json").read_text(encoding="utf-8"))
    assert sorted(source["file"] for source in data["sources"]) == sorted(
        case["file"] for case in READ if case["category"] != "entities")


def test_every_case_not_read_is_reported_with_its_path_and_reason(site):
    _, records, _ = site
    log = records.text()
    for case in SKIPPED:
        for words in case["reports"]:
            assert re.search(re.escape(case["file"]) + r"(:\d+)?: .*" + re.escape(words), log), (case["file"], words)


def test_skipped_entity_files_have_no_page_of_their_own(site):
    output, _, _ = site
    assert not (output / "entities" / "oskel-river-ferry-2").exists()
    description = page(output / "entities" / "oskel-river-ferry" / "index.html").select_one(".description").get_text()
    assert "(first file)" in description and "(second file)" not in description


def test_nothing_a_source_gave_is_dropped_from_its_page(site):
    """Every block kept is on the page word for word; every block removed is listed with its reason."""
    output, _, analysis = site
    for source in analysis.sources:
        html = page(output / "sources" / source.id / "index.html")
        for tooltip in html.select(".source-text .claim-values"):
            tooltip.decompose()  # a claim's values, shown on hover, between its sentence and the next
        shown = " ".join(html.select_one(".source-text").get_text(" ").split())
        for block in source.blocks:
            assert " ".join(block.text.split()) in shown, (source.path, block.text[:80])
        listed = html.select_one("details.removed")
        for block in source.removed:
            assert block.reason in listed.get_text() and " ".join(block.text.split()) in " ".join(listed.get_text(" ").split()), (
                source.path, block.reason)


def test_names_with_dots_and_slashes_stay_inside_the_output_folder(site, content):
    output, _, _ = site
    written = {path.relative_to(content.parent).parts[0] for path in content.parent.rglob("*")}
    assert written <= {"content", "output", ".cache"}, written
    assert (output / "sources" / "outside-the-site" / "index.html").is_file()
    assert (output / "entities" / "escaped-entity" / "index.html").is_file()
    assert (output / "sources" / "звіт-про-повінь" / "index.html").is_file()


# ---------------------------------------------------------------- nothing runs

_RUNNABLE = re.compile(r"^\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "xlink:href", "background", "srcset", "ping")


def executable_vectors(path: Path, output: Path) -> list[str]:
    """Everything on a page that could run code or load from elsewhere, other than our own scripts."""
    html = page(path)
    found = markup_vectors(html, path, output)
    csp = html.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    if csp is None or "default-src 'none'" not in csp.get("content", ""):
        found.append("no Content-Security-Policy")
    return found


def markup_vectors(html, path: Path | None = None, output: Path | None = None) -> list[str]:
    """What could run in ``html`` (a parsed page, or a fragment as text: any script in a fragment counts)."""
    if isinstance(html, str):
        html = BeautifulSoup(html, "html.parser")
    found = []
    for script in html.find_all("script"):
        if script.get("type") == "application/ld+json":
            body = script.string or ""
            json.loads(body)  # data, and no "</script>" can hide in it
            if "<" in body:
                found.append(f"markup inside JSON-LD: {body[:80]}")
            found.extend(f"in JSON-LD: {item}" for item in json_vectors(json.loads(body)))
        elif path is None or not script.get("src") or re.match(r"^\s*([a-z]+:|//)", script["src"], re.IGNORECASE):
            found.append(f"script: {str(script)[:120]}")
        elif not (path.parent / script["src"].split("?")[0]).resolve().is_relative_to(output.resolve()):
            found.append(f"script from outside the site: {script['src']}")
    for element in html.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"{name} on <{element.name}>")
            ours = element.name == "link" and element.get("rel") == ["icon"] and value == "data:,"  # "no favicon", from base.html
            if name.lower() in _URL_ATTRIBUTES and _RUNNABLE.match(re.sub(r"[\x00-\x20]", "", value)) and not ours:
                found.append(f"{name}={value[:60]} on <{element.name}>")
            if name.lower() == "style" and re.search(r"url\s*\(|expression\s*\(|behavior", value, re.IGNORECASE):
                found.append(f"style with url(): {value[:60]}")
        if element.name in ("iframe", "frame", "object", "embed", "applet", "base"):  # our own svg charts are checked above
            found.append(f"<{element.name}>")
        if element.name == "meta" and str(element.get("http-equiv", "")).lower() == "refresh":
            found.append("meta refresh")
        if element.name == "style" and re.search(r"url\s*\(|@import|expression", element.get_text(), re.IGNORECASE):
            found.append("style element with url() or @import")
    return found


def json_vectors(data) -> list[str]:
    """What could run if any string of ``data`` were put into a page as HTML, as consumers of the export may."""
    if isinstance(data, dict):
        return [item for value in data.values() for item in json_vectors(value)]
    if isinstance(data, list):
        return [item for value in data for item in json_vectors(value)]
    if isinstance(data, str) and ("<" in data or ":" in data):
        return (markup_vectors(data) if "<" in data else []) + (
            [f"address {data[:60]}"] if _RUNNABLE.match(re.sub(r"[\x00-\x20]", "", data)) else [])
    return []


def output_vectors(output: Path, marker: str) -> dict[str, list[str]]:
    """Every file under ``output``, by kind: pages as pages, feeds entry by entry, JSON string by string;
    in any other file (styles, scripts, the search index, unpacked), the hostile input's ``marker``."""
    import gzip
    import xml.etree.ElementTree as ET

    found = {}
    for path in sorted(item for item in output.rglob("*") if item.is_file()):
        data = path.read_bytes()
        if path.suffix == ".html":
            vectors = executable_vectors(path, output)
        elif path.suffix == ".xml":
            vectors = []
            for element in ET.fromstring(data).iter():
                vectors += [f"{name}={value[:60]}" for name, value in element.attrib.items()
                            if _RUNNABLE.match(re.sub(r"[\x00-\x20]", "", value))]
                vectors += markup_vectors(element.text or "")
        elif path.suffix == ".json":
            vectors = json_vectors(json.loads(data))
        else:
            text = (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8", "replace")
            vectors = [marker] if marker in text else []
        if vectors:
            found[path.relative_to(output).as_posix()] = vectors
    return found


def test_no_page_holds_an_executable_vector(site):
    output, _, _ = site
    pages = sorted(output.rglob("*.html"))
    assert len(pages) > len(READ)
    problems = {path.relative_to(output).as_posix(): found for path in pages if (found := executable_vectors(path, output))}
    assert problems == {}


def test_the_scanner_finds_what_it_looks_for(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("""<meta http-equiv="refresh" content="0"><script>x()</script><script src="https://evil.example/x.js"></script>
<a href=" java\tscript:x()">a</a><img src="data:image/svg+xml,x" onerror="x()"><iframe></iframe><p style="background:url(x)">p</p>""")
    assert executable_vectors(bad, tmp_path) == [
        "script: <script>x()</script>", "script: <script src=\"https://evil.example/x.js\"></script>", "meta refresh",
        "href= java\tscript:x() on <a>", "src=data:image/svg+xml,x on <img>", "onerror on <img>", "<iframe>",
        "style with url(): background:url(x)", "no Content-Security-Policy"]


def test_hostile_text_is_shown_as_text(site):
    output, _, _ = site
    markup = page(output / "sources" / "markup-as-text" / "index.html")
    assert markup.h1.get_text() == '<script>window.__pwned = "title"; alert("title")</script>'
    assert "<script>window.__pwned = 1; alert(1)</script>" in markup.select_one(".source-text").get_text()
    template = page(output / "sources" / "template-syntax" / "index.html").get_text()
    assert "{{ 7*7 }} offices" in template and "49 offices" not in template
    entity = page(output / "entities" / "dunmore-transport-office" / "index.html").select_one(".description")
    assert entity.find("strong").get_text() == "trams" and entity.find("table") is not None
    assert "__pwned" not in str(entity)


# ---------------------------------------------------------------- strict mode


def test_strict_build_fails_with_every_problem_and_keeps_the_last_good_site(site, content):
    output, records, analysis = site
    assert "strict mode" not in records.text()
    before = (output / "index.html").read_bytes()
    strict_records, code = invoke_build(content, output, strict=True)
    assert code == 1
    assert (output / "index.html").read_bytes() == before
    assert not output.with_name("output.partial").exists()
    summary = next(record.getMessage() for record in strict_records.records if record.getMessage().startswith("strict mode"))
    expected = [str(problem) for problem in analysis.problems if problem.severity != "info"]
    assert int(re.match(r"strict mode: (\d+) problem", summary).group(1)) >= len(expected) > 40
    summary_lines = {line.strip() for line in summary.splitlines()}
    assert [line for line in expected if line not in summary_lines] == []
