"""`add` and `refresh` against an HTTP server this module starts on 127.0.0.1 (never the internet): what a clip
holds, every way an address can fail (a message each, nothing half-written, the rest goes on), feeds, versions."""

import datetime as dt
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from crosscheck.cli import main
from crosscheck.ingest.clip import clip_bytes, read_clip, versions, versions_folder
from crosscheck.ingest.source import read_source
from crosscheck.pipeline import find_source_files

PARAGRAPHS = [
    "The death toll from the flooding in Riverton rose to {toll} on Tuesday, the regional governor said.",
    "Rescue teams searched the lower town through the night, and 140 people were taken to shelters in the school.",
    "The river crested at 6.2 metres on Monday evening, the highest level recorded since 1998, the weather service said.",
    "Officials said the bridge on the main road would stay closed until engineers had inspected its pillars.",
    "Residents were told to boil their water until further notice.",
]


def article(toll: int = 18, extra: str = "") -> bytes:
    paragraphs = PARAGRAPHS + ([extra] if extra else [])
    body = "".join(f"<p>{text.format(toll=toll)}</p>\n" for text in paragraphs)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Flood toll rises in Riverton | Valley News</title>
<meta property="og:title" content="Flood toll rises in Riverton">
<meta property="og:site_name" content="Valley News">
<meta property="article:published_time" content="2024-05-07T09:00:00Z">
</head><body><nav><a href="/">Home</a></nav>
<article><h1>Flood toll rises in Riverton</h1>
{body}</article><footer>Valley News</footer></body></html>""".encode()


class Site:
    """What the server answers, by path: (status, headers, body, seconds to wait first)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, dict, bytes, float]] = {}
        self.requests: list[str] = []

    def page(self, path, body, status=200, content_type="text/html; charset=utf-8", delay=0.0, length=True, **headers):
        headers = {"Content-Type": content_type} | headers
        if length:
            headers["Content-Length"] = str(len(body))
        self.routes[path] = (status, headers, body, delay)


@pytest.fixture
def site():
    routes = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            routes.requests.append(self.path)
            status, headers, body, delay = routes.routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"no such page", 0))
            time.sleep(delay)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up: the size limit or the timeout
                pass

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    routes.base = f"http://127.0.0.1:{server.server_address[1]}"
    routes.page("/robots.txt", b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    routes.page("/news/flood", article())
    yield routes
    server.shutdown()
    server.server_close()


SETTINGS = {"CROSSCHECK_CLIP_TIMEOUT": 0.5, "CROSSCHECK_CLIP_MAX_BYTES": 50_000}


def run(capsys, content: Path, *argv: str, settings=SETTINGS) -> tuple[int, str, str]:
    code = main([*argv, "--content", str(content)], settings)
    out, err = capsys.readouterr()
    return code, out, err


def files(content: Path) -> list[str]:
    """Every file under the sources folder, hidden ones too: a leftover temporary file would show."""
    folder = content / "sources"
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()) if folder.exists() else []


def test_add_saves_the_raw_page_with_where_and_when_it_was_read_and_the_build_reads_it(site, tmp_path, capsys):
    code, out, err = run(capsys, tmp_path, "add", site.base + "/news/flood")
    assert (code, err) == (0, "")
    assert files(tmp_path) == ["127-0-0-1-flood-toll-rises-in-riverton.html"]
    path = tmp_path / "sources" / "127-0-0-1-flood-toll-rises-in-riverton.html"
    clip = read_clip(path.read_bytes())
    assert clip.page == article()  # the page as served, byte for byte
    assert clip.fields["url"] == clip.fields["requested"] == site.base + "/news/flood"
    assert clip.fields["status"] == "200" and clip.fields["content-type"] == "text/html; charset=utf-8"
    assert abs(clip.retrieved - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)
    assert "'Flood toll rises in Riverton'; Valley News; 2024-05-07;" in out
    source = read_source(path, "sources/" + path.name).source
    assert source.url == site.base + "/news/flood" and source.publisher == "Valley News"
    assert f"{len(source.text):,} characters of article text" in out
    assert "The death toll from the flooding in Riverton rose to 18" in source.text


