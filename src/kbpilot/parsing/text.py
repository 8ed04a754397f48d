"""The plain-text reader: dumps of KB pages, READMEs, INSTALL files and patch notices.

Layout first (text_layout): comment boxes are unframed, drawn headings found, rules dropped, the
title picked. Then lines become blocks:

- Lists: `1.` `1)` `(1)` (right-aligned `9)`/`10)` too), `6a)` alternatives and repeated numbers
  stay items of one list, while `2a.` `2b.` right under a `2.` are its sub-steps; `(1.1)`/`1.1`
  items nest under item 1 and `a.`/`(a)` items under the numbered item above them, whatever
  their indent. A list that starts again at 1 is a new list.
- An item's wrapped lines continue its text; a paragraph indented under it after a blank line is
  its child; lines indented clearly deeper than its text (a TAB, or 4 more columns) are code.
- Lines that fall back to the margin between two items of one list (`3.` after `2.`) do not end
  the list: they are children of the item before.
- Paragraphs are "code" when indented deeper than the text around them or when they look like
  code, configuration or a captured screen; "note" when they open with `NOTE:`/`Warning:`, with
  everything indented under them.
- "Step N" lines always begin a paragraph of their own; the procedure layer reads them.
- A bullet or line naming a known section ("Related Articles", "See also") is a heading; so is a
  short line standing alone at the margin, a bare `1.1 Title` line with body text under it, and
  a Markdown heading at the margin (`### Upgrading from 1.6`, two hashes or more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kbpilot.parsing.blocks import Block, Document, Heading, ListBlock, ListItem, Paragraph
from kbpilot.parsing.text_layout import Layout, lay_out, unframe_comment_boxes
from kbpilot.parsing.text_lines import (
    Line,
    Marker,
    is_field,
    is_note_start,
    is_step_line,
    is_table_rule,
    is_url_only,
    measure,
    reads_as_prose,
    without_section_number,
)

SECTION_TITLES = frozenset({"related articles", "see also", "related", "references", "attachments"})
_HEADING_MAX = 80
_ATX = re.compile(r"(?P<hashes>#{2,6})[ \t]+(?P<text>[^#]*[^#\s])(?:[ \t]+#+)?")
_CODE_DEPTH = 4
_LEAD_IN_DEPTH = 2
_LABEL_NESTED = frozenset({"dotted", "letter", "division"})
_NUMBERED = frozenset({"number", "dotted"})
_RAGGED_LINES = 3


@dataclass
class _Open:
    """A list still open, the item new text may attach to, and that item's marker."""

    indent: int
    block: ListBlock
    item: ListItem
    marker: Marker


def read_text(text: str) -> Document:
    """Read a plain-text dump into the block model."""
    raw_lines = unframe_comment_boxes(text.split("\n"))
    layout = lay_out([measure(n, raw) for n, raw in enumerate(raw_lines, start=1)])
    document = Document(format="text", title=layout.title, title_line=layout.title_line)
    _Builder(document.blocks, layout).feed()
    return document


