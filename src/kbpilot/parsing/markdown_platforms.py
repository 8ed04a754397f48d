"""Docs-platform syntax around Markdown, rewritten line for line into plain CommonMark.

Articles exported from documentation platforms carry syntax that CommonMark does not know: MDX
imports and JSX components, Hugo shortcodes, Liquid/Jinja tags, DocFX `:::` blocks and monikers,
Docusaurus and MkDocs admonitions, MkDocs content tabs. A reader of the rendered page never sees
the markers, only what they wrap. This module rewrites each construct into what the page shows,
keeping the number of lines (every block keeps its source line):

- a note (admonition, callout component, note shortcode) becomes a blockquote opening with a
  `[!NOTE]` marker, which the Markdown reader reads as note paragraphs;
- a container (tabs, details, a collapse button) loses its markers, and its body is dedented
  when it was indented only to sit inside the component (MDX, MkDocs);
- YFM tabs (`{% list tabs %}`, a bullet per tab: `- PowerShell` with the tab's content indented
  under it) show the first tab's content, dedented, without its label: the other tabs are the
  same action in another tool, and a label is not a step;
- variants of one passage (DocFX monikers and zone pivots written one after the other,
  `{% else %}` branches, also when written inside a line: `click Next.{% else %}`) keep the
  first: the page shows one of them;
- images, imports, exports, comments and template logic become blank lines;
- an include that stands for content becomes the included name in words; a line of nothing
  but an include beside a numbered list's items (`{% data reusables.repos.navigate-to-repo %}`
  over `2. Click Settings.`) stands for a step, whose content the included file numbers: it
  becomes that item, numbered to fit its neighbours.

Inside a fenced code block nothing is rewritten but the indentation of the container around it.
Constructs nested deeper than the Markdown parser reads (`MAX_NESTING`) are not rewritten: their
markers become blank lines and their bodies stay at the depth around them, so that each line is
rewritten by a bounded number of constructs (linear in the file's size at any nesting).
The markers themselves are recognised in `markdown_syntax`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbpilot.parsing.markdown_parser import MAX_NESTING
from kbpilot.parsing.markdown_syntax import (
    MDX_EXPORT,
    MDX_IMPORT,
    Marker,
    branch_end,
    code_rewrite,
    find_marker,
    humanise,
    inline_else,
    inline_rewrite,
    is_template_only,
    only_include,
    ordered_item_number,
)

NOTE_MARKER = "[!NOTE]"
_FENCE = re.compile(r"[ \t]*(?P<fence>`{3,}|~{3,})")
# What any rewriting starts from: a marker line opens with one of `<{:!?=` (`find_marker`), an
# MDX statement with `import` or `export`, inline tags have `{` or `[!`. A file without any is
# left as it is, without reading it line by line. (Line starts are found after a newline, the
# text prefixed with one: a search for a pattern starting with a literal character skips ahead
# to it, where `^` with alternatives is tried at every position.)
_PLATFORM_INLINE = ("{", "[!")
_PLATFORM_LINE = re.compile(r"\n(?:\s*[<:!?=]|import|export)")
_TAB_LABEL = re.compile(r"(?P<indent>[ \t]*)[-*+][ \t]+\S")
_TAB_LABEL_SLACK = 3
_HARD_BREAK = "  "
_JSX = "jsx:"
_STATEMENT_CONTINUES = (",", "=", "(", "{", "[", "=>")


@dataclass
class _Region:
    """An open construct: how its body lines are rewritten."""

    marker: Marker
    indent: int
    body_indent: int | None = None
    dropping: bool = False
    tabs: int = 0

    def rewrite(self, line: str) -> str:
        """A body line as the page shows it, at the indentation of the construct's marker."""
        if self.dropping:
            return ""
        stripped = line.lstrip(" \t")
        width = len(line) - len(stripped)
        if stripped and self.body_indent is None:
            self.body_indent = max(width, self.indent)
        base = self.body_indent if self.body_indent is not None else width
        prefix = "> " if self.marker.role == "note" else ""
        text = " " * self.indent + prefix + " " * max(0, width - base) + stripped
        return text if stripped else text.rstrip()

    def ended_by(self, line: str) -> bool:
        """An indented body (MkDocs) ends at the first line indented no deeper than its marker."""
        if not self.marker.indented_body or not line.strip():
            return False
        return len(line) - len(line.lstrip(" \t")) <= self.indent


