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
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).resolve().parent.parent
# Settings that say where a build reads or writes, not what a page shows: two builds into two folders share pages.
PLACES = frozenset({"PATH", "OUTPUT_PATH", "CACHE_PATH", "CROSSCHECK_CACHE_PATH", "CROSSCHECK_PREVIOUS_OUTPUT_PATH",
                    "THEME", "PLUGIN_PATHS", "THEME_TEMPLATES_OVERRIDES"})
SCHEMA = 2


@dataclass(frozen=True)
class Written:
    key: str
    size: int
    mtime_ns: int
    reads: tuple[tuple[str, str], ...] = ()  # what its templates read of the shared stores (reads.Reads)
    reads_digest: str = ""


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


def _same_file(one: Path, other: Path) -> bool:
    """Whether the two paths name one file (a build written in place): a stat each, cheaper than resolving both."""
    try:
        return os.path.samestat(one.stat(), other.stat())
    except OSError:
        return False


class PageMap:
    """What the last build wrote: page address -> Written; read at the start of a build, saved at its end."""

    def __init__(self, path: Path | None):
        self.path = path
        self.last: dict[str, Written] = {}
        self.now: dict[str, Written] = {}
        self.taken = 0  # pages taken from the last build
        self.rendered = 0
        if path is None:
            return
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if saved.get("schema") != SCHEMA:
                raise ValueError(f"schema {saved.get('schema')!r}, not {SCHEMA}")
            table = [tuple(read) for read in saved["reads"]]
            self.last = {name: Written(key, size, mtime_ns, tuple(table[number] for number in noted), reads_digest)
                         for name, (key, size, mtime_ns, noted, reads_digest) in saved["pages"].items()}
        except (OSError, ValueError, TypeError, KeyError, IndexError) as error:  # none yet, or damaged: every page is rendered
            logger.debug("no page map read from %s: %s", path, error)
            self.last = {}

    def unchanged(self, save_as: str, key: str, digests, places: Sequence[Path]) -> Path | None:
        """The last build's file of this page, when its key is ``key``, what it read digests as it did then
        (``digests``: reads.Digests of this build) and the file is as that build wrote it."""
        last = self.last.get(save_as)
        if last is None or last.key != key or digests.of(last.reads) != last.reads_digest:
            return None
        for place in places:
            try:
                found = (place / save_as).stat()
            except OSError:
                continue
            if (found.st_size, found.st_mtime_ns) == (last.size, last.mtime_ns):
                return place / save_as
        return None

    def take(self, previous: Path, target: Path, save_as: str) -> None:
        """Put the last build's file at ``target``: a hard link where the file system allows, else a copy."""
        if not _same_file(previous, target):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            try:
                os.link(previous, target)
            except OSError:
                shutil.copy2(previous, target)
        self.taken += 1
        last = self.last[save_as]
        self.record(save_as, last.key, target, last.reads, last.reads_digest)

    def record(self, save_as: str, key: str, target: Path, reads: tuple[tuple[str, str], ...] = (), reads_digest: str = "") -> None:
        found = target.stat()
        self.now[save_as] = Written(key, found.st_size, found.st_mtime_ns, reads, reads_digest)

    def save(self) -> None:
        """Keep what this build wrote (pages it did not write are forgotten)."""
        if self.path is None:
            return
        partial = self.path.with_name(self.path.name + ".partial")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            numbers: dict[tuple[str, str], int] = {}  # each read once: many pages read the same source
            pages = {name: [entry.key, entry.size, entry.mtime_ns,
                            [numbers.setdefault(read, len(numbers)) for read in entry.reads], entry.reads_digest]
                     for name, entry in self.now.items()}
            partial.write_text(json.dumps({"schema": SCHEMA, "reads": list(numbers), "pages": pages}), encoding="utf-8")
            partial.replace(self.path)
        except OSError as error:  # a read-only checkout still builds; the next build renders every page
            logger.warning("cannot save the page map %s (%s)", self.path, error)