class _Builder:
    """Turns laid-out lines into blocks, keeping a stack of open lists."""

    def __init__(self, blocks: list[Block], layout: Layout) -> None:
        self.blocks = blocks
        self.layout = layout
        self.lines = layout.lines
        self.open: list[_Open] = []
        self.pending: list[Line] = []
        self.pending_kind: str | None = None
        self.pending_code = False
        self.code_floor = 0
        self.after_blank = False
        self.note_indent: int | None = None
        self.hold: int | None = None
        self.hold_until = -1
        self.top_indent = 0
        self.next_numbered, self.next_break = _lookahead(layout)

    def feed(self) -> None:
        for index, line in enumerate(self.lines):
            if index == self.hold_until:
                self.hold = None
            if index in self.layout.skip or not line.text:
                self._flush()
                self.after_blank = True
                continue
            drawn = self.layout.headings.get(index)
            if drawn is not None:
                self._heading(line, drawn.text, drawn.level)
            else:
                self._line(index, line)
            self.after_blank = False
        self._flush()

    def _line(self, index: int, line: Line) -> None:
        found = line.mark
        if self._note_line(line, found):
            pass
        elif self._code_continues(line, found):
            self.pending.append(line)
        elif is_step_line(line):
            self._close_all()
            self._start_paragraph(index, line, None)
        elif is_note_start(line):
            self._start_paragraph(index, line, "note")
            self.note_indent = line.indent
        elif found and _is_section_title(found.text):
            self._heading(line, found.text)
        elif atx := _atx_heading(line):
            self._heading(line, atx[1], len(atx[0]))
        elif found and self._place(index, line, found):
            pass
        elif self._continues_item(line):
            self._continue_item(index, line)
        elif self._is_heading(index, line):
            self._heading(line, line.text)
        else:
            self._paragraph_line(index, line)

    # notes, code and step paragraphs

    def _note_line(self, line: Line, found: Marker | None) -> bool:
        """Take the line into the open note: its next line, or a paragraph indented under it."""
        if self.note_indent is None:
            return False
        if not self.after_blank and (found is None or line.indent > self.note_indent):
            self.pending.append(line)
            return True
        if self.after_blank and line.indent > self.note_indent:
            self._flush()
            self.pending, self.pending_kind = [line], "note"
            return True
        self.note_indent = None
        return False

    def _code_continues(self, line: Line, found: Marker | None) -> bool:
        """A code paragraph goes on: lines at its depth, and `*` lines of a recipe or config."""
        if not self.pending or self.after_blank or is_step_line(line):
            return False
        if self.pending_kind == "code":
            return line.tab or line.indent >= self.code_floor
        return self.pending_code and found is not None and found.kind == "bullet"

    # list items

    def _place(self, index: int, line: Line, found: Marker) -> bool:
        """Make the line a list item; False when it is text after all."""
        if found.kind == "dotted" and found.bare:
            if self._is_numbered_heading(index, line):
                self._heading(line, line.text, min(6, 1 + len(found.parts)))
                return True
            if self._dotted_home(found) is None:
                return False
        if found.kind == "letter" and not self._letter_allowed(found):
            return False
        self._flush()
        self.note_indent = None
        item = ListItem(text=found.text, line=line.number, number=found.number, label=found.label)
        if found.kind == "dotted" and self._nest_dotted(line, found, item):
            return True
        if found.kind == "letter" and self._nest_letter(line, found, item):
            return True
        if found.kind == "number" and found.label and self._nest_division(line, found, item):
            return True
        self._place_by_indent(index, line, found, item)
        return True

    def _dotted_home(self, found: Marker) -> int | None:
        """Where a `1.1` item goes: after its dotted sibling or under its numbered parent."""
        for position in range(len(self.open) - 1, -1, -1):
            entry = self.open[position]
            if entry.marker.kind == "dotted" and entry.marker.parts[:-1] == found.parts[:-1]:
                return position
            if _is_parent(entry, found):
                return position
        return None

    def _nest_dotted(self, line: Line, found: Marker, item: ListItem) -> bool:
        position = self._dotted_home(found)
        if position is None:
            return False
        entry = self.open[position]
        if entry.marker.kind == "dotted" and entry.marker.parts[:-1] == found.parts[:-1]:
            self._sibling(position, line, found, item)
        else:
            self._child_list(position, line, found, item)
        return True

    def _nest_letter(self, line: Line, found: Marker, item: ListItem) -> bool:
        for position in range(len(self.open) - 1, -1, -1):
            entry = self.open[position]
            if _next_letter(entry, found):
                self._sibling(position, line, found, item)
                return True
            if entry.marker.kind in _NUMBERED:
                self._child_list(position, line, found, item)
                return True
        return False

    def _nest_division(self, line: Line, found: Marker, item: ListItem) -> bool:
        """`2a.` under the step `2.` it divides is that step's sub-step, and `2b.` the next one
        (a "division": `3.` ends them); `6a)` with no `6)` above it is not placed here (an
        alternative step of the list)."""
        division = replace(found, kind="division")
        for position in range(len(self.open) - 1, -1, -1):
            marker = self.open[position].marker
            if marker.number != found.number:
                continue
            if marker.kind == "division":
                self._sibling(position, line, division, item)
                return True
            if marker.kind == "number" and marker.label is None:
                self._child_list(position, line, division, item)
                return True
        return False

    def _letter_allowed(self, found: Marker) -> bool:
        if any(
            entry.marker.kind in _NUMBERED or entry.marker.kind == "letter" for entry in self.open
        ):
            return True
        lead_in = not self.pending or self.pending[-1].text.endswith(":")
        return found.number == 1 and (self.after_blank or lead_in)

    def _sibling(self, position: int, line: Line, found: Marker, item: ListItem) -> None:
        self._release_hold(position)
        block = self.open[position].block
        del self.open[position:]
        block.items.append(item)
        self.open.append(_Open(line.indent, block, item, found))

    def _child_list(self, position: int, line: Line, found: Marker, item: ListItem) -> None:
        self._release_hold(position + 1)
        del self.open[position + 1 :]
        self._new_list(line, found, item)

    def _release_hold(self, depth: int) -> None:
        """The held list is closed from below: nothing to hold any more."""
        if self.hold is not None and depth <= self.hold:
            self.hold, self.hold_until = None, -1

    def _new_list(self, line: Line, found: Marker, item: ListItem) -> None:
        block = ListBlock(ordered=found.ordered, line=line.number, items=[item])
        self._container().append(block)
        self.open.append(_Open(line.indent, block, item, found))

    def _place_by_indent(self, index: int, line: Line, found: Marker, item: ListItem) -> None:
        floor = self.hold + 1 if self.hold is not None else 0
        while len(self.open) > floor and _falls_out(self.open[-1], line, found):
            self.open.pop()
        if len(self.open) > floor and _aligned(self.open[-1], line, found):
            top = self.open.pop()
            if top.marker.kind == found.kind and not _restarts(top.block, found.number):
                top.block.items.append(item)
                self.open.append(_Open(line.indent, top.block, item, found))
                return
        self._new_list(line, found, item)

    # text after an item, paragraphs, headings

    def _continues_item(self, line: Line) -> bool:
        return (
            bool(self.open)
            and not self.after_blank
            and not self.pending
            and (line.indent > self.open[-1].indent)
        )

    def _continue_item(self, index: int, line: Line) -> None:
        base = self.open[-1].marker.text_col
        if self._starts_block(index, line, base):
            if self._depth_kind(line, base, index) == "code":
                self._start_code(index, line, base)
            else:
                self._start_paragraph(index, line, None)
        else:
            entry = self.open[-1]
            entry.item.text = f"{entry.item.text} {line.text}"

    def _starts_block(self, index: int, line: Line, base: int) -> bool:
        """A line right under text starts a block of its own: deeper after a lead-in ending in
        ":", or a command indented clearly deeper."""
        previous = self.lines[index - 1]
        if previous.text.endswith(":") and line.indent >= base + _LEAD_IN_DEPTH:
            return True
        return self._depth_kind(line, base, index) == "code" and line.signal > 0

    def _depth_kind(self, line: Line, base: int, index: int) -> str | None:
        """ "code" for a line indented clearly deeper than the text around (a TAB, or 4 more
        columns), unless it is a link or reads as a sentence."""
        previous = self.lines[index - 1] if index else line
        deeper = line.indent >= base + _CODE_DEPTH or (
            line.tab and not previous.tab and line.indent > base
        )
        if deeper and not is_url_only(line) and not reads_as_prose(line):
            return "code"
        return None

    def _is_heading(self, index: int, line: Line) -> bool:
        """A short, unpunctuated line alone at the margin, or a known section name."""
        if _is_section_title(line.text):
            return True
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        alone = not self.pending and (following is None or not following.text)
        return alone and _heading_shape(line)

    def _is_numbered_heading(self, index: int, line: Line) -> bool:
        """`1.1 Title` alone, with body text under it that is not indented into an item."""
        following = self.lines[index + 1] if index + 1 < len(self.lines) else None
        if self.pending or following is None or following.text:
            return False
        body = next((other for other in self.lines[index + 2 : index + 4] if other.text), None)
        return (
            body is not None
            and body.indent <= line.indent
            and body.mark is None
            and len(line.text) <= _HEADING_MAX
            and not line.text.endswith((".", ":", ";", ","))
        )

    def _heading(self, line: Line, text: str, level: int = 2) -> None:
        self._flush()
        self._close_all()
        self.blocks.append(Heading(text=text.rstrip(":").strip(), level=level, line=line.number))

    def _paragraph_line(self, index: int, line: Line) -> None:
        if self._paragraph_goes_on(index, line):
            self.pending.append(line)
            self.pending_code = self.pending_code or line.signal > 0
            return
        self._flush()
        base = self.open[-1].marker.text_col if self.open else self.top_indent
        kind = self._depth_kind(line, base, index)
        if kind == "code":
            self._start_code(index, line, base)
        else:
            self._start_paragraph(index, line, None)

    def _paragraph_goes_on(self, index: int, line: Line) -> bool:
        if not self.pending or self.after_blank:
            return False
        return self.pending_code or not self._starts_block(index, line, self.pending[0].indent)

    def _start_code(self, index: int, line: Line, base: int) -> None:
        self._start_paragraph(index, line, "code")
        self.code_floor = min(line.indent, base + _CODE_DEPTH)

    def _start_paragraph(self, index: int, line: Line, kind: str | None) -> None:
        self._flush()
        self._close_for(index, line)
        self.pending, self.pending_kind = [line], kind
        self.pending_code = line.signal > 0

    def _close_for(self, index: int, line: Line) -> None:
        """Close the lists a line at this indent falls out of, unless the list goes on after it."""
        if not self.open or line.indent > self.open[-1].indent:
            return
        if self.hold is None:
            held = self._held_entry(index)
            if held is not None:
                self.hold, self.hold_until = held, self.next_numbered[index]
        floor = self.hold + 1 if self.hold is not None else 0
        while len(self.open) > floor and line.indent <= self.open[-1].indent:
            self.open.pop()

    def _held_entry(self, index: int) -> int | None:
        """The open list the next numbered line continues (`3.` after `2.`), when no heading
        comes first."""
        upcoming = self.next_numbered[index]
        if upcoming < 0 or self.next_break[index] < upcoming:
            return None
        found = self.lines[upcoming].mark
        assert found is not None
        for position in range(len(self.open) - 1, -1, -1):
            if _continues(self.open[position], found):
                return position
        return None

    def _flush(self) -> None:
        if not self.pending:
            return
        first = self.pending[0]
        kind = self.pending_kind or _content_kind(self.pending)
        text = " ".join(line.text for line in self.pending)
        self._container().append(Paragraph(text=text, line=first.number, kind=kind))
        if kind == "text" and not self.open:
            self.top_indent = first.indent
        self.pending, self.pending_kind, self.pending_code = [], None, False

    def _close_all(self) -> None:
        self.open.clear()
        self.hold, self.hold_until, self.note_indent = None, -1, None

    def _container(self) -> list[Block]:
        return self.open[-1].item.children if self.open else self.blocks


