"""The Markdown reader: a Markdown file (with optional front matter) into the block model.

Docs-platform syntax (MDX, Hugo, Liquid, DocFX, MkDocs, Docusaurus) is first rewritten into
CommonMark line for line (`markdown_platforms`), metadata headers read (`markdown_front`, YAML by
the front-matter plugin); then CommonMark's tree becomes blocks: code blocks are code paragraphs,
callouts and `Note:` paragraphs are note paragraphs, a paragraph that is only bold text is an
implied heading, images are dropped, and an ordered list that a note interrupts goes on where
its numbering goes on.
"""

from __future__ import annotations

import html
import re
from typing import Any

import yaml

from kbpilot.errors import ParseError
from kbpilot.model import Diagnostic, Level
from kbpilot.parsing.blocks import (
    Block,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    item_of,
    row_text,
    take_title,
)
from kbpilot.parsing.markdown_front import close_front_matter, read_header, yaml_extent
from kbpilot.parsing.markdown_inline import (
    Piece,
    inline_pieces,
    inline_text,
    joined,
    normalise,
    plain_run,
)
from kbpilot.parsing.markdown_parser import MAX_NESTING, PARSER
from kbpilot.parsing.markdown_platforms import rewrite
from kbpilot.parsing.markdown_tree import Node, syntax_tree
from kbpilot.parsing.yaml_front import load_yaml

_LINES = re.compile(r"\r\n|\r|\n")
_TITLE_KEY = re.compile(r"^title\s*:")
_FRONT_MATTER_BODY_LINE = 2
_TABLE_PARTS = frozenset({"thead", "tbody"})
_CODE = frozenset({"fence", "code_block"})
_LISTS = frozenset({"bullet_list", "ordered_list"})
_CALLOUT = re.compile(r"\s*\[!(?P<kind>[A-Za-z]+)\b[^\]\n]*\]")
_NOTE_WORDS = r"note|tip|important|warning|caution|info|hint|attention|danger"
_NOTE_LABEL = re.compile(
    rf"\s*(?:(?P<em>\*\*|__|\*|_)\s*(?:{_NOTE_WORDS})\s*:?\s*(?P=em)|(?:{_NOTE_WORDS})\s*:)",
    re.IGNORECASE,
)
_HTML_DROPPED = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_HTML_TAG = re.compile(r"<[^<>]*>")
_HTML_NOTE = re.compile(rf"\s*<\w+[^>]*\bclass=\"[^\"]*\b(?:{_NOTE_WORDS}|alert|callout)\b", re.I)
_IMPLIED_HEADING_MAX = 100
_SENTENCE_ENDS = (".", "!", "?")


def read_markdown(text: str) -> Document:
    """Read a whole Markdown file; front matter problems become diagnostics, never exceptions."""
    document = Document(format="markdown")
    lines = _LINES.split(text) if "\r" in text else text.split("\n")
    unclosed = close_front_matter(lines)
    if unclosed is not None:
        document.diagnostics.append(unclosed)
    start = _read_header(lines, document) or yaml_extent(lines)
    root = _parse("\n".join(rewrite(lines, start)), document)
    for node in root.children:
        if node.type == "front_matter":
            _read_front_matter(node.content, document)
    try:
        blocks = _blocks_in(root.children, item=False)
    except RecursionError as exc:
        raise ParseError(f"cannot read Markdown: {exc}") from exc
    document.blocks = _place_implied_headings(blocks)
    take_title(document)
    return document


def _parse(text: str, document: Document) -> Node:
    try:
        tokens = PARSER.parse(text)
        root = syntax_tree(tokens)
    except (ValueError, RecursionError) as exc:
        raise ParseError(f"cannot read Markdown: {exc}") from exc
    deepest = next((t for t in tokens if t.level >= MAX_NESTING - 1 and t.map), None)
    if deepest is not None and deepest.map:
        message = (
            "lists or quotes nested too deeply: the Markdown reader stops here and the rest of "
            "the file is not read; nest less"
        )
        document.diagnostics.append(Diagnostic(Level.ERROR, message, deepest.map[0] + 1))
    return root


def _read_header(lines: list[str], document: Document) -> int:
    """A Pelican/MultiMarkdown or TOML header: its metadata, and its lines blanked out."""
    header = read_header(lines)
    if header is None:
        return 0
    document.meta, document.meta_line = header.meta, 1
    document.diagnostics.extend(header.diagnostics)
    title = header.meta.get("title")
    if isinstance(title, str | int | float) and normalise(str(title)):
        document.title, document.title_line = normalise(str(title)), header.title_line
    lines[: header.lines] = [""] * header.lines
    return header.lines


def _read_front_matter(source: str, document: Document) -> None:
    document.meta_line = 1
    try:
        meta = load_yaml(source)
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
    if isinstance(title, str | int | float) and normalise(str(title)):
        document.title = normalise(str(title))
        document.title_line = _title_key_line(source)


