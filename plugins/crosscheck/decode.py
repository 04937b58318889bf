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
    if _truncated_utf8(data, utf8_error):
        text = data.decode("utf-8", errors="replace")
        notes.append("the file ends inside a UTF-8 character; the broken bytes were replaced")
        return _normalise(text, "utf-8", tuple(notes))
    guess = _guess_encoding(data)
    if guess is None:
        raise UndecodableError(
            f"the file is not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
            "and no other encoding fits; save it as UTF-8"
        )
    notes.append(f"no charset declared and not UTF-8; assumed {guess}")
    return _normalise(data.decode(guess), guess, tuple(notes))


# charset-normalizer ranks rare code pages (iso8859-10 for French, say) as
# high as the common ones on short texts; among near-equal guesses, take the
# code page that web pages actually use.
_COMMON = ("cp1252", "cp1251", "cp1250", "iso8859_2", "koi8_r", "koi8_u", "cp1253", "cp1254",
           "cp1257", "iso8859_7", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr", "cp1255", "cp1256")
_CHAOS_MARGIN = 0.1


def _guess_encoding(data: bytes) -> str | None:
    matches = [match for match in from_bytes(data) if match.encoding not in ("utf_8", "utf-8")]
    if not matches:
        return None
    best = matches[0]
    close = {match.encoding: match for match in matches if match.chaos <= best.chaos + _CHAOS_MARGIN}
    chosen = next((name for name in _COMMON if name in close), best.encoding)
    return chosen.replace("_", "-")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    control = sum(1 for byte in sample if byte in _CONTROL)
    return control > max(1, len(sample) // 100)


def _truncated_utf8(data: bytes, error: UnicodeDecodeError) -> bool:
    """Only the last character is cut short; everything before it is UTF-8."""
    return error.start >= len(data) - 3 and error.end == len(data) and "unexpected end" in error.reason


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