def _lookahead(layout: Layout) -> tuple[list[int], list[int]]:
    """For each line, the index of the next numbered item line and of the next line that ends
    every list (a heading or a "Step N" line); -1 / len(lines) when there is none."""
    lines = layout.lines
    next_numbered = [-1] * (len(lines) + 1)
    next_break = [len(lines)] * (len(lines) + 1)
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        found = line.mark if line.text else None
        numbered = found is not None and found.kind in _NUMBERED and not found.bare
        next_numbered[index] = index if numbered else next_numbered[index + 1]
        breaks = index in layout.headings or _static_heading(lines, index)
        next_break[index] = index if breaks or is_step_line(line) else next_break[index + 1]
    return next_numbered, next_break


def _atx_heading(line: Line) -> tuple[str, str] | None:
    """A Markdown heading written in a text file (`### Upgrading from 1.6`): its hashes (two to
    six: one alone is as often a root prompt) and its text."""
    if line.indent or not line.text.startswith("##"):
        return None
    found = _ATX.fullmatch(line.text)
    return (found["hashes"], found["text"]) if found else None


def _static_heading(lines: list[Line], index: int) -> bool:
    line = lines[index]
    if _atx_heading(line):
        return True
    if not line.text or line.mark is not None:
        return False
    before = lines[index - 1] if index else None
    after = lines[index + 1] if index + 1 < len(lines) else None
    alone = (before is None or not before.text) and (after is None or not after.text)
    return _is_section_title(line.text) or (alone and _heading_shape(line))


