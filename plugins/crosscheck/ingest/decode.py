"""Bytes -> text, or a reason why a file cannot be read as text."""

from __future__ import annotations

import codecs
import logging
import re
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
    notes: tuple[str, ...] = ()  # what was repaired without loss, for the editor
    warnings: tuple[str, ...] = ()  # what was guessed or lost: the text may differ from what the writer meant


def decode(data: bytes, declared: str = "") -> DecodedText:
    """Decode ``data``: BOM, then the declared charset, then UTF-8, then detection."""
    if not data.strip():
        raise UndecodableError("the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _normalise(data.decode(encoding), encoding, ("byte order mark",))
            except UnicodeDecodeError as error:
                if encoding != "utf-8-sig":
                    raise UndecodableError(
                        f"the file starts with a {encoding} byte order mark but is not {encoding} "
                        f"({error.reason} at byte {error.start}); save it as UTF-8"
                    ) from None
                data = data[len(bom) :]  # read on as UTF-8 with broken bytes, below
                break
    warnings: list[str] = []
    if declared:
        try:
            return _normalise(data.decode(declared), declared.lower(), ())
        except (LookupError, UnicodeDecodeError):
            warnings.append(f"declared charset {declared!r} did not decode the file")
    kind = _binary_kind(data)
    if kind:
        raise UndecodableError(f"the file looks like {kind}, not text; save the article as .txt, .html or .md")
    if _looks_binary(data):
        raise UndecodableError("the file looks binary (control bytes), not text")
    try:
        return _normalise(data.decode("utf-8"), "utf-8", (), tuple(warnings))
    except UnicodeDecodeError as error:
        utf8_error = error
    if _truncated_utf8(data, utf8_error):
        text = data.decode("utf-8", errors="replace")
        warnings.append("the file ends inside a UTF-8 character; the broken bytes were replaced")
        return _normalise(text, "utf-8", (), tuple(warnings))
    text = data.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    # Text in a legacy code page (cp1251, cp1252) almost never holds a valid UTF-8
    # multi-byte character by chance: when those outnumber the broken sequences, the
    # file is UTF-8 with a few bad bytes, and guessing a code page would garble every letter.
    if broken <= sum(1 for ch in text if ord(ch) > 127 and ch != "\ufffd"):
        line = data[: utf8_error.start].count(b"\n") + 1
        warnings.append(
            f"the file is UTF-8 except for {broken} broken byte sequence(s), the first on line {line}; "
            "they were replaced with \ufffd; correct them in the file"
        )
        return _normalise(text, "utf-8", (), tuple(warnings))
    guess = _guess_encoding(data)
    if guess is None:
        raise UndecodableError(
            f"the file is not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
            "and no other encoding fits; save it as UTF-8"
        )
    warnings.append(f"no charset declared and not UTF-8; assumed {guess}; save the file as UTF-8 to be sure")
    return _normalise(data.decode(guess), guess, (), tuple(warnings))


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


# Signatures of formats an editor may save by mistake where a source should be.
_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a .docx or .odt document is one)"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data"),
)


def _binary_kind(data: bytes) -> str:
    return next((kind for signature, kind in _SIGNATURES if data.startswith(signature)), "")


def _looks_binary(data: bytes) -> bool:
    """Binary files have control bytes all over (a tenth of random bytes are); text has a stray few at most."""
    sample = data[:8192]
    control = sum(1 for byte in sample if byte in _CONTROL)
    return control > max(2, len(sample) // 20)


def _truncated_utf8(data: bytes, error: UnicodeDecodeError) -> bool:
    """Only the last character is cut short; everything before it is UTF-8."""
    return error.start >= len(data) - 3 and error.end == len(data) and "unexpected end" in error.reason


def _normalise(text: str, encoding: str, notes: tuple[str, ...], warnings: tuple[str, ...] = ()) -> DecodedText:
    """Unify line endings and drop NUL and other characters that are no text, noting each repair."""
    repaired = list(notes)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        repaired.append(f"{text.count(chr(0))} NUL characters removed")
        text = text.replace("\x00", "")
    text, found = strip_unsafe(text)
    found_notes, found_warnings = repair_messages(found)
    text = text.lstrip("\ufeff")
    return DecodedText(text, encoding, tuple(repaired) + found_notes, tuple(warnings) + found_warnings)


# A terminal escape or a bell pasted into an article is noise, and not allowed in HTML or XML.
_CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0e-\x1f\x7f]")
# Never text, and not allowed in XML 1.0 (so a feed holding one is not well-formed): lone
# surrogates (a JSON-LD "\\ud800" escape makes them) and the noncharacters U+FFFE, U+FFFF and kin.
_NOT_TEXT = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    + "".join(chr(plane * 0x10000 + 0xFFFE) + chr(plane * 0x10000 + 0xFFFF) for plane in range(1, 17))
    + "]"
)
_UNSAFE = re.compile(f"{_CONTROL_CHARACTERS.pattern}|\x0c|{_NOT_TEXT.pattern}")


def strip_unsafe(text: str) -> tuple[str, list[str]]:
    """``text`` without control characters, lone surrogates and noncharacters; a form feed (a page
    break) becomes a space. Also returns each character taken out, for ``repair_messages``."""
    found = _UNSAFE.findall(text)
    if not found:
        return text, []
    return _UNSAFE.sub(lambda match: " " if match.group() == "\x0c" else "", text), found


def repair_messages(found: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What ``strip_unsafe`` took out, as (notes on repairs without loss, warnings on losses)."""
    notes, warnings = [], []
    controls = [ch for ch in found if _CONTROL_CHARACTERS.fullmatch(ch)]
    if controls:
        notes.append(f"{len(controls)} control characters removed ({_code_points(controls)})")
    if "\x0c" in found:
        notes.append(f"{found.count(chr(12))} form feeds (U+000C) replaced by spaces")
    not_text = [ch for ch in found if _NOT_TEXT.fullmatch(ch)]
    if not_text:
        warnings.append(f"{len(not_text)} character(s) that are no text removed ({_code_points(not_text)}: lone surrogates "
                        "or noncharacters); the program that saved the file wrote them by mistake, check the text around them")
    return tuple(notes), tuple(warnings)


def _code_points(characters: list[str]) -> str:
    return ", ".join(sorted({f"U+{ord(ch):04X}" for ch in characters}))


# Bidirectional embeddings, overrides and isolates, and what closes them. The marks (U+200E,
# U+200F, U+061C) open nothing and stay.
_BIDI_CLOSER = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
                "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def balance_bidi(text: str) -> str:
    """``text`` with every embedding, override and isolate it opens closed at its end, and every
    closer that closes nothing dropped: its direction cannot spill into the text around it."""
    if not BIDI_CONTROLS.search(text):
        return text
    kept, opened = [], []
    for piece in re.split(f"({BIDI_CONTROLS.pattern})", text):
        if piece in _BIDI_CLOSER:
            opened.append(piece)
        elif piece == "\u202c":  # closes an embedding or override, never across an isolate
            if not opened or _BIDI_CLOSER[opened[-1]] != piece:
                continue
            opened.pop()
        elif piece == "\u2069":  # closes the last isolate and whatever was opened inside it
            isolates = [i for i, opener in enumerate(opened) if _BIDI_CLOSER[opener] == piece]
            if not isolates:
                continue
            del opened[isolates[-1]:]
        kept.append(piece)
    return "".join(kept) + "".join(_BIDI_CLOSER[opener] for opener in reversed(opened))
