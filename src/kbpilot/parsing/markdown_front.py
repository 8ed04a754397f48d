"""Metadata headers a Markdown file may open with, other than YAML front matter.

Docs platforms write an article's metadata in several ways before the Markdown starts: Pelican
and MultiMarkdown `Title: ...` / `Author: ...` lines up to the first blank line, Hugo's TOML
front matter between `+++` lines, JSON front matter (an object from a `{` line to a `}` line,
or its members between `{{{` and `}}}` lines). Read as Markdown they would become the first
paragraph (or a setext heading); here they become the document's metadata. YAML front matter
(`---`) is read by the Markdown parser's front-matter plugin; `yaml_extent` only says how many
lines it spans, so that the docs-platform rewriting leaves it alone.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from kbpilot.model import Diagnostic, Level

_KEY_LINE = re.compile(
    r"(?P<key>[A-Za-z][A-Za-z0-9_-]{0,30}(?: [A-Za-z0-9_-]{1,30}){0,2}):(?:\s+(?P<value>.*)|\s*$)"
)
_KNOWN_KEYS = frozenset(
    {
        "title",
        "author",
        "authors",
        "date",
        "modified",
        "license",
        "tags",
        "category",
        "slug",
        "summary",
        "status",
        "lang",
        "keywords",
        "description",
    }
)
_TOML_FENCE = "+++"
_JSON_FENCES = {"{{{": "}}}", "{": "}"}


@dataclass
class Header:
    """Metadata read from the top of the file and how many lines it took."""

    lines: int
    meta: dict[str, Any] = field(default_factory=dict)
    title_line: int | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def read_header(lines: list[str]) -> Header | None:
    """The Pelican/MultiMarkdown or TOML header the file opens with, if it has one."""
    if not lines:
        return None
    first = lines[0].rstrip()
    if first == _TOML_FENCE:
        return _toml_header(lines)
    if first in _JSON_FENCES:
        return _json_header(lines, _JSON_FENCES[first])
    return _key_value_header(lines)


def yaml_extent(lines: list[str]) -> int:
    """How many lines YAML front matter (`---` ... `---` or `...`) takes at the top; 0 if none."""
    if not lines or not lines[0].startswith("---") or lines[0].strip("-").strip():
        return 0
    for index in range(1, len(lines)):
        if lines[index].startswith(("---", "...")):
            return index + 1
    return 0


_YAML_KEY = re.compile(r"[\w-]+\s*:")


def close_front_matter(lines: list[str]) -> Diagnostic | None:
    """YAML front matter opened by `---` and never closed ends at its first blank line, which
    becomes the closing `---` (line numbers stay); without one, the `---` is ignored. Either
    way the diagnostic says so."""
    if len(lines) < 2 or lines[0].rstrip() != "---" or not _YAML_KEY.match(lines[1]):
        return None
    if yaml_extent(lines):
        return None
    blank = next((i for i, line in enumerate(lines) if i and not line.strip()), None)
    if blank is None:
        lines[0] = ""
        message = (
            "front matter opened by `---` is never closed, so it is read as text: "
            "add a `---` line after it"
        )
        return Diagnostic(Level.ERROR, message, 1)
    lines[blank] = "---"
    message = (
        f"front matter opened by `---` is never closed; read up to the blank line {blank + 1}: "
        "put a `---` line there"
    )
    return Diagnostic(Level.WARNING, message, 1)


def _key_value_header(lines: list[str]) -> Header | None:
    meta: dict[str, Any] = {}
    title_line: int | None = None
    key = ""
    for index, line in enumerate(lines):
        if not line.strip():
            break
        found = _KEY_LINE.fullmatch(line.rstrip())
        if found:
            key = found["key"].lower()
            meta[key] = (found["value"] or "").strip()
            title_line = index + 1 if key == "title" else title_line
        elif key and line[:1] in (" ", "\t"):
            meta[key] = f"{meta[key]} {line.strip()}".strip()
        else:
            return None
    else:
        index = len(lines)
    if not _is_metadata(meta, index):
        return None
    return Header(index, meta, title_line)


def _is_metadata(meta: dict[str, Any], count: int) -> bool:
    """A title among the keys, or at least two lines of well-known keys: a header, not prose
    that happens to start with "Summary: ..."."""
    if meta.get("title"):
        return True
    return count >= 2 and all(key in _KNOWN_KEYS for key in meta)


def _toml_header(lines: list[str]) -> Header | None:
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == _TOML_FENCE), None)
    if end is None:
        return None
    header = Header(end + 1)
    try:
        header.meta = tomllib.loads("\n".join(lines[1:end]))
    except (tomllib.TOMLDecodeError, RecursionError) as exc:
        header.diagnostics.append(Diagnostic(Level.ERROR, f"invalid TOML front matter: {exc}", 1))
        return header
    header.title_line = next(
        (i + 1 for i in range(1, end) if lines[i].lstrip().startswith("title")), 1
    )
    return header


def _json_header(lines: list[str], closing: str) -> Header | None:
    """JSON front matter: `{` ... `}` is the object itself, `{{{` ... `}}}` holds its members."""
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == closing), None)
    if end is None:
        return None
    body = "\n".join(lines[1:end])
    try:
        meta = json.loads("{" + body + "}")
    except (ValueError, RecursionError):
        return None
    if not isinstance(meta, dict):
        return None
    header = Header(end + 1, meta)
    header.title_line = next(
        (i + 1 for i in range(1, end) if lines[i].lstrip().startswith('"title"')), 1
    )
    return header