def _heading_shape(line: Line) -> bool:
    return (
        line.indent == 0
        and not is_field(line)
        and len(line.text) <= _HEADING_MAX
        and without_section_number(line.text)[0].isupper()
        and line.text[-1] not in ".:;,!?…)"
    )


def _content_kind(lines: list[Line]) -> str:
    """Code or text by what the lines look like; a column table with a dashed header rule is
    data, read as text."""
    signals = [line.signal for line in lines]
    if 2 not in signals and any(is_table_rule(line) for line in lines):
        return "text"
    if 2 in signals or 2 * sum(1 for signal in signals if signal) >= len(lines):
        return "code"
    if signals[0] and not any(reads_as_prose(line) for line in lines):
        return "code"
    ragged = len(lines) >= _RAGGED_LINES and len({line.indent for line in lines}) >= _RAGGED_LINES
    return "code" if ragged else "text"


def _next_letter(entry: _Open, found: Marker) -> bool:
    """`b.` after `a.`: a later letter written the same way."""
    same = entry.marker.kind == "letter" and entry.marker.style == found.style
    return same and (found.number or 0) > (entry.item.number or 0)


def _is_parent(entry: _Open, found: Marker) -> bool:
    if entry.marker.kind == "number":
        return len(found.parts) == 2 and entry.item.number == found.parts[0]
    return entry.marker.kind == "dotted" and entry.marker.parts == found.parts[:-1]


