"""Decoding article bytes: UTF-8, BOMs, cp1252 exports, binary and oversized files."""

from __future__ import annotations

import codecs

import pytest

from kbpilot.errors import ParseError
from kbpilot.parsing.decode import decode

LIMIT = 1_000_000


def test_utf8_is_read_without_a_note() -> None:
    decoded = decode("Café – ok\n".encode(), LIMIT)
    assert (decoded.text, decoded.encoding, decoded.diagnostics) == ("Café – ok\n", "utf-8", ())


@pytest.mark.parametrize(
    ("bom", "codec"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ],
)
def test_byte_order_marks_are_honoured_and_noted(bom: bytes, codec: str) -> None:
    decoded = decode(bom + "Title\n1. Step\n".encode(codec), LIMIT)
    assert decoded.text == "Title\n1. Step\n"
    assert "byte-order mark" in decoded.diagnostics[0].message


def test_cp1252_export_is_decoded_and_the_note_names_the_line() -> None:
    decoded = decode("Title\n\nThe customer’s data – 5 €\n".encode("cp1252"), LIMIT)
    assert decoded.text == "Title\n\nThe customer’s data – 5 €\n"
    assert decoded.encoding == "cp1252"
    assert "line 3" in decoded.diagnostics[0].message


def test_latin1_bytes_that_cp1252_lacks_fall_back_to_latin1() -> None:
    decoded = decode(b"Title \x81\x8d caf\xe9\n", LIMIT)
    assert decoded.encoding == "latin-1"
    assert decoded.text.endswith("café\n")


def test_line_breaks_are_normalised_one_for_one() -> None:
    assert decode(b"a\r\nb\rc\n", LIMIT).text == "a\nb\nc\n"


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(0, 32)) * 20],
    ids=["nul-bytes", "control-characters"],
)
def test_binary_files_are_refused(data: bytes) -> None:
    with pytest.raises(ParseError, match="binary"):
        decode(data, LIMIT)


def test_oversized_file_is_refused_with_the_setting_to_change() -> None:
    with pytest.raises(ParseError, match=r"2\.0 MB.*max_article_bytes"):
        decode(b"x" * 2_000_000, LIMIT)
