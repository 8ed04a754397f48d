"""The HTML reader: a help-desk or documentation export (or a fragment) into the block model.

`read_html` parses with the stdlib parser, takes the title and <meta> values, then `_blocks_of`
goes through the tree once: inline content gathers into a `_Run` that becomes a Paragraph at
the next block boundary (a block element, a <br>, the end of a container), while headings,
lists and tables become their own blocks.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeGuard

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, PageElement, Tag

from kbpilot.errors import ParseError
from kbpilot.model import Link
from kbpilot.parsing.blocks import (
    Block,
    Document,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    take_title,
)

_SKIPPED = frozenset(
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
_SITE_SEPARATORS = ("-", "–", "—", "|", ":", "·")
_IMPLIED_END = ("p", "li", "dt", "dd", "td", "th", "option")
_LIST_META = frozenset({"keywords", "tags", "aliases"})
_TEXT_META = frozenset({"category", "description"})


def read_html(text: str) -> Document:
    """Read a whole HTML file or fragment; a tree nested too deeply to walk is a ParseError."""
    document = Document(format="html")
    try:
        soup = _soup(text)
        _close_implied_tags(soup)
        _read_head(soup, document)
        document.blocks = _blocks_of(soup.children)
    except RecursionError as exc:
        raise ParseError("HTML is nested too deeply to read") from exc
    take_title(document, _adds_site_name)
    return document


def _soup(text: str) -> BeautifulSoup:
    """The parsed tree; a file whose whole content looks like a path or URL is still content."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(text, "html.parser")


def _read_head(soup: BeautifulSoup, document: Document) -> None:
    title = soup.find("title")
    text = _normalise("".join(_visible_text(c) for c in title.children)) if title else ""
    if isinstance(title, Tag) and text:
        document.title, document.title_line = text, title.sourceline
    for meta in soup.find_all("meta"):
        _read_meta(meta, document)


def _read_meta(meta: Tag, document: Document) -> None:
    name = str(meta.get("name") or "").strip().lower()
    content = _normalise(str(meta.get("content") or ""))
    if not content or name not in _LIST_META | _TEXT_META:
        return
    if name in _TEXT_META:
        document.meta[name] = content
    else:
        key = "aliases" if name == "aliases" else "tags"
        document.meta[key] = [part.strip() for part in content.split(",") if part.strip()]
    if document.meta_line is None:
        document.meta_line = meta.sourceline


def _adds_site_name(title: str, heading: str) -> bool:
    rest = title.removeprefix(heading).lstrip()
    return title.startswith(heading) and rest.startswith(_SITE_SEPARATORS)


@dataclass
class _Run:
    """Inline content waiting for the next block boundary to become a Paragraph."""

    parts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    line: int | None = None

    def add(self, string: NavigableString) -> None:
        if self.line is None and string.strip():
            self.line = _string_line(string)
        self.parts.append(str(string))

    def flush(self, out: list[Block]) -> None:
        text = _normalise("".join(self.parts))
        if text:
            out.append(Paragraph(text, self.line or 1, self.links))
        self.parts, self.links, self.line = [], [], None


def _blocks_of(nodes: Iterable[PageElement]) -> list[Block]:
    """The blocks a sequence of nodes makes, one inline run at a time."""
    out: list[Block] = []
    run = _Run()
    _walk(nodes, out, run)
    run.flush(out)
    return out


def _walk(nodes: Iterable[PageElement], out: list[Block], run: _Run) -> None:
    for node in list(nodes):
        if isinstance(node, Tag):
            _tag(node, out, run)
        elif type(node) is NavigableString:
            run.add(node)


def _tag(tag: Tag, out: list[Block], run: _Run) -> None:
    name = tag.name
    if name in _SKIPPED:
        return
    if name == "a":
        _link(tag, run)
        _walk(tag.children, out, run)
    elif name not in _BREAKS:
        _walk(tag.children, out, run)
    else:
        run.flush(out)
        out.extend(_block(tag, name))


def _block(tag: Tag, name: str) -> list[Block]:
    if name in _HEADINGS:
        return _heading(tag, int(name[1]))
    if name in _LISTS:
        return _list(tag)
    if name == "table":
        return _table(tag)
    return _blocks_of(tag.children)


def _heading(tag: Tag, level: int) -> list[Block]:
    """A heading of the text before any block inside it (an unclosed heading swallows them)."""
    children = list(tag.children)
    cut = next((i for i, child in enumerate(children) if _is_block(child)), len(children))
    text = _normalise("".join(_visible_text(child) for child in children[:cut]))
    heading: list[Block] = [Heading(text, level, tag.sourceline or 1)] if text else []
    return heading + _blocks_of(children[cut:])


