"""Plain-text layout read before the blocks: comment boxes, drawn headings, rules and the title.

- A `#`-framed comment box (a run of `#` lines holding a `####` line, as in shell and config
  file headers) is read for its inside: the frame goes, the text stays.
- A line underlined with `===`/`---`/`~~~` of about its length, or boxed between two rules of
  one character (reStructuredText overlines, banners, an indented title in a box, a numbered
  `1- Setup:` in a box), is a heading.
  Levels follow the order in which the styles first appear, as reStructuredText does; a style
  used once, by the first heading, is the document's title.
- Any other rule line is layout, never content: it reads as a blank line.
- Without a drawn title the title is a `Subject:` line of a message header at the top, else the
  first line of text (a dump repeats it: the repeat is skipped).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kbpilot.parsing.text_lines import Line, is_transport_mark, reads_as_prose, rule_char

_BOX_RUN = re.compile(r"\s*#(?!!)")
_BOX_EDGE = re.compile(r"\s*#{4,}\s*")
_BOX_PREFIX = re.compile(r"(?P<lead>\s*)#+ ?(?P<body>.*?)(?:\s+#+)?\s*")
_SUBJECT = re.compile(r"subject\s*:\s*(?P<value>\S.*)", re.IGNORECASE)
_HEADER_SCAN = 15
_HEADING_MAX = 100
_CENTRED = 4
_TOP_LEVEL = 1
_FIRST_LEVEL = 2
_MAX_LEVEL = 6


@dataclass
class DrawnHeading:
    """A heading drawn with rules: its text, its line and its style (rule char, overlined,
    centred)."""

    text: str
    index: int
    style: tuple[str, bool, bool]
    level: int = _FIRST_LEVEL


@dataclass
class Layout:
    """The lines to read (rules blanked), the drawn headings by line index, the title."""

    lines: list[Line]
    headings: dict[int, DrawnHeading] = field(default_factory=dict)
    title: str | None = None
    title_line: int | None = None
    skip: set[int] = field(default_factory=set)


def unframe_comment_boxes(raw_lines: list[str]) -> list[str]:
    """The lines with every `#`-framed comment box replaced by its inside."""
    out = list(raw_lines)
    start = 0
    while start < len(out):
        if not _BOX_RUN.match(out[start]):
            start += 1
            continue
        end = start
        while end < len(out) and _BOX_RUN.match(out[end]):
            end += 1
        if any(_BOX_EDGE.fullmatch(raw) for raw in out[start:end]):
            for index in range(start, end):
                out[index] = _unframe(out[index])
        start = end
    return out


def _unframe(raw: str) -> str:
    if _BOX_EDGE.fullmatch(raw):
        return ""
    found = _BOX_PREFIX.fullmatch(raw)
    return f"{found['lead']}{found['body']}" if found else raw


def lay_out(lines: list[Line]) -> Layout:
    """Find drawn headings and rules, give headings their levels and pick the title."""
    layout = Layout(lines=list(lines))
    consumed: set[int] = set()
    index = 0
    while index < len(lines):
        heading = _boxed(lines, index) or _underlined(lines, index)
        if heading is None:
            index += 1
            continue
        layout.headings[heading.index] = heading
        rules = [heading.index + 1] + ([index] if index < heading.index else [])
        consumed.update(rules)
        index = heading.index + 2
    for position, line in enumerate(lines):
        if position in consumed or (rule_char(line) and position not in layout.headings):
            layout.lines[position] = Line(line.number, 0, "")
    _assign_levels(layout)
    if layout.title is None:
        _plain_title(layout)
    return layout


def _boxed(lines: list[Line], index: int) -> DrawnHeading | None:
    """`====` / title / `====`: one line between two rules of the same character."""
    if index + 2 >= len(lines):
        return None
    char = rule_char(lines[index])
    title = lines[index + 1]
    if not char or rule_char(lines[index + 2]) != char or not _heading_text(title, boxed=True):
        return None
    text = title.text.strip(char + " ")
    if not text:
        return None
    centred = title.indent >= _CENTRED
    return DrawnHeading(text, index + 1, (char, True, centred))


def _underlined(lines: list[Line], index: int) -> DrawnHeading | None:
    """A short line with a rule of about its length right under it."""
    if index + 1 >= len(lines):
        return None
    title, under = lines[index], lines[index + 1]
    char = rule_char(under)
    if not char or char == "*" or not _heading_text(title):
        return None
    if abs(len(under.text) - len(title.text)) > max(3, len(title.text) // 4):
        return None
    if abs(under.indent - title.indent) > 2:
        return None
    return DrawnHeading(title.text, index, (char, False, False))


def _heading_text(line: Line, boxed: bool = False) -> bool:
    """A line that can be a drawn heading; one boxed between rules may carry a number
    (`1- Prepare the server:`), one only underlined may not."""
    return (
        bool(line.text)
        and not (line.text.endswith(".") and reads_as_prose(line))
        and len(line.text) <= _HEADING_MAX
        and rule_char(line) is None
        and not is_transport_mark(line)
        and (boxed or line.mark is None)
    )


def _assign_levels(layout: Layout) -> None:
    headings = sorted(layout.headings.values(), key=lambda heading: heading.index)
    if not headings:
        return
    counts: dict[tuple[str, bool, bool], int] = {}
    for heading in headings:
        counts[heading.style] = counts.get(heading.style, 0) + 1
    title = _drawn_title(layout, headings, counts)
    if title is not None:
        title.level = _TOP_LEVEL
        layout.title, layout.title_line = title.text, layout.lines[title.index].number
        layout.skip.add(title.index)
        headings.remove(title)
    ranks: dict[tuple[str, bool, bool], int] = {}
    for heading in headings:
        rank = ranks.setdefault(heading.style, len(ranks))
        heading.level = min(_MAX_LEVEL, _FIRST_LEVEL + rank)


def _drawn_title(
    layout: Layout, headings: list[DrawnHeading], counts: dict[tuple[str, bool, bool], int]
) -> DrawnHeading | None:
    """The heading drawn in a style of its own that opens the document, or is centred in a box
    (after a licence header, say)."""
    first = headings[0]
    at_top = not any(line.text for line in layout.lines[: first.index])
    if counts[first.style] == 1 and (at_top or first.style[1]):
        return first
    return next((h for h in headings if counts[h.style] == 1 and h.style[2]), None)


def _plain_title(layout: Layout) -> None:
    filled = [i for i, line in enumerate(layout.lines) if line.text]
    subject = _subject(layout.lines, filled[:_HEADER_SCAN])
    if subject is not None:
        layout.title, layout.title_line = subject
        return
    candidates = [i for i in filled if not is_transport_mark(layout.lines[i])]
    if not candidates:
        return
    first = layout.lines[candidates[0]]
    if first.mark is not None:
        return
    layout.title, layout.title_line = first.text, first.number
    layout.skip.add(candidates[0])
    layout.headings.pop(candidates[0], None)
    if len(candidates) > 1 and layout.lines[candidates[1]].text == first.text:
        layout.skip.add(candidates[1])


def _subject(lines: list[Line], top: list[int]) -> tuple[str, int] | None:
    """A mail-style `Subject:` line among the first lines of a message or patch notice."""
    for index in top:
        found = _SUBJECT.fullmatch(lines[index].text)
        if found and lines[index].indent == 0:
            return found["value"], lines[index].number
    return None
