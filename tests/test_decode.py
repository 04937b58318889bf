import codecs

import pytest

from crosscheck.decode import UndecodableError, decode

UKRAINIAN = "Київ отримав найбільше. Зенітники збили 30 з 35 дронів у понеділок, 19 грудня."
FRENCH = "Le conseil a voté le budget à 7 voix contre 2. « Très déçu », a déclaré le maire."


def test_utf8_passes_through():
    assert decode(UKRAINIAN.encode("utf-8")).text == UKRAINIAN


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", b"\n\n"])
def test_empty_and_whitespace_files_are_refused(data):
    with pytest.raises(UndecodableError, match="empty"):
        decode(data)


def test_binary_file_is_refused():
    data = bytes(range(256)) * 20
    with pytest.raises(UndecodableError, match="binary"):
        decode(data)


def test_cp1251_is_detected_and_noted():
    decoded = decode((UKRAINIAN * 3).encode("cp1251"))
    assert decoded.text == UKRAINIAN * 3
    assert decoded.encoding in {"cp1251", "windows-1251"}
    assert any("assumed" in note for note in decoded.notes)


def test_latin1_is_detected():
    decoded = decode((FRENCH * 3).encode("latin-1"))
    assert "déclaré" in decoded.text and "«" in decoded.text


def test_declared_charset_wins():
    assert decode(FRENCH.encode("cp1252"), declared="windows-1252").text == FRENCH


def test_bom_crlf_and_nul_are_repaired():
    data = codecs.BOM_UTF8 + b"Title: A\r\n\r\nLine one.\r\nLine\x00 two.\r\n"
    decoded = decode(data)
    assert decoded.text == "Title: A\n\nLine one.\nLine two.\n"
    assert not decoded.text.startswith("\ufeff")
    assert any("NUL" in note for note in decoded.notes)


def test_utf16_with_bom():
    assert decode("Hello, world. Привіт.".encode("utf-16")).text == "Hello, world. Привіт."


def test_truncated_utf8_keeps_what_decodes():
    data = (UKRAINIAN + " Кінець").encode("utf-8")[:-1]
    decoded = decode(data)
    assert decoded.text.startswith("Київ отримав")
    assert any("ends inside a UTF-8 character" in note for note in decoded.notes)
