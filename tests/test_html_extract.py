"""html_extract: saved news pages -> metadata, article blocks, and a record of what was cut.

The fixtures in tests/data/html are saved pages modelled on different kinds of
news site; each has a .gold.txt (headline, then the article's paragraphs) and
a .meta.json.  Pages named heldout_* were written after the extractor was
tuned on the others (docs/decisions-html.md).
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from crosscheck.ingest import html as html_extract
from crosscheck.ingest.decode import decode
from crosscheck.ingest.html import HtmlDocument, extract_html

PAGES = Path(__file__).parent / "data" / "html"
NAMES = sorted(path.stem for path in PAGES.glob("*.html"))


def markup(name: str) -> str:
    return decode((PAGES / f"{name}.html").read_bytes()).text


def gold(name: str) -> str:
    return (PAGES / f"{name}.gold.txt").read_text(encoding="utf-8")


def expected_metadata(name: str) -> dict:
    return json.loads((PAGES / f"{name}.meta.json").read_text(encoding="utf-8"))


def shingle_f1(true: str, predicted: str, size: int = 4) -> float:
    """F1 over 4-token shingles, as in the scrapinghub article-extraction benchmark."""

    def shingles(text: str) -> Counter:
        tokens = re.findall(r"\w+", text)
        return Counter(tuple(tokens[i : i + size]) for i in range(max(1, len(tokens) - size + 1)))

    expected, found = shingles(true), shingles(predicted)
    hits = sum((expected & found).values())
    if not hits:
        return 0.0
    precision, recall = hits / sum(found.values()), hits / sum(expected.values())
    return 2 * precision * recall / (precision + recall)


@pytest.fixture(scope="module")
def documents() -> dict[str, HtmlDocument]:
    return {name: extract_html(markup(name)) for name in NAMES}


def test_there_are_enough_fixtures():
    assert len([name for name in NAMES if not name.startswith("heldout_")]) >= 5
    for name in NAMES:
        assert (PAGES / f"{name}.gold.txt").exists() and (PAGES / f"{name}.meta.json").exists()


def test_scorer_tells_good_from_bad():
    text = gold("outlet_earthquake")
    assert shingle_f1(text, text) == 1.0
    assert shingle_f1(text, "Related stories Most viewed Sign up to the morning briefing") == 0.0
    assert 0.3 < shingle_f1(text, text[: len(text) // 2]) < 0.8


@pytest.mark.parametrize("name", NAMES)
def test_every_gold_paragraph_is_on_the_page(name):
    # A gold file with a typo would make the F1 test below meaningless.
    visible = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup(name))).split())
    for paragraph in gold(name).split("\n\n"):
        assert " ".join(paragraph.split()) in visible


@pytest.mark.parametrize("name", NAMES)
def test_body_matches_gold(name, documents):
    text = "\n\n".join(block.text for block in documents[name].blocks)
    assert shingle_f1(gold(name), text) >= 0.9


@pytest.mark.parametrize("name", NAMES)
def test_headline_comes_first_as_a_heading(name, documents):
    first = documents[name].blocks[0]
    assert first.kind == "heading"
    assert first.text == gold(name).split("\n\n")[0].strip()


@pytest.mark.parametrize("name", NAMES)
def test_metadata_matches(name, documents):
    found, expected = documents[name].metadata, expected_metadata(name)
    for key in ("title", "url", "author", "publisher"):
        assert found.get(key) == expected[key], key
    assert found["published"][:10] == expected["published"]


@pytest.mark.parametrize("name", NAMES)
def test_blocks_are_plain_normalised_text(name, documents):
    for block in documents[name].blocks + tuple(documents[name].removed):
        assert block.text == " ".join(block.text.split())
        assert not re.search(r"</?[a-zA-Z][^>]*>|&[a-z]+;|&#\d+;", block.text), block.text
    assert {block.kind for block in documents[name].blocks} <= {"heading", "paragraph", "item", "quote"}


@pytest.mark.parametrize("name", NAMES)
def test_block_lines_point_at_the_source(name, documents):
    lines = markup(name).split("\n")
    for block in documents[name].blocks:
        assert block.line > 0
        source = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", lines[block.line - 1])).split())
        assert block.text.split()[0] in source, (block.line, block.text)


@pytest.mark.parametrize("name", NAMES)
def test_scripts_and_styles_are_recorded_not_kept(name, documents):
    page = markup(name)
    scripts = [code for code in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.DOTALL | re.IGNORECASE) if code]
    styles = [code for code in re.findall(r"<style\b[^>]*>(.*?)</style>", page, re.DOTALL | re.IGNORECASE) if code]
    removed = documents[name].removed
    assert [item.text for item in removed if item.reason == "script element"] == [
        f"script element ({len(code)} characters)" for code in scripts
    ]
    assert len([item for item in removed if item.reason == "style element"]) == len(styles)
    for block in documents[name].blocks:
        assert "function(" not in block.text and '":' not in block.text


# Text that must be cut, and the reason an editor should see for it.
BOILERPLATE = {
    "wordpress_council_budget": [
        # The comment-form hints went with issue 20 (one fixture each, no gain on real pages): it is the comments area.
        ("Leave a Reply", "comments"),
        ("Your email address will not be published.", "comments"),
        ("Another year, another tax hike.", "comments"),
        ("Share this:", "share buttons"),
        ("State trims road grant; Millbrook loses $7.4 million", "related links"),
        ("Recent Posts", "sidebar"),
        ("Events Calendar", "navigation"),
        ("Proudly powered by WordPress", "footer"),
    ],
    "outlet_earthquake": [
        ("We and our 143 partners use cookies", "cookie notice"),
        ("Climate crisis", "navigation"),
        ("Share on Facebook", "share buttons"),
        ("Related stories", "related links"),
        ("Landslides cut off Andean towns", "sidebar"),  # its "rich-link" hint went with issue 20
        ("Free daily newsletter", "newsletter or promotion"),
        ("Shallow quakes of this size", "comments"),
        ("Complaints & corrections", "footer"),
        ("Photograph: Martín Quispe/Reuters", "image caption"),
    ],
    "amp_football_transfer": [
        ("Fixtures & Results", "navigation"),
        ("Farke gives injury update", "related links"),
        ("Elland Road expansion plans", "links"),  # its "recommended" hint went with issue 20
        ("© 2024 Northern Sports Desk Ltd.", "footer"),
    ],
    "latin1_food_recall": [
        ("Family Notices", "navigation"),
        ("Creamery to add 40 jobs", "sidebar"),
        ("Reproduction in whole or in part", "footer"),
    ],
    "jsonld_date_election_recount": [
        ("Get the Coastline Daily newsletter", "newsletter or promotion"),
        ("Support independent local journalism", "newsletter or promotion"),
        ("Measure H housing bond passes", "related links"),
        ("FCC Public Files", "footer"),
    ],
    "div_paragraphs_water_main": [
        ("Traffic & Travel", "navigation"),
        ("School roof repairs will not be finished", "links"),  # its "more-stories" hint went with issue 20
        ("Comments are moderated.", "comments"),
        ("Drivetime with Sam Okoro", "sidebar"),
        ("Registered in England No. 04412987", "footer"),
    ],
    "liveblog_storm": [
        ("We use cookies to improve your experience.", "not main content"),  # its "sp_message" hint went
        ("Copy link", "share buttons"),
        ("Key events", "navigation"),
        ("Energy price cap to fall 12% in April", "sidebar"),  # its "trending" hint went with issue 20
        ("Albion Herald is part of Albion Media Group.", "footer"),
    ],
    "heldout_ghost_transit_fares": [
        ("Become a member of Cityline Dispatch to start commenting.", "comments"),
        ("Housing levy heads to the August ballot", "sidebar"),  # its "read-more" hint went with issue 20
        ("Powered by Ghost", "footer"),
    ],
    "heldout_drupal_wildfire": [
        ("Ten years after the Rock Creek fire", "related links"),
        ("Sawmill cuts a shift", "sidebar"),
        ("Sign up for our free daily newsletter.", "newsletter or promotion"),
    ],
    "heldout_blogger_marathon": [
        ("Were the 35k water stations short of cups", "comments"),
        ("Share to Facebook", "share buttons"),
        ("Blog Archive", "sidebar"),
    ],
    "heldout_wire_rate_decision": [
        ("ADVERTISEMENT", "not main content"),  # its "advert" hint went with issue 20
        ("This material may not be published, broadcast", "footer"),
    ],
}


@pytest.mark.parametrize("name", sorted(BOILERPLATE))
def test_boilerplate_is_cut_with_its_reason(name, documents):
    document = documents[name]
    for snippet, reason in BOILERPLATE[name]:
        assert not [block.text for block in document.blocks if snippet in block.text], snippet
        reasons = {item.reason for item in document.removed if snippet in item.text}
        assert reasons == {reason}, (snippet, reasons)


@pytest.mark.parametrize("name", NAMES)
def test_every_visible_word_is_kept_or_accounted_for(name, documents):
    document = documents[name]
    shown = " ".join([block.text for block in document.blocks] + [item.text for item in document.removed])
    page = re.sub(r"<(script|style|head|svg|noscript)\b.*?</\1>", " ", markup(name), flags=re.DOTALL | re.IGNORECASE)
    for word in set(html.unescape(re.sub(r"<[^>]+>", " ", page)).split()):
        assert word in shown, word


def test_json_ld_only_date_is_found(documents):
    page = markup("jsonld_date_election_recount")
    assert "article:published_time" not in page and "datePublished" in page
    assert documents["jsonld_date_election_recount"].metadata["published"] == "2024-12-12T21:03:00.000Z"


def test_author_and_publisher_behind_json_ld_ids_are_resolved(documents):
    # Yoast writes {"publisher": {"@id": ...}} and names the Organization elsewhere in @graph.
    assert '"publisher":{"@id"' in markup("wordpress_council_budget")
    assert documents["wordpress_council_budget"].metadata["publisher"] == "Harbourview Gazette"


def test_site_logo_in_h1_is_not_taken_for_the_title(documents):
    assert '<h1 class="logo">' in markup("div_paragraphs_water_main")
    assert documents["div_paragraphs_water_main"].metadata["title"] == "Boil-water notice lifted for 18,500 homes after main burst"


def test_paragraphs_separated_by_two_line_breaks_are_split(documents):
    texts = [block.text for block in documents["div_paragraphs_water_main"].blocks]
    split = next(i for i, text in enumerate(texts) if text.endswith("three metres deep in the carriageway."))
    assert texts[split + 1].startswith("Pressure dropped across the area")


def test_standfirst_equal_to_the_description_is_kept(documents):
    blocks = documents["outlet_earthquake"].blocks
    assert blocks[1].text == documents["outlet_earthquake"].metadata["description"]


def test_kinds_follow_the_markup(documents):
    kinds = {block.text: block.kind for block in documents["wordpress_council_budget"].blocks}
    assert kinds["Where the money goes"] == "heading"
    assert kinds["Debt service: $29.5 million"] == "item"
    assert kinds["“This is a budget that keeps the lights on. It does not fix the structural gap, and next year will be harder.”"] == "quote"


@pytest.mark.parametrize("name", NAMES)
def test_rules_alone_still_find_the_article(name, monkeypatch):
    # The fallback for pages trafilatura gives up on; its worst page measured 0.88 (the live blog).
    monkeypatch.setattr(html_extract, "_trafilatura_texts", lambda markup: ())
    document = extract_html(markup(name))
    assert shingle_f1(gold(name), "\n\n".join(block.text for block in document.blocks)) >= 0.85


@pytest.mark.parametrize("trafilatura", [True, False])
def test_page_wrapped_in_one_form_is_not_all_form(trafilatura, monkeypatch):
    # ASP.NET WebForms pages put the whole body inside <form id="aspnetForm">.
    if not trafilatura:
        monkeypatch.setattr(html_extract, "_trafilatura_texts", lambda markup: ())
    page = markup("wordpress_council_budget")
    page = page.replace("<body ", '<body><form id="aspnetForm" method="post" action="./story.aspx"><div ', 1)
    document = extract_html(page.replace("</body>", "</div></form></body>"))
    assert shingle_f1(gold("wordpress_council_budget"), "\n\n".join(block.text for block in document.blocks)) >= 0.9
    assert {item.reason for item in document.removed if "Leave a Reply" in item.text} == {"comments"}


# Broken input, and words that must survive it: extract_html swallows errors, so
# losing the text is how a crash inside it would show.
BROKEN = {
    "bare html": ("<html>", ""),
    "text only": ("Just a line of text with no tags at all.", "Just a line of text with no tags at all."),
    "unclosed": ("<html><body><div><p>Text <b>bold <i>italic <a href='x'>link", "Text bold italic link"),
    "misnested": ("<p><div></p></div><table><tr><td>cell</div></td></tr><li>item</ul></table>", "cell item"),
    "deep": ("<div>" * 5000 + "word " * 50, "word"),
    "garbage": ("\x00\x01<<<>>>&&&;;<!-- <![CDATA[ x", ""),
    "bad json-ld": ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script><p>kept</p>', "kept"),
    "xml declaration": ('<?xml version="1.0" encoding="utf-8"?><html><body><p>Hello</p></body></html>', "Hello"),
    "only script": ("<script>var a = 1;</script>", ""),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_markup_does_not_raise_or_lose_text(case):
    page, words = BROKEN[case]
    document = extract_html(page)
    shown = " ".join(item.text for item in document.blocks + document.removed)
    for word in words.split():
        assert word in shown
    for block in document.blocks:
        assert block.text == " ".join(block.text.split())


def test_empty_markup_gives_empty_document():
    assert extract_html("") == HtmlDocument({}, (), ())
    assert extract_html("   ").blocks == ()


def test_script_only_page_has_no_blocks_and_records_the_script():
    document = extract_html(BROKEN["only script"][0])
    assert document.blocks == ()
    assert document.removed[0].text == "script element (10 characters)"


def test_unclosed_article_is_still_read():
    sentence = "The council voted 5-4 on Tuesday to approve a budget that raises property taxes by 3.2 per cent."
    document = extract_html(f"<html><body><div class='story'><p>{sentence}<p>{sentence.replace('5-4', '6-3')}")
    assert [block.text for block in document.blocks] == [sentence, sentence.replace("5-4", "6-3")]


def test_deeply_nested_page_keeps_its_text():
    document = extract_html("<div>" * 5000 + "The river rose 4.2 metres overnight, flooding 300 homes in the lower town. " * 3)
    assert "flooding 300 homes" in " ".join(block.text for block in document.blocks + document.removed)


def test_title_site_suffixes_are_stripped_without_other_clues():
    page = "<html><head><title>{}</title></head><body><p>x</p></body></html>"
    assert extract_html(page.format("Bridge reopens after 14 months | Local | The Valley Times")).metadata["title"] == (
        "Bridge reopens after 14 months"
    )
    assert extract_html(page.format("Bridge reopens - what drivers need to know")).metadata["title"] == (
        "Bridge reopens - what drivers need to know"
    )


def test_json_ld_author_as_plain_string_and_bad_json_ld_fall_back():
    page = (
        '<html lang="de"><head><script type="application/ld+json">{"@type": "BlogPosting", "author": "Mia Roth",'
        ' "datePublished": "2023-05-02"}</script><script type="application/ld+json">{broken</script>'
        '<meta name="publisher" content="Blatt"></head><body></body></html>'
    )
    metadata = extract_html(page).metadata
    assert metadata == {"author": "Mia Roth", "published": "2023-05-02", "publisher": "Blatt", "lang": "de"}


def test_htmldate_fills_in_a_date_given_only_by_a_time_element():
    page = (
        "<html><body><article><h1>Ferry service resumes</h1><time datetime='2024-03-02T08:00'>2 March</time>"
        "<p>The ferry between the two islands resumed service on Saturday after a 19-day strike ended.</p></article></body></html>"
    )
    assert extract_html(page).metadata["published"] == "2024-03-02"


def test_frames_objects_refreshes_and_handlers_are_listed_never_kept():
    page = """<html><head><meta http-equiv="refresh" content="0;url=javascript:x()"><base href="https://example.org/">