def test_a_redirect_is_followed_and_the_page_is_not_added_twice(site, tmp_path, capsys):
    site.page("/b/123", b"", status=301, Location="/news/flood")
    code, out, _ = run(capsys, tmp_path, "add", site.base + "/b/123")
    [name] = files(tmp_path)
    clip = read_clip((tmp_path / "sources" / name).read_bytes())
    assert (clip.fields["url"], clip.fields["requested"]) == (site.base + "/news/flood", site.base + "/b/123")
    fetched = len(site.requests)
    code, out, _ = run(capsys, tmp_path, "add", site.base + "/b/123", site.base + "/news/flood")
    assert code == 0 and out.count("clipped already, as") == 2
    assert files(tmp_path) == [name] and len(site.requests) == fetched  # known addresses are not even fetched


def test_each_failure_is_named_with_its_address_nothing_is_written_and_the_rest_goes_on(site, tmp_path, capsys):
    site.page("/slow", article(), delay=2)
    site.page("/huge", article(extra="word " * 20_000))
    site.page("/huge-unannounced", article(extra="word " * 20_000), length=False)
    site.page("/paper.pdf", b"%PDF-1.7 ...", content_type="application/pdf")
    site.page("/paywall", b"<html><body><article><p>Subscribe to read this article.</p></article></body></html>")
    site.page("/private/leak", article())
    site.page("/broken", b"oops", status=500, content_type="text/plain")
    failing = {
        "/missing": "the server answered 404 (Not Found)",
        "/broken": "the server answered 500 (Internal Server Error)",
        "/slow": "no answer within 0.5 s (CROSSCHECK_CLIP_TIMEOUT)",
        "/huge": "more than CROSSCHECK_CLIP_MAX_BYTES (50,000); nothing was saved",
        "/huge-unannounced": "the answer is over",
        "/paper.pdf": "not an HTML page (its type is application/pdf)",
        "/paywall": "characters of article text (CROSSCHECK_CLIP_MIN_TEXT_CHARACTERS is 300): a paywall",
        "/private/leak": "robots.txt does not allow Crosscheck/0.1 to fetch it",
    }
    argv = ["add", *(site.base + path for path in failing), site.base + "/news/flood", "ftp://127.0.0.1/x"]
    code, _, err = run(capsys, tmp_path, *argv)
    assert code == 0  # without --strict
    lines = err.splitlines()
    for path, message in failing.items():
        [line] = [line for line in lines if line.startswith(f"error: {site.base}{path}: ")]
        assert message in line, line
    assert "error: 'ftp://127.0.0.1/x' is not an http(s) address" in err
    assert "9 address(es) failed" in err
    assert files(tmp_path) == ["127-0-0-1-flood-toll-rises-in-riverton.html"]  # no temporary file, no partial page
    assert "/private/leak" not in site.requests
    code, _, _ = run(capsys, tmp_path, "add", "--strict", site.base + "/missing")
    assert code == 1


def test_robots_txt_can_be_turned_off_for_sites_that_allow_it(site, tmp_path, capsys):
    site.page("/private/leak", article(toll=3))
    code, _, err = run(capsys, tmp_path, "add", "--strict", site.base + "/private/leak",
                         settings=SETTINGS | {"CROSSCHECK_CLIP_ROBOTS": False})
    assert (code, err) == (0, "") and "/robots.txt" not in site.requests


def test_a_feed_adds_its_entries_and_a_file_lists_addresses(site, tmp_path, capsys):
    site.page("/news/two", article(toll=20).replace(b"Flood toll rises", b"Second report"))
    site.page("/news/three", article(toll=21).replace(b"Flood toll rises", b"Third report"))
    site.page("/rss", f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Valley News</title>
        <item><title>One</title><link>{site.base}/news/flood</link></item>
        <item><title>Two</title><link>/news/two</link></item></channel></rss>""".encode(), content_type="application/rss+xml")
    site.page("/atom", b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>V</title>
        <entry><title>Three</title><link rel="alternate" href="/news/three"/><link rel="edit" href="/edit/3"/></entry>
        <entry><title>Two again</title><link href="/news/two"/></entry></feed>""", content_type="application/atom+xml")
    listed = tmp_path / "urls.txt"
    listed.write_text(f"# this morning's\n{site.base}/rss\n\n{site.base}/atom\n", encoding="utf-8")
    code, out, err = run(capsys, tmp_path, "add", "--strict", "--from", str(listed))
    assert (code, err) == (0, "")
    assert "/rss: a feed of 2 entries" in out and "/atom: a feed of 2 entries" in out
    assert files(tmp_path) == ["127-0-0-1-flood-toll-rises-in-riverton.html", "127-0-0-1-second-report-in-riverton.html",
                               "127-0-0-1-third-report-in-riverton.html"]
    assert "/edit/3" not in site.requests
    code, _, err = run(capsys, tmp_path, "add", "--from", str(tmp_path / "none.txt"))
    assert code == 2 and "none.txt: cannot be read" in err


