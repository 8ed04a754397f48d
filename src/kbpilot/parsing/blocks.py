"""The block model every reader produces: headings, paragraphs and (nested) lists with line numbers.

Readers (text, markdown, html) turn a file into a `Document`; everything after them (procedure
extraction, action binding) works on this model only, so the three formats behave the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from kbpilot.model import Diagnostic, Link

_STEP_CELL = re.compile(r"(?:(?P<step>step)\s*)?(?P<number>\d{1,3})[.):]?", re.IGNORECASE)


@dataclass
class Heading:
    """A section title; `level` 1 is the highest.

    `implied` marks a heading the author wrote as something else: a paragraph that is nothing
    but bold text (`<p><strong>Apache Server</strong></p>`, `**Prerequisites:**`), which a
    reader of the page takes for a heading. Readers give implied headings the level below
    the last real heading.
    """

    text: str
    level: int
    line: int
    implied: bool = False


PARAGRAPH_KINDS = ("text", "code", "note")


@dataclass
class Paragraph:
    """A run of text; `links` are the links written in it.

    `kind` says what the author made it: "text" (prose), "code" (a code block, `<pre>`, an
    indented command) or "note" (an admonition: `> [!NOTE]`, `!!! tip`, a note box). Notes and
    code never start or end a procedure; the step rules read them as part of the step around.
    """

    text: str
    line: int
    links: list[Link] = field(default_factory=list)
    kind: str = "text"


@dataclass
class ListItem:
    """One list entry: its own text, the number written before it (ordered lists), what it holds.

    `label` is the marker as written when it is more than a plain number ("6a)", "(1.1)",
    "a."), for diagnostics that quote it.
    """

    text: str
    line: int
    number: int | None = None
    links: list[Link] = field(default_factory=list)
    children: list[Block] = field(default_factory=list)
    label: str | None = None


@dataclass
class ListBlock:
    """An ordered or bulleted list."""

    ordered: bool
    line: int
    items: list[ListItem] = field(default_factory=list)


Block = Heading | Paragraph | ListBlock


@dataclass
class Document:
    """What a reader understood of one file, before any procedure rule ran.

    `title` is the article's title when the format states one (front matter, <title>, the
    dump's title line); `meta` holds front matter or <meta> values as written.
    """

    format: str
    title: str | None = None
    title_line: int | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    meta_line: int | None = None
    blocks: list[Block] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def is_prose(block: Block | None) -> TypeGuard[Paragraph]:
    """A paragraph of prose: not a code block, not a note."""
    return isinstance(block, Paragraph) and block.kind == "text"


def item_of(content: list[Block], line: int, number: int | None) -> ListItem | None:
    """A list item made of the blocks a reader found in it: its first paragraph is its text,
    the rest its children; None when it has no text of its own (the reader then hands the
    content to the item before)."""
    if not content or isinstance(content[0], ListBlock):
        return None
    first, children = content[0], content[1:]
    links = first.links if isinstance(first, Paragraph) else []
    return ListItem(first.text, line, number, links, children)


def is_only_link(text: str, links: list[Link]) -> bool:
    """Text that is nothing but one link: navigation (a breadcrumb, a "next step" button)."""
    return len(links) == 1 and links[0].title.strip() == text.strip()


def row_text(cells: list[str]) -> str:
    """A table row as a paragraph: its cells' texts (whitespace-normalised) joined by " | ".
    A row whose first cell is nothing but a step number ("Step 2", "2.") and that holds more
    text is written as a numbered paragraph ("Step 2: Tap Wi-Fi"), the way help-desk guides
    lay out one step per row beside its screenshot; its empty cells are left out."""
    label = _STEP_CELL.fullmatch(cells[0].strip()) if cells else None
    rest = [text for text in (" ".join(cell.split()) for cell in cells[1:]) if text]
    if label is None or not rest:
        return " ".join(" | ".join(cells).split())
    number = label["number"]
    return f"{f'Step {number}:' if label['step'] else f'{number}.'} {' | '.join(rest)}"


def take_title(
    document: Document, prefer_heading: Callable[[str, str], bool] | None = None
) -> None:
    """Use the first level-1 heading as the title when the document has none, or when
    `prefer_heading(title, heading)` says it is the better one; drop that heading when it
    repeats the title."""
    index = next(
        (i for i, b in enumerate(document.blocks) if isinstance(b, Heading) and b.level == 1),
        None,
    )
    if index is None:
        return
    heading = document.blocks[index]
    assert isinstance(heading, Heading)
    if document.title is None or (prefer_heading and prefer_heading(document.title, heading.text)):
        document.title, document.title_line = heading.text, heading.line
    if heading.text == document.title:
        del document.blocks[index]


def block_to_dict(block: Block) -> dict[str, Any]:
    """A JSON-friendly view of a block, for reader fixture tests and debugging."""
    if isinstance(block, Heading):
        heading: dict[str, Any] = {"heading": block.text, "level": block.level, "line": block.line}
        if block.implied:
            heading["implied"] = True
        return heading
    if isinstance(block, Paragraph):
        out: dict[str, Any] = {"paragraph": block.text, "line": block.line}
        if block.kind != "text":
            out["kind"] = block.kind
        if block.links:
            out["links"] = [link.to_dict() for link in block.links]
        return out
    return {
        "list": "ordered" if block.ordered else "bullet",
        "line": block.line,
        "items": [_item_to_dict(item) for item in block.items],
    }


def _item_to_dict(item: ListItem) -> dict[str, Any]:
    out: dict[str, Any] = {"item": item.text, "line": item.line}
    if item.number is not None:
        out["number"] = item.number
    if item.label is not None:
        out["label"] = item.label
    if item.links:
        out["links"] = [link.to_dict() for link in item.links]
    if item.children:
        out["children"] = [block_to_dict(child) for child in item.children]
    return out


def document_to_dict(document: Document) -> dict[str, Any]:
    return {
        "format": document.format,
        "title": document.title,
        "title_line": document.title_line,
        "meta": document.meta,
        "blocks": [block_to_dict(b) for b in document.blocks],
        "diagnostics": [d.to_dict() for d in document.diagnostics],
    }
