"""The Markdown reader: a Markdown file (with optional YAML front matter) into the block model."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

from kbpilot.errors import ParseError
from kbpilot.model import Diagnostic, Level, Link
from kbpilot.parsing.blocks import (
    Block,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    take_title,
)

_PARSER = MarkdownIt("commonmark").use(front_matter_plugin).enable(["table", "strikethrough"])
_TITLE_KEY = re.compile(r"^title\s*:")
_FRONT_MATTER_BODY_LINE = 2
_TABLE_PARTS = frozenset({"thead", "tbody"})
_CODE = frozenset({"fence", "code_block"})
_LISTS = frozenset({"bullet_list", "ordered_list"})
_STEP_LINE = re.compile(r"\s*step\s+\d{1,3}\s*[:.)–-]", re.IGNORECASE)


def read_markdown(text: str) -> Document:
    """Read a whole Markdown file; front matter problems become diagnostics, never exceptions."""
    document = Document(format="markdown")
    root = _parse(text)
    for node in root.children:
        if node.type == "front_matter":
            _read_front_matter(node.content, document)
        else:
            document.blocks.extend(_blocks_of(node))
    take_title(document)
    return document


def _parse(text: str) -> SyntaxTreeNode:
    try:
        return SyntaxTreeNode(_PARSER.parse(text))
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"cannot read Markdown: {exc}") from exc


def _read_front_matter(source: str, document: Document) -> None:
    document.meta_line = 1
    try:
        meta = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + _FRONT_MATTER_BODY_LINE if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        document.diagnostics.append(
            Diagnostic(Level.ERROR, f"invalid YAML front matter: {problem}", line)
        )
        return
    except Exception as exc:  # the YAML constructors raise ValueError, OverflowError...
        document.diagnostics.append(Diagnostic(Level.ERROR, f"invalid YAML front matter: {exc}", 1))
        return
    if meta is None:
        return
    if not isinstance(meta, dict):
        document.diagnostics.append(
            Diagnostic(Level.ERROR, "front matter is not a mapping of keys to values", 1)
        )
        return
    document.meta = meta
    _title_from_meta(meta, source, document)


def _title_from_meta(meta: dict[Any, Any], source: str, document: Document) -> None:
    title = meta.get("title")
    if isinstance(title, str | int | float) and _normalise(str(title)):
        document.title = _normalise(str(title))
        document.title_line = _title_key_line(source)


def _title_key_line(source: str) -> int:
    for index, line in enumerate(source.splitlines()):
        if _TITLE_KEY.match(line):
            return index + _FRONT_MATTER_BODY_LINE
    return 1


def _blocks_of(node: SyntaxTreeNode) -> list[Block]:
    if node.type == "heading":
        return _heading(node)
    if node.type == "paragraph":
        return _paragraphs(node)
    if node.type in _LISTS:
        return _list(node)
    if node.type in _CODE:
        return _code(node)
    if node.type == "table":
        return _table(node)
    if node.type == "blockquote":
        return [block for child in node.children for block in _blocks_of(child)]
    return []


def _heading(node: SyntaxTreeNode) -> list[Block]:
    text = _inline_text(node)
    return [Heading(text, int(node.tag[1:]), _line(node))] if text else []


def _paragraphs(node: SyntaxTreeNode) -> list[Block]:
    """A paragraph, one per hard-broken line."""
    first = _line(node)
    return [
        Paragraph(p.text, first + p.line_offset, p.links) for p in _inline_pieces(node) if p.text
    ]


def _code(node: SyntaxTreeNode) -> list[Block]:
    text = _normalise(node.content)
    return [Paragraph(text, _line(node))] if text else []


def _table(node: SyntaxTreeNode) -> list[Block]:
    rows = [row for part in node.children if part.type in _TABLE_PARTS for row in part.children]
    blocks: list[Block] = []
    for row in rows:
        pieces = [_inline_pieces(cell) for cell in row.children]
        links = [link for cell in pieces for piece in cell for link in piece.links]
        text = _normalise(" | ".join(_joined(cell) for cell in pieces))
        if text.strip(" |"):
            blocks.append(Paragraph(text, _line(row), links))
    return blocks


def _list(node: SyntaxTreeNode) -> list[Block]:
    """A list block; items without text of their own hand their content to the item before."""
    ordered = node.type == "ordered_list"
    number = int(node.attrs.get("start", 1)) if ordered else None
    before: list[Block] = []
    items: list[ListItem] = []
    for item_node in node.children:
        content = [block for child in item_node.children for block in _blocks_of(child)]
        item = _item(content, _line(item_node), number)
        if item is None:
            (items[-1].children if items else before).extend(content)
            continue
        items.append(item)
        number = number + 1 if number is not None else None
    return [*before, ListBlock(ordered, _line(node), items)] if items else before


def _item(content: list[Block], line: int, number: int | None) -> ListItem | None:
    if not content or isinstance(content[0], ListBlock):
        return None
    first, children = content[0], content[1:]
    links = first.links if isinstance(first, Paragraph) else []
    return ListItem(first.text, line, number, links, children)


@dataclass
class _Piece:
    """Inline text up to a hard break, with the links written in it."""

    line_offset: int
    parts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _normalise("".join(self.parts))


@dataclass
class _Inline:
    """Collects the inline text of one block, piece by piece, counting the source lines."""

    line_offset: int = 0
    pieces: list[_Piece] = field(default_factory=lambda: [_Piece(0)])

    def add(self, node: SyntaxTreeNode) -> None:
        children = node.children
        for index, child in enumerate(children):
            if child.type in ("text", "code_inline"):
                self.pieces[-1].parts.append(child.content)
            elif child.type == "softbreak" and _starts_step_line(children[index + 1 :]):
                self.line_offset += 1
                self.pieces.append(_Piece(self.line_offset))
            elif child.type == "softbreak":
                self.line_offset += 1
                self.pieces[-1].parts.append(" ")
            elif child.type == "hardbreak":
                self.line_offset += 1
                self.pieces.append(_Piece(self.line_offset))
            elif child.type == "link":
                self._link(child)
            elif child.type != "html_inline":
                self.add(child)

    def _link(self, node: SyntaxTreeNode) -> None:
        inner = _Inline()
        inner.add(node)
        title = _joined(inner.pieces)
        if title:
            target = str(node.attrs.get("href", "")) or None
            self.pieces[-1].links.append(Link(title=title, target=target))
        self.add(node)


def _starts_step_line(rest: list[SyntaxTreeNode]) -> bool:
    """The line after a soft break begins "Step N:", which a help-desk export means as its own
    line (the procedure layer reads each as a step)."""
    return bool(rest) and rest[0].type == "text" and bool(_STEP_LINE.match(rest[0].content))


def _inline_pieces(node: SyntaxTreeNode) -> list[_Piece]:
    """The inline text of a block, split at hard breaks."""
    inline = _Inline()
    for child in node.children:
        if child.type == "inline":
            inline.add(child)
    return inline.pieces


def _inline_text(node: SyntaxTreeNode) -> str:
    """The inline text of a block, hard breaks read as spaces."""
    return _joined(_inline_pieces(node))


def _joined(pieces: list[_Piece]) -> str:
    return _normalise(" ".join(piece.text for piece in pieces))


def _line(node: SyntaxTreeNode) -> int:
    return node.map[0] + 1 if node.map else 1


def _normalise(text: str) -> str:
    return " ".join(text.split())
