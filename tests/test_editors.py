"""The editors' side of a built site: verdicts, ClaimReview, dismissals, the editors' page, check and new-annotation."""

import json
import shutil

import pytest
from crosscheck.cli import check_content, new_annotation
from test_build import ROOT, build, page


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    return build(ROOT / "content", tmp_path_factory.mktemp("editors-demo") / "output")


def claim_reviews(html):
    return [json.loads(tag.string) for tag in html.find_all("script", type="application/ld+json")
            if json.loads(tag.string).get("@type") == "ClaimReview"]


def test_every_published_verdict_carries_claim_review(demo_site):
    data = json.loads((demo_site / "api" / "factcheck.json").read_text())
    judged = [group for group in data["groups"] if group["verdict"]]
    published = [a for a in data["annotations"] if a["status"] == "published" and a["verdict"]]
    assert judged and len(judged) == len(published)
    sources = {source["id"]: source for source in data["sources"]}
    claims = {claim["id"]: claim for claim in data["claims"]}
    for group in judged:
        [review] = claim_reviews(page(demo_site / group["page"] / "index.html"))
        assert len(review["claimReviewed"]) < 75
        rating = review["reviewRating"]
        assert rating["alternateName"] == group["verdict"]
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        expected = {sources[claims[c]["source"]]["url"] or sources[claims[c]["source"]]["page"] for c in group["claims"]}
        assert {appearance["url"] for appearance in item["appearance"]} == expected
        assert item["firstAppearance"] == item["appearance"][0]
        assert review["author"]["name"] and review["datePublished"] and review["url"].endswith(group["page"])


def test_claims_without_a_published_verdict_carry_no_claim_review(demo_site):
    data = json.loads((demo_site / "api" / "factcheck.json").read_text())
    for group in data["groups"]:
        if not group["verdict"]:
            assert claim_reviews(page(demo_site / group["page"] / "index.html")) == []


def test_the_claim_page_shows_the_verdict_analysis_author_and_dates(demo_site):
    data = json.loads((demo_site / "api" / "factcheck.json").read_text())
    annotation = next(a for a in data["annotations"] if a["verdict"])
    html = page(demo_site / annotation["page"] / "index.html")
    badge = html.select_one(".badge.verdict")
    assert badge.get_text(strip=True) == f"Verdict: {annotation['verdict']}"  # words, not colour alone
    analysis = html.select_one(".analysis")
    assert annotation["author"] in analysis.get_text() and annotation["date"] in analysis.get_text()
    for link in analysis.select("a"):  # {filename} links became this site's pages
        assert "{filename}" not in link["href"]
        target = (demo_site / annotation["page"] / link["href"].split("#")[0] / "index.html").resolve()
        assert target.exists(), link["href"]
    css = (demo_site / "theme" / "css" / "verdicts.css").read_text()
    assert f".verdict-{annotation['verdict'].lower().replace(' ', '-')} " in css


DRAFT_WORDS = "differ only by a qualifier"  # from content/annotations/talks-duration.md, a draft


def public_files(output):
    """Every file of a built site but the editors' page, its compressed search index unpacked."""
    import gzip

    for path in sorted(item for item in output.rglob("*") if item.is_file()):
        if "editors" not in path.relative_to(output).parts:
            data = path.read_bytes()
            yield path, (gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data).decode("utf-8", "replace")


def test_drafts_are_on_no_public_page_but_previewed_in_full_for_editors(demo_site):
    assert "Status: draft" in (ROOT / "content" / "annotations" / "talks-duration.md").read_text()
    assert [path for path, text in public_files(demo_site) if DRAFT_WORDS in text] == []
    data = json.loads((demo_site / "api" / "factcheck.json").read_text())
    assert data["annotations"] and {a["status"] for a in data["annotations"]} == {"published"}
    editors = page(demo_site / "editors" / "index.html")
    [draft] = [card for card in editors.select(".draft") if "annotations/talks-duration.md" in card.get_text()]
    assert DRAFT_WORDS in draft.select_one(".analysis p").get_text()  # rendered, not as source text
    assert draft.select_one(".meta a")["href"].startswith("../claims/g-")
    assert "annotations/talks-duration.md" in editors.select_one("table.awaiting").get_text()
    footer = page(demo_site / "index.html").select_one(".site-footer")
    assert footer.find("a", string="For editors")["href"] == "./editors/"


