"""The built demo site in a real headless Chromium: the reader's paths, search, accessibility, layout.

Screenshots and axe reports are kept in tests/artifacts/ (git-ignored).
"""

import json
import os
import re
from urllib.parse import urlsplit

import pytest

if os.environ.get("CI", "").lower() != "true":  # under CI a missing Selenium must fail, not skip
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC

HIGHLIGHT = "rgba(255, 240, 168, 1)"  # .sentence:target in theme/static/css/site.css


def words(text: str) -> str:
    return " ".join(text.split())


def test_home_to_a_conflict_to_each_highlighted_sentence(browser, demo_url, open_page, wait):
    open_page(demo_url + "/")
    conflict = browser.find_element(By.CSS_SELECTOR, "section.story .dispute.kind-conflict")
    conflict.find_element(By.CSS_SELECTOR, ".dispute-title a").click()
    wait(EC.url_contains("/claims/"))
    claim_page = browser.current_url
    quotes = browser.find_elements(By.CSS_SELECTOR, ".source-quote")
    assert len(quotes) >= 2
    expected = [(words(quote.find_element(By.CSS_SELECTOR, "blockquote").text),
                 quote.find_element(By.CSS_SELECTOR, "figcaption a.in-source").get_attribute("href")) for quote in quotes]
    for number, (text, href) in enumerate(expected):
        if number:
            open_page(claim_page)
        browser.find_elements(By.CSS_SELECTOR, ".source-quote figcaption a.in-source")[number].click()
        wait(EC.url_to_be(href))
        fragment = urlsplit(href).fragment
        target = browser.execute_script("return document.querySelector(':target')")
        assert target is not None and target.get_attribute("id") == fragment
        assert words(target.text) == text  # the exact sentence the claim page quotes
        assert target.value_of_css_property("background-color") == HIGHLIGHT
        top, bottom = browser.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom];", target)
        assert -1 < top < browser.execute_script("return window.innerHeight") and bottom > top  # scrolled into view (sub-pixel)
    assert len({href.split("#")[0] for _, href in expected}) >= 2  # the conflict is between two sources


def test_search_for_an_entity_reaches_its_page(browser, demo_url, demo_data, open_page, wait):
    entity = next(item for item in demo_data["entities"] if item["id"] == "institute-for-the-study-of-war")
    open_page(demo_url + "/search/")
    field = wait(EC.element_to_be_clickable((By.CSS_SELECTOR, ".pagefind-ui__search-input")))
    field.send_keys(entity["name"])
    wanted = f"/{entity['page']}"
    result = wait(lambda driver: next(
        (link for link in driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")
         if urlsplit(link.get_attribute("href")).path == wanted), None))
    result.click()
    wait(EC.url_contains(wanted))
    assert browser.find_element(By.TAG_NAME, "h1").text == entity["name"]


# What pages carry around their content: status and verdict badges, kickers, ids, section headings.
FURNITURE = ("✖", "○", "✔", "≈", "↗", "↻", "Single source", "Corroborated", "Verdict:", "Group id", "What each source says",
             "source(s)", "Difference id", "Dismiss", "Refers to", "Removed from the original")
KINDS = ("Story", "Source", "Fact", "Claim", "Person", "Organization", "Place", "Name", "Page")