def rewrite(lines: list[str], start: int = 0) -> list[str]:
    """The lines with docs-platform syntax rewritten; the first `start` lines are kept as they
    are (front matter)."""
    if not has_platform_syntax("\n".join(lines)):
        return list(lines)
    return _Rewriter(lines).run(start)


def has_platform_syntax(text: str) -> bool:
    """The text has something a rewrite starts from (see `_PLATFORM_LINE`)."""
    return any(mark in text for mark in _PLATFORM_INLINE) or bool(
        _PLATFORM_LINE.search("\n" + text)
    )


def _closed_families(lines: list[str]) -> set[str]:
    """The constructs the file closes somewhere: a marker whose closing never comes opens
    nothing; a stray `{% note %}` is dropped, a placeholder like `<ServerName>` is left to
    CommonMark (an HTML block, which ends a list the way the page shows it)."""
    return {marker.family for line in lines if (marker := find_marker(line)) and marker.closes}


def _step_includes(lines: list[str]) -> dict[int, str]:
    """The lines that are nothing but an include and stand for a step of the numbered list
    beside them (template-tag lines between count for nothing), each as the item written in
    its place: the included name in words, numbered the next after the item above, or the
    ones before the item below; in a list that numbers every item `1.`, `1.` too."""
    numbers: dict[int, int] = {}
    if not any("{%" in line for line in lines):
        return {}
    words: dict[int, tuple[str, str]] = {}  # an include line's indent and name in words
    waiting: list[int] = []  # includes since the last item or blank line
    above: int | None = None  # the number of the list item above, in this list
    lazy = False  # the list numbers every item 1.
    blank = False

    def after_above() -> None:
        if above is not None:
            numbers.update((at, 1 if lazy else above + n) for n, at in enumerate(waiting, 1))

    for index, line in enumerate(lines):
        if not line.strip():
            after_above()
            waiting, blank = [], True
            continue
        name = only_include(line)
        if name is not None:
            words[index] = (line[: len(line) - len(line.lstrip())], humanise(name))
            waiting.append(index)
            continue
        if is_template_only(line):
            continue
        number = ordered_item_number(line)
        if number is not None:
            if above is None:
                first = max(1, number - len(waiting)) if number > 1 else 1
                numbers.update(
                    (at, first if number == 1 else first + n) for n, at in enumerate(waiting)
                )
                lazy = number == 1 and bool(waiting)
            else:
                lazy = lazy or number == above == 1
                after_above()
            waiting, above = [], number
        elif blank and not line[:1].isspace():
            waiting, above, lazy = [], None, False  # a paragraph after the list: it has ended
        else:
            after_above()
            waiting = []
        blank = False
    after_above()
    return {at: f"{words[at][0]}{number}. {words[at][1]}" for at, number in numbers.items()}