def test_a_drafts_corrections_take_effect_only_when_it_is_published(annotated_content, tmp_path):
    before = json.loads((build(annotated_content, tmp_path / "before") / "api" / "factcheck.json").read_text())
    conflict = before["discrepancies"][0]
    crowded = next(g for g in before["groups"] if len(g["claims"]) > 1 and g["id"] != conflict["group"])
    alone = [g["id"] for g in before["groups"] if len(g["claims"]) == 1][:2]
    reason = "An embargoed reason: both dates are right."
    text = (f"Title: Fixes\nMerge: {alone[0]}, {alone[1]}\nSplit: {crowded['claims'][-1]}\nDismiss: {conflict['id']}\n"
            "{status}\n" + reason)
    write(annotated_content, "fixes.md", text.format(status=""))
    out = build(annotated_content, tmp_path / "draft")
    data = json.loads((out / "api" / "factcheck.json").read_text())
    assert [(g["id"], g["claims"]) for g in data["groups"]] == [(g["id"], g["claims"]) for g in before["groups"]]
    assert next(d for d in data["discrepancies"] if d["id"] == conflict["id"])["dismissed"] is None
    assert [path for path, text in public_files(out) if "embargoed reason" in text] == []
    assert "merges " + alone[0] in page(out / "editors" / "index.html").select_one(".draft").get_text()

    write(annotated_content, "fixes.md", text.format(status="Status: published\n"))
    data = json.loads((build(annotated_content, tmp_path / "published") / "api" / "factcheck.json").read_text())
    ids = {g["id"]: g["claims"] for g in data["groups"]}
    assert alone[0] in ids and alone[1] not in ids
    assert crowded["claims"][-1] not in ids[crowded["id"]]
    assert next(d for d in data["discrepancies"] if d["id"] == conflict["id"])["dismissed"] == "fixes"


def test_publish_leaves_out_the_editors_page_and_every_drafts_text(annotated_content, monkeypatch):
    """What `invoke publish` does, with an absolute SITEURL, from a clean checkout's content."""
    from invoke import Context

    import tasks

    write(annotated_content, "embargoed.md", "Title: Embargoed\nClaim: g-016c069cb3\nVerdict: False\n\n"
          "An embargoed analysis that must not leave the newsroom.")
    write(annotated_content, "broken-draft.md", "Title: Broken\nClaim: g-0000000000\nColour: red\n\n"
          "A broken draft's embargoed text.")
    output = annotated_content.parent / "output"
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("CROSSCHECK_SITEURL", "https://example.org/fc")
    monkeypatch.setitem(tasks.CONFIG, "content_path", str(annotated_content))
    monkeypatch.setitem(tasks.CONFIG, "deploy_path", str(output))
    monkeypatch.setitem(tasks.CONFIG, "rsync_target", "")
    tasks.publish(Context())
    assert (output / "index.html").exists() and not (output / "editors").exists()
    files = dict(public_files(output))
    assert len(files) > 100
    for words in ("embargoed", DRAFT_WORDS, "For editors"):
        assert [path for path, text in files.items() if words in text] == [], words
    assert "https://example.org/fc/claims/" in (output / "sitemap.xml").read_text()


def test_the_editors_page_is_left_out_of_sitemap_and_search(demo_site):
    editors = page(demo_site / "editors" / "index.html")
    assert editors.body.get("data-pagefind-ignore") == "all"
    assert "editors/" not in (demo_site / "sitemap.xml").read_text()