<title>T</title></head><body onload="x()"><article><p>The council met on Monday and approved 12 new buses for the town, officials said.</p>
<iframe src="https://example.org/frame"></iframe><object data="movie.swf">fallback</object>
<svg onload="y()"><script>z()</script></svg><p onclick="w()">The buses will arrive in September and cost 4 million euros, the office said.</p>
</article></body></html>"""
    document = extract_html(page)
    assert [block.text for block in document.blocks if block.kind == "paragraph"] == [
        "The council met on Monday and approved 12 new buses for the town, officials said.",
        "The buses will arrive in September and cost 4 million euros, the office said.",
    ]
    listed = {(block.reason, block.text) for block in document.removed}
    assert listed >= {
        ("meta refresh", "refresh or redirect (0;url=javascript:x())"),
        ("base element", "base address (https://example.org/)"),
        ("iframe element", "iframe element (https://example.org/frame)"),
        ("object element", "object element (movie.swf)"),
        ("script element", "script element (3 characters)"),
        ("event handlers", "3 event handler attribute(s): onload (body, line 2), onload (svg, line 4), onclick (p, line 4)"),
    }


def test_a_page_too_deep_for_trafilatura_still_gives_its_paragraph():
    page = ("<html><body><article><h1>Deep page</h1>" + "<div><span>" * 3000
            + "<p>The town clock stopped at 4:15 on Wednesday and two clockmakers repaired it, the council said.</p></article>")
    assert "two clockmakers repaired it" in " ".join(block.text for block in extract_html(page).blocks)


def test_entities_are_decoded_exactly_once():
    page = """<html><head><meta property="og:title" content="&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;">