def test_refresh_keeps_every_version_and_the_latest_is_the_source(site, tmp_path, capsys):
    run(capsys, tmp_path, "add", site.base + "/news/flood")
    [name] = files(tmp_path)
    path = tmp_path / "sources" / name
    first = path.read_bytes()
    code, out, _ = run(capsys, tmp_path, "refresh", "--strict")
    assert code == 0 and "unchanged" in out and files(tmp_path) == [name]
    site.page("/news/flood", article(toll=24))
    code, out, _ = run(capsys, tmp_path, "refresh", "--strict")
    assert code == 0 and "changed; the new version is" in out
    kept = versions(path)
    assert len(kept) == 2 and kept[0].read_bytes() == first and kept[1].read_bytes() == path.read_bytes()
    assert b"rose to 24" in path.read_bytes()
    site.page("/news/flood", article(toll=31))
    run(capsys, tmp_path, "refresh")
    assert [read_clip(version.read_bytes()).page.count(b"rose to 31") for version in versions(path)] == [0, 0, 1]
    assert kept[0].read_bytes() == first  # nothing is ever overwritten
    # the build reads the latest version only
    found = [relpath for _, relpath in find_source_files(tmp_path, ["sources"])]
    assert found == [f"sources/{name}"] and versions_folder(path).is_dir()


def test_refresh_since_leaves_older_clips_and_a_failure_keeps_the_last_version(site, tmp_path, capsys):
    run(capsys, tmp_path, "add", site.base + "/news/flood")
    site.page("/news/flood", article(toll=24))
    code, out, _ = main(["refresh", "--since", "2d", "--content", str(tmp_path)], SETTINGS), *capsys.readouterr()
    assert "changed" in out
    site.page("/news/flood", b"gone", status=410, content_type="text/plain")
    code, _, err = run(capsys, tmp_path, "refresh", "--strict")
    assert code == 1 and "410 (Gone)" in err and len(versions(next((tmp_path / "sources").glob("*.html")))) == 2
    code, _, err = run(capsys, tmp_path, "refresh", "--since", "two days")
    assert code == 2 and "--since 'two days': give a number and a unit" in err


def test_the_charset_the_server_gave_is_used_when_the_page_names_none(site, tmp_path, capsys):
    page = article().replace(b'<meta charset="utf-8">', b"").replace(b"Riverton rose", "Riverton’s toll rose".encode("cp1252"))
    site.page("/news/cp1252", page, content_type="text/html; charset=windows-1252")
    code, _, err = run(capsys, tmp_path, "add", "--strict", site.base + "/news/cp1252")
    assert (code, err) == (0, "")
    [path] = (tmp_path / "sources").glob("*.html")
    read = read_source(path, "sources/" + path.name)
    # without the server's word the decoder guesses (cp1250 for this page) and says so
    assert read.source.encoding == "windows-1252" and read.problems == ()
    assert "Riverton’s toll rose to 18" in read.source.text


def test_sentence_diff_says_added_removed_reworded_and_moved():
    from crosscheck.changes import sentence_diff, value_changes

    old = ["The death toll rose to 18 on Tuesday.", "The bridge stays closed.", "Schools reopen on Monday.",
           "Residents must boil water."]
    new = ["Schools reopen on Monday.", "The death toll rose to 24 on Tuesday.", "The bridge stays closed.",
           "Rain is expected again at the weekend."]
    found = [(change.kind, change.old, change.new) for change in sentence_diff(old, new)]
    assert found == [("moved", old[2], new[0]), ("reworded", old[0], new[1]), ("same", old[1], new[2]),
                     ("added", "", new[3]), ("removed", old[3], "")]
    [toll] = value_changes(sentence_diff(old, new))
    assert (toll.kind, toll.old, toll.new, toll.sentence) == ("count", "18", "24", new[1])
    assert {change.kind for change in sentence_diff(old, old)} == {"same"} and value_changes(sentence_diff(old, old)) == ()


