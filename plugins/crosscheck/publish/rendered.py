"""Which pages a build can take from the last one instead of rendering them again.

A page is a function of what every page is made from (the code and templates that render, the settings, the
content files that are Pelican's own: the *site key*), of its address and template, of the values its
generator hands it, and of what its templates read of the shared stores (reads.py). Its *key* digests the
first three; the reads are known only once it has rendered, so a small map beside the analysis cache records,
for each page written, its key, the reads and their digest, and the size and modification time of the file.
A build takes (links, or copies) the last build's file of a page when its key is the one recorded, the
recorded reads digest as they did in this build's data, and the file is still there as it was written; else
it renders the page. So a source edited renders the pages that show something of it (its page, its claims'
pages, the lists it is on), and a draft annotation renders only the editors' page.

Finding that a page is unchanged still makes its data. So the map also keeps one digest of all that every page
but the editors' pages is made from (the site key, the analysis, the published annotations: pelican_glue), and
which pages were the editors'. A build with the same digest (a draft edited, nothing changed) takes every other
page without making any page's data (``take_all``), and renders the editors' pages as above.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import itertools
import json
import logging
import os
import shutil
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import numpy as np

from .reads import Digests

logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent.parent
# Settings that say where a build reads or writes, not what a page shows: two builds into two folders share pages.
PLACES = frozenset({"PATH", "OUTPUT_PATH", "CACHE_PATH", "CROSSCHECK_CACHE_PATH", "CROSSCHECK_PREVIOUS_OUTPUT_PATH",
                    "THEME", "PLUGIN_PATHS", "THEME_TEMPLATES_OVERRIDES"})
SCHEMA = 7
# In the table a read is one string, its store's path and its key joined by NUL (which no path holds): not a tuple
# of two strings, one more object for each of the table's reads (some 400,000 at 2,000 documents); the table keeps
# their text in one buffer (ReadTable)
JOIN = "\0"
# A read's digest (at most reads.Digests.LONGEST bytes) in a slot of one bytearray: its length, then its bytes;
# not a bytes object a read, in a list and in a dict
SLOT = 1 + Digests.LONGEST


@dataclass(frozen=True, slots=True)
class Written:
    key: str
    size: int
    mtime_ns: int
    # what its templates read of the shared stores: numbers in PageMap.table, 4 bytes each (an int object and its
    # slot in a tuple take 36: at 10,000 documents, 10 million of them)
    reads: array = dataclasses.field(default_factory=lambda: array("I"))
    reads_digest: str = ""
    listed: bool | None = None  # in the sitemap (sitemap.listing), once read back from the file
    indexed: bool | None = None  # for search (search.page_is_indexed), read from the file when it was written
    group: str = ""  # the pages the search index keeps in one part (a story's); "": none


def digest(*parts: object) -> str:
    found = hashlib.sha256(f"rendered {SCHEMA}".encode())
    for part in parts:
        found.update(b"\x1f" + (part if isinstance(part, bytes) else str(part).encode()))
    return found.hexdigest()


def files_digest(paths: Iterable[Path], root: Path) -> str:
    """The names (relative to ``root``) and bytes of the files, in order."""
    found = hashlib.sha256()
    for path in paths:
        found.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return found.hexdigest()


def tree_files(root: Path, skip: Sequence[Path] = ()) -> list[Path]:
    """Every file under ``root`` (none if it is missing), apart from those under ``skip``, sorted."""
    skipped = [folder.resolve() for folder in skip]
    return [path for path in sorted(root.rglob("*")) if path.is_file()
            and not any(folder == parent.resolve() for parent in path.parents for folder in skipped)] if root.is_dir() else []


def render_digest(theme: Path) -> str:
    """The code and templates that turn the analysis into pages, and the versions of the libraries they use."""
    versions = [f"{name}=={metadata.version(name)}" for name in ("pelican", "Jinja2", "markdown", "MarkupSafe")
                if _installed(name)]
    return digest(files_digest(tree_files(PACKAGE), PACKAGE), files_digest(tree_files(theme), theme), *versions)


def _installed(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def settings_digest(settings: Mapping) -> str:
    """The settings that can change what a page shows: plain values only (a function's repr names its address)."""
    plain = {key: value for key, value in settings.items() if key.isupper() and key not in PLACES and _plain(value)}
    return digest(json.dumps(plain, sort_keys=True, default=str))


def _plain(value) -> bool:
    if isinstance(value, (str, int, float, bool, type(None))):
        return True
    if isinstance(value, (list, tuple)):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    return False


class PageMap:
    """What the last build wrote: page address -> Written; read at the start of a build, saved at its end.

    The reads of every page are numbers in one table of (path, key) pairs (reads.Reads), so that a read many pages
    share (a source's title) is stored and digested once, and a page taken keeps its numbers as they are."""

    def __init__(self, path: Path | None):
        self.path = path
        self.last: dict[str, Written] = {}
        self.now: dict[str, Written] = {}
        self.table = ReadTable()  # path JOIN key
        self._numbers: ReadNumbers | None = None  # table -> number, made when a page is rendered
        self._read_digests = bytearray()  # of each table entry in this build, once asked: SLOT bytes each, 0 unknown
        self._made: set[str] = set()  # folders known to exist in this build's output
        self.taken = 0  # pages taken from the last build
        self.rendered = 0
        # The digest of all that every page but the editors' is made from (pelican_glue: the site key, the analysis,
        # the published annotations), and the editors' pages, of this build and the last (take_all)
        self.shown, self.last_shown = "", ""
        self.editors: set[str] = set()
        self.last_editors: frozenset[str] = frozenset()
        if path is None:
            return
        try:
            # a line at a time (save): json.loads of the whole map of 2,060 documents held 154 MB at its peak for 85 kept
            with path.open(encoding="utf-8") as handle:
                head = json.loads(handle.readline() or "null")
                if not isinstance(head, dict) or head.get("schema") != SCHEMA:
                    raise ValueError(f"not a page map of schema {SCHEMA}")
                count, pages, shown, editors = head["reads"], head["pages"], head["shown"], head["editors"]
                if not (isinstance(count, int) and isinstance(pages, int) and isinstance(shown, str) and isinstance(editors, list)):
                    raise TypeError("the head does not count the reads and the pages")
                table = ReadTable()
                for line in itertools.islice(handle, count):
                    path_, key = json.loads(line)
                    table.append(path_ + JOIN + key)
                last = {}
                for line in handle:
                    name, key, size, mtime_ns, noted, reads_digest, listed, indexed, group = json.loads(line)
                    last[name] = Written(key, size, mtime_ns, _numbers_read(noted), reads_digest, _flag(listed), _flag(indexed),
                                         str(group))
            if (len(table), len(last)) != (count, pages):
                raise ValueError("the page map ends early")
            if any(entry.reads and max(entry.reads) >= len(table) for entry in last.values()):
                raise IndexError("a page names a read the table does not hold")
        except (OSError, ValueError, TypeError, AttributeError, KeyError, IndexError) as error:  # none yet, or damaged: every page is rendered
            logger.debug("no page map read from %s: %s", path, error)
            return
        self.last, self.table = last, table
        self.last_shown, self.last_editors = shown, frozenset(map(str, editors))
        self._read_digests = bytearray(SLOT * len(table))

    def unchanged(self, save_as: str, key: str, digests, places: Sequence[str]) -> str | None:
        """The last build's file of this page (a path in one of ``places``), when its key is ``key``, what it read
        digests as it did then (``digests``: reads.Digests of this build) and the file is as that build wrote it."""
        last = self.last.get(save_as)
        if last is None or last.key != key or self._reads_digest(last.reads, digests) != last.reads_digest:
            return None
        return self._as_written(save_as, last, places)

    @staticmethod
    def _as_written(save_as: str, last: Written, places: Sequence[str]) -> str | None:
        """The last build's file of this page, in the first of ``places`` where it is as that build wrote it."""
        for place in places:
            found = os.path.join(place, save_as)
            try:
                status = os.stat(found)
            except OSError:
                continue
            if (status.st_size, status.st_mtime_ns) == (last.size, last.mtime_ns):
                return found
        return None

    def take_all(self, places: Sequence[str], target: Callable[[str], str]) -> list[str]:
        """When this build's pages show what the last build's showed (``shown`` equal to the last build's), take
        every page the last build wrote but the editors' pages, without making any page's data: the targets
        (``target``: of each address), else none, when a file is not as that build wrote it."""
        if not self.shown or self.shown != self.last_shown:
            return []
        found = {}
        for save_as, last in self.last.items():
            if save_as not in self.last_editors:
                found[save_as] = self._as_written(save_as, last, places)
                if found[save_as] is None:
                    return []
        targets = []
        for save_as, previous in found.items():
            targets.append(target(save_as))
            self.take(previous, targets[-1], save_as)
        return targets

    def _reads_digest(self, numbers: Sequence[int], digests: Digests) -> str:
        known, table = self._read_digests, self.table
        parts = []
        for number in numbers:
            at = number * SLOT
            length = known[at]
            if length:
                found = bytes(known[at + 1:at + 1 + length])
            else:
                found = digests.read(*table[number].split(JOIN, 1))
                if len(found) > Digests.LONGEST:  # it would spill into the next slot
                    raise ValueError(f"a read's digest of {len(found)} bytes")
                known[at] = len(found)
                known[at + 1:at + 1 + len(found)] = found
            parts.append(found)
        return digests.joined(parts)

    def take(self, previous: str, target: str, save_as: str) -> None:
        """Put the last build's file (``unchanged``) at ``target``: a hard link where the file system allows, else a
        copy. A link is the same file, so what the map knew of it still holds."""
        last = self.last[save_as]
        if not self._linked(previous, target):
            shutil.copy2(previous, target)
            found = os.stat(target)
            last = dataclasses.replace(last, size=found.st_size, mtime_ns=found.st_mtime_ns, listed=None)
        self.taken += 1
        self.now[save_as] = last

    def _linked(self, previous: str, target: str) -> bool:
        """Whether ``target`` is now a hard link to ``previous``; the folder is made when missing, and another file
        at ``target`` (an in-place build's stale page) is replaced."""
        folder = os.path.dirname(target)
        if folder not in self._made:
            _make_folder(folder)
            self._made.add(folder)
        try:
            os.link(previous, target)
            return True
        except FileExistsError:
            if _same_file(previous, target):  # a build written in place: the page is already there
                return True
            os.unlink(target)
        except OSError:
            return False
        try:
            os.link(previous, target)
            return True
        except OSError:
            return False

    def record(self, save_as: str, key: str, target: str, reads: Sequence[tuple[str, str]] = (),
               digests: Digests | None = None, indexed: bool | None = None, group: str = "") -> None:
        """A page rendered in this build, with what its templates read (in their order, digested by ``digests``),
        whether it is indexed for search and its group there (search.index_parts)."""
        if self._numbers is None:
            self._numbers = ReadNumbers(self.table)
        numbers = array("I", self._numbers.numbers_of([path + JOIN + read_key for path, read_key in reads]))
        self._read_digests.extend(bytes(SLOT * (len(self.table) - len(self._read_digests) // SLOT)))  # new reads: unknown
        found = os.stat(target)
        reads_digest = self._reads_digest(numbers, digests) if digests is not None else ""
        self.now[save_as] = Written(key, found.st_size, found.st_mtime_ns, numbers, reads_digest, indexed=indexed, group=group)

    def listed(self) -> dict[str, bool]:
        """Whether each page of this build that was taken from the last one is in the sitemap, where known."""
        return {name: entry.listed for name, entry in self.now.items() if entry.listed is not None}

    def written(self) -> dict[str, tuple[bool | None, str, str, int]]:
        """Each page of this build as the search index knows it (search.Known): whether it is indexed (None: not
        known), what it was made from (its key and the digest of its reads, which name its bytes as well as they
        do), its group and its size."""
        return {name: (entry.indexed, f"{entry.key}:{entry.reads_digest}", entry.group, entry.size) for name, entry in self.now.items()}

    def note_listed(self, listed: Mapping[str, bool]) -> None:
        """Whether each page (its address) is in the sitemap, as read back from its file in this build."""
        for name, shown in listed.items():
            entry = self.now.get(name)
            if entry is not None and entry.listed is not shown:
                self.now[name] = dataclasses.replace(entry, listed=shown)

    def save(self, complete: bool = True) -> None:
        """Keep what this build wrote (pages it did not write are forgotten, and so are reads no page names). A build
        that stopped before writing every page (``complete`` false) keeps no digest of what its pages show: the next
        build must not take its pages as the whole site (take_all)."""
        if self.path is None:
            return
        partial = self.path.with_name(self.path.name + ".partial")
        used = bytearray(len(self.table))  # a flag a read, not a set of their numbers (two million at 10,000 documents)
        for entry in self.now.values():
            for number in entry.reads:
                used[number] = 1
        if used.count(1) * 2 >= len(self.table):  # unused reads kept: fewer than those used
            table, renumbered = self.table, lambda numbers: numbers
        else:  # renumbered, else the table would grow by every read that pages no longer make
            renumber, table = array("I", [0]) * len(self.table), ReadTable()
            for old, flag in enumerate(used):
                if flag:
                    renumber[old] = len(table)
                    table.append(self.table[old])
            renumbered = lambda numbers: array("I", map(renumber.__getitem__, numbers))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # a line a read, then a line a page, so that neither writing nor reading it holds the whole map
            with partial.open("w", encoding="utf-8") as handle:
                handle.write(json.dumps({"schema": SCHEMA, "reads": len(table), "pages": len(self.now), "shown": self.shown if complete else "",
                                         "editors": sorted(self.editors)}) + "\n")
                for read in table:
                    handle.write(json.dumps(read.split(JOIN, 1)) + "\n")
                for name, entry in self.now.items():
                    handle.write(json.dumps([name, entry.key, entry.size, entry.mtime_ns, _numbers_written(renumbered(entry.reads)),
                                             entry.reads_digest, entry.listed, entry.indexed, entry.group]) + "\n")
            partial.replace(self.path)
        except OSError as error:  # a read-only checkout still builds; the next build renders every page
            logger.warning("cannot save the page map %s (%s)", self.path, error)


class ReadTable:
    """A list of reads that keeps their text in one buffer of UTF-8, with where each one ends: a str object takes
    some 50 bytes besides its text, 100 MB for the two million reads of 10,000 documents."""

    def __init__(self):
        self._text = bytearray()
        self._ends = array("Q")

    def append(self, read: str) -> None:
        self._text += read.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._text))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, number: int) -> str:
        if not 0 <= number < len(self._ends):
            raise IndexError(number)
        start = self._ends[number - 1] if number else 0
        return self._text[start:self._ends[number]].decode("utf-8", "surrogatepass")

    def __iter__(self) -> Iterator[str]:
        return (self[number] for number in range(len(self._ends)))


class ReadNumbers:
    """Each read's number in a table of reads (a list it appends to), found by the read's hash in sorted arrays:
    a dict from read to number holds an entry and an int object for each of the table's reads, some 125 MB for
    the two million reads of 10,000 documents; these arrays hold 12 bytes a read. Reads added since the arrays
    were last sorted are in a dict until it holds a quarter as many as they do."""

    FRESH = 50_000  # at least this many reads in the dict before they are merged into the arrays

    def __init__(self, table: ReadTable | list[str]):
        self.table = table
        self._hashes = np.fromiter((hash(read) for read in table), dtype=np.int64, count=len(table))
        self._numbers = np.argsort(self._hashes, kind="stable").astype(np.uint32)
        self._hashes = self._hashes[self._numbers]
        self._fresh: dict[str, int] = {}

    def numbers_of(self, reads: list[str]) -> list[int]:
        """Each read's number; a read the table does not hold is appended to it."""
        hashes = np.fromiter((hash(read) for read in reads), dtype=np.int64, count=len(reads))
        at = np.searchsorted(self._hashes, hashes).tolist()
        found = []
        for read, place, wanted in zip(reads, at, hashes.tolist()):
            number = self._fresh.get(read, -1)
            while number < 0 and place < len(self._hashes) and self._hashes[place] == wanted:
                candidate = int(self._numbers[place])
                number = candidate if self.table[candidate] == read else -1
                place += 1
            if number < 0:
                number = self._fresh[read] = len(self.table)
                self.table.append(read)
            found.append(number)
        if len(self._fresh) >= max(self.FRESH, len(self._hashes) // 4):
            self._merge()
        return found

    def _merge(self) -> None:
        fresh = np.fromiter(self._fresh.values(), dtype=np.uint32, count=len(self._fresh))
        hashes = np.concatenate([self._hashes, np.fromiter((hash(read) for read in self._fresh), dtype=np.int64,
                                                           count=len(self._fresh))])
        order = np.argsort(hashes, kind="stable")
        self._hashes = hashes[order]
        self._numbers = np.concatenate([self._numbers, fresh])[order]
        self._fresh = {}


def _make_folder(folder: str) -> None:
    """os.makedirs(folder, exist_ok=True) in one system call when the parent is there, as it is for most of the
    pages, each in a folder of its own: 36,000 took 4.8 s of CPU with makedirs, 3.0 s with mkdir."""
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)


def _flag(value) -> bool | None:
    return value if isinstance(value, bool) else None


def _numbers_written(numbers: array) -> str:
    """A page's read numbers as text: their bytes, little-endian, in base64 (a tenth of the memory a JSON list of
    them takes to parse back)."""
    if sys.byteorder == "big":
        numbers = array("I", numbers)
        numbers.byteswap()
    return base64.b64encode(numbers.tobytes()).decode("ascii")


def _numbers_read(text: str) -> array:
    numbers = array("I", base64.b64decode(text.encode("ascii"), validate=True))
    if sys.byteorder == "big":
        numbers.byteswap()
    return numbers


def _same_file(one: str, other: str) -> bool:
    """Whether the two paths name one file (a build written in place)."""
    try:
        return os.path.samestat(os.stat(one), os.stat(other))
    except OSError:
        return False
