"""Full-text search: the built site is indexed with Pagefind (the PyPI wheel ships its binary).

Pagefind reads the HTML files and writes a static index under ``pagefind/``;
the search page loads it in the browser, so no server is needed.  Which pages
are indexed is said in the HTML: pages rendered with a ``search_kind`` carry
``data-pagefind-body`` (only those are indexed), and unlisted pages carry
``data-pagefind-ignore="all"`` on their body, so they stay out even if no page
opted in.  See docs/decisions.md.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # Pagefind's default output folder, under the site


PARTS = "crosscheck-parts.json"  # in the first bundle: the other bundles, for the search page to merge
MANIFEST = "crosscheck-index.json"  # in the first bundle: each part's pages and their digest, for the next build
BODY = b"data-pagefind-body"
HEAD_BYTES = 16_384  # <main data-pagefind-body> comes after the head and the site's menu
GLOB_SPECIAL = re.compile(r"([\\*?$:<>\[\]{},()])")  # wax's own marks; tests/test_search.py tries every ASCII one
# Pagefind (wax) compiles a glob into one automaton of bounded size and refuses a larger one ("did not parse as a
# valid glob"): 10,546 alternatives of 30 characters passed and 10,585 did not; 140 kB passed with every shape of
# address tried, so a part's glob is kept under 100 kB.
GLOB_BYTES = 100_000


@dataclass(frozen=True)
class Indexing:
    failure: str  # "" when the site was indexed
    indexed_pages: int = 0  # pages Pagefind read in this build
    parts: int = 0  # bundles of the index
    reused_parts: int = 0  # bundles taken from the last build's index, whose pages had not changed


def index_site(site: Path, language: str = "en", part_bytes: int = 0, previous: Path | None = None,
               written: Mapping[str, tuple[bool | None, str]] | None = None, workers: int = 1) -> Indexing:
    """Index ``site`` in place.

    ``language`` is forced for every page: a corpus may mix languages, and the search page should find all of
    it from one index. Pagefind holds the text of every page it indexes in memory (5.6 GB at 10,000 documents
    in one run), and it cannot update an index. So when ``part_bytes`` is set, the indexed pages are split into
    parts by a stable hash of their address (``index_parts``), each indexed into its own bundle (``pagefind``,
    ``pagefind-2``, ...), which the search page merges (Pagefind's multisite search); the first bundle lists the
    others in crosscheck-parts.json. A part whose pages are, byte for byte, those of the same part of the last
    build's index (``previous``, a site folder, may be ``site`` itself) takes that bundle instead of indexing
    again: a warm build indexes only the parts that hold a changed, new or removed page.

    ``written`` (rendered.PageMap.written) tells, for the pages the build wrote or took, whether each is indexed
    and what it was made from: those pages are neither read to find their ``data-pagefind-body`` nor hashed for
    their part's digest, which at 10,000 documents read every page of the site twice.

    Pagefind indexes on one core: ``workers`` parts are indexed at once.
    """
    last = _last_index(site, previous)
    try:
        for old in [site / BUNDLE, *site.glob(f"{BUNDLE}-*")]:  # no stale fragments
            shutil.rmtree(old, ignore_errors=True)
        written = written or {}
        pages = indexed_pages(site, written)
        last_count = last.get("count", 0) if last else 0
        parts = index_parts(site, part_bytes, last_count, pages) if part_bytes else [list(pages)]
        if len(parts) <= 1:
            return _index_whole(site, language, part_bytes, pages, last, written)
        return _index_parts(site, language, parts, last, written, workers)
    finally:
        if last and last.get("moved"):
            shutil.rmtree(last["folder"], ignore_errors=True)


def _index_whole(site: Path, language: str, part_bytes: int, pages: dict[str, int], last: dict | None,
                 written: Mapping[str, tuple[bool | None, str]]) -> Indexing:
    digest = _part_digest(site, list(pages), written)
    reused = _reuse(last, 0, digest, site / BUNDLE)
    failure = "" if reused else _pagefind(site, BUNDLE, language)
    if not failure:
        _write_manifest(site, 1, {0: digest}, [] if part_bytes else None)
    return Indexing(failure, 0 if reused else len(pages), 1, int(reused))


def _index_parts(site: Path, language: str, parts: list[list[str]], last: dict | None,
                 written: Mapping[str, tuple[bool | None, str]], workers: int = 1) -> Indexing:
    # each bucket that holds pages is a bundle; the first of them is "pagefind", which the search page loads
    numbered = [(number, part) for number, part in enumerate(parts) if part]
    names = [BUNDLE] + [f"{BUNDLE}-{order}" for order in range(2, len(numbered) + 1)]
    digests, reused, to_index = {}, 0, []
    for name, (number, part) in zip(names, numbered):
        digests[number] = _part_digest(site, part, written)
        if _reuse(last, number, digests[number], site / name):
            reused += 1
        else:
            to_index.append((name, part))
    with ThreadPoolExecutor(max(1, workers)) as pool:  # threads: each waits on its own Pagefind process
        failures = list(pool.map(lambda job: _pagefind(site, job[0], language, output=site / job[0], pages=job[1]), to_index))
    if failure := next((failure for failure in failures if failure), ""):
        return Indexing(failure)
    indexed = sum(len(part) for _, part in to_index)
    _write_manifest(site, len(parts), digests, [f"{name}/" for name in names[1:]], dict(zip((n for n, _ in numbered), names)))
    return Indexing("", indexed, len(numbered), reused)


def indexed_pages(site: Path, written: Mapping[str, tuple[bool | None, str]] | None = None) -> dict[str, int]:
    """The pages Pagefind indexes (those with data-pagefind-body), as paths under ``site``, with their sizes; a page
    in ``written`` whose flag is known is not read."""
    written = written or {}
    found = {}
    for path in sorted(site.rglob("*.html")):
        page = path.relative_to(site).as_posix()
        if any(part.startswith(".") or part == BUNDLE or part.startswith(BUNDLE + "-") for part in page.split("/")):
            continue
        indexed = written.get(page, (None, ""))[0]
        if indexed is None:
            indexed = page_is_indexed(path)
        if indexed:
            found[page] = path.stat().st_size
    return found


def page_is_indexed(path: Path | str) -> bool:
    """Whether the page at ``path`` opts in to the search index."""
    with open(path, "rb") as handle:
        return BODY in handle.read(HEAD_BYTES)


def index_parts(site: Path, part_bytes: int, count: int = 0, pages: dict[str, int] | None = None) -> list[list[str]]:
    """The indexed pages in ``count`` parts by a stable hash of their address, so that a page stays in its part
    from build to build and a change to a few pages touches a few parts. ``count`` (the last build's) is kept
    while no part holds more than ``part_bytes`` of HTML (a page larger than that aside) and every part's glob
    fits ``GLOB_BYTES``, else doubled until they do; it starts at the fewest that fit. Some parts may be empty."""
    pages = indexed_pages(site) if pages is None else pages
    count = max(count, 1)
    while True:
        parts: list[list[str]] = [[] for _ in range(count)]
        for page in pages:
            parts[int.from_bytes(hashlib.blake2b(page.encode(), digest_size=8).digest(), "big") % count].append(page)
        if all(len(part) <= 1 or (sum(pages[page] for page in part) <= part_bytes
                                   and len(pages_glob(part).encode()) <= GLOB_BYTES) for part in parts):
            return parts
        count *= 2


def _part_digest(site: Path, part: list[str], written: Mapping[str, tuple[bool | None, str]]) -> str:
    """The addresses of a part's pages and what Pagefind would read: a page the build wrote or took is named by
    what it was made from (``written``), any other by its bytes."""
    found = hashlib.blake2b(digest_size=16)
    for page in part:
        made_from = written.get(page, (None, ""))[1]
        found.update(page.encode() + b"\0" + (b"m" + made_from.encode() if made_from
                                               else hashlib.blake2b((site / page).read_bytes(), digest_size=16).digest()))
    return found.hexdigest()


def _last_index(site: Path, previous: Path | None) -> dict | None:
    """The last build's manifest, with the folder its bundles are in now. When that build was written in place
    (``previous`` is ``site``), its bundles are moved aside first, since this build writes bundles of the same names."""
    if previous is None or not (previous / BUNDLE / MANIFEST).is_file():
        return None
    try:
        last = json.loads((previous / BUNDLE / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        logger.debug("no last search index read from %s: %s", previous, error)
        return None
    last["folder"], last["moved"] = previous, False
    if previous.resolve() == site.resolve():
        aside = site / ".pagefind-last"
        shutil.rmtree(aside, ignore_errors=True)
        aside.mkdir()
        for name in [BUNDLE, *(path.name for path in site.glob(f"{BUNDLE}-*"))]:
            if (site / name).is_dir():
                (site / name).rename(aside / name)
        last["folder"], last["moved"] = aside, True
    return last


def _reuse(last: dict | None, number: int, digest: str, target: Path) -> bool:
    """Take the last build's bundle of part ``number`` when it indexed the same pages with the same bytes."""
    if not last or last.get("digests", {}).get(str(number)) != digest:
        return False
    source = last["folder"] / last.get("names", {}).get(str(number), BUNDLE)
    if not (source / "pagefind-entry.json").is_file():
        return False
    shutil.copytree(source, target, copy_function=_place)
    for own in (PARTS, MANIFEST):  # written anew for this build
        (target / own).unlink(missing_ok=True)
    return True


def _write_manifest(site: Path, count: int, digests: dict[int, str], others: list[str] | None,
                    names: dict[int, str] | None = None) -> None:
    if others is not None:
        (site / BUNDLE / PARTS).write_text(json.dumps(others) + "\n", encoding="utf-8")
    manifest = {"count": count, "digests": {str(number): digest for number, digest in digests.items()},
                "names": {str(number): name for number, name in (names or {0: BUNDLE}).items()}}
    (site / BUNDLE / MANIFEST).write_text(json.dumps(manifest) + "\n", encoding="utf-8")


def _pagefind(site: Path, bundle: str, language: str, output: Path | None = None, pages: list[str] | None = None) -> str:
    """Run Pagefind over ``site``, or over only ``pages`` of it (paths under ``site``) when given."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site.resolve()), "--force-language", language[:2] or "en"]
    command += ["--output-path", str(output.resolve())] if output else ["--output-subdir", bundle]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="crosscheck-pagefind-") as settings:
        if pages is not None:
            # Pagefind reads pagefind.json from its working folder; a glob there has no length limit, where one
            # argument has 128 kB. Tried first: a folder of hard links to the part's pages, which cost more to
            # make and remove than Pagefind took to index them (docs/benchmarks.md).
            (Path(settings) / "pagefind.json").write_text(json.dumps({"glob": pages_glob(pages)}), encoding="utf-8")
        try:
            run = subprocess.run(command, capture_output=True, text=True, check=False, cwd=settings)
        except OSError as error:
            return f"Pagefind could not be started ({error}); is the pagefind package installed?"
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        return f"Pagefind failed (exit {run.returncode}): {(run.stderr or run.stdout).strip()[-500:]}"
    pages = re.findall(r"Indexed (\d+) pages?", run.stdout)
    logger.info("search: Pagefind indexed %s page(s) into %s in %.2f s", pages[-1] if pages else "?", bundle, seconds)
    return ""


def pages_glob(pages: list[str]) -> str:
    """A glob (Pagefind's, the wax crate's syntax) that matches exactly these paths: their alternatives, with the
    characters that mean something in a glob escaped."""
    return "{" + ",".join(GLOB_SPECIAL.sub(r"\\\1", page) for page in pages) + "}"


def _place(source: Path, destination: Path) -> None:
    """A hard link where the file system allows, else a copy."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
