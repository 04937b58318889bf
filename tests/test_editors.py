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


def test_drafts_are_not_published_but_listed_for_editors(demo_site):
    data = json.loads((demo_site / "api" / "factcheck.json").read_text())
    draft = next(a for a in data["annotations"] if a["status"] == "draft")
    html = page(demo_site / draft["page"] / "index.html")
    assert html.select(".analysis") == [] and html.select(".badge.verdict") == []
    editors = page(demo_site / "editors" / "index.html")
    assert draft["file"] in editors.select_one("table.awaiting").get_text()


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
    write(annotated_content, "dismiss.md", f"Title: Not a conflict\nDismiss: {conflict['id']}\nAuthor: Ed\n\n"
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
    claim = next(c for c in analysis.all_claims() if "lasted 2.5 hours" in c.text)
    path = new_annotation(annotated_content, claim.id, "2026-11-23")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("Title: ") and f"Claim: {path.stem}\n" in text and "Status: draft" in text
    assert claim.text in text
    assert [str(p) for p in check_content(annotated_content) if p.path == f"annotations/{path.name}"] == []
    with pytest.raises(ValueError, match="exists already"):
        new_annotation(annotated_content, claim.id, "2026-11-23")
    with pytest.raises(ValueError, match="no claim or group"):
        new_annotation(annotated_content, "c-0000000000", "2026-11-23")


def test_verdict_colours_come_from_settings_as_css_with_readable_text():
    from crosscheck.export import verdict_css
    from crosscheck.model import Rating

    css = verdict_css((Rating("True", 5, "#1a7f37"), Rating("Mostly", 3, "#ffd700"), Rating("Odd", 1, "red; } body { display: none")))
    assert ".verdict-true { background: #1a7f37; color: #fff; }" in css
    assert ".verdict-mostly { background: #ffd700; color: #111; }" in css  # dark text on a light colour
    assert "display" not in css and ".verdict-odd { background: #555;" in css  # not a colour: never copied into the CSS
