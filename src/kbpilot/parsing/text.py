"""The plain-text reader: dumps of KB pages (title line, "1." items, "•" bullets, indented text).

Nesting comes from indentation. A list item's wrapped lines continue its text; a paragraph indented
deeper than an item, after a blank line, belongs to that item (an excerpt under a related title).
A numbered list that starts again at 1 becomes a new list. A bullet or line naming a known section
("Related Articles", "See also") is a heading, and closes the lists above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbpilot.parsing.blocks import Block, Document, Heading, ListBlock, ListItem, Paragraph

_ORDERED = re.compile(r"(?P<number>\d{1,3})[.)]\s+(?P<text>\S.*)")
_BULLET = re.compile(r"[•·▪◦‣∙*\-–](?:\s+)(?P<text>\S.*)")
_STEP_LINE = re.compile(r"step\s+\d{1,3}\s*[:.)–-]", re.IGNORECASE)
SECTION_TITLES = frozenset({"related articles", "see also", "related", "references", "attachments"})
_HEADING_MAX = 80


@dataclass
class _Line:
    number: int
    indent: int
    text: str


@dataclass
class _Open:
    """A list still open at an indent, and the item new text may attach to."""

    indent: int
    block: ListBlock
    item: ListItem


def read_text(text: str) -> Document:
    """Read a plain-text dump into the block model."""
    lines = [_measure(n, raw) for n, raw in enumerate(text.split("\n"), start=1)]
    document = Document(format="text")
    start = _read_title(lines, document)
    _Builder(document.blocks).feed(lines[start:])
    return document


def _measure(number: int, raw: str) -> _Line:
    expanded = raw.expandtabs(4)
    stripped = expanded.strip()
    indent = len(expanded) - len(expanded.lstrip()) if stripped else 0
    return _Line(number, indent, " ".join(stripped.split()))


def _read_title(lines: list[_Line], document: Document) -> int:
    """Take the first non-blank line as the title; a dump repeats it: skip the repeat."""
    filled = [i for i, line in enumerate(lines) if line.text]
    if not filled:
        return len(lines)
    first = lines[filled[0]]
    if _ORDERED.fullmatch(first.text) or _BULLET.fullmatch(first.text):
        return 0
    document.title, document.title_line = first.text, first.number
    if len(filled) > 1 and lines[filled[1]].text == first.text:
        return filled[1] + 1
    return filled[0] + 1


class _Builder:
    """Turns measured lines into blocks, keeping a stack of open lists by indent."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.open: list[_Open] = []
        self.paragraph: list[_Line] = []
        self.after_blank = False

    def feed(self, lines: list[_Line]) -> None:
        for index, line in enumerate(lines):
            if not line.text:
                self._flush_paragraph()
                self.after_blank = True
                continue
            marker = _ORDERED.fullmatch(line.text) or _BULLET.fullmatch(line.text)
            if marker and _is_section_title(marker["text"]):
                self._heading(line, marker["text"])
            elif marker:
                self._item(line, marker)
            elif self._continues_item(line):
                item = self.open[-1].item
                item.text = f"{item.text} {line.text}"
            elif self._is_heading(line, lines[index + 1 :]):
                self._heading(line, line.text)
            else:
                self._paragraph_line(line)
            self.after_blank = False
        self._flush_paragraph()

    def _continues_item(self, line: _Line) -> bool:
        return (
            bool(self.open)
            and not self.after_blank
            and not self.paragraph
            and (line.indent > self.open[-1].indent)
        )

    def _is_heading(self, line: _Line, rest: list[_Line]) -> bool:
        """A short, unpunctuated line alone at the margin, or a known section name."""
        if _is_section_title(line.text):
            return True
        alone = not self.paragraph and (not rest or not rest[0].text)
        return (
            alone
            and line.indent == 0
            and len(line.text) <= _HEADING_MAX
            and line.text[0].isupper()
            and line.text[-1] not in ".:;,!?…)"
        )

    def _heading(self, line: _Line, text: str) -> None:
        self._flush_paragraph()
        self.open.clear()
        self.blocks.append(Heading(text=text.rstrip(":"), level=2, line=line.number))

    def _item(self, line: _Line, marker: re.Match[str]) -> None:
        self._flush_paragraph()
        ordered = "number" in marker.groupdict()
        number = int(marker["number"]) if ordered else None
        item = ListItem(text=marker["text"], line=line.number, number=number)
        while self.open and self.open[-1].indent > line.indent:
            self.open.pop()
        top = self.open[-1] if self.open else None
        if top and top.indent == line.indent:
            self.open.pop()
            if top.block.ordered == ordered and not _restarts(top.block, number):
                top.block.items.append(item)
                self.open.append(_Open(line.indent, top.block, item))
                return
        block = ListBlock(ordered=ordered, line=line.number, items=[item])
        self._container().append(block)
        self.open.append(_Open(line.indent, block, item))

    def _paragraph_line(self, line: _Line) -> None:
        if self.paragraph and (self.after_blank or _STEP_LINE.match(line.text)):
            self._flush_paragraph()
        if not self.paragraph:
            while self.open and line.indent <= self.open[-1].indent:
                self.open.pop()
        self.paragraph.append(line)

    def _flush_paragraph(self) -> None:
        if not self.paragraph:
            return
        first = self.paragraph[0]
        text = " ".join(line.text for line in self.paragraph)
        self._container().append(Paragraph(text=text, line=first.number))
        self.paragraph = []

    def _container(self) -> list[Block]:
        return self.open[-1].item.children if self.open else self.blocks


def _restarts(block: ListBlock, number: int | None) -> bool:
    last = block.items[-1].number if block.items else None
    return number is not None and last is not None and number <= last


def _is_section_title(text: str) -> bool:
    return text.rstrip(":").strip().lower() in SECTION_TITLES
