"""Clipped pages on disk: the header a clip starts with, where each version is kept, saving without overwriting.

A clip is the page's raw HTML as fetched, after a comment that says where and when it was read:

    <!-- crosscheck-clip
    URL: https://example.org/news/budget          (after redirects)
    Requested: https://example.org/b
    Retrieved: 2026-11-23T09:10:00Z
    Status: 200
    Content-Type: text/html; charset=utf-8
    -->

A comment, so the page still opens in a browser as it was. ``content/sources/<slug>.html`` is always the latest
version; once a page has changed, ``content/sources/<slug>.versions/`` holds every version, the latest too, each
named by its retrieval time. Nothing there is ever overwritten (docs/sources.md).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..words import numbered

CLIP_KEYS = ("url", "requested", "retrieved", "status", "content-type")
VERSIONS_SUFFIX = ".versions"
_OPENING = b"<!-- crosscheck-clip\n"
_CLOSING = b"-->\n"
_UTF8_BOM = b"\xef\xbb\xbf"
_FIELD = re.compile(r"^([A-Za-z-]+): (.*)$")
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True)
class Clip:
    """A clip's header fields (lower-case keys) and the page's bytes as they were fetched."""

    fields: dict[str, str]
    page: bytes

    @property
    def retrieved(self) -> dt.datetime | None:
        try:
            return dt.datetime.fromisoformat(self.fields.get("retrieved", ""))
        except ValueError:
            return None


def clip_bytes(fields: dict[str, str], page: bytes) -> bytes:
    """The file a clip is saved as. A byte order mark stays first, where a decoder looks for it."""
    lines = []
    for key in CLIP_KEYS:
        value = fields.get(key, "")
        if "\n" in value or "-->" in value or not value.isascii():
            raise ValueError(f"a clip's {key} must be one line of ASCII without '-->', not {value[:60]!r}")
        lines.append(f"{key.title() if key != 'url' else 'URL'}: {value}")
    bom = _UTF8_BOM if page.startswith(_UTF8_BOM) else b""
    header = _OPENING + "\n".join(lines).encode("ascii") + b"\n" + _CLOSING
    return bom + header + page[len(bom):]


def read_clip(data: bytes) -> Clip | None:
    """The header and page of a clip; None when ``data`` is not one (a page saved by hand)."""
    bom = _UTF8_BOM if data.startswith(_UTF8_BOM) else b""
    if not data.startswith(_OPENING, len(bom)):
        return None
    end = data.find(b"\n" + _CLOSING, len(bom))
    if end < 0:
        return None
    fields = {}
    for line in data[len(bom) + len(_OPENING):end].decode("ascii", "replace").split("\n"):
        if match := _FIELD.match(line):
            fields[match.group(1).lower()] = match.group(2).strip()
    return Clip(fields, bom + data[end + 1 + len(_CLOSING):])


def stamp(moment: dt.datetime) -> str:
    """A retrieval time as it is written in a header: UTC, to the second."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def versions_folder(path: Path) -> Path:
    return path.with_name(path.stem + VERSIONS_SUFFIX)


def in_versions_folder(path: Path) -> bool:
    """Whether ``path`` is an earlier (or a kept) version, not a source of its own."""
    return any(part.endswith(VERSIONS_SUFFIX) for part in path.parent.parts)


def versions(path: Path) -> list[Path]:
    """Every kept version of the source at ``path``, oldest first; just the file while it has never changed."""
    folder = versions_folder(path)
    kept = sorted(folder.glob("*.html"), key=_retrieval_order) if folder.is_dir() else []
    return kept or [path]


def _retrieval_order(path: Path) -> tuple[str, int]:
    """20261123T091000Z-2.html after 20261123T091000Z.html, which a plain sort puts after it."""
    moment, _, count = path.stem.partition("-")
    return moment, int(count) if count.isdigit() else 1


def clips(folder: Path) -> Iterator[tuple[Path, Clip]]:
    """Every clipped source under ``folder`` (latest versions only), in path order."""
    for path in sorted(folder.rglob("*.html")):
        if in_versions_folder(path.relative_to(folder)) or path.name.startswith("."):
            continue
        with path.open("rb") as handle:  # most sources are not clips: read only their start
            if not handle.read(len(_UTF8_BOM) + len(_OPENING)).removeprefix(_UTF8_BOM).startswith(_OPENING):
                continue
        found = read_clip(path.read_bytes())
        if found is not None:
            yield path, found


def write_new(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path``, which must not exist, all at once: a temporary file in the same folder
    (hidden, so a build never reads a leftover), then linked into place, which fails if the name was taken."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _temporary(path, data)
    try:
        os.link(temporary, path)
    finally:
        os.unlink(temporary)
    return path


def replace_latest(path: Path, data: bytes) -> None:
    """Put ``data`` in place of the latest version at ``path`` in one step; call only once it is kept in the versions folder."""
    os.replace(_temporary(path, data), path)


def _temporary(path: Path, data: bytes) -> str:
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        os.unlink(name)
        raise
    return name


def version_name(clip: Clip, taken: set[str]) -> str:
    """A version's file name: its retrieval time, with a count when two were read in the same second."""
    moment = clip.retrieved or dt.datetime.now(dt.UTC)
    base = moment.astimezone(dt.UTC).strftime(_STAMP)
    return f"{base}.html" if f"{base}.html" not in taken else numbered(base, taken, ".html")