@pytest.mark.parametrize("query", ("readiness", "Lukashenko", "Minsk"))
def test_search_results_say_what_they_are_and_quote_no_page_furniture(query, browser, demo_url, open_page, wait):
    open_page(f"{demo_url}/search/?q={query}")
    wait(EC.presence_of_element_located((By.CSS_SELECTOR, ".pagefind-ui__result-link")))
    wait(lambda driver: all(link.text for link in driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")))
    results = browser.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result")
    assert len(results) >= 3
    seen = set()
    for result in results:
        title = result.find_element(By.CSS_SELECTOR, ".pagefind-ui__result-link").text
        kind, _, rest = title.partition(": ")
        assert kind in KINDS and rest, title
        seen.add(kind)
        excerpt = result.find_element(By.CSS_SELECTOR, ".pagefind-ui__result-excerpt").text
        assert excerpt and not [word for word in FURNITURE if word in excerpt], (title, excerpt)
        assert not result.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-tag")  # the kind is said once, in the title
    assert len(seen) >= 2, seen  # a name is found on its own page and in the sentences that use it


def test_search_runs_within_its_content_security_policy(browser, demo_url, open_page, wait):
    browser.get_log("browser")  # drop what earlier pages logged
    open_page(demo_url + "/search/?q=readiness")
    wait(EC.presence_of_element_located((By.CSS_SELECTOR, ".pagefind-ui__result-link")))
    problems = [entry["message"] for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
    assert not problems, problems


def page_types(data):
    """One page of each kind the site has, by its path."""
    conflict = next(item for item in data["discrepancies"] if item["kind"] == "conflict")
    group = next(group for group in data["groups"] if group["id"] == conflict["group"])
    return {
        "home": "/",
        "story": f"/stories/{data['stories'][0]['id']}/",
        "source": f"/{data['sources'][0]['page']}",
        "claim": f"/{group['page']}",
        "differences": "/discrepancies/all/",
        "entity": "/entities/institute-for-the-study-of-war/",
        "timeline": "/timeline/",
        "matrix": "/matrix/conflicts/",
        "search": "/search/?q=Lukashenko",
        "methodology": "/pages/methodology/",
        "editors": "/editors/",
    }


PAGE_TYPES = ("home", "story", "source", "claim", "differences", "entity", "timeline", "matrix", "search", "methodology", "editors")


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_serious_or_critical_violations(kind, browser, demo_url, demo_data, demo_site, axe, artifacts, open_page, wait):
    path = page_types(demo_data)[kind]
    if not (demo_site / urlsplit(path).path.lstrip("/") / "index.html").exists() and kind == "editors":
        pytest.skip("this build has no editors' page")
    open_page(demo_url + path)
    if kind == "search":  # check the page with its results showing
        wait(EC.presence_of_element_located((By.CSS_SELECTOR, ".pagefind-ui__result-link")))
    violations = axe(browser)
    (artifacts / "axe").mkdir(exist_ok=True)
    (artifacts / "axe" / f"{kind}.json").write_text(json.dumps(violations, indent=1))
    serious = [(item["id"], item["impact"], [node["target"] for node in item["nodes"]][:5]) for item in violations
               if item["impact"] in ("serious", "critical")]
    assert not serious, serious


# Elements wider than the viewport or whose right edge passes it, outside the regions that scroll sideways on purpose
# (wide tables and the timeline sit in an overflow-x: auto box) and outside what is hidden.
WIDER_THAN_VIEWPORT = """
const width = document.documentElement.clientWidth, found = [];
for (const element of document.body.querySelectorAll('*')) {
  const box = element.getBoundingClientRect();
  if (box.width === 0 || box.height === 0 || box.right <= 0) continue;  // off the screen on purpose: the skip link
  if (box.width <= width + 1 && box.right <= width + 1) continue;
  let clipped = false;
  for (let parent = element.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
    const overflow = getComputedStyle(parent).overflowX;
    if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') { clipped = true; break; }
  }
  if (!clipped) found.push(element.tagName.toLowerCase() + (element.className && typeof element.className === 'string' ? '.' + element.className.trim().split(/\\s+/).join('.') : '') + ' ' + Math.round(box.left) + '..' + Math.round(box.right));
}
return found.slice(0, 10);
"""


@pytest.mark.parametrize("width", (390, 1280))
def test_every_page_type_fits_the_screen_and_is_kept_as_a_screenshot(width, browser, demo_url, demo_data, demo_site, artifacts,
                                                                     open_page, wait):
    """No element is wider than the screen, except inside the scrolling regions made for wide tables and pictures."""
    shots = artifacts / "screenshots"
    shots.mkdir(exist_ok=True)
    try:
        for kind in PAGE_TYPES:
            path = page_types(demo_data)[kind]
            if kind == "editors" and not (demo_site / "editors" / "index.html").exists():
                continue
            browser.set_window_size(width, 900)
            open_page(demo_url + path)
            if kind == "search":
                wait(EC.presence_of_element_located((By.CSS_SELECTOR, ".pagefind-ui__result-link")))
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (kind, width, overflow)
            assert browser.execute_script(WIDER_THAN_VIEWPORT) == [], (kind, width)
            height = browser.execute_script("return document.documentElement.scrollHeight")
            browser.set_window_size(width, min(height + 140, 6000))
            assert browser.save_screenshot(str(shots / f"{kind}-{width}.png"))
    finally:
        browser.set_window_size(1280, 900)


def test_keyboard_focus_is_visible(browser, demo_url, open_page):
    open_page(demo_url + "/")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.text == "Skip to content" and skip.is_displayed()
    skip.send_keys(Keys.TAB)
    focused = browser.switch_to.active_element
    assert focused.tag_name == "a"
    assert focused.value_of_css_property("outline-style") == "solid"
    assert float(focused.value_of_css_property("outline-width").removesuffix("px")) >= 2
    assert focused.value_of_css_property("background-color") == "rgba(255, 191, 71, 1)"


def test_timeline_marks_are_links_to_their_claims(browser, demo_url, open_page, wait):
    open_page(demo_url + "/timeline/")
    row = browser.find_element(By.CSS_SELECTOR, "ol.timeline-rows li.row.conflict")
    marks = row.find_elements(By.CSS_SELECTOR, "a")
    assert len(marks) == 3  # the readiness check: a mark for each of the three sources that date its start
    label = marks[0].get_attribute("aria-label")
    marks[0].click()
    wait(EC.url_contains("/claims/"))
    assert re.search(r"/claims/g-[0-9a-f]+/$", browser.current_url)
    assert "since" in label and label.startswith("When did the surprise readiness check start?")


def test_the_timeline_reads_on_a_phone(browser, demo_url, open_page):
    """At 390 px nothing of the timeline is wider than the screen, not even inside a scroller, and every mark shows."""
    browser.set_window_size(390, 900)
    try:
        open_page(demo_url + "/timeline/")
        width = browser.execute_script("return document.documentElement.clientWidth")
        found = browser.execute_script(
            "return [...document.querySelectorAll('figure.timeline, figure.timeline *')].map(e => e.getBoundingClientRect())"
            ".filter(r => r.width > 0).map(r => [r.left, r.right]);")
        assert found and all(left >= -1 and right <= width + 1 for left, right in found)
        labels = browser.find_elements(By.CSS_SELECTOR, "ol.timeline-rows li.row .label")
        assert labels and all(label.is_displayed() and label.size["height"] > 0 for label in labels)
        marks = browser.find_elements(By.CSS_SELECTOR, "svg.timeline-strip .mark")
        assert marks and all(mark.size["width"] >= 4 for mark in marks)
    finally:
        browser.set_window_size(1280, 900)


def test_print_hides_the_menu_and_keeps_the_text(browser, demo_url, demo_data, open_page):
    open_page(demo_url + page_types(demo_data)["claim"])
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.CSS_SELECTOR, ".site-header nav").is_displayed()
        assert browser.find_element(By.TAG_NAME, "h1").is_displayed()
        assert browser.find_element(By.CSS_SELECTOR, ".source-quote").is_displayed()
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_markup_in_a_source_shows_as_text_in_search_results(browser, site_builder, serve, tmp_path_factory, open_page, wait):
    """The search page is the one page that runs scripts: a source's markup must reach it as text only."""
    content = tmp_path_factory.mktemp("markup") / "content"
    (content / "sources").mkdir(parents=True)
    (content / "sources" / "markup.txt").write_text(
        "Title: Zanzibarite <b>bold</b> report\n\n"
        "The zanzibarite council met on Monday, May 6. <img src=x onerror=\"document.title='ran'\">"
        " <script>document.title='ran'</script> Officials said 14 people attended.\n"
    )
    url = serve(site_builder(content))
    open_page(f"{url}/search/?q=zanzibarite")
    results = wait(EC.presence_of_all_elements_located((By.CSS_SELECTOR, ".pagefind-ui__result")))
    text = " ".join(result.text for result in results)
    # Shown as characters, in titles and excerpts alike.
    assert "<b>bold</b>" in text and "<img src=x onerror=" in text and "<script>document.title" in text
    assert not browser.find_elements(By.CSS_SELECTOR, ".pagefind-ui__results img, .pagefind-ui__results b, .pagefind-ui__results script")
    assert browser.title != "ran"


# Where the matrix box and its first and last column headers are, and how far the box's content reaches.
MATRIX_BOX = """
const box = document.querySelector('table.matrix').parentElement, heads = document.querySelectorAll('table.matrix thead th');
const at = element => { const r = element.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top}; };
return {box: at(box), first: at(heads[0]), last: at(heads[heads.length - 1]), scrollWidth: box.scrollWidth,
        clientWidth: box.clientWidth, scrollHeight: box.scrollHeight, clientHeight: box.clientHeight,
        sources: document.querySelectorAll('table.matrix thead th.source').length};
"""


def test_the_matrix_fits_1280_px_with_every_source_column_showing(browser, demo_url, open_page):
    open_page(demo_url + "/matrix/conflicts/")
    found = browser.execute_script(MATRIX_BOX)
    assert 0 < found["sources"] <= 8
    assert found["scrollWidth"] <= found["clientWidth"], found  # nothing hidden in a sideways scroller
    assert found["last"]["right"] <= found["box"]["right"] + 1, found
    # Each cell shows its symbol; its word is there for screen readers (and printed).
    cell = browser.find_element(By.CSS_SELECTOR, "table.matrix td.cell-conflicts")
    assert "✖" in cell.text and "conflicts" in cell.get_attribute("textContent")


def test_a_matrix_of_more_than_8_sources_scrolls_with_its_headers_in_view(browser, site_builder, serve, tmp_path_factory,
                                                                           open_page):
    content = tmp_path_factory.mktemp("wide") / "content"
    (content / "sources").mkdir(parents=True)
    for number in range(10, 21):
        (content / "sources" / f"s{number}.txt").write_text(
            f"Title: Outlet {number} report on the Zanzibar council\nDate: 2024-05-0{number % 3 + 7}\n\n"
            "The Zanzibar council met in Stone Town on Monday, May 6, 2024, to discuss the harbour. "
            f"Officials said {14 + number % 2} people attended the meeting of the council. "
            "The harbour plan was approved by the council on Monday.\n")
    url = serve(site_builder(content))
    browser.set_window_size(1280, 300)  # shorter than the table: the box scrolls down too
    try:
        open_page(f"{url}/matrix/conflicts/")
        assert browser.find_element(By.CSS_SELECTOR, "table.matrix").get_attribute("class").split()[-1] == "matrix-wide"
        before = browser.execute_script(MATRIX_BOX)
        assert before["sources"] > 8 and before["scrollWidth"] > before["clientWidth"]
        assert before["scrollHeight"] > before["clientHeight"]
        browser.execute_script("const box = document.querySelector('table.matrix').parentElement;"
                               "box.scrollLeft = 400; box.scrollTop = 60;")
        after = browser.execute_script(MATRIX_BOX)
        assert abs(after["first"]["left"] - after["box"]["left"]) <= 1, after  # the fact column stays
        assert abs(after["first"]["top"] - after["box"]["top"]) <= 1, after  # the header row stays
        assert abs(after["last"]["top"] - after["box"]["top"]) <= 1, after
    finally:
        browser.set_window_size(1280, 900)


def test_ids_on_the_editors_page_stay_on_one_line_on_a_phone(browser, demo_url, demo_site, open_page):
    """The table of claims awaiting a verdict once wrapped its id column one character a line at 390 px."""
    if not (demo_site / "editors" / "index.html").exists():
        pytest.skip("this build has no editors' page")
    browser.set_window_size(390, 900)
    try:
        open_page(demo_url + "/editors/")
        lines = browser.execute_script(
            "return [...document.querySelectorAll('table.awaiting code.id')].map(e => e.getClientRects().length);")
        assert lines and set(lines) == {1}, lines
        rows = browser.execute_script(
            "return [...document.querySelectorAll('table.awaiting tbody tr')].map(r => r.getBoundingClientRect().height);")
        assert max(rows) < 400, max(rows)  # a row is a few lines of its claim, not a column of characters
    finally:
        browser.set_window_size(1280, 900)


def test_search_finds_pages_of_every_part_of_a_split_index(browser, site_builder, serve, tmp_path_factory, open_page, wait):
    """A large site's index is in parts (CROSSCHECK_SEARCH_PART_BYTES); the search page merges them, so a page
    indexed in a later part than the first is found too."""
    import shutil
    from pathlib import Path

    from crosscheck.publish.search import index_parts

    content = tmp_path_factory.mktemp("parts") / "content"
    shutil.copytree(Path(__file__).resolve().parents[2] / "content", content)
    (content / "sources" / "zzz-marker.txt").write_text(
        "Title: Quixotrellium report\n\nThe quixotrellium council met on Monday, May 6. Officials said 14 people attended.\n",
        encoding="utf-8")
    site = site_builder(content, CROSSCHECK_SEARCH_PART_BYTES=200_000)
    others = json.loads((site / "pagefind" / "crosscheck-parts.json").read_text(encoding="utf-8"))
    assert len(others) > 1
    part_of = {page: number for number, part in enumerate(part for part in index_parts(site, 200_000) if part) for page in part}
    assert part_of["sources/zzz-marker/index.html"] > 0  # not in the first bundle, which the page loads itself
    open_page(f"{serve(site)}/search/?q=quixotrellium")
    wait(EC.presence_of_element_located((By.CSS_SELECTOR, ".pagefind-ui__result-link")))
    links = [urlsplit(link.get_attribute("href")).path for link in browser.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")]
    assert "/sources/zzz-marker/" in links, links