def _title_key_line(source: str) -> int:
    for index, line in enumerate(source.splitlines()):
        if _TITLE_KEY.match(line):
            return index + _FRONT_MATTER_BODY_LINE
    return 1


def _blocks_in(nodes: list[Node], item: bool) -> list[Block]:
    """The blocks of a run of sibling nodes; `item`: they are inside a list item."""
    blocks: list[Block] = []
    written: dict[int, list[str]] = {}
    for node in nodes:
        found = _blocks_of(node, item)
        if node.type == "ordered_list" and found and isinstance(found[-1], ListBlock):
            written[id(found[-1])] = [child.info for child in node.children]
            _label_written_numbers(found[-1], written[id(found[-1])])
        blocks.extend(found)
    if sum(isinstance(block, ListBlock) for block in blocks) < 2:
        return blocks  # nothing to join
    return _join_lists_across_notes(blocks, written)


def _blocks_of(node: Node, item: bool) -> list[Block]:
    if node.type == "heading":
        return _heading(node)
    if node.type == "paragraph":
        return _paragraphs(node, item)
    if node.type in _LISTS:
        return _list(node)
    if node.type in _CODE:
        return _code(node)
    if node.type == "table":
        return _table(node)
    if node.type == "blockquote":
        return _blockquote(node, item)
    if node.type == "html_block":
        return _html_block(node)
    return []


def _heading(node: Node) -> list[Block]:
    text = inline_text(node)
    return [Heading(text, int(node.tag[1:]), _line(node))] if text else []


def _paragraphs(node: Node, item: bool) -> list[Block]:
    """A paragraph, one per line a reader sees as its own; inside a list item, under-indented
    bullets become a nested list. Outside items, a paragraph of bold text only is an implied
    heading (its level is set once the headings around are known)."""
    first = _line(node)
    plain = plain_run(node)
    if plain is not None:
        text = normalise(plain)
        kind = "note" if _NOTE_LABEL.match(_inline_source(node)) else "text"
        return [Paragraph(text, first, [], kind)] if text else []
    if not item and _is_bold_only(node):
        return [Heading(inline_text(node).rstrip(":").strip(), 0, first, implied=True)]
    kind = "note" if _NOTE_LABEL.match(_inline_source(node)) else "text"
    read = [(piece, piece.text) for piece in inline_pieces(node, bullets=item)]
    blocks: list[Block] = [
        Paragraph(text, first + piece.line_offset, piece.links, kind)
        for piece, text in read
        if text and not piece.bullet
    ]
    bullets = [(piece, text) for piece, text in read if piece.bullet and text]
    if bullets:
        blocks.append(_bullet_list(bullets, first))
    return blocks


def _bullet_list(pieces: list[tuple[Piece, str]], first: int) -> ListBlock:
    """Bullet pieces, each with its text, as a list (lettered ones as a lettered list)."""
    items = [
        ListItem(text, first + piece.line_offset, None, piece.links, label=piece.label)
        for piece, text in pieces
    ]
    return ListBlock(any(item.label for item in items), items[0].line, items)


def _is_bold_only(node: Node) -> bool:
    """The paragraph is one bold run (a colon may follow it), short, not a sentence (a bold
    sentence ending in `.`, `!` or `?` is emphasis) and not a note label."""
    inline = node.children[0] if node.children else None
    if inline is None:
        return False
    parts = [c for c in inline.children if not (c.type == "text" and not c.content.strip())]
    if parts and parts[-1].type == "text" and parts[-1].content.strip() == ":":
        parts = parts[:-1]
    if len(parts) != 1 or parts[0].type != "strong":
        return False
    text = inline_text(node)
    if not 0 < len(text) <= _IMPLIED_HEADING_MAX or text.endswith(_SENTENCE_ENDS):
        return False
    return not _NOTE_LABEL.match(text)


def _inline_source(node: Node) -> str:
    return node.children[0].content if node.children else ""


def _code(node: Node) -> list[Block]:
    text = normalise(node.content)
    return [Paragraph(text, _line(node), kind="code")] if text else []


def _table(node: Node) -> list[Block]:
    rows = [row for part in node.children if part.type in _TABLE_PARTS for row in part.children]
    blocks: list[Block] = []
    for row in rows:
        pieces = [inline_pieces(cell) for cell in row.children]
        links = [link for cell in pieces for piece in cell for link in piece.links]
        text = row_text([joined(cell) for cell in pieces])
        if text.strip(" |"):
            blocks.append(Paragraph(text, _line(row), links))
    return blocks


