"""Shared fixtures for the browser tests: build a content folder, serve it, drive a real headless Chromium.

Reusable for any content folder (the demo, tests/data/hostile/, ...):

    site_builder(content, **settings) -> Path   build once per session for each folder and settings
    serve(folder) -> "http://127.0.0.1:PORT"    serve a built site over HTTP (Pagefind needs fetch, so no file://)
    browser                                     one Chromium for the session (Selenium, Debian's chromium + chromedriver)
    axe(browser) -> list of violations          inject axe-core (node_modules/) into the open page and run it
    demo_site / demo_url / demo_data            the demo content, built and served, and its api/factcheck.json
    wait(condition) / open_page(url)             wait (up to WAIT seconds) for a condition / for a page to load
    artifacts                                   tests/artifacts/ (git-ignored), for screenshots and reports

A test module imports Selenium after this guard, so that a missing Selenium
skips it (or fails it under CI=true) instead of breaking collection:

    if os.environ.get("CI", "").lower() != "true":
        pytest.importorskip("selenium", reason="selenium is not installed (pip install -e '.[test]')")

Without Chromium, chromedriver, Selenium or axe-core the tests skip, except
when CI=true: then they fail, so CI cannot pass by skipping them.
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "tests" / "artifacts"  # git-ignored: screenshots and axe reports
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER", shutil.which("chromedriver") or "/usr/bin/chromedriver")
# Without these, Chromium tries to reach Google's services, which hangs or fails on a closed network.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")
WAIT = 20  # seconds a page may take to show what a test waits for; no test measures time


def unavailable(reason: str):
    """Skip, or fail when CI=true: browser tests must run in CI."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"browser tests cannot run: {reason} (CI=true, so this fails instead of skipping)")
    pytest.skip(reason)


def build_site(content: Path, output: Path, **override) -> Path:
    """Build ``content`` with the project's settings into ``output``, as `pelican` would."""
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), "THEME": str(ROOT / "theme"),
                  "PLUGIN_PATHS": [str(ROOT / "plugins")], "CACHE_PATH": str(output.parent / "cache"), **override},
    )
    Pelican(settings).run()
    return output


@pytest.fixture(scope="session")
def site_builder(tmp_path_factory):
    built: dict = {}

    def build(content: Path, **override) -> Path:
        key = (str(Path(content).resolve()), json.dumps(override, sort_keys=True, default=str))
        if key not in built:
            built[key] = build_site(Path(content), tmp_path_factory.mktemp("site") / "output", **override)
        return built[key]

    return build


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    servers = []

    def start(folder: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        unavailable("selenium is not installed (pip install -e '.[test]')")
    for name, path in (("chromium", CHROMIUM), ("chromedriver", CHROMEDRIVER)):
        if not Path(path).exists():
            unavailable(f"{name} not found at {path} (apt-get install chromium chromium-driver)")
    options = Options()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1280,900")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture(scope="session")
def axe():
    if not AXE.exists():
        unavailable(f"axe-core not found at {AXE} (run `npm ci`; `invoke test` does it)")
    source = AXE.read_text(encoding="utf-8")

    def run(driver, tags=("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
        """axe's violations on the open page, for the WCAG 2.1 A and AA rules."""
        driver.execute_script(source)  # WebDriver's own script injection: the page's CSP does not apply to it
        result = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
            ".then(r => done({violations: r.violations}), e => done({error: String(e)}));",
            list(tags),
        )
        assert "error" not in result, result.get("error")
        return result["violations"]

    return run


@pytest.fixture(scope="session")
def demo_site(site_builder) -> Path:
    return site_builder(ROOT / "content")


@pytest.fixture(scope="session")
def demo_url(demo_site, serve) -> str:
    return serve(demo_site)


@pytest.fixture(scope="session")
def demo_data(demo_site) -> dict:
    return json.loads((demo_site / "api" / "factcheck.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def wait(browser):
    from selenium.webdriver.support.ui import WebDriverWait

    def until(condition):
        return WebDriverWait(browser, WAIT).until(condition)

    return until


@pytest.fixture(scope="session")
def open_page(browser, wait):
    def load(url: str):
        browser.get(url)
        wait(lambda driver: driver.execute_script("return document.readyState") == "complete")

    return load


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