def test_the_source_page_shows_the_versions_and_what_changed(site, tmp_path, capsys):
    from bs4 import BeautifulSoup
    from test_build import build

    content = tmp_path / "content"
    run(capsys, content, "add", site.base + "/news/flood")
    site.page("/news/flood", article(toll=24, extra="Rain is expected again at the weekend, forecasters said on Tuesday."))
    run(capsys, content, "refresh")
    output = build(content, tmp_path / "output", CROSSCHECK_SEARCH=False)
    pages = sorted((output / "sources").glob("*/index.html"))
    assert [path.parent.name for path in pages] == ["127-0-0-1-flood-toll-rises-in-riverton"]  # versions are no sources
    section = BeautifulSoup(pages[0].read_text(encoding="utf-8"), "html.parser").select_one("section.versions")
    kept = versions(content / "sources" / "127-0-0-1-flood-toll-rises-in-riverton.html")
    assert [time["datetime"] for time in section.select(".version-list time")] == [
        read_clip(path.read_bytes()).fields["retrieved"] for path in kept]
    assert [item.get_text(" ", strip=True) for item in section.select(".value-changes li")] == [
        "18 → 24 (count): “The death toll from the flooding in Riverton rose to 24 on Tuesday, the regional governor said.”"]
    diff = [item.get_text(" ", strip=True) for item in section.select(".sentence-diff li")]
    assert diff == ["Reworded: The death toll from the flooding in Riverton rose to 18 on Tuesday, the regional governor said. → "
                    "The death toll from the flooding in Riverton rose to 24 on Tuesday, the regional governor said.",
                    "Added: Rain is expected again at the weekend, forecasters said on Tuesday."]


def clipped(toll: int, retrieved: str, outlet: str = "Valley News", headline: str = "Flood toll rises in Riverton") -> bytes:
    page = article(toll).replace(b"Valley News", outlet.encode()).replace(b"Flood toll rises in Riverton", headline.encode())
    url = "https://" + outlet.lower().replace(" ", "") + ".example/flood"
    return clip_bytes({"url": url, "requested": url, "retrieved": retrieved, "status": "200",
                       "content-type": "text/html; charset=utf-8"}, page)


def write_versions(folder: Path, name: str, *versions_read: bytes) -> None:
    """A clipped source refreshed once per version after the first, as `refresh` leaves it."""
    (folder / f"{name}.versions").mkdir(parents=True, exist_ok=True)
    for data in versions_read:
        retrieved = read_clip(data).retrieved
        (folder / f"{name}.versions" / retrieved.strftime("%Y%m%dT%H%M%SZ.html")).write_bytes(data)
    (folder / f"{name}.html").write_bytes(versions_read[-1])


def test_a_value_is_followed_through_every_version_to_the_sentence_it_stands_in_now():
    from crosscheck.changes import Version, compare_versions, value_histories

    first = "The death toll rose to 18 on Tuesday, the governor said.\n\nThe bridge stays closed."
    second = "Rain is expected.\n\nThe death toll rose to 24 on Tuesday, the governor said.\n\nThe bridge stays closed."
    third = "Rain is expected.\n\nThe death toll rose to 31 on Tuesday, the regional governor said.\n\nThe bridge stays closed."
    found = compare_versions([Version("2026-11-23T09:10:00Z", "Flood", first), Version("2026-11-23T14:32:00Z", "Flood", second),
                              Version("2026-11-24T08:00:00Z", "Flood", third)])
    [toll] = value_histories(found)
    assert (toll.origin, toll.kind, toll.index, toll.sentence) == (
        "The death toll rose to 18 on Tuesday, the governor said.", "count", 0,
        "The death toll rose to 31 on Tuesday, the regional governor said.")
    assert [(step.old, step.new, step.before, step.after) for step in toll.steps] == [
        ("18", "24", "2026-11-23T09:10:00Z", "2026-11-23T14:32:00Z"), ("24", "31", "2026-11-23T14:32:00Z", "2026-11-24T08:00:00Z")]
    removed = compare_versions([Version("a", "Flood", first), Version("b", "Flood", second), Version("c", "Flood", "The bridge stays closed.")])
    assert value_histories(removed) == ()  # the value's sentence is gone: it states nothing now


