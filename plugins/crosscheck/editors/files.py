"""Editors' files as text: the one decoder of annotations, entity and outlet files, with one error behaviour.

Editors write these files by hand, in whatever editor they have. A file that is
not UTF-8 was most likely saved by a Windows editor as Windows-1252: it is read
so, and a Problem names the file and the first line that is not UTF-8, shown as
read, to check. A file that reads cleanly in neither (partly UTF-8, say) is
read with U+FFFD for what was lost, and ``EditorFile.lost`` tells the reader of
that kind of file to keep it from readers (an annotation stays a draft, an entity
file is skipped) until it is saved as UTF-8.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..model import Problem


@dataclass(frozen=True)
class EditorFile:
    path: str  # relative to the content folder, with forward slashes
    text: str  # with "\n" newlines
    problem: Problem | None = None  # why the text may differ from what the editor wrote
    lost: bool = False  # characters could not be read: nothing of it may reach readers as it is


def editor_files(root: Path, folders: Sequence[str], when_lost: str) -> Iterator[EditorFile]:
    """Every ``*.md`` file in ``folders`` (under ``root``, subfolders too), in path order.

    ``when_lost`` ends the message about a file that cannot be read whole: what becomes of it."""
    for folder in folders:
        base = root / folder
        for path in sorted(base.rglob("*.md")) if base.is_dir() else ():
            if path.is_file():
                yield read_editor_file(path, path.relative_to(root).as_posix(), when_lost)


def read_editor_file(path: Path, relpath: str, when_lost: str) -> EditorFile:
    try:
        data = path.read_bytes()
    except OSError as error:
        return EditorFile(relpath, "", Problem(relpath, f"cannot read the file ({error.strerror}); {when_lost}"), lost=True)
    return decode(data, relpath, when_lost)


def decode(data: bytes, relpath: str, when_lost: str) -> EditorFile:
    """An editor's file as text; see the module's docstring."""
    try:
        return EditorFile(relpath, _newlines(data.decode("utf-8-sig")))
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        start, end = data.rfind(b"\n", 0, error.start) + 1, data.find(b"\n", error.start)
        wrong = data[start:end if end >= 0 else len(data)].strip()
    partly = data.decode("utf-8", errors="replace")
    if not any(ord(ch) > 127 and ch != "\ufffd" for ch in partly):  # partly UTF-8: Windows-1252 would garble the rest
        try:
            return EditorFile(relpath, _newlines(data.decode("cp1252")),
                              Problem(relpath, f"not UTF-8; read as Windows-1252, so this line reads "
                                               f"{wrong.decode('cp1252')!r}. Save the file as UTF-8", line))
        except UnicodeDecodeError:
            pass
    return EditorFile(relpath, _newlines(partly),
                      Problem(relpath, f"not UTF-8 (nor Windows-1252): this line reads {wrong.decode('utf-8', 'replace')!r}; "
                                       f"{when_lost}", line), lost=True)


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n")