class _Rewriter:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.stack: list[_Region] = []
        self.fence: str | None = None
        self.statement_end = -1
        self.after_variant = False
        self.closable = _closed_families(lines)
        self.too_deep: dict[str, int] = {}  # constructs opened deeper than MAX_NESTING, by family
        self.step_includes = _step_includes(lines)
        self.in_else = False  # an else branch opened inside a line: dropped up to its endif
        self.last_branch_end: int | None = None  # the last line with an endif, once looked for

    def run(self, start: int) -> list[str]:
        out = self.lines[:start]
        for index in range(start, len(self.lines)):
            out.append(self._line(index, self.lines[index]))
        return out

    def _line(self, index: int, line: str) -> str:
        if self.fence is not None:
            return self._fenced(line)
        if index <= self.statement_end:
            return ""
        if self.in_else:
            end = branch_end(line)
            if end is None:
                return self._wrap("")
            self.in_else = False
            line = line[end:]
        while self.stack and self.stack[-1].ended_by(line):
            self._pop()
        if not line.strip():
            return self._wrap(line)
        marker = find_marker(line)
        if marker is not None:
            return self._marker(line, marker)
        if self._tab_label(line):
            return ""
        self.after_variant = False
        if self._mdx_statement(index, line):
            return ""
        fence = _FENCE.match(line)
        if fence:
            self.fence = fence["fence"]
            return self._wrap(line)
        item = self.step_includes.get(index)
        if item is not None:
            return self._wrap(item)
        return self._wrap(inline_rewrite(self._without_else(index, line)))

    def _without_else(self, index: int, line: str) -> str:
        """The line without an else branch written inside it; one that its line does not close
        goes on dropping the lines after it, up to its endif (when a later line has one)."""
        found = inline_else(line)
        if found is None:
            return line
        start, end = found
        if end is None:
            if self.last_branch_end is None:
                ends = (i for i in range(len(self.lines) - 1, -1, -1) if branch_end(self.lines[i]))
                self.last_branch_end = next(ends, -1)
            self.in_else = self.last_branch_end > index
            return line[:start]
        return line[:start] + line[end:]

    def _fenced(self, line: str) -> str:
        assert self.fence is not None
        closing = line.strip()
        if closing.startswith(self.fence) and not closing.strip(self.fence[0]):
            self.fence = None
        return self._wrap(code_rewrite(line))

    def _wrap(self, line: str, depth: int | None = None) -> str:
        """A line as the open constructs show it, innermost first."""
        regions = self.stack if depth is None else self.stack[:depth]
        for region in reversed(regions):
            line = region.rewrite(line)
        return line

    def _marker(self, line: str, marker: Marker) -> str:
        if marker.closes:
            if self.too_deep.get(marker.family):
                self.too_deep[marker.family] -= 1
            else:
                self._close(marker.family)
            return self._wrap("")
        if marker.role == "else":
            self._else()
            return self._wrap("")
        if not marker.opens:
            return self._wrap("")
        if not (marker.indented_body or marker.family in self.closable):
            return self._wrap(line if marker.family.startswith(_JSX) else "")
        if len(self.stack) >= MAX_NESTING:
            self.too_deep[marker.family] = self.too_deep.get(marker.family, 0) + 1
            return self._wrap("")
        region = _Region(marker, len(line) - len(line.lstrip(" \t")))
        region.dropping = marker.role == "drop" or (marker.role == "variant" and self.after_variant)
        self.stack.append(region)
        if marker.role != "note" or self._dropping():
            return self._wrap("")
        title = f" {marker.title}{_HARD_BREAK}" if marker.title else ""
        return self._wrap(" " * region.indent + "> " + NOTE_MARKER + title, len(self.stack) - 1)

    def _tab_label(self, line: str) -> bool:
        """A bullet that labels a tab of the innermost tab set: the tab's content is indented
        under it; the first tab's is shown, the others' dropped."""
        region = self.stack[-1] if self.stack else None
        found = _TAB_LABEL.match(line)
        if region is None or region.marker.role != "tabs" or found is None:
            return False
        width = len(found["indent"].expandtabs(4))
        if width > region.indent + _TAB_LABEL_SLACK:
            return False
        region.tabs += 1
        region.dropping = region.tabs > 1
        region.body_indent = None
        return True

    def _dropping(self) -> bool:
        return any(region.dropping for region in self.stack)

    def _close(self, family: str) -> None:
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position].marker.family == family:
                while len(self.stack) > position:
                    self._pop()
                return

    def _pop(self) -> None:
        region = self.stack.pop()
        self.after_variant = region.marker.role == "variant"

    def _else(self) -> None:
        for region in reversed(self.stack):
            if region.marker.role == "branch":
                region.dropping = True
                return

    def _mdx_statement(self, index: int, line: str) -> bool:
        """An MDX `import`/`export` statement starts here (at column 0, outside any construct):
        remember where it ends, so that all its lines are dropped."""
        if self.stack or not (MDX_IMPORT.match(line) or MDX_EXPORT.match(line)):
            return False
        depth = 0
        end = index
        for end in range(index, len(self.lines)):
            text = self.lines[end].rstrip()
            if not text:
                end -= 1
                break
            depth += sum(text.count(c) for c in "{([") - sum(text.count(c) for c in "})]")
            if depth <= 0 and not text.endswith(_STATEMENT_CONTINUES):
                break
        self.statement_end = end
        return True
