import codecs

import pytest
from crosscheck.ingest.decode import UndecodableError, decode

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
    assert any("assumed cp1251" in warning for warning in decoded.warnings)


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
    assert any("ends inside a UTF-8 character" in warning for warning in decoded.warnings)


def test_one_stray_byte_in_utf8_is_replaced_not_taken_for_a_code_page():
    data = ("Title: Повінь\n\n" + UKRAINIAN).encode("utf-8")
    at = data.index("отримав".encode())
    decoded = decode(data[:at] + b"\xff" + data[at:])
    assert decoded.encoding == "utf-8"
    assert "Київ \ufffdотримав" in decoded.text
    assert decoded.warnings == ((
        "the file is UTF-8 except for 1 broken byte sequence(s), the first on line 3; "
        "they were replaced with \ufffd; correct them in the file"
    ),)


def test_a_few_control_characters_are_removed_not_taken_for_a_binary_file():
    decoded = decode(b"The depot\x07 said 22 buses\x1b[0m were withdrawn.\x7f\n")
    assert decoded.text == "The depot said 22 buses[0m were withdrawn.\n"
    assert decoded.notes == ("3 control characters removed (U+0007, U+001B, U+007F)",)


@pytest.mark.parametrize("data, kind", [(b"%PDF-1.7\n%\xe2\xe3", "a PDF document"), (b"PK\x03\x04rest", "a ZIP archive"),
                                        (b"\x89PNG\r\n\x1a\n", "a PNG image")])
def test_documents_and_images_are_named(data, kind):
    with pytest.raises(UndecodableError, match=f"looks like {kind}"):
        decode(data + b"x" * 100)


def test_a_byte_order_mark_that_lies_is_reported():
    with pytest.raises(UndecodableError, match="utf-32 byte order mark but is not utf-32"):
        decode(b"\xff\xfe\x00\x00abc")
    decoded = decode(b"\xef\xbb\xbfLe caf\xc3\xa9 \xff ferme.")
    assert decoded.text == "Le café \ufffd ferme." and decoded.warnings


def test_characters_xml_cannot_hold_are_taken_out_and_reported():
    data = "Title: Ferry\x0cstrike\n\nThe ferry \ufffestopped \uffff on Monday.\n".encode()
    decoded = decode(data)
    assert decoded.text == "Title: Ferry strike\n\nThe ferry stopped  on Monday.\n"
    assert "1 form feeds (U+000C) replaced by spaces" in decoded.notes
    assert any("2 character(s) that are no text removed (U+FFFE, U+FFFF" in warning for warning in decoded.warnings)


@pytest.mark.parametrize("text", ["a\ud800b", "a\udfffb", "\ufdd0", "\U0001fffe", "\U0010ffff", "\x0b", "\x1b"])
def test_strip_unsafe_leaves_only_what_xml_and_html_allow(text):
    from crosscheck.ingest.decode import strip_unsafe

    cleaned, found = strip_unsafe(text)
    assert found
    cleaned.encode("utf-8")  # a lone surrogate would raise here
    assert not any(ord(ch) < 32 and ch not in "\t\n" for ch in cleaned)


@pytest.mark.parametrize("text, balanced", [
    ("\u202eDESOLC", "\u202eDESOLC\u202c"),  # an override left open is closed at the end
    ("\u202eDESOLC\u202c and on", "\u202eDESOLC\u202c and on"),  # a closed one is left alone
    ("closes nothing\u202c\u2069", "closes nothing"),
    ("\u2067isolate \u202bembedded\u2069 after", "\u2067isolate \u202bembedded\u2069 after"),  # PDI closes both
    ("\u2068\u202dtwo open", "\u2068\u202dtwo open\u202c\u2069"),
    ("marks \u200f\u200e stay", "marks \u200f\u200e stay"),
])
def test_balance_bidi_closes_what_a_text_opens(text, balanced):
    from crosscheck.ingest.decode import balance_bidi

    assert balance_bidi(text) == balanced
