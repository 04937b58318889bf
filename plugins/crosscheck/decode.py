"""Bytes -> text, or a reason why a file cannot be read as text."""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass

from charset_normalizer import from_bytes

logger = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters other than tab, newlines and form feed mark a binary file.
_CONTROL = {c for c in range(32) if c not in (9, 10, 12, 13)}


class UndecodableError(ValueError):
    """The file is empty, binary, or in no encoding we can recognise."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    notes: tuple[str, ...] = ()  # what was assumed or repaired, for the editor


def decode(data: bytes, declared: str = "") -> DecodedText:
    """Decode ``data``: BOM, then the declared charset, then UTF-8, then detection."""
    if not data.strip():
        raise UndecodableError("the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normalise(data.decode(encoding), encoding, ("byte order mark",))
    notes: list[str] = []
    if declared:
        try:
            return _normalise(data.decode(declared), declared.lower(), ())
        except (LookupError, UnicodeDecodeError):
            notes.append(f"declared charset {declared!r} did not decode the file")
    if _looks_binary(data):
        raise UndecodableError("the file looks binary (control bytes), not text")
    try:
        return _normalise(data.decode("utf-8"), "utf-8", tuple(notes))
    except UnicodeDecodeError as error:
        utf8_error = error
    best = from_bytes(data).best()
    if best is None or best.encoding in ("utf_8", "utf-8"):
        # A UTF-8 file cut in the middle of a character: keep what decodes.
        if _truncated_utf8(data, utf8_error):
            text = data.decode("utf-8", errors="replace")
            notes.append("the file ends inside a UTF-8 character; the broken bytes were replaced")
            return _normalise(text, "utf-8", tuple(notes))
        raise UndecodableError(
            f"the file is not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
            "and no other encoding fits; save it as UTF-8"
        )
    encoding = best.encoding.replace("_", "-")
    notes.append(f"no charset declared and not UTF-8; assumed {encoding}")
    return _normalise(str(best), encoding, tuple(notes))


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    control = sum(1 for byte in sample if byte in _CONTROL)
    return control > max(1, len(sample) // 100)


def _truncated_utf8(data: bytes, error: UnicodeDecodeError) -> bool:
    return error.start >= len(data) - 3 and not _has_other_errors(data[: error.start])


def _has_other_errors(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _normalise(text: str, encoding: str, notes: tuple[str, ...]) -> DecodedText:
    """Unify line endings and drop NUL bytes, noting each repair."""
    repaired = list(notes)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        repaired.append(f"{text.count(chr(0))} NUL characters removed")
        text = text.replace("\x00", "")
    text = text.lstrip("\ufeff")
    return DecodedText(text, encoding, tuple(repaired))
