"""The pages built from the hostile corpus (tests/data/hostile/), loaded in headless Chromium:
no script from a source runs, no dialog opens, nothing is loaded from elsewhere, and the
browser reports no blocked script (which would mean markup got through to the page).

Every hostile script in the corpus sets window.__pwned, calls alert() or changes
document.title; hooks installed before each page's own code record any of that.
"""

import json
import os
import re
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

import pytest

if os.environ.get("CI", "").lower() != "true":
    pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hostile"

# Runs before any script of the page, outside its Content-Security-Policy: records dialogs
# (and still opens them, so that an open dialog is seen too), policy violations and title changes.
HOOKS = """
window.__calls = [];
for (const name of ['alert', 'confirm', 'prompt', 'print', 'open']) {
  const original = window[name];
  window[name] = function (...args) { window.__calls.push(name + '(' + args.join(', ') + ')'); return original.apply(this, args); };
}
document.addEventListener('securitypolicyviolation', event =>
  window.__calls.push('blocked by the policy: ' + event.violatedDirective + ' ' + event.blockedURI));
"""
STATE = """
return {
  pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned),
  calls: window.__calls || ['the hooks did not run'],
  title: document.title,
  resources: performance.getEntriesByType('resource').map(entry => entry.name),
};
"""


@pytest.fixture(scope="module")
def hostile_site(site_builder, serve):
    # No analysis cache: it would be written next to the corpus, inside the repository.
    output = site_builder(HOSTILE, CROSSCHECK_CACHE_PATH="")
    return output, serve(output)


@pytest.fixture(scope="module")
def hooked(browser):
    hook = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": HOOKS})
    browser.get_log("browser")  # start with an empty console
    yield browser
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": hook["identifier"]})


def pages_built_from_sources(output: Path) -> list[str]:
    """The home page, every source page, every entity page, and every other page that shows markup from a source as text.

    (tests/test_hostile.py parses every page for markup; here the browser gets the pages where it would matter.)
    """
    data = json.loads((output / "api" / "factcheck.json").read_text(encoding="utf-8"))
    pages = ["", *(source["page"] for source in data["sources"])]
    pages += [path.parent.relative_to(output).as_posix() + "/" for path in sorted((output / "entities").glob("*/index.html"))]
    for path in sorted(output.rglob("index.html")):
        page = path.parent.relative_to(output).as_posix() + "/"
        if page not in pages and page != "./" and re.search(r"&lt;|&#34;&gt;|javascript:", path.read_text(encoding="utf-8")):
            pages.append(page)
    return pages


def page_state(browser) -> dict:
    """What ran on the open page; an open dialog counts too."""
    from selenium.common import exceptions

    opened = []
    try:
        browser.switch_to.alert.dismiss()
        opened = ["a dialog was open"]
    except exceptions.NoAlertPresentException:
        pass
    try:
        state = browser.execute_script(STATE)
    except exceptions.UnexpectedAlertPresentException as error:  # a dialog opened while the script ran
        return {"pwned": None, "calls": [f"a dialog was open: {error.alert_text}"], "title": "", "resources": []}
    state["calls"] = opened + state["calls"]
    return state


def test_no_script_from_a_source_runs_in_the_browser(hostile_site, hooked, open_page):
    output, url = hostile_site
    pages = pages_built_from_sources(output)
    assert len(pages) > 60
    origin = urlsplit(url).netloc
    ran = {}
    for page in pages:
        open_page(f"{url}/{page}")
        state = page_state(hooked)
        html = (output / page / "index.html").read_text(encoding="utf-8")
        title = " ".join(unescape(html.split("<title>", 1)[1].split("</title>", 1)[0]).split())
        found = [f"window.__pwned = {state['pwned']}"] if state["pwned"] is not None else []
        found += state["calls"]
        found += [f"loaded from elsewhere: {name}" for name in state["resources"] if urlsplit(name).netloc != origin]
        if state["title"] != title:
            found.append(f"document.title is {state['title']!r}, not {title!r}")
        if found:
            ran[page] = found
    assert ran == {}
    # A broken image an editor links (<img src="x">, its onerror gone) may fail to load from this site; nothing else may be said.
    console = [entry["message"] for entry in hooked.get_log("browser")]
    assert [message for message in console if not (message.startswith(url) and "Failed to load resource" in message)] == []


def test_the_checks_see_a_script_that_runs(hooked, serve, tmp_path):
    """The same checks on a page whose script does run: they must see it."""
    from selenium.common import exceptions

    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><title>Before</title><script>window.__pwned = 1; document.title = 'pwned'; alert('x')</script>")
    try:
        hooked.get(serve(tmp_path) + "/")
    except exceptions.UnexpectedAlertPresentException:
        pass
    state = page_state(hooked)
    assert state["calls"] == ["a dialog was open", "alert(x)"]
    assert state["pwned"] == "1" and state["title"] == "pwned"
    hooked.get_log("browser")  # this page's console is not the corpus's
