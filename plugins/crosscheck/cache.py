"""The analysis cache: per-source results in SQLite, keyed by what they were computed from.

A key is a digest of the analysis version (the package's code and the
versions of the libraries that shape its results), the stage, and every input
of that stage for one source: the file's path and bytes for reading, plus the
source's final id, its settled reference date and the entity ids of its
mentions for claim extraction.  Linking, the one global stage worth caching,
is keyed by all the claims keys and the linking code.  A changed source, entity file or code
therefore misses, and nothing has to be invalidated by hand.  Beside it, one entry per content
folder holds the last linking's state (link/groups.LinkState, under pipeline.linking_state_key):
the statistics of its generation and what each source and story gave, so that a build in which a
few sources changed links only those. Both linking entries are stored in pieces (put_pieces).

Values are pickled: the cache file is as trusted as the code (SECURITY.md).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import os
import pickle
import sqlite3
import sys
import zlib
from collections.abc import Iterable, Iterator, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

PACKAGE = Path(__file__).parent
# Libraries whose output ends up in the analysis: a new version may read a text differently.
LIBRARIES = (
    "beautifulsoup4", "charset-normalizer", "htmldate", "lxml", "Markdown", "python-dateutil",
    "quantulum3", "rapidfuzz", "snowballstemmer", "syntok", "trafilatura",
)
SCHEMA = 1
# Modules the cached stages (reading, extracting claims) never run: editing them
# (the site, linking, comparing) must not cost a cold analysis.
NOT_CACHED = frozenset({
    "__main__.py", "annotate.py", "cli.py", "compare.py", "editors/", "evaluate.py", "link/", "publish/",
    "pelican_glue.py", "progress.py",
})
# Entries not used by this many builds in a row are dropped.
KEEP_BUILDS = 5
# Items (mapping entries, links) per piece of a value stored in pieces (AnalysisCache.put_pieces).
PIECE_ITEMS = 10_000


@functools.lru_cache(maxsize=1)
def analysis_version() -> str:
    """A digest of the modules the cached stages run and of the libraries they rely on."""
    digest = hashlib.sha256(f"schema {SCHEMA}; python {sys.version_info[:2]}".encode())
    for path in sorted([*PACKAGE.rglob("*.py"), *PACKAGE.glob("data/*.txt")]):  # word lists decide as code does
        name = path.relative_to(PACKAGE).as_posix()
        if name in NOT_CACHED or name.partition("/")[0] + "/" in NOT_CACHED:
            continue
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "absent"
        digest.update(f"{name}=={version}\n".encode())
    return digest.hexdigest()[:16]


@functools.lru_cache(maxsize=1)
def linking_version() -> str:
    """The analysis version plus the modules that link and compare claims (for the cached linking)."""
    digest = hashlib.sha256(analysis_version().encode())
    for path in sorted((PACKAGE / "link").glob("*.py")) + [PACKAGE / "compare.py", PACKAGE / "pipeline.py"]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def key(*parts: object) -> str:
    """A cache key from the analysis version and the given inputs (their reprs)."""
    digest = hashlib.sha256(analysis_version().encode())
    for part in parts:
        digest.update(b"\x1f" + (part if isinstance(part, bytes) else repr(part).encode()))
    return digest.hexdigest()


def packed(value: Any) -> bytes:
    """``value`` pickled and compressed, as ``zlib.compress(pickle.dumps(value), 1)`` but a frame at a time: the
    linking state of 10,000 sources is some hundred megabytes of pickle, which need not exist at once."""
    compressor, chunks = zlib.compressobj(1), []

    class Sink:
        @staticmethod
        def write(data) -> None:
            chunks.append(compressor.compress(data))

    pickle.Pickler(Sink(), pickle.HIGHEST_PROTOCOL).dump(value)
    chunks.append(compressor.flush())
    return b"".join(chunks)


def in_pieces(items: Iterable) -> Iterator[list]:
    """``items`` as lists of at most PIECE_ITEMS, in order."""
    iterator = iter(items)
    while piece := list(itertools.islice(iterator, PIECE_ITEMS)):
        yield piece


def _piece_key(item_key: str, number: int) -> str:
    return f"{item_key}:{number}"


class MissingPiece(LookupError):
    """A value stored in pieces lacks one (AnalysisCache.get_pieces): it is a miss."""


class AnalysisCache:
    """A key -> value store in one SQLite file; safe for several builds at once."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, version TEXT, build INTEGER, value BLOB)"
        )
        self.connection.execute("CREATE TABLE IF NOT EXISTS builds (version TEXT PRIMARY KEY, number INTEGER)")
        self.build = self._next_build()
        self.hits = 0
        self.misses = 0

    def _next_build(self) -> int:
        with self.connection:
            row = self.connection.execute("SELECT number FROM builds WHERE version = ?", (analysis_version(),)).fetchone()
            number = (row[0] if row else 0) + 1
            self.connection.execute("INSERT OR REPLACE INTO builds VALUES (?, ?)", (analysis_version(), number))
        return number

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """The cached values of those keys that are present; marks them used by this build."""
        wanted = list(dict.fromkeys(keys))
        found = self._loaded(wanted)
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def _loaded(self, wanted: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for start in range(0, len(wanted), 500):  # SQLite limits the number of bound parameters
            chunk = wanted[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(f"SELECT key, value FROM results WHERE key IN ({marks})", chunk).fetchall()
            for row_key, blob in rows:
                try:
                    found[row_key] = pickle.loads(zlib.decompress(blob))
                except Exception as error:  # noqa: BLE001 - a damaged or foreign entry is a miss, not a failure
                    logger.warning("ignoring a damaged cache entry in %s: %s", self.path, error)
            with self.connection:
                self.connection.execute(
                    f"UPDATE results SET build = ? WHERE key IN ({marks})", [self.build, *chunk]
                )
        return found

    def put_many(self, values: Mapping[str, Any]) -> None:
        rows = [
            (item_key, analysis_version(), self.build, packed(value)) for item_key, value in values.items()
        ]
        with self.connection:
            self.connection.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", rows)

    def put_pieces(self, item_key: str, pieces: Iterable[Any]) -> None:
        """Store one value given as pieces, each pickled on its own: a pickler remembers every object it wrote
        until the end, which for the linking state of 10,000 sources took some 450 MB beside the state itself.
        ``get_pieces`` gives them back, and a miss unless every piece of this one call is there."""
        token = os.urandom(8)  # which call a piece belongs to: a later call may store fewer pieces
        rows = [(_piece_key(item_key, number), analysis_version(), self.build, packed((token, piece)))
                for number, piece in enumerate(pieces)]
        rows.append((item_key, analysis_version(), self.build, packed((token, len(rows)))))
        with self.connection:
            self.connection.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", rows)

    def get_pieces(self, item_key: str) -> Iterator[Any] | None:
        """The pieces ``put_pieces`` stored under ``item_key``, in order, each read when it is asked for: the caller
        folds one into what it builds and lets it go before the next is unpickled. None when the value is not there;
        the iterator raises MissingPiece when a piece is missing or damaged, and the caller then has a miss."""
        head = self._loaded([item_key]).get(item_key)
        if not (isinstance(head, tuple) and len(head) == 2 and isinstance(head[1], int)):
            self.misses += 1
            return None
        return self._pieces(item_key, *head)

    def _pieces(self, item_key: str, token: bytes, count: int) -> Iterator[Any]:
        for number in range(count):
            tagged = self._loaded([_piece_key(item_key, number)]).get(_piece_key(item_key, number))
            if not (isinstance(tagged, tuple) and len(tagged) == 2 and tagged[0] == token):
                self.misses += 1
                raise MissingPiece(f"piece {number} of {count} of a cached value is missing or damaged")
            yield tagged[1]
        self.hits += 1

    def prune(self) -> None:
        """Drop entries of other code versions and entries no recent build has used."""
        with self.connection:
            self.connection.execute("DELETE FROM results WHERE version != ?", (analysis_version(),))
            self.connection.execute("DELETE FROM builds WHERE version != ?", (analysis_version(),))
            self.connection.execute("DELETE FROM results WHERE build <= ?", (self.build - KEEP_BUILDS,))

    def close(self) -> None:
        self.connection.close()