def test_a_changed_value_is_a_change_discrepancy_of_its_fact_with_an_id_that_later_versions_keep(tmp_path):
    from crosscheck.pipeline import analyse

    sources = tmp_path / "sources"
    write_versions(sources, "valley-flood", clipped(18, "2026-11-23T09:10:00Z"), clipped(24, "2026-11-23T14:32:00Z"))
    sources.joinpath("herald-flood.html").write_bytes(clipped(18, "2026-11-23T10:00:00Z", "River Herald", "Deaths climb in Riverton"))
    analysis = analyse(tmp_path, ["sources"])
    [change] = [item for item in analysis.discrepancies if item.kind == "change"]
    claims = {claim.id: claim for claim in analysis.all_claims()}
    [claim_id] = change.claims
    assert claims[claim_id].source == "valley-flood" and "rose to 24" in claims[claim_id].text
    group = next(group for group in analysis.groups if group.id == change.group)
    assert group.basis == "fact" and {claims[member].source for member in group.claims} == {"valley-flood", "herald-flood"}
    assert change.explanation == "Valley News changed it from 18 to 24 between 09:10 and 14:32 on 23 November 2026 (UTC)."
    assert change.severity == 0.4 and list(analysis.histories) == ["valley-flood"]
    # the other outlet's 18 against this one's 24 is compared across sources as before
    assert any(item.kind == "conflict" and item.group == change.group for item in analysis.discrepancies)

    write_versions(sources, "valley-flood", clipped(31, "2026-11-24T08:05:00Z"))
    [again] = [item for item in analyse(tmp_path, ["sources"]).discrepancies if item.kind == "change"]
    assert again.id == change.id and again.claims != change.claims  # the same value, now in a sentence saying 31
    assert again.explanation.endswith("from 18 to 24 between 09:10 and 14:32 on 23 November 2026 (UTC); "
                                      "then from 24 to 31 between 2026-11-23 14:32 and 2026-11-24 08:05 (UTC).")


def test_the_site_shows_which_outlet_changed_which_fact_and_when(site, tmp_path, capsys):
    import json

    from bs4 import BeautifulSoup
    from test_build import build

    content = tmp_path / "content"
    site.page("/herald/flood", article().replace(b"Valley News", b"River Herald").replace(b"Flood toll rises", b"Deaths climb"))
    run(capsys, content, "add", site.base + "/news/flood", site.base + "/herald/flood")
    site.page("/news/flood", article(toll=24))
    code, out, _ = run(capsys, content, "refresh", "--strict")
    assert code == 0 and out.count("unchanged") == 1
    output = build(content, tmp_path / "output", CROSSCHECK_SEARCH=False)
    kept = versions(content / "sources" / "127-0-0-1-flood-toll-rises-in-riverton.html")
    first, latest = (read_clip(path.read_bytes()).retrieved for path in kept)
    when = f"{first:%H:%M} and {latest:%H:%M}"

    export = json.loads((output / "api" / "factcheck.json").read_text(encoding="utf-8"))
    [change] = [item for item in export["discrepancies"] if item["kind"] == "change"]
    assert f"from 18 to 24 between {when}" in change["explanation"] and change["explanation"].startswith("Valley News changed it")
    source_of = {claim["id"]: claim["source"] for claim in export["claims"]}
    assert [source_of[claim_id] for claim_id in change["claims"]] == ["127-0-0-1-flood-toll-rises-in-riverton"]

    def read(path):
        return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")

    # the fact's page: the mention whose source changed the value says so; the other outlet's does not
    [group] = [record for record in export["groups"] if record["id"] == change["group"]]
    fact_page = read(group["page"] + "index.html")
    notes = {figure.select_one("figcaption a.in-source").get_text(strip=True): [
        note.get_text(" ", strip=True) for note in figure.select(".changed-value")] for figure in fact_page.select("figure.source-quote")}
    assert notes["Deaths climb in Riverton"] == []
    [note] = notes["Flood toll rises in Riverton"]
    assert change["explanation"] in note
    # the index of differences lists every change under its own tab
    tab = read("discrepancies/change/index.html")
    assert [card["id"] for card in tab.select("article.dispute")] == [f"d-{change['group']}"]
    assert change["explanation"] in tab.get_text(" ", strip=True) and change["id"] in tab.get_text(" ", strip=True)
    assert any(link["href"].endswith("discrepancies/change/") for link in tab.select(".filters a"))
    # a feed of the sources that changed, linked from every page as the other feeds are
    feed = BeautifulSoup((output / "feeds" / "changes.atom.xml").read_text(encoding="utf-8"), "xml")
    [entry] = feed.find_all("entry")
    assert entry.title.get_text() == "Changed: Flood toll rises in Riverton"
    assert entry.link["href"].endswith("sources/127-0-0-1-flood-toll-rises-in-riverton/#versions-heading")
    assert "18 \u2192 24 (count)" in entry.summary.get_text() and entry.updated.get_text().startswith(f"{latest:%Y-%m-%dT%H:%M}")
    assert any(link.get("href", "").endswith("feeds/changes.atom.xml") for link in tab.find_all(["a", "link"]))
