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
from collections import Counter
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import lxml.etree
import lxml.html

logger = logging.getLogger(__name__)

BUNDLE = "pagefind"  # Pagefind's default output folder, under the site


PARTS = "crosscheck-parts.json"  # in the first bundle: the other bundles, for the search page to merge
MANIFEST = "crosscheck-index.json"  # in the first bundle: each page's part and what it was made from, for the next build
BODY = b"data-pagefind-body"
HEAD_BYTES = 16_384  # <main data-pagefind-body> comes after the head and the site's menu
GLOB_SPECIAL = re.compile(r"([\\*?$:<>\[\]{},()])")  # wax's own marks; tests/test_search.py tries every ASCII one
# Pagefind (wax) compiles a glob into one automaton of bounded size and refuses a larger one ("did not parse as a
# valid glob"): 10,546 whole paths of 30 characters passed and 10,585 did not; written as pages_glob writes them,
# 16,000 such paths (208 kB) passed and 20,000 (260 kB) did not. A part's glob is kept under 100 kB.
GLOB_BYTES = 100_000
DIGEST_BYTES = 9  # of what a page was made from: 72 bits, for some 100,000 pages in the manifest


class Known(NamedTuple):
    """What the build knows of a page it wrote or took (rendered.PageMap.written)."""

    indexed: bool | None  # None: not known, read from the file
    made_from: str  # its key and the digest of its reads: names its bytes as well as they do
    group: str = ""  # the pages of one group (a story's) are put in one part; "": its own address
    size: int | None = None  # its bytes, as the build wrote them


@dataclass(frozen=True)
class Indexing:
    failure: str  # "" when the site was indexed
    indexed_pages: int = 0  # pages Pagefind read in this build
    parts: int = 0  # bundles of the index
    reused_parts: int = 0  # bundles taken from the last build's index, whose pages had not changed


def index_site(site: Path, language: str = "en", part_bytes: int = 0, previous: Path | None = None,
               written: Mapping[str, tuple] | None = None, workers: int = 1) -> Indexing:
    """Index ``site`` in place.

    ``language`` is forced for every page: a corpus may mix languages, and the search page should find all of
    it from one index. Pagefind holds the text of every page it indexes in memory (5.6 GB at 10,000 documents
    in one run), and it cannot update an index. So when ``part_bytes`` is set, the indexed pages are split into
    parts by a stable hash of their group (``index_parts``: a story's pages are one group), each indexed into its
    own bundle (``pagefind``, ``pagefind-2``, ...), which the search page merges (Pagefind's multisite search);
    the first bundle lists the others in crosscheck-parts.json. A part whose pages Pagefind would read as it read
    them for the last build's index (``previous``, a site folder, may be ``site`` itself) takes that bundle
    instead of indexing again (``_Last.holds``): a warm build indexes only the parts that hold a new or removed
    page, or a page whose indexed text changed.

    ``written`` (rendered.PageMap.written: a ``Known`` of each page the build wrote or took) says whether each
    page is indexed, what it was made from and its group: those pages are not read to find their
    ``data-pagefind-body``, and one made from what it was made from last time is not read at all.

    Pagefind indexes on one core: ``workers`` parts are indexed at once.
    """
    last = _Last.read(site, previous)
    try:
        for old in [site / BUNDLE, *site.glob(f"{BUNDLE}-*")]:  # no stale fragments
            shutil.rmtree(old, ignore_errors=True)
        known = _as_known(written)
        pages = indexed_pages(site, known)
        groups = {page: entry.group for page, entry in known.items() if entry.group}
        parts = index_parts(site, part_bytes, last.count, pages, groups) if part_bytes else [list(pages)]
        return _index(site, language, parts, last, known, workers, split=bool(part_bytes))
    finally:
        last.remove_aside()


