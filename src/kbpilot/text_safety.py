"""Untrusted text made safe to show: control characters escaped, Markdown and HTML made literal.

Everything kbpilot shows that comes from articles, customers or users (titles, steps, notes,
reasons, field values, company and contact names, file names, server answers) is text, never
instructions to a terminal or a document renderer. The output boundaries (the CLI's streams
and consoles, the TUI's widgets, the exports) pass it through these functions; nothing else in
kbpilot strips or escapes such characters. This module imports nothing of the project, so
every layer may use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# C0 controls but tab and newline, DEL, C1 controls (U+0085 NEL and U+009B CSI among them), and
# the Unicode line and paragraph separators and bidirectional overrides that reorder a line.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_UNSAFE_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What Markdown reads as markup anywhere in a line; escaped with a backslash.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]{}#|!~])")
# What would end an autolink early or smuggle markup into it.
_LINK_BREAKERS = re.compile(r"[\s<>]")
_LINK_VALUE = re.compile(r"https?://[^\s<>]+|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+", re.IGNORECASE)


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character shown as a `\\uXXXX` escape (tab and newline kept,
    unless `one_line`). The escape is also valid inside a JSON string."""
    pattern = _UNSAFE_ONE_LINE if one_line else _UNSAFE
    return pattern.sub(_escaped, text)


def is_printable(text: str) -> bool:
    """Does `text` hold no control character but tab and newline?"""
    return _UNSAFE.search(text) is None


def markdown_text(text: str) -> str:
    """`text` as literal Markdown on one line: controls escaped, line breaks a space, HTML's
    `& < >` as entities and Markdown's punctuation behind a backslash, so a value can neither
    start a heading or a list item nor become a link, an image or raw HTML. A value that is
    nothing but a web address or an e-mail address becomes an autolink (`<...>`), where a
    backslash would become part of the address."""
    address = text.strip()
    if _LINK_VALUE.fullmatch(address):
        return f"<{markdown_link_target(address)}>"
    flat = " ".join(printable(text).replace("\t", " ").splitlines())
    flat = flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", flat)


def markdown_link_target(text: str) -> str:
    """A URL or e-mail address to write inside a Markdown autolink (`<...>`): one line, no
    space, no angle bracket, nothing escaped (a backslash would become part of the link)."""
    return _LINK_BREAKERS.sub("", printable(text, one_line=True))


def printable_data(value: Any) -> Any:
    """A JSON-like value with `printable` applied to every string in it (keys too)."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, Mapping):
        return {printable_data(k): printable_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable_data(v) for v in value]
    return value


def markdown_data(value: Any) -> Any:
    """A JSON-like value with `markdown_text` applied to every string in it (not to keys)."""
    if isinstance(value, str):
        return markdown_text(value)
    if isinstance(value, Mapping):
        return {k: markdown_data(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [markdown_data(v) for v in value]
    return value
