"""Full-text search: the built site is indexed with Pagefind (the PyPI wheel ships its binary).

Pagefind reads the HTML files and writes a static index under ``pagefind/``;
the search page loads it in the browser, so no server is needed.  Which pages
are indexed is said in the HTML: pages rendered with a ``search_kind`` carry
``data-pagefind-body`` (only those are indexed), and unlisted pages carry
``data-pagefind-ignore="all"`` on their body, so they stay out even if no page
opted in.  See docs/decisions.md.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # Pagefind's default output folder, under the site


def index_site(site: Path, language: str = "en") -> str:
    """Index ``site`` in place; return "" on success, else what went wrong.

    ``language`` is forced for every page: a corpus may mix languages, and the
    search page should find all of it from one index.
    """
    shutil.rmtree(site / BUNDLE, ignore_errors=True)  # no stale fragments from an earlier build
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", language[:2] or "en"]
    started = time.perf_counter()
    try:
        run = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        return f"Pagefind could not be started ({error}); is the pagefind package installed?"
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        return f"Pagefind failed (exit {run.returncode}): {(run.stderr or run.stdout).strip()[-500:]}"
    pages = re.findall(r"Indexed (\d+) pages?", run.stdout)
    logger.info("search: Pagefind indexed %s page(s) in %.2f s", pages[-1] if pages else "?", seconds)
    return ""


def take_index(bundle: Path, site: Path) -> None:
    """The last build's index, for a build in which no indexed page changed: Pagefind cannot update an index,
    and indexing every page again is most of a warm build. Hard links where the file system allows."""
    target = site / BUNDLE
    if bundle.resolve() == target.resolve():
        return
    shutil.rmtree(target, ignore_errors=True)

    def place(source, destination):
        try:
            os.link(source, destination)
        except OSError:
            shutil.copy2(source, destination)

    shutil.copytree(bundle, target, copy_function=place)
    logger.info("search: no indexed page changed; took the index of the last build from %s", bundle)
