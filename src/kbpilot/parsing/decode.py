"""Bytes of an article file to text: size and binary checks, UTF-8 (with or without BOM), cp1252.

Line breaks are normalised to "\\n" one for one, so line numbers still point into the original file.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from kbpilot.errors import ParseError
from kbpilot.model import Diagnostic, Level

_SNIFF = 8192
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # below space, but for \t \n \v \f \r


@dataclass(frozen=True)
class Decoded:
    """The text of a file and what was learnt decoding it."""

    text: str
    encoding: str
    diagnostics: tuple[Diagnostic, ...] = ()


def decode(data: bytes, max_bytes: int) -> Decoded:
    """Decode an article file; raises ParseError for what is not a readable article."""
    check_size(len(data), max_bytes)
    text, encoding, notes = _decode_text(data)
    if _looks_binary(text[:_SNIFF]):
        raise ParseError("file looks binary (control characters), not an article")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return Decoded(text=text, encoding=encoding, diagnostics=notes)


def check_size(size: int, max_bytes: int) -> None:
    """Refuse a file larger than the articles limit, saying which setting raises it."""
    if size > max_bytes:
        raise ParseError(
            f"file is {size / 1_000_000:.1f} MB, larger than the {max_bytes / 1_000_000:g} MB "
            "kbpilot reads as an article; split it or raise [kb] max_article_bytes in "
            "kb/kbpilot.toml"
        )


def _decode_text(data: bytes) -> tuple[str, str, tuple[Diagnostic, ...]]:
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as error:
                raise ParseError(
                    f"file starts with a {name} byte-order mark but is not {name}: {error.reason}"
                ) from None
            return text, name, (_info(f"decoded as {name} (byte-order mark)"),)
    if b"\x00" in data[:_SNIFF]:
        raise ParseError("file looks binary (NUL bytes), not an article")
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        first_bad = f"first non-UTF-8 byte 0x{data[error.start]:02x} on line {line}"
    try:
        text = data.decode("cp1252")
        return text, "cp1252", (_info(f"not UTF-8 ({first_bad}); decoded as cp1252"),)
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        return text, "latin-1", (_info(f"not UTF-8 ({first_bad}); decoded as latin-1"),)


def _looks_binary(sample: str) -> bool:
    if "\x00" in sample:
        return True
    control = len(_CONTROL.findall(sample))
    return control > max(4, len(sample) // 100)


def _info(message: str) -> Diagnostic:
    return Diagnostic(Level.INFO, message, line=None)
