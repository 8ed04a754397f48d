"""The HTML reader's walk: a cleaned tree into blocks, in one pass.

Inline content gathers into a `_Run` that becomes a Paragraph at the next block boundary (a
block element, a <br>, the end of a container), while headings, lists and tables become their
own blocks. What an element's markup says decides the rest: <pre>, a paragraph of nothing but
<code>, or a code widget is a code paragraph (its links are not the article's); a note box or
<aside> gives note paragraphs; a paragraph of nothing but bold text, or bold text standing loose
between blocks, is an implied heading, which `implied_levels` places below the last real heading
once the walk is done.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeGuard

from kbpilot.model import Link
from kbpilot.parsing.blocks import (
    Block,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    item_of,
    row_text,
)
from kbpilot.parsing.html_signals import (
    descendants,
    is_code_block,
    is_code_widget,
    is_note,
    tags_in,
)
from kbpilot.parsing.html_tree import ROOT, TEXT, Element, Node, Text, visible_line

SKIPPED = frozenset(
    {"script", "style", "noscript", "template", "title", "meta", "link", "base", "img"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ol", "ul"})
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "head",
        "header", "hgroup", "hr", "html", "li", "main", "nav", "p", "pre", "section", "summary",
        "tbody", "td", "tfoot", "th", "thead", "tr",
    }
)  # fmt: skip
_STRUCTURE = _BLOCKS | _HEADINGS | _LISTS | {"table"}
_BREAKS = _STRUCTURE | {"br"}
_BOLD = frozenset({"b", "strong"})
_CELLS = frozenset({"td", "th"})
_PARAGRAPHS = frozenset({"p", "div"})
# A cell that holds two blocks or more, a heading or a table lays out a page: it is read as the
# blocks it holds, not as a value of its row.
_LAYOUT_BLOCKS = 2
_LAYOUT_MARKS = _HEADINGS | {"table"}
_DATA_MARKS = frozenset({"th", "caption", "thead"})
_NOT_IN_HEADING = _STRUCTURE | {"a", "br"}  # an <a> only as a link: a named anchor is invisible
_HEADING_MAX = 100
_IMPLIED = 0  # the level an implied heading has until `implied_levels` places it
# The blocks loose inline content can stand in between others: the page and plain containers.
_LOOSE = frozenset(
    {ROOT, "html", "body", "div", "section", "article", "main", "center", "form", "blockquote"}
)
_LETTERED = frozenset({"a", "A"})
# Server-side include lines that a site shows as text when it does not run them: a paragraph of
# nothing else is dropped.
_INCLUDE = re.compile(r"<!--\s*#\s*include\b[^>]*-->|<\?php\b[^?]*\?>", re.IGNORECASE)


@dataclass
class _Run:
    """Inline content waiting for the next block boundary to become a Paragraph."""

    parts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    line: int | None = None
    strings: list[Text] = field(default_factory=list)  # those with visible text

    def add(self, string: Text) -> None:
        if string.text.strip():
            if self.line is None:
                self.line = visible_line(string)
            self.strings.append(string)
        self.parts.append(string.text)

    def flush(self, out: list[Block]) -> None:
        if not self.parts:
            self.links = []
            return
        text = normalise("".join(self.parts))
        if text and ("<" not in text or _INCLUDE.sub("", text).strip()):
            heading = self._loose_heading(text)
            out.append(heading or Paragraph(text, self.line or 1, self.links))
        self.parts, self.links, self.line, self.strings = [], [], None, []

    def _loose_heading(self, text: str) -> Heading | None:
        """Bold text standing loose between the page's blocks (`<strong>Prerequisites</strong>
        <p/>`), in no paragraph, item or cell: a heading, as a bold-only paragraph is."""
        if self.links or len(text) > _HEADING_MAX or text.endswith("."):
            return None
        if not all(_loose_bold(string) for string in self.strings):
            return None
        return Heading(text.removesuffix(":").rstrip(), _IMPLIED, self.line or 1, implied=True)


def _loose_bold(string: Text) -> bool:
    """The string is bold, and the nearest block around it is the page or a plain container."""
    bold = False
    parent = string.parent
    while parent is not None and parent.name not in _BREAKS:
        bold = bold or parent.name in _BOLD
        parent = parent.parent
    return bold and (parent is None or parent.name in _LOOSE)


def blocks_of(nodes: Iterable[Node]) -> list[Block]:
    """The blocks a sequence of nodes makes, one inline run at a time."""
    out: list[Block] = []
    run = _Run()
    _walk(nodes, out, run)
    run.flush(out)
    return out


def implied_levels(blocks: list[Block]) -> list[Block]:
    """Give each implied heading the level below the last real heading; one inside a list
    item is a paragraph of the item again."""
    last = 0
    for block in blocks:
        if isinstance(block, Heading) and block.level != _IMPLIED:
            last = block.level
        elif isinstance(block, Heading):
            block.level = min(max(last + 1, 2), 6)
        elif isinstance(block, ListBlock):
            for item in block.items:
                item.children = _no_headings(item.children)
    return blocks


def _no_headings(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading) and block.level == _IMPLIED:
            out.append(Paragraph(block.text, block.line))
            continue
        if isinstance(block, ListBlock):
            for item in block.items:
                item.children = _no_headings(item.children)
        out.append(block)
    return out


def _walk(nodes: Iterable[Node], out: list[Block], run: _Run) -> None:
    for node in nodes:
        if type(node) is Element:
            _tag(node, out, run)
        elif node.kind == TEXT:
            run.add(node)


def _tag(tag: Element, out: list[Block], run: _Run) -> None:
    name = tag.name
    if name in SKIPPED:
        return
    if name == "a":
        _link(tag, run)
        _walk(tag.children, out, run)
    elif name not in _BREAKS:
        _walk(tag.children, out, run)
    else:
        run.flush(out)
        out.extend(_block(tag, name))


def _block(tag: Element, name: str) -> list[Block]:
    if name in _HEADINGS:
        return _heading(tag, int(name[1]))
    if name in _LISTS:
        return _list(tag)
    if name == "table":
        return _table(tag)
    if is_code_widget(tag):
        return [p for pre in tags_in(tag, {"pre"}) for p in _code(pre)]
    if is_code_block(tag):
        return _code(tag)
    if is_note(tag) or name == "aside":
        return _as_notes(blocks_of(tag.children))
    if heading := _implied_heading(tag):
        return [heading]
    return blocks_of(tag.children)


def _heading(tag: Element, level: int) -> list[Block]:
    """A heading of the text before any block inside it (an unclosed heading swallows them)."""
    children = list(tag.children)
    cut = next((i for i, child in enumerate(children) if _is_block(child)), len(children))
    text = normalise("".join(visible_text(child) for child in children[:cut]))
    heading: list[Block] = [Heading(text, level, tag.line or 1)] if text else []
    return heading + blocks_of(children[cut:])


def _implied_heading(tag: Element, names: frozenset[str] = _PARAGRAPHS) -> Heading | None:
    """A paragraph that is nothing but a short run of bold text (no link, no line break); an
    empty named anchor before it (`<a name="rpm"></a>`, a target for a contents list) is no
    link."""
    if tag.name not in names or any(map(_not_in_heading, tags_in(tag, _NOT_IN_HEADING))):
        return None
    strings = [s for s in _strings(tag) if s.text.strip()]
    if not strings or not all(_is_bold(s, tag) for s in strings):
        return None
    text = normalise("".join(s.text for s in strings)).removesuffix(":").rstrip()
    if not text or len(text) > _HEADING_MAX or text.endswith("."):
        return None
    return Heading(text, _IMPLIED, visible_line(strings[0]), implied=True)


def _not_in_heading(tag: Element) -> bool:
    return tag.name != "a" or "href" in tag.attrs or bool(visible_text(tag).strip())


def _is_bold(string: Text, top: Element) -> bool:
    return _inside(string, top, _BOLD)


def _code(tag: Element) -> list[Block]:
    """One code paragraph of an element's text; the links in code are not the article's."""
    text = normalise(visible_text(tag))
    first = next((s for s in _strings(tag) if s.text.strip()), None)
    line = visible_line(first) if first is not None else tag.line or 1
    return [Paragraph(text, line, kind="code")] if text else []


def _as_notes(blocks: list[Block]) -> list[Block]:
    """The blocks of a note box as note paragraphs (a list in it too, item by item)."""
    notes: list[Block] = []
    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                notes.append(Paragraph(item.text, item.line, item.links, kind="note"))
                notes.extend(_as_notes(item.children))
        elif isinstance(block, Heading):
            notes.append(Paragraph(block.text, block.line, kind="note"))
        else:
            notes.append(Paragraph(block.text, block.line, block.links, kind="note"))
    return notes


def _link(tag: Element, run: _Run) -> None:
    href = str(tag.get("href") or "").strip()
    title = _inline_text(tag)
    if href and title:
        run.links.append(Link(title=title, target=href))


def _list(tag: Element) -> list[Block]:
    """A list block; content that is not an item of its own goes to the item before."""
    ordered = tag.name == "ol"
    number = _int_attr(tag, "start", 1) if ordered else None
    lettered = ordered and tag.get("type") in _LETTERED
    before: list[Block] = []
    items: list[ListItem] = []
    for owner, nodes in _list_entries(tag.children):
        content = blocks_of(nodes)
        if owner is not None and number is not None:
            number = _int_attr(owner, "value", number)
        item = item_of(content, owner.line or 1, number) if owner else None
        if item is None:
            (items[-1].children if items else before).extend(content)
            continue
        item.label = _label(owner, number, str(tag.get("type")) if lettered else None)
        items.append(item)
        number = number + 1 if number is not None else None
    line = tag.line or 1
    return [*before, ListBlock(ordered, line, items)] if items else before


def _label(owner: Element | None, number: int | None, letters: str | None) -> str | None:
    """The marker as written when it is more than a number: the one a Word list typed, or the
    letter an <ol type="a"> shows."""
    written = owner.get("data-label") if owner is not None else None
    if isinstance(written, str):
        return written
    if letters is None or number is None or not 1 <= number <= 26:
        return None
    return chr(ord(letters) + number - 1) + "."


def _list_entries(
    nodes: Iterable[Node], wrappers: set[int] | None = None
) -> list[tuple[Element | None, list[Node]]]:
    """The entries of a list: each <li> with what it holds, or a node standing between items.
    An element wrapped around items (a grid's `<div class="row">`, a `<p>` a page builder put
    around an `<li>`) stands for its own entries: its items are the list's, as a reader sees.
    `wrappers`: the ids of such elements, found once for each node between items."""
    entries: list[tuple[Element | None, list[Node]]] = []
    for node in nodes:
        if _is_item(node):
            entries.append((node, node.children))
            continue
        if type(node) is Element and node.name not in _LISTS:
            found = _wrappers(node) if wrappers is None else wrappers
            if id(node) in found:
                entries.extend(_list_entries(node.children, found))
                continue
        entries.append((None, [node]))
    return entries


def _wrappers(top: Element) -> set[int]:
    """The ids of `top` and the elements under it that hold an <li> outside any list below
    them, in one walk."""
    found: set[int] = set()

    def holds(element: Element) -> bool:
        held = False
        for child in element.children:
            if type(child) is Element and child.name not in _LISTS:
                held = _is_item(child) or holds(child) or held
        if held:
            found.add(id(element))
        return held

    holds(top)
    return found


def _is_item(node: Node) -> TypeGuard[Element]:
    return type(node) is Element and node.name == "li"


def _table(table: Element) -> list[Block]:
    """A paragraph per row of a data table; in a table with no header cells or caption, a row
    laid out with blocks in its cells (a page built in a layout table, as FrontPage and Word
    save them) is read cell by cell, as the blocks it holds."""
    blocks: list[Block] = []
    data = any(_nearest_table(mark) is table for mark in tags_in(table, _DATA_MARKS))
    for row in tags_in(table, {"tr"}):
        if _nearest_table(row) is not table:
            continue
        cells = [c for c in row.children if type(c) is Element and c.name in _CELLS]
        if not data and any(map(_is_layout_cell, cells)):
            for cell in cells:
                heading = _implied_heading(cell, _CELLS)
                blocks.extend([heading] if heading else blocks_of(cell.children))
            continue
        text = row_text([_inline_text(cell) for cell in cells])
        if text.strip(" |"):
            links = [link for cell in cells for link in _links_in(cell)]
            blocks.append(Paragraph(text, row.line or 1, links))
    return blocks


def _is_layout_cell(cell: Element) -> bool:
    blocks = [c for c in cell.children if type(c) is Element and c.name in _STRUCTURE]
    return len(blocks) >= _LAYOUT_BLOCKS or any(b.name in _LAYOUT_MARKS for b in blocks)


def _links_in(tag: Element) -> list[Link]:
    links = [Link(title=_inline_text(a), target=str(a.get("href")).strip()) for a in _anchors(tag)]
    return [link for link in links if link.title and link.target]


def _anchors(tag: Element) -> list[Element]:
    return [a for a in tags_in(tag, {"a"}) if "href" in a.attrs and not _is_skipped(a, tag)]


def _nearest_table(node: Element) -> Element | None:
    parent = node.parent
    while parent is not None and parent.name != "table":
        parent = parent.parent
    return parent


def _inline_text(tag: Element) -> str:
    """All visible text under a tag, whitespace-normalised."""
    return normalise(visible_text(tag))


def visible_text(node: Node) -> str:
    """The visible text of a node and everything under it, <br> read as a space."""
    if type(node) is Text:
        return node.text if node.kind == TEXT else ""
    if node.name in SKIPPED:
        return ""
    if node.name == "br":
        return " "
    return "".join(visible_text(child) for child in node.children)


def _strings(tag: Element) -> list[Text]:
    return [
        s
        for s in descendants(tag)
        if type(s) is Text and s.kind == TEXT and not _is_skipped(s, tag)
    ]


def _is_block(node: Node) -> bool:
    return type(node) is Element and node.name in _STRUCTURE


def _is_skipped(node: Node, top: Element) -> bool:
    """Whether a node stands inside an element whose content is not shown (below `top`)."""
    return _inside(node, top, SKIPPED)


def _inside(node: Node, top: Element, names: frozenset[str]) -> bool:
    """Whether an element named in `names` holds `node`, below `top`."""
    parent = node.parent
    while parent is not None and parent is not top:
        if parent.name in names:
            return True
        parent = parent.parent
    return False


def _int_attr(tag: Element, name: str, default: int) -> int:
    try:
        return int(str(tag.get(name) or default).strip())
    except ValueError:
        return default


def normalise(text: str) -> str:
    return " ".join(text.split())