def _blockquote(node: Node, item: bool) -> list[Block]:
    """A quote's blocks; a callout (`> [!NOTE]`, `> [!TIP]`...) is note paragraphs, without
    its marker; DocFX's `> [!div ...]` wrapper is read as what it wraps."""
    blocks = _blocks_in(node.children, item)
    first = node.children[0] if node.children else None
    callout = _CALLOUT.match(_inline_source(first)) if first and first.type == "paragraph" else None
    if callout is None:
        return blocks
    _strip_callout(blocks)
    return blocks if callout["kind"] == "div" else _as_notes(blocks)


def _strip_callout(blocks: list[Block]) -> None:
    if blocks and isinstance(blocks[0], Paragraph | Heading):
        blocks[0].text = _CALLOUT.sub("", blocks[0].text, count=1).strip()
        if not blocks[0].text:
            del blocks[0]


def _as_notes(blocks: list[Block]) -> list[Block]:
    """Everything a callout holds, as note paragraphs (its lists too, item by item)."""
    notes: list[Block] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for entry in block.items:
                notes.append(Paragraph(entry.text, entry.line, entry.links, "note"))
                notes.extend(_as_notes(entry.children))
        elif block.text:
            links = block.links if isinstance(block, Paragraph) else []
            notes.append(Paragraph(block.text, block.line, links, "note"))
    return notes


def _html_block(node: Node) -> list[Block]:
    """Raw HTML's visible text (`<p class="...">` paragraphs in MDX and docs pages); comments,
    scripts and styles dropped."""
    text = normalise(html.unescape(_HTML_TAG.sub(" ", _HTML_DROPPED.sub(" ", node.content))))
    kind = "note" if _HTML_NOTE.match(node.content) else "text"
    return [Paragraph(text, _line(node), kind=kind)] if text else []


def _list(node: Node) -> list[Block]:
    """A list block; items without text of their own hand their content to the item before.
    Items are numbered as the page shows them: from the list's start, one by one."""
    ordered = node.type == "ordered_list"
    number = int(node.attrs.get("start", 1)) if ordered else None
    before: list[Block] = []
    items: list[ListItem] = []
    for item_node in node.children:
        content = _blocks_in(item_node.children, item=True)
        entry = item_of(content, _line(item_node), number)
        if entry is None:
            (items[-1].children if items else before).extend(content)
            continue
        items.append(entry)
        number = number + 1 if number is not None else None
    return [*before, ListBlock(ordered, _line(node), items)] if items else before


def _label_written_numbers(block: ListBlock, written: list[str]) -> None:
    """Items keep the number the page shows; where the author wrote other numbers (a jump,
    a repeat), each item's label keeps the written one for the numbering diagnostics. Lazy
    numbering (`1.` `1.` `1.`) is CommonMark's and is not labelled."""
    if len(written) != len(block.items) or len(set(written)) == 1:
        return
    if any(str(item.number) != number for item, number in zip(block.items, written, strict=True)):
        for item, number in zip(block.items, written, strict=True):
            item.label = number


def _join_lists_across_notes(blocks: list[Block], written: dict[int, list[str]]) -> list[Block]:
    """An ordered list, notes, then an ordered list whose numbering goes on: one list, the
    notes in the item before them (a callout between two steps does not end the procedure).
    `written` holds the numbers as written of each ordered list, by the list's id."""
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            start = len(out)
            while start > 0 and _is_note(out[start - 1]):
                start -= 1
            before = out[start - 1] if 0 < start < len(out) else None
            if isinstance(before, ListBlock) and _continues(before, block, written):
                before.items[-1].children.extend(out[start:])
                _append_items(before, block.items)
                del out[start:]
                continue
        out.append(block)
    return out


def _append_items(target: ListBlock, items: list[ListItem]) -> None:
    """The items go on the list, numbered on from its last item."""
    for entry in items:
        last = target.items[-1].number
        entry.number = last + 1 if last is not None else entry.number
        target.items.append(entry)


def _is_note(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.kind == "note"


def _continues(before: ListBlock, after: ListBlock, written: dict[int, list[str]]) -> bool:
    """The second list goes on numbering the first: the next number, or the same number again
    after a list written with lazy numbering (`1.` `1.` `1.`)."""
    if not (before.ordered and after.ordered and before.items and after.items):
        return False
    last, first = before.items[-1].number, after.items[0].number
    if last is not None and first is not None and first == last + 1:
        return True
    numbers, next_numbers = written.get(id(before), []), written.get(id(after), [])
    lazy = len(numbers) > 1 and len(set(numbers)) == 1
    return lazy and bool(next_numbers) and next_numbers[0] == numbers[0]


def _place_implied_headings(blocks: list[Block]) -> list[Block]:
    """Implied headings take the level below the last real heading before them (2 to 6)."""
    level = 1
    for block in blocks:
        if isinstance(block, Heading) and not block.implied:
            level = block.level
        elif isinstance(block, Heading):
            block.level = min(6, max(2, level + 1))
    return blocks


def _line(node: Node) -> int:
    mapped = node.map
    return mapped[0] + 1 if mapped else 1
