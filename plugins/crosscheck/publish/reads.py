"""What a page showed: a stable digest of its own data, and the shared data its templates read while it rendered.

A page is rendered from the values its generator hands it (a source, its claims, a list of cards) and from the
shared stores its templates look things up in (``lookup.sources[id]``, ``annotated.verdict_of``, a group's
title). ``fingerprint`` digests the values, whatever their order of creation or the process's hash seed. The
stores are handed to the templates wrapped in ``Tracked`` proxies, which note each read as a (path, key) pair
while a page renders: whether an id is in a store, one field of the item at an id (an item that is a dataclass
is handed out as a ``TrackedItem``, so a page that shows a source's title does not depend on its text), a whole
item, a length, a slice, or the whole store (iterated). The next build digests those same reads in its own data (``Digests``); when they and the
page's own values are as they were, the page shows what it showed, so its last file can be taken.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..model import Source


WHOLE = "*"  # the store was iterated (or its truth tested): every item counts
LENGTH = "#"
ITEM = "k:"  # followed by the key
FIELD = "f:"  # followed by the key, SEPARATOR and the field's name
PRESENT = "p:"  # followed by the key: only whether it is in the store
SEPARATOR = "\x1f"
SLICE = "s:"  # followed by start:stop:step


def _hash(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


_FIELDS: dict[type, tuple[tuple[str, bytes], ...]] = {}  # each dataclass's fields, found once (dataclasses.fields is slow)


class Fingerprints:
    """Digests of values, as their pickles (``_Pickler``). A frozen dataclass handed to a page as one of its values
    is digested once a build, and so is every source wherever it is (a story's view, a list of sources): the same
    source, with its whole text, is shown on many pages. A remembered object is kept alive (so that its id is not
    reused), with some 200 bytes of memo, so the memo is emptied when it holds ``limit`` of them: the pages that show
    one object are mostly written one after the other, and the view data made for one page (its rows, its cards) is
    not held for the rest of the build."""

    limit = 100_000

    def __init__(self):
        self._memo: dict[int, tuple[object, bytes]] = {}  # id -> (the object, kept alive so the id is not reused; digest)
        self._pickled = _Pickled(self._source)
        self._source_pickled = _Pickled()

    def of(self, value: Any) -> bytes:
        if type(value) is not dict:
            return _hash(self._one(value))
        # a page's values, each on its own
        return _hash(b"".join((key.encode() + b"\0" if type(key) is str else self._pickled(key)) + self._one(item)
                              for key, item in value.items()))

    def _one(self, value: Any) -> bytes:
        if isinstance(value, (set, frozenset)):  # its order is the hash seed's
            return b"S%d{" % len(value) + b"".join(sorted(self.of(item) for item in value)) + b"}"
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return b"D" + self._dataclass(value, self._pickled)
        # lists of rows or cards, strings, Markup (printed as it is, where a str is escaped), Tracked stores
        return b"P" + self._pickled(value)

    def _dataclass(self, value, pickled: _Pickled) -> bytes:
        frozen = type(value).__dataclass_params__.frozen
        if frozen and id(value) in self._memo:
            return self._memo[id(value)][1]
        found = pickled(value)
        if frozen:
            if len(self._memo) >= self.limit:
                self._memo.clear()
            self._memo[id(value)] = (value, found)
        return found

    def _source(self, source: Source) -> bytes:
        return self._dataclass(source, self._source_pickled)


class _Pickler(pickle.Pickler):
    """Pickles values in C, some four times faster than walking their fields here. Without a memo (fast mode), so
    that the bytes depend on the values only, not on which of them are one object (an analysis read back from the
    cache shares fewer strings than one just made). A dataclass whose fields hold a set would pickle it in the hash
    seed's order: none does (tests/test_rendered.py). A source inside a value is pickled as its digest (``source``)."""

    source: Callable[[Source], bytes] | None = None

    def reducer_override(self, value):
        if isinstance(value, Tracked):  # its reads are noted while the page renders
            return _tracked, (value.path,)
        if isinstance(value, TrackedItem):
            return _tracked, (value._path, value._key)
        if type(value) is Source and self.source is not None:
            return _tracked, ("source", self.source(value))
        return NotImplemented


def _tracked(*where: object) -> None:
    """Stands for a Tracked store, or a source by its digest, in a pickle that is only digested, never loaded."""


class _Pickled:
    """The digest of a value's pickle, hashed as the pickler writes it: a page's list of a thousand rows is never
    held as one string of bytes. One pickler for every value of a build: making one costs more than pickling a
    sentence."""

    def __init__(self, source: Callable[[Source], bytes] | None = None):
        self._hasher = hashlib.blake2b(digest_size=16)
        self.pickler = _Pickler(self, protocol=5)
        self.pickler.fast = True
        self.pickler.source = source

    def write(self, data) -> None:  # the pickler's file
        self._hasher.update(data)

    def __call__(self, value: Any) -> bytes:
        self._hasher = hashlib.blake2b(digest_size=16)
        self.pickler.dump(value)
        return self._hasher.digest()


def piecewise(value: Any, fingerprints: Fingerprints) -> bytes:
    """The digest of a large dataclass (an Analysis), its fields' items digested one at a time: ``Fingerprints.of``
    would hold the parts of every item at once (at 10,000 documents, some 600,000 sentences). A field that is
    not a sequence or a mapping is one item."""
    found = hashlib.blake2b(digest_size=16)
    for name, label in _fields(type(value)):
        found.update(label)
        items = getattr(value, name)
        for item in items.items() if isinstance(items, Mapping) else items if isinstance(items, (tuple, list)) else (items,):
            found.update(fingerprints.of(item))
    return found.digest()


def _fields(kind: type) -> tuple[tuple[str, bytes], ...]:
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple((field.name, field.name.encode() + b"=") for field in dataclasses.fields(kind))
    return names


class Reads:
    """The (path, key) pairs read through Tracked stores since ``start``; none are noted outside a page."""

    def __init__(self):
        self.noted: set[tuple[str, str]] | None = None

    def start(self) -> None:
        self.noted = set()

    def stop(self) -> set[tuple[str, str]]:
        found, self.noted = self.noted or set(), None
        return found

    def note(self, path: str, key: str) -> None:
        if self.noted is not None:
            self.noted.add((path, key))


class Tracked:
    """A store (a mapping, a sequence or an object of them) handed to templates: each read is noted in ``reads``."""

    def __new__(cls, path: str, value: Any, reads: Reads):
        if cls is Tracked:
            cls = TrackedMapping if isinstance(value, Mapping) else TrackedSequence if isinstance(
                value, (list, tuple)) else TrackedObject
        return super().__new__(cls)

    def __init__(self, path: str, value: Any, reads: Reads):
        self.path, self._value, self._reads = path, value, reads


class TrackedMapping(Tracked, Mapping):
    def __getitem__(self, key):
        if not isinstance(key, str):
            self._reads.note(self.path, WHOLE)
            return self._value[key]
        self._reads.note(self.path, PRESENT + key)  # `.get(id)` shows something else when the id comes or goes
        value = self._value[key]
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return TrackedItem(self.path, key, value, self._reads)
        self._reads.note(self.path, ITEM + key)
        return value

    def __contains__(self, key):
        self._reads.note(self.path, PRESENT + key if isinstance(key, str) else WHOLE)
        return key in self._value

    def __iter__(self):
        self._reads.note(self.path, WHOLE)
        return iter(self._value)

    def __len__(self):
        self._reads.note(self.path, WHOLE)  # a length is also asked by `if store`, which shows nothing else of it
        return len(self._value)


class TrackedSequence(Tracked, Sequence):
    def __getitem__(self, index):
        if isinstance(index, slice) and all(part is None or isinstance(part, int) for part in (index.start, index.stop, index.step)):
            self._reads.note(self.path, SLICE + ":".join("" if part is None else str(part)
                                                         for part in (index.start, index.stop, index.step)))
        else:
            self._reads.note(self.path, WHOLE)
        return self._value[index]

    def __iter__(self):
        self._reads.note(self.path, WHOLE)
        return iter(self._value)

    def __len__(self):
        self._reads.note(self.path, LENGTH)
        return len(self._value)

    def __bool__(self):
        self._reads.note(self.path, LENGTH)
        return bool(self._value)


class TrackedObject(Tracked):
    """Its attributes are tracked in turn; a method called on it reads the whole object."""

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        value = getattr(self._value, name)
        if callable(value):
            self._reads.note(self.path, WHOLE)
            return value
        if isinstance(value, (Mapping, list, tuple)):
            child = Tracked(f"{self.path}.{name}", value, self._reads)
            object.__setattr__(self, name, child)  # found by plain lookup from now on
            return child
        self._reads.note(f"{self.path}.{name}", WHOLE)
        return value

    def __bool__(self):
        return bool(self._value)


class TrackedItem:
    """A dataclass found in a store: each field read is noted; a method called on it reads all of it."""

    __slots__ = ("_path", "_key", "_value", "_reads")

    def __init__(self, path: str, key: str, value: Any, reads: Reads):
        self._path, self._key, self._value, self._reads = path, key, value, reads

    def __getattr__(self, name: str):
        value = getattr(self._value, name)
        if callable(value) or name.startswith("_"):
            self._reads.note(self._path, ITEM + self._key)
        else:
            self._reads.note(self._path, FIELD + self._key + SEPARATOR + name)
        return value

    def __eq__(self, other):
        return self._value == (other._value if isinstance(other, TrackedItem) else other)

    def __hash__(self):
        return hash(self._value)


class Digests:
    """The digest of a read in this build's stores (``roots``: path -> store). Not remembered here: the page map
    keeps each read's digest once it is asked (rendered.PageMap)."""

    LONGEST = 17  # bytes of a read's digest: "=" and a fingerprint

    def __init__(self, roots: Mapping[str, Any], fingerprints: Fingerprints):
        self.roots, self.fingerprints = roots, fingerprints

    def of(self, reads) -> str:
        """One digest of the (path, key) reads, in the order given."""
        return self.joined([self.read(*read) for read in reads])

    @staticmethod
    def joined(digests: Sequence[bytes]) -> str:
        """One digest of the digests of reads (``read``), in the order given."""
        return _hash(b"".join(digests)).hex()

    def read(self, path: str, key: str) -> bytes:
        """The digest of one read: what the page saw of ``key`` in the store at ``path``."""
        root, *names = path.split(".")
        if root not in self.roots:
            return b"gone"
        store = self.roots[root]
        for name in names:
            if not hasattr(store, name):
                return b"gone"
            store = getattr(store, name)
        if key == WHOLE:
            return self.fingerprints.of(store)
        if key == LENGTH:
            return repr(len(store)).encode()
        if key.startswith(SLICE):
            start, stop, step = (int(part) if part else None for part in key[len(SLICE):].split(":"))
            return self.fingerprints.of(store[start:stop:step])
        if key.startswith(PRESENT):
            return b"present" if key[len(PRESENT):] in store else b"absent"
        if key.startswith(FIELD):
            item, _, name = key[len(FIELD):].partition(SEPARATOR)
            return b"absent" if item not in store else b"=" + self.fingerprints.of(getattr(store[item], name, None))
        item = key[len(ITEM):]
        return b"absent" if item not in store else b"=" + self.fingerprints.of(store[item])