@pytest.fixture
def annotated_content(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "sources", content / "sources")
    shutil.copytree(ROOT / "content" / "annotations", content / "annotations")
    return content


def write(content, name, text):
    (content / "annotations" / name).write_text(text, encoding="utf-8")


def test_dismissed_conflicts_leave_the_open_list_and_show_their_reason(annotated_content, tmp_path):
    first = build(annotated_content, tmp_path / "first")
    data = json.loads((first / "api" / "factcheck.json").read_text())
    conflict = next(d for d in data["discrepancies"] if d["kind"] == "conflict")
    write(annotated_content, "dismiss.md", f"Title: Not a conflict\nDismiss: {conflict['id']}\nAuthor: Ed\nStatus: published\n\n"
          "The ministry extended the check; both dates are right.")
    out = build(annotated_content, tmp_path / "second")
    data = json.loads((out / "api" / "factcheck.json").read_text())
    assert next(d for d in data["discrepancies"] if d["id"] == conflict["id"])["dismissed"] == "dismiss"
    home = page(out / "index.html")
    assert home.find(id=conflict["id"]) is None
    assert page(out / "discrepancies" / "conflict" / "index.html").find(id=conflict["id"]) is None
    claim_page = page(out / "claims" / conflict["group"] / "index.html")
    dismissed = claim_page.select_one(".dismissed")
    assert dismissed.find(id=conflict["id"]) is not None
    assert "both dates are right" in dismissed.get_text()


BROKEN = {
    "gone.md": "Title: Gone\nClaim: g-0000000000\nStatus: published\nVerdict: True\n\nAn analysis whose claim is gone.",
    "verdict.md": "Title: Odd\nClaim: {group}\nVerdict: Pants on fire\nStatus: published\n\nUnknown verdict text.",
    "second.md": "Title: Second\nClaim: {group}\nVerdict: False\nStatus: published\n\nA second verdict.",
    "header.md": "Title: Header\nthis is not a header line\nClaim: {group}\n\nMalformed header text.",
    "merge.md": "Title: Merge\nMerge: g-nothere000, c-nothere000\n\nMerging nothing.",
}


def test_every_annotation_error_is_reported_listed_and_loses_no_text(annotated_content, tmp_path, caplog):
    group = next(line.split(": ")[1] for line in (annotated_content / "annotations" / "readiness-check-start.md")
                 .read_text().splitlines() if line.startswith("Claim:"))
    for name, text in BROKEN.items():
        write(annotated_content, name, text.format(group=group))
    out = build(annotated_content, tmp_path / "out")
    expected = ["annotations/gone.md:2: Claim: there is no claim or group 'g-0000000000'",
                "annotations/verdict.md:3: unknown Verdict 'Pants on fire'",
                "annotations/second.md:4: claim",
                "annotations/header.md:2: malformed metadata line",
                "annotations/merge.md:2: Merge: there is no claim or group 'g-nothere000'"]
    for message in expected:
        assert message in caplog.text, message
    editors = page(out / "editors" / "index.html")
    listed = editors.select_one(".problems").get_text()
    for message in expected:
        assert message in listed, message
    assert "An analysis whose claim is gone." in editors.select_one(".orphan").get_text()
    assert len(editors.select(".attention")) == len(BROKEN)
    for name, text in BROKEN.items():  # every editor's words are somewhere on the site
        body = text.split("\n\n", 1)[1]
        assert any(body in html.read_text(encoding="utf-8") for html in out.rglob("*.html")), name
    problems = [str(problem) for problem in check_content(annotated_content)]
    for message in expected:
        assert any(problem.startswith(message) for problem in problems), message
    with pytest.raises(SystemExit) as stop:
        build(annotated_content, tmp_path / "strict", CROSSCHECK_STRICT=True)
    assert stop.value.code == 1