def _continues(entry: _Open, found: Marker) -> bool:
    """The marker is the next one of the entry's list (`3.` after `2.`, `(1.3)` after `(1.2)`) or
    the first sub-item of its item (`(1.1)` after `(1)`)."""
    if found.kind == "dotted" and found.parts[-1] == 1 and _is_parent(entry, found):
        return True
    if entry.marker.kind != found.kind or entry.marker.style != found.style:
        return False
    if found.kind == "dotted":
        same_parent = entry.marker.parts[:-1] == found.parts[:-1]
        return same_parent and found.parts[-1] == entry.marker.parts[-1] + 1
    return found.number is not None and found.number == (entry.item.number or 0) + 1


def _falls_out(entry: _Open, line: Line, found: Marker) -> bool:
    """A new item ends an open item deeper than it, or a sub-item (`1.1`, `a.`) beside it."""
    if _aligned(entry, line, found):
        return entry.marker.kind in _LABEL_NESTED and found.kind != entry.marker.kind
    return entry.indent > line.indent


def _aligned(entry: _Open, line: Line, found: Marker) -> bool:
    if entry.indent == line.indent:
        return True
    both_numbers = entry.marker.kind == found.kind == "number"
    return both_numbers and entry.marker.label_end == found.label_end


def _restarts(block: ListBlock, number: int | None) -> bool:
    """A list starts again at 1, or goes back below its last number; a repeated number (a typo,
    "2)" twice) stays in the list."""
    last = block.items[-1].number if block.items else None
    if number is None or last is None:
        return False
    return number == 1 or number < last


def _is_section_title(text: str) -> bool:
    return text.rstrip(":").strip().lower() in SECTION_TITLES