def _link(tag: Tag, run: _Run) -> None:
    href = str(tag.get("href") or "").strip()
    title = _inline_text(tag)
    if href and title:
        run.links.append(Link(title=title, target=href))


def _list(tag: Tag) -> list[Block]:
    """A list block; content that is not an item of its own goes to the item before."""
    ordered = tag.name == "ol"
    number = _int_attr(tag, "start", 1) if ordered else None
    before: list[Block] = []
    items: list[ListItem] = []
    for owner, nodes in _list_entries(tag.children):
        content = _blocks_of(nodes)
        if owner is not None and number is not None:
            number = _int_attr(owner, "value", number)
        item = _item(content, owner.sourceline or 1, number) if owner else None
        if item is None:
            (items[-1].children if items else before).extend(content)
            continue
        items.append(item)
        number = number + 1 if number is not None else None
    line = tag.sourceline or 1
    return [*before, ListBlock(ordered, line, items)] if items else before


def _list_entries(nodes: Iterable[PageElement]) -> list[tuple[Tag | None, list[PageElement]]]:
    """The entries of a list: each <li> with what it holds, or a node standing between items."""
    return [(node, list(node.children)) if _is_item(node) else (None, [node]) for node in nodes]


def _close_implied_tags(soup: BeautifulSoup) -> None:
    """Put side by side what html.parser nested because an end tag was left out (<p>a<p>b),
    as a browser does; otherwise a long page of unclosed <p> nests too deep to walk."""
    for tag in soup.find_all(_IMPLIED_END):
        inner = next((c for c in tag.children if isinstance(c, Tag) and c.name == tag.name), None)
        if inner is None:
            continue
        anchor: PageElement = tag
        for node in [inner, *inner.next_siblings]:
            anchor.insert_after(node.extract())
            anchor = node


def _is_item(node: PageElement) -> TypeGuard[Tag]:
    return isinstance(node, Tag) and node.name == "li"


def _item(content: list[Block], line: int, number: int | None) -> ListItem | None:
    if not content or isinstance(content[0], ListBlock):
        return None
    first, children = content[0], content[1:]
    links = first.links if isinstance(first, Paragraph) else []
    return ListItem(first.text, line, number, links, children)


def _table(table: Tag) -> list[Block]:
    blocks: list[Block] = []
    for row in table.find_all("tr"):
        if row.find_parent("table") is not table:
            continue
        cells = row.find_all(["td", "th"], recursive=False)
        text = _normalise(" | ".join(_inline_text(cell) for cell in cells))
        if text.strip(" |"):
            links = [link for cell in cells for link in _links_in(cell)]
            blocks.append(Paragraph(text, row.sourceline or 1, links))
    return blocks


def _links_in(tag: Tag) -> list[Link]:
    links = [Link(title=_inline_text(a), target=str(a.get("href")).strip()) for a in _anchors(tag)]
    return [link for link in links if link.title and link.target]


def _anchors(tag: Tag) -> list[Tag]:
    return [a for a in tag.find_all("a", href=True) if not _is_skipped(a, tag)]


def _inline_text(tag: Tag) -> str:
    """All visible text under a tag, whitespace-normalised."""
    return _normalise(_visible_text(tag))


def _visible_text(node: PageElement) -> str:
    """The visible text of a node and everything under it, <br> read as a space."""
    if type(node) is NavigableString:
        return str(node)
    if not isinstance(node, Tag) or node.name in _SKIPPED:
        return ""
    if node.name == "br":
        return " "
    return "".join(_visible_text(child) for child in node.children)


def _is_block(node: PageElement) -> bool:
    return isinstance(node, Tag) and node.name in _STRUCTURE


def _is_skipped(node: PageElement, top: Tag) -> bool:
    """Whether a node stands inside an element whose content is not shown (below `top`)."""
    parent = node.parent
    while parent is not None and parent is not top:
        if parent.name in _SKIPPED:
            return True
        parent = parent.parent
    return False


def _string_line(string: NavigableString) -> int:
    """The 1-based line where a text node's first visible character stands."""
    newlines = _leading_newlines(string)
    node = string.previous_element
    while node is not None and not (isinstance(node, Tag) and node.sourceline is not None):
        if isinstance(node, NavigableString):
            newlines += node.count("\n")
        node = node.previous_element
    base = node.sourceline if isinstance(node, Tag) and node.sourceline else 1
    return base + newlines


def _leading_newlines(string: str) -> int:
    return string[: len(string) - len(string.lstrip())].count("\n")


def _int_attr(tag: Tag, name: str, default: int) -> int:
    try:
        return int(str(tag.get(name, default)).strip())
    except ValueError:
        return default


def _normalise(text: str) -> str:
    return " ".join(text.split())