def test_new_annotation_writes_a_skeleton_that_checks_clean(annotated_content):
    from crosscheck.pipeline import analyse

    analysis = analyse(annotated_content, ["sources"], ["annotations"], [])
    annotated = {line.split(": ")[1] for path in (annotated_content / "annotations").glob("*.md")
                 for line in path.read_text().splitlines() if line.startswith("Claim: ")}
    group_of = analysis.group_of()
    # a long sentence: the title keeps all of it, never cut mid-phrase (it was cut at 90 characters)
    claim = next(c for c in analysis.all_claims() if len(c.text) > 120 and c.id not in annotated and group_of[c.id] not in annotated
                 and c.text[89:91].isalpha())
    path = new_annotation(annotated_content, claim.id, "2026-11-23")
    text = path.read_text(encoding="utf-8")
    statement = next(g.statement for g in analysis.groups if g.id == path.stem)
    assert text.startswith(f"Title: {' '.join(statement.split())}\n") and f"Claim: {path.stem}\n" in text and "Status: draft" in text
    assert claim.text in text
    assert [str(p) for p in check_content(annotated_content) if p.path == f"annotations/{path.name}"] == []
    with pytest.raises(ValueError, match="annotates .* already"):
        new_annotation(annotated_content, claim.id, "2026-11-23")
    with pytest.raises(ValueError, match="no claim or group"):
        new_annotation(annotated_content, "c-0000000000", "2026-11-23")


def test_new_annotation_writes_no_second_file_for_a_group_another_file_annotates_by_quote(annotated_content):
    from crosscheck.annotate import find_quote
    from crosscheck.pipeline import analyse

    analysis = analyse(annotated_content, ["sources"], ["annotations"], [])
    source = next(s for s in analysis.sources if s.path == "sources/003_77591201f77be997.txt")
    [(start, end)] = find_quote(source.text, "ISW continues to assess that Belarus’ participation in Putin’s war")
    quoted = next(c for c in analysis.claims[source.id] if c.start <= start < c.end)
    before = sorted(path.name for path in (annotated_content / "annotations").iterdir())
    with pytest.raises(ValueError, match=r"annotations/isw-assessment.md annotates g-\w+ already \(Quote: in 003_77591201f77be997.txt, published\)"):
        new_annotation(annotated_content, quoted.id, "2026-11-23")
    assert sorted(path.name for path in (annotated_content / "annotations").iterdir()) == before


def test_invoke_new_annotation_help_prints_its_usage(annotated_content, monkeypatch, capsys):
    monkeypatch.syspath_prepend(str(ROOT))
    from invoke import Context

    import tasks

    monkeypatch.setitem(tasks.CONFIG, "content_path", str(annotated_content))
    before = sorted((annotated_content / "annotations").iterdir())
    tasks.new_annotation(Context(), "--help")
    assert capsys.readouterr().out.startswith("Usage: invoke new-annotation ID")
    assert sorted((annotated_content / "annotations").iterdir()) == before


def test_verdict_colours_come_from_settings_as_css_with_readable_text():
    from crosscheck.model import Rating
    from crosscheck.publish.export import verdict_css

    css = verdict_css((Rating("True", 5, "#1a7f37"), Rating("Mostly", 3, "#ffd700"), Rating("Odd", 1, "red; } body { display: none")))
    assert ".verdict-true { background: #1a7f37; color: #fff; }" in css
    assert ".verdict-mostly { background: #ffd700; color: #111; }" in css  # dark text on a light colour
    assert "display" not in css and ".verdict-odd { background: #555;" in css  # not a colour: never copied into the CSS


