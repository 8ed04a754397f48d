"""What stands before the HTML of an export: front matter, or a Markdown metadata header.

Some exports put the article's metadata in front of the markup: a YAML block between `---`
lines, a JSON object (`{ ... }`, or wrapped as `{{{ ... }}}`), or a Markdown header (a
code-gallery README: `# Title`, `## Requires`, `- Visual Studio`, ...). `split_front` reads it
into the title and `meta` and hands back the text with those lines blanked, so the HTML parser
still counts lines as the file does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from kbpilot.model import Diagnostic, Level
from kbpilot.parsing.blocks import Block, Heading
from kbpilot.parsing.yaml_front import load_yaml

_YAML_END = frozenset({"---", "..."})
_MD_HEADING = re.compile(r"(#{1,6})\s+(\S.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"[-*+]\s+(\S.*?)\s*$")


@dataclass
class Front:
    """The leading metadata of an HTML file and the text left for the HTML parser."""

    text: str
    title: str | None = None
    title_line: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    meta_line: int | None = None
    blocks: list[Block] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def split_front(text: str) -> Front:
    """The front matter or Markdown header of `text`, if it starts with one."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return Front(text)
    start = lines[first].strip()
    if start == "---":
        return _yaml_front(lines, first)
    if start.startswith("{"):
        return _json_front(text, lines, first)
    if start.startswith("# "):
        return _markdown_header(lines, first)
    return Front(text)


def _yaml_front(lines: list[str], first: int) -> Front:
    end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() in _YAML_END), None)
    if end is None:
        return Front("\n".join(lines))
    front = Front(_blanked(lines, end + 1), meta_line=first + 1)
    source = "\n".join(lines[first + 1 : end])
    try:
        meta = load_yaml(source)
    except Exception as exc:  # YAMLError, and the ValueErrors of YAML's constructors
        front.diagnostics.append(Diagnostic(Level.ERROR, f"invalid YAML front matter: {exc}", 1))
        return front
    _take_meta(front, meta, source, first + 2)
    return front


def _json_front(text: str, lines: list[str], first: int) -> Front:
    offset = sum(len(line) + 1 for line in lines[:first])
    body = text[offset:].lstrip()
    if body.startswith("{{{"):
        close = body.find("}}}")
        if close < 0:
            return Front(text)
        source = "{" + body[3:close] + "}"
        consumed = body[: close + 3]
    else:
        try:
            _, end = json.JSONDecoder().raw_decode(body)
        except ValueError:
            return Front(text)
        source = consumed = body[:end]
    last = first + consumed.count("\n")
    front = Front(_blanked(lines, last + 1), meta_line=first + 1)
    try:
        meta = json.loads(source)
    except ValueError as exc:
        front.diagnostics.append(Diagnostic(Level.ERROR, f"invalid JSON front matter: {exc}", 1))
        return front
    _take_meta(front, meta, source, first + 1)
    return front


def _take_meta(front: Front, meta: Any, source: str, first_line: int) -> None:
    if meta is None:
        return
    if not isinstance(meta, dict):
        message = "front matter is not a mapping of keys to values"
        front.diagnostics.append(Diagnostic(Level.ERROR, message, front.meta_line or 1))
        return
    front.meta = meta
    title = meta.get("title")
    if isinstance(title, str | int | float) and " ".join(str(title).split()):
        front.title = " ".join(str(title).split())
        front.title_line = first_line + _key_line(source, "title")


def _key_line(source: str, key: str) -> int:
    """How many lines into `source` the key stands (0 when not found on a line of its own)."""
    pattern = re.compile(rf"\s*[\"']?{key}[\"']?\s*:")
    return next((i for i, line in enumerate(source.split("\n")) if pattern.match(line)), 0)


def _markdown_header(lines: list[str], first: int) -> Front:
    """`# Title`, `## Key` and `- value` lines up to the first line of markup."""
    end = next((i for i in range(first, len(lines)) if lines[i].lstrip().startswith("<")), None)
    header = lines[first:end]
    if end is None or not all(
        not line.strip() or _MD_HEADING.match(line.strip()) or _MD_ITEM.match(line.strip())
        for line in header
    ):
        return Front("\n".join(lines))
    front = Front(_blanked(lines, end))
    key: tuple[str, int] | None = None
    for number, line in enumerate(header, start=first + 1):
        key = _header_line(front, line.strip(), number, key)
    _close_key(front, key)
    return front


def _header_line(
    front: Front, line: str, number: int, key: tuple[str, int] | None
) -> tuple[str, int] | None:
    """Read one header line; returns the `## Key` whose values are being read."""
    if heading := _MD_HEADING.match(line):
        _close_key(front, key)
        text = heading.group(2)
        if len(heading.group(1)) == 1 and front.title is None:
            front.title, front.title_line = text, number
            return None
        return (text, number)
    if (item := _MD_ITEM.match(line)) and key is not None:
        values = front.meta.setdefault(key[0].lower(), [])
        values.append(item.group(1))
        front.meta_line = front.meta_line or key[1]
    return key


def _close_key(front: Front, key: tuple[str, int] | None) -> None:
    """A `## Key` with no values under it is a heading of the article."""
    if key is not None and key[0].lower() not in front.meta:
        front.blocks.append(Heading(key[0], 2, key[1]))


def _blanked(lines: list[str], end: int) -> str:
    """The text with its first `end` lines emptied (the line count stays)."""
    return "\n".join([""] * end + lines[end:])