def _index(site: Path, language: str, parts: list[list[str]], last: _Last, known: Mapping[str, Known],
           workers: int, split: bool) -> Indexing:
    # each part that holds pages is a bundle; the first of them is "pagefind", which the search page loads
    numbered = [(number, part) for number, part in enumerate(parts) if part] or [(0, [])]
    names = [BUNDLE] + [f"{BUNDLE}-{order}" for order in range(2, len(numbered) + 1)]
    whole = len(numbered) == 1  # one bundle: Pagefind reads the whole site, without a glob
    recorded, reused, to_index, indexed = {}, 0, [], 0
    for name, (number, part) in zip(names, numbered):
        holds, entries = last.holds(site, number, len(parts), part, known)
        recorded.update(entries)
        if holds and last.take(number, site / name):
            reused += 1
        else:
            to_index.append((name, part))
            indexed += len(part)
    with ThreadPoolExecutor(max(1, workers)) as pool:  # threads: each waits on its own Pagefind process
        failures = list(pool.map(lambda job: _pagefind(site, job[0], language, *(() if whole else (site / job[0], job[1]))),
                                 to_index))
    if failure := next((failure for failure in failures if failure), ""):
        return Indexing(failure)
    _write_manifest(site, len(parts), recorded, [f"{name}/" for name in names[1:]] if split else None,
                    {number: name for name, (number, _) in zip(names, numbered)})
    return Indexing("", indexed, len(numbered), reused)


def indexed_pages(site: Path, written: Mapping[str, tuple] | None = None) -> dict[str, int]:
    """The pages Pagefind indexes (those with data-pagefind-body), as paths under ``site``, with their sizes, in the
    order of their paths; a page in ``written`` (``Known``) whose flag is known is not read, nor its size asked when
    known. Walked as strings: a Path object a file cost more than the rest at 180,000 files."""
    known = _as_known(written)
    found = {}
    root = os.path.join(os.fspath(site), "")
    for folder, folders, files in os.walk(root):
        # no hidden folder (a build's aside), no bundle of the index
        folders[:] = [name for name in folders if not (name.startswith(".") or name == BUNDLE or name.startswith(BUNDLE + "-"))]
        for name in files:
            if not name.endswith(".html") or name.startswith("."):
                continue
            path = os.path.join(folder, name)
            page = path.removeprefix(root).replace(os.sep, "/")
            entry = known.get(page)
            indexed = entry.indexed if entry is not None else None
            if indexed is None:
                indexed = page_is_indexed(path)
            if indexed:
                found[page] = entry.size if entry is not None and entry.size is not None else os.stat(path).st_size
    return dict(sorted(found.items()))


def _as_known(written: Mapping[str, tuple] | None) -> dict[str, Known]:
    return {page: entry if isinstance(entry, Known) else Known(*entry) for page, entry in (written or {}).items()}


def page_is_indexed(path: Path | str) -> bool:
    """Whether the page at ``path`` opts in to the search index."""
    with open(path, "rb") as handle:
        return BODY in handle.read(HEAD_BYTES)


def searched_digest(path: Path) -> str:
    """A digest of what Pagefind reads of a page: the markup of its data-pagefind-body elements without those marked
    data-pagefind-ignore, its title, its language and every data-pagefind-* attribute (meta fields may sit anywhere).
    Two versions of a page with one digest are indexed alike: an entity's page that lists one more source, in a
    part it ignores, leaves its part of the index as it was. Markup counts as well as words, so a change Pagefind
    would not see may still index a part again, never the other way round. "" when the page cannot be read."""
    try:
        root = lxml.html.fromstring(path.read_bytes())
    except (OSError, ValueError, lxml.etree.LxmlError):
        return ""
    found = hashlib.blake2b(digest_size=DIGEST_BYTES)
    found.update(root.get("lang", "").encode())
    for element in root.iter(lxml.etree.Element):
        for name, value in element.items():
            if name.startswith("data-pagefind-"):
                found.update(f"\0{name}={value}".encode())
    found.update(b"\0" + "".join(root.xpath("//title//text()")).encode())
    for body in root.xpath("//*[@data-pagefind-body]"):
        for ignored in body.xpath(".//*[@data-pagefind-ignore]"):
            ignored.drop_tree()  # its tail is its parent's text, and stays
        found.update(b"\0" + lxml.html.tostring(body))
    return found.hexdigest()