def test_livereload_builds_pages_whose_policy_lets_its_reload_script_run(annotated_content, monkeypatch):
    import livereload
    from invoke import Context

    import tasks

    class Server:  # the real one would serve forever
        def watch(self, *args):
            pass

        def serve(self, **kwargs):
            pass

    output = annotated_content.parent / "output"
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(livereload, "Server", Server)
    monkeypatch.setitem(tasks.CONFIG, "content_path", str(annotated_content))
    monkeypatch.setitem(tasks.CONFIG, "deploy_path", str(output))
    tasks.livereload(Context())
    policy = page(output / "index.html").find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src 'self'" in policy and "connect-src 'self' ws://localhost:8000" in policy
    tasks.build(Context())
    policy = page(output / "index.html").find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    assert "script-src" not in policy and "ws:" not in policy


def codes(element):
    return {code.get_text() for code in element.select("code.id")}


def test_every_id_an_editor_needs_is_shown_as_text_where_the_messages_say(demo_site):
    """Claim, group (fact groups too), discrepancy and source ids, in a <code> beside what they name."""
    from crosscheck.annotate import CLAIM_IDS_AT, DISCREPANCY_IDS_AT, GROUP_IDS_AT

    assert "under the heading of its claim page" in GROUP_IDS_AT
    assert "on a claim page" in CLAIM_IDS_AT and "'Claims in this source' on the source page" in CLAIM_IDS_AT
    assert "the difference on its claim page" in DISCREPANCY_IDS_AT
    data = json.loads((demo_site / "api" / "factcheck.json").read_text())
    claims = {claim["id"]: claim for claim in data["claims"]}
    assert any(group["basis"] == "fact" for group in data["groups"])
    for group in data["groups"]:
        html = page(demo_site / group["page"] / "index.html")
        assert group["id"] in codes(html.find("h1").find_next_sibling("p", class_="meta")), group["id"]
        for claim_id in group["claims"]:  # beside the source that says it
            caption = next(figure.figcaption for figure in html.select("figure.source-quote")
                           if figure.blockquote.get_text(strip=True) == claims[claim_id]["text"])
            assert claim_id in codes(caption)
    for item in data["discrepancies"]:
        html = page(demo_site / next(g["page"] for g in data["groups"] if g["id"] == item["group"]) / "index.html")
        assert item["id"] in codes(html.find(id=item["id"])), item["id"]
    for source in data["sources"]:
        html = page(demo_site / source["page"] / "index.html")
        assert source["id"] in codes(html.select_one("dl.facts"))
        table = html.find(id="claims-heading").find_parent("section")
        for claim in (claim for claim in data["claims"] if claim["source"] == source["id"]):
            row = next(row for row in table.select("tbody tr") if row.a["href"] == "#" + claim["sentence"].split("#")[1])
            assert codes(row) == {claim["id"], claim["group"]}


def test_verdicts_are_shown_on_the_home_page_source_pages_and_the_timeline(demo_site):
    data = json.loads((demo_site / "api" / "factcheck.json").read_text())
    claims = {claim["id"]: claim for claim in data["claims"]}
    judged = {group["id"]: group for group in data["groups"] if group["verdict"]}
    home = page(demo_site / "index.html")
    timeline = page(demo_site / "timeline" / "index.html")
    on_timeline = 0
    for group in judged.values():
        badge = f"Verdict: {group['verdict']}"
        item = next(li for li in home.select("ul.verdicts li") if li.a["href"].endswith(group["page"]))
        assert item.select_one(".badge.verdict").get_text(strip=True) == badge
        for claim_id in group["claims"]:
            claim = claims[claim_id]
            source = page(demo_site / claim["sentence"].split("#")[0] / "index.html")
            row = next(row for row in source.select("table.claim-ids tbody tr") if row.a["href"] == "#" + claim["sentence"].split("#")[1])
            assert badge in [found.get_text(strip=True) for found in row.select(".badge.verdict")]
            for row in timeline.select("table.data-table tbody tr"):
                if row.select("td")[2].a["href"].endswith(claim["sentence"]):  # a date this claim states
                    assert badge in [found.get_text(strip=True) for found in row.select(".badge.verdict")]
                    on_timeline += 1
    assert on_timeline
