"""Full-text search: the built site is indexed with Pagefind (the PyPI wheel ships its binary).

Pagefind reads the HTML files and writes a static index under ``pagefind/``;
the search page loads it in the browser, so no server is needed.  Which pages
are indexed is said in the HTML: pages rendered with a ``search_kind`` carry
``data-pagefind-body`` (only those are indexed), and unlisted pages carry
``data-pagefind-ignore="all"`` on their body, so they stay out even if no page
opted in.  See docs/decisions.md.
"""

from __future__ import annotations

import json
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


PARTS = "crosscheck-parts.json"  # in the first bundle: the other bundles, for the search page to merge
BODY = b"data-pagefind-body"
HEAD_BYTES = 16_384  # <main data-pagefind-body> comes after the head and the site's menu


def index_site(site: Path, language: str = "en", part_bytes: int = 0) -> str:
    """Index ``site`` in place; return "" on success, else what went wrong.

    ``language`` is forced for every page: a corpus may mix languages, and the
    search page should find all of it from one index. Pagefind holds the text of
    every page it indexes in memory (5.6 GB at 10,000 documents in one run), so
    when the indexed pages hold more than ``part_bytes`` of HTML they are indexed
    in parts of at most that size, each its own bundle (``pagefind``,
    ``pagefind-2``, ...), which the search page merges (Pagefind's multisite
    search); the first bundle lists the others in crosscheck-parts.json.
    """
    for old in [site / BUNDLE, *site.glob(f"{BUNDLE}-*"), site / ".pagefind-part"]:  # no stale fragments
        shutil.rmtree(old, ignore_errors=True)
    parts = index_parts(site, part_bytes) if part_bytes else []
    if len(parts) <= 1:
        failure = _pagefind(site, BUNDLE, language)
        if not failure and part_bytes:
            (site / BUNDLE / PARTS).write_text("[]\n", encoding="utf-8")
        return failure
    names = [BUNDLE] + [f"{BUNDLE}-{number}" for number in range(2, len(parts) + 1)]
    staging = site / ".pagefind-part"
    try:
        for name, pages in zip(names, parts):
            # a folder of links to this part's pages, at their own paths: Pagefind's addresses stay the site's
            shutil.rmtree(staging, ignore_errors=True)
            for page in pages:
                (staging / page).parent.mkdir(parents=True, exist_ok=True)
                _place(site / page, staging / page)
            failure = _pagefind(staging, name, language, output=site / name)
            if failure:
                return failure
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    (site / BUNDLE / PARTS).write_text(json.dumps([f"{name}/" for name in names[1:]]) + "\n", encoding="utf-8")
    return ""


def index_parts(site: Path, part_bytes: int) -> list[list[str]]:
    """The pages Pagefind indexes (those with data-pagefind-body), as paths under ``site``, in parts of at most
    ``part_bytes`` of HTML (a page larger than that is a part of its own)."""
    parts: list[list[str]] = [[]]
    size = 0
    for path in sorted(site.rglob("*.html")):
        if any(part.startswith(".") or part == BUNDLE or part.startswith(BUNDLE + "-") for part in path.relative_to(site).parts):
            continue
        with path.open("rb") as handle:
            if BODY not in handle.read(HEAD_BYTES):
                continue
        length = path.stat().st_size
        if parts[-1] and size + length > part_bytes:
            parts.append([])
            size = 0
        parts[-1].append(path.relative_to(site).as_posix())
        size += length
    return [part for part in parts if part]


def _pagefind(site: Path, bundle: str, language: str, output: Path | None = None) -> str:
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--force-language", language[:2] or "en"]
    command += ["--output-path", str(output)] if output else ["--output-subdir", bundle]
    started = time.perf_counter()
    try:
        run = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        return f"Pagefind could not be started ({error}); is the pagefind package installed?"
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        return f"Pagefind failed (exit {run.returncode}): {(run.stderr or run.stdout).strip()[-500:]}"
    pages = re.findall(r"Indexed (\d+) pages?", run.stdout)
    logger.info("search: Pagefind indexed %s page(s) into %s in %.2f s", pages[-1] if pages else "?", bundle, seconds)
    return ""


def _place(source: Path, destination: Path) -> None:
    """A hard link where the file system allows, else a copy."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)


def take_index(bundle: Path, site: Path) -> None:
    """The last build's index, for a build in which no indexed page changed: Pagefind cannot update an index,
    and indexing every page again is most of a warm build. Hard links where the file system allows."""
    for name in [BUNDLE, *json.loads((bundle / PARTS).read_text(encoding="utf-8"))] if (bundle / PARTS).is_file() else [BUNDLE]:
        source, target = bundle.parent / name.strip("/"), site / name.strip("/")
        if source.resolve() != target.resolve():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, copy_function=_place)
    logger.info("search: no indexed page changed; took the index of the last build from %s", bundle)