def index_parts(site: Path, part_bytes: int, count: int = 0, pages: dict[str, int] | None = None,
                groups: Mapping[str, str] | None = None) -> list[list[str]]:
    """The indexed pages in ``count`` parts by a stable hash of their group (``groups``: page -> group, a story's
    pages are one) or, for a page in none, of its address: a page stays in its part from build to build, and a
    source added to a story touches the story's part, not every part (a group of more than half ``part_bytes`` of
    HTML is taken page by page). ``count`` (the last build's) is kept while no part of more than one group holds
    more than ``part_bytes`` of HTML and every part's glob fits ``GLOB_BYTES``, else doubled until they do; it starts
    at the fewest that fit. Some parts may be empty."""
    pages = indexed_pages(site) if pages is None else pages
    groups = groups or {}
    members: dict[str, list[str]] = {}
    for page in pages:
        members.setdefault(groups.get(page) or page, []).append(page)
    for group, grouped in list(members.items()):
        # a group that would fill half a part alone is its pages, else it would force every part to be smaller
        if len(grouped) > 1 and (sum(pages[page] for page in grouped) > part_bytes // 2
                                 or len(pages_glob(grouped).encode()) > GLOB_BYTES // 2):
            del members[group]
            members.update((page, [page]) for page in grouped)
    placed = [(int.from_bytes(hashlib.blake2b(group.encode(), digest_size=8).digest(), "big"), grouped)
              for group, grouped in members.items()]
    count = max(count, 1)
    while True:
        parts: list[list[str]] = [[] for _ in range(count)]
        held = [0] * count
        for number, grouped in placed:
            parts[number % count].extend(grouped)
            held[number % count] += 1
        if all(held[number] <= 1 or (sum(pages[page] for page in part) <= part_bytes
                                      and len(pages_glob(part).encode()) <= GLOB_BYTES) for number, part in enumerate(parts)):
            return parts
        count *= 2


class _Last:
    """The last build's index: its manifest (each page's part and what the page was made from), the folder its
    bundles are in now, and the folder of its pages."""

    def __init__(self, manifest: dict | None = None, bundles: Path | None = None, pages: Path | None = None,
                 aside: bool = False):
        manifest = manifest or {}
        self.count: int = manifest.get("count", 0)
        self.names: dict[str, str] = manifest.get("names", {})
        self.pages: dict[str, list] = manifest.get("pages", {})  # page -> [part, made from]
        self.sizes = Counter(entry[0] for entry in self.pages.values())
        self.bundles, self.page_folder, self.aside = bundles, pages, aside

    @classmethod
    def read(cls, site: Path, previous: Path | None) -> _Last:
        """When the last build was written in place (``previous`` is ``site``), its bundles are moved aside first,
        since this build writes bundles of the same names, and its pages are this build's."""
        if previous is None or not (previous / BUNDLE / MANIFEST).is_file():
            return cls()
        try:
            manifest = json.loads((previous / BUNDLE / MANIFEST).read_text(encoding="utf-8"))
            if not isinstance(manifest.get("pages"), dict):
                raise ValueError("a manifest without its pages (an older build's)")
        except (OSError, ValueError, AttributeError) as error:
            logger.debug("no last search index read from %s: %s", previous, error)
            return cls()
        if previous.resolve() != site.resolve():
            return cls(manifest, previous, previous)
        aside = site / ".pagefind-last"
        shutil.rmtree(aside, ignore_errors=True)
        aside.mkdir()
        for name in [BUNDLE, *(path.name for path in site.glob(f"{BUNDLE}-*"))]:
            if (site / name).is_dir():
                (site / name).rename(aside / name)
        return cls(manifest, aside, None, aside=True)

    def remove_aside(self) -> None:
        if self.aside:
            shutil.rmtree(self.bundles, ignore_errors=True)

    def holds(self, site: Path, number: int, count: int, part: list[str], known: Mapping[str, Known]) -> tuple[bool, dict]:
        """Whether the last index's bundle of part ``number`` (of ``count``) holds exactly ``part``, each page as
        Pagefind would read it now; and what the manifest keeps of each page. A page made from something else is read
        (``searched_digest``), and so is the last build's file of it; a build written in place has none, and indexes
        the part again. The manifest is what this build's pages make it, whatever the builds before were, so that a
        warm build's site is a cold one's."""
        holds = count == self.count and self.sizes.get(number) == len(part)
        entries = {}
        for page in part:
            entries[page] = [number, _made_from(site, page, known)]
            before = self.pages.get(page)
            if before is None or before[0] != number:
                holds = False
            elif holds and before[1] != entries[page][1]:
                searched = searched_digest(site / page)
                holds = bool(searched) and self.page_folder is not None and searched == searched_digest(self.page_folder / page)
        return holds, entries

    def take(self, number: int, target: Path) -> bool:
        """Take the last build's bundle of part ``number``."""
        source = self.bundles / self.names.get(str(number), BUNDLE)
        if not (source / "pagefind-entry.json").is_file():
            return False
        shutil.copytree(source, target, copy_function=_place)
        for own in (PARTS, MANIFEST):  # written anew for this build
            (target / own).unlink(missing_ok=True)
        return True


def _made_from(site: Path, page: str, known: Mapping[str, Known]) -> str:
    """A page the build wrote or took is named by what it was made from, any other by its bytes."""
    entry = known.get(page)
    if entry is not None and entry.made_from:
        return "m" + hashlib.blake2b(entry.made_from.encode(), digest_size=DIGEST_BYTES).hexdigest()
    return "b" + hashlib.blake2b((site / page).read_bytes(), digest_size=DIGEST_BYTES).hexdigest()


def _write_manifest(site: Path, count: int, pages: dict[str, list], others: list[str] | None,
                    names: dict[int, str]) -> None:
    if others is not None:
        (site / BUNDLE / PARTS).write_text(json.dumps(others) + "\n", encoding="utf-8")
    manifest = {"count": count, "names": {str(number): name for number, name in names.items()}, "pages": pages}
    (site / BUNDLE / MANIFEST).write_text(json.dumps(manifest, separators=(",", ":")) + "\n", encoding="utf-8")


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
    """A glob (Pagefind's, the wax crate's syntax) that matches exactly these paths, with the characters that mean
    something in a glob escaped. Paths that share their first folder and their file name are one alternative,
    ``claims/{g-1,g-2}/index.html``: wax refuses a glob whose automaton is too large, and written so a glob held
    16,000 pages of one shape where whole paths failed at 10,000 (docs/decisions.md)."""
    shapes: dict[tuple[str, str | None], list[str]] = {}
    for page in pages:
        first, _, rest = page.partition("/")
        middle, _, name = rest.rpartition("/")
        shapes.setdefault((first, name) if middle else (page, None), []).append(middle)
    alternatives = []
    for (first, name), middles in shapes.items():
        if name is None or len(middles) == 1:
            alternatives.append(_escaped(first if name is None else f"{first}/{middles[0]}/{name}"))
        else:
            alternatives.append(f"{_escaped(first)}/{{{','.join(map(_escaped, middles))}}}/{_escaped(name)}")
    return "{" + ",".join(alternatives) + "}"


def _escaped(text: str) -> str:
    # wax parses no glob with an escaped backslash in it, nor a class of one: "?" matches it (and any one other
    # character). No address the build makes holds one (ids are slugs); another page could at worst match twice.
    return GLOB_SPECIAL.sub(r"\\\1", text).replace("\\\\", "?")


def _place(source: Path, destination: Path) -> None:
    """A hard link where the file system allows, else a copy."""
    try:
        os.link(source, destination)
    except OSError:
        shutil.copy2(source, destination)