<meta name="author" content="Tom &amp;amp; Jerry"><script type="application/ld+json">{"@type": "NewsArticle",
"publisher": {"name": "Smith &amp; Sons"}}</script></head><body><article>
<p>The council met on Monday and approved 12 new buses for the town, officials said.</p></article></body></html>"""
    metadata = extract_html(page).metadata
    assert metadata["title"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert metadata["author"] == "Tom &amp; Jerry"
    assert metadata["publisher"] == "Smith & Sons"  # JSON-LD is not HTML-decoded by the parser: once, here


@pytest.mark.parametrize("json_ld", ["[" * 100_000 + "]" * 100_000, '{"@type": "NewsArticle", "author": ' + "[" * 900 + '"x"' + "]" * 900 + "}"])
def test_json_ld_too_deep_to_read_costs_the_metadata_not_the_article(json_ld):
    page = (f'<html><head><title>Clock repaired</title><script type="application/ld+json">{json_ld}</script></head><body><article>'
            "<p>The town clock stopped at 4:15 on Wednesday and two clockmakers repaired it, the council said.</p></article></body></html>")
    document = extract_html(page)
    assert "two clockmakers repaired it" in " ".join(block.text for block in document.blocks)
    assert document.metadata["title"] == "Clock repaired"


# Three ways real pages (benchmark sets in docs/decisions-html.md) came out empty or short.
BUDGET = "The council voted 5-4 on Tuesday to approve a budget that raises property taxes by 3.2 per cent next year."
LIBRARY = "The library on Mill Street will close for repairs in March and reopen in the autumn, the council said."


def block_texts(page: str) -> str:
    return " ".join(block.text for block in extract_html(page).blocks)


def test_a_body_inside_a_head_that_is_never_closed_is_read():
    # html.parser keeps such a body inside <head>; browsers end the head at the first visible element.
    page = f"<html><head><title>Budget</title><script>var a = 1;</script><body><div><p>{BUDGET}</p><p>{LIBRARY}</p></div></body></html>"
    assert BUDGET in block_texts(page) and LIBRARY in block_texts(page)


def test_a_page_written_without_spaces_is_read():
    paragraphs = [
        "市議会は火曜日、固定資産税を来年三・二パーセント引き上げる予算案を賛成五、反対四の賛成多数で可決した。",
        "図書館は三月から改修のため休館し、秋に再開する予定だと市は説明した。利用者には近くの分館が案内される。",
        "予算案には道路の補修費と学校給食の補助も含まれており、市長は来週記者会見を開いて詳しく説明する方針だ。",
    ]
    page = "<html><body><article>" + "".join(f"<p>{text}</p>" for text in paragraphs) + "</article></body></html>"
    found = block_texts(page)
    assert all(text in found for text in paragraphs)


def test_text_between_headings_outside_any_paragraph_is_kept():
    intro = "Two decisions from this week's council meeting, in the order they were taken by the members present."
    page = (f"<html><body><main><p>{intro}</p><h2>Budget passes</h2>{BUDGET} {BUDGET}"
            f"<h2>Library closes</h2>{LIBRARY} {LIBRARY}</main></body></html>")
    found = block_texts(page)
    assert BUDGET in found and LIBRARY in found
