"""The list under the search box: hits (title, category, systems, snippet) or recent runs.

Drawn a line at a time (Textual's Line API), from rows laid out once (`KeptRows`): a hit listed
again as the user types is not laid out again, and a new fill repaints only the lines whose
drawing changed (none when the hits are those already shown). Only the rows in view are laid out
before a fill's frame, the rest when typing pauses; a fill that keeps the number of lines needs
no layout of the screen. The scrollbar's room is kept: rows are laid out at one width whether
it shows or not (else the first fill that overflows the view, at each new word typed, would lay
out and draw its rows twice). Keys: up and down (round the ends), home and end, page up and page
down move the highlight; a click chooses an entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from kbpilot.ui.literal import literal
from kbpilot.ui.widgets.result_rows import KeptRows, Prompt, Row, single_row

if TYPE_CHECKING:
    from collections.abc import Hashable

    from textual import events
    from textual.style import Style
    from textual.timer import Timer

    from kbpilot.runs.model import Run
    from kbpilot.search import Hit

SNIPPET_CHARS = 90
# How long after a fill the list waits for the next one before it lays out the rows below the
# view (a fill made while the user types is usually replaced before anyone scrolls to them): a
# pause in typing, so that work never lands between two keystrokes.
REST_AFTER = 0.3


@cache
def badges() -> dict[str, tuple[str, str]]:
    """System name -> (label, style) of its badge, from the registry (read on first use)."""
    from kbpilot.integrations.registry import systems

    return {system.name: (system.label.removesuffix(" PSA"), system.badge) for system in systems()}


@dataclass
class Entry:
    """What one line of the list stands for: an article hit or a run."""

    hit: Hit | None = None
    run: Run | None = None

    @property
    def source(self) -> str | None:
        """The article file the entry stands for (relative to the KB)."""
        if self.hit is not None:
            return self.hit.source
        return self.run.article_source if self.run is not None else None


def hit_title(hit: Hit) -> Text:
    """A hit's first line: title, category and a badge per system its steps act on (Autotask,
    IT Glue, ...)."""
    line = literal(hit.title, "bold", one_line=True)
    if hit.category:
        line.append_text(literal(f"  {hit.category}", "italic dim", one_line=True))
    for system, (label, style) in badges().items():
        if system in hit.systems:
            line.append("  ")
            line.append(f" {label} ", style=style)
    return line


def hit_snippet(hit: Hit) -> Text:
    """A hit's snippet, matches highlighted, and the step it comes from."""
    shown = hit.snippet.text[:SNIPPET_CHARS]
    snippet = Text(style="dim")
    done = 0
    for start, end in hit.snippet.spans:
        snippet.append_text(literal(shown[done:start], one_line=True))
        snippet.append_text(literal(shown[max(start, done) : end], "bold yellow", one_line=True))
        done = max(done, end)
    snippet.append_text(literal(shown[done:], one_line=True))
    if len(hit.snippet.text) > SNIPPET_CHARS:
        snippet.append("…")
    if hit.step:
        snippet = Text.assemble((f"step {hit.step}: ", "cyan"), snippet)
    return snippet


def hit_pieces(hit: Hit) -> list[tuple[Hashable, Prompt]]:
    """A hit's row: its title line, then its snippet, each with a key that stands for
    everything it shows."""
    snippet = hit.snippet
    return [
        (("title", hit.title, hit.category, hit.systems), partial(hit_title, hit)),
        (("snippet", snippet.text, snippet.spans, hit.step), partial(hit_snippet, hit)),
    ]


def run_prompt(run: Run) -> Text:
    """A run: its article, customer, progress and ticket."""
    done, total = run.progress
    state = "finished" if run.finished else "in progress"
    line = literal(run.article_title, "bold", one_line=True)
    line.append(f"  {state}", style="green" if run.finished else "yellow")
    ticket = f" · ticket {run.ticket.number}" if run.ticket else ""
    detail = literal(f"{run.company} · {done}/{total} steps{ticket} · run {run.id}", "dim")
    if run.practice:
        detail.append(" · practice", style="magenta")
    return Text("\n").join([line, detail])


class ResultList(ScrollView, can_focus=True):
    """Search hits or runs, the first highlighted; posts which entry was highlighted and which
    was chosen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "cursor_down", "Down", show=False),
        Binding("up", "cursor_up", "Up", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
        Binding("pagedown", "page_down", "Page Down", show=False),
        Binding("pageup", "page_up", "Page Up", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"result-list--highlighted", "result-list--hover"}
    DEFAULT_CSS = """
    ResultList {
        color: $foreground;
        overflow-x: hidden;
        scrollbar-gutter: stable;
        border: tall $border-blurred;
        padding: 0 1;
        background: $surface;
        & > .result-list--highlighted {
            color: $foreground;
            background: $block-cursor-blurred-background;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            border: tall $border;
            background-tint: $foreground 5%;
            & > .result-list--highlighted {
                color: $block-cursor-foreground;
                background: $block-cursor-background;
                text-style: $block-cursor-text-style;
            }
        }
        & > .result-list--hover {
            background: $block-hover-background;
        }
    }
    """

    @dataclass
    class Highlighted(Message):
        """The cursor moved onto an entry."""

        entry: Entry

    @dataclass
    class Chosen(Message):
        """A click on an entry."""

        entry: Entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self.rows: list[Row] = []
        self.highlighted: int | None = None
        self._hover: int | None = None
        self._kept = KeptRows(lambda: self.app.console)
        # Every line of the list as (entry, line of its row), the first line of each entry, and
        # the width they were laid out at.
        self._lines: list[tuple[int, int]] = []
        self._starts: list[int] = []
        self._width = 0
        self._rest_timer: Timer | None = None

    def show_hits(self, hits: list[Hit]) -> None:
        rows = [self._kept.row(hit_pieces(hit)) for hit in hits]
        self._fill([Entry(hit=hit) for hit in hits], rows)

    def show_runs(self, runs: list[Run]) -> None:
        console = self.app.console
        rows = [single_row(partial(run_prompt, run), console) for run in runs]
        self._fill([Entry(run=run) for run in runs], rows)

    @property
    def current(self) -> Entry | None:
        index = self.highlighted
        return self.entries[index] if index is not None and index < len(self.entries) else None

    def _fill(self, entries: list[Entry], rows: list[Row]) -> None:
        """List `rows` (for `entries`) from the top, the first highlighted and announced (a
        preview that a keystroke stopped loads again). Only the lines whose drawing changed are
        painted again: none when the rows are those shown (kept rows are the same objects)."""
        shown = self._shown()
        scrolled = self.scroll_offset.y
        self.entries = entries
        if rows != self.rows:
            self.rows = rows
            self._lay_out(whole=False)
            if self._rest_timer is not None:
                self._rest_timer.stop()
            self._rest_timer = self.set_timer(REST_AFTER, self._lay_out_rest)
        self.highlighted = 0 if entries else None
        self.scroll_to(y=0, animate=False, force=True)
        if scrolled == 0:
            self._repaint_changes(shown)
        if entries:
            self.post_message(self.Highlighted(entries[0]))

    def _lay_out(self, *, whole: bool = True) -> None:
        """The list's lines at the width it has, and its virtual size (a layout of the screen
        only when it changes). Unless `whole`, only the rows that fill the view from the top are
        laid out (their prompts made and wrapped: about 1 ms a row): the rest are counted at the
        average height of those until `_lay_out_rest`, `REST_AFTER` seconds after the fill unless
        a newer fill comes first, or as soon as a key moves the highlight."""
        width = self.scrollable_content_region.width
        self._width = width
        self._lines, self._starts = [], []
        view = None if whole else self.scrollable_content_region.height
        if width > 0:
            for index, row in enumerate(self.rows):
                if view is not None and len(self._lines) >= view:
                    break
                self._starts.append(len(self._lines))
                self._lines.extend((index, line) for line in range(row.height(self, width)))
        height = len(self._lines)
        if self._starts:
            height += (len(self.rows) - len(self._starts)) * height // len(self._starts)
        size = Size(width, height)
        if size != self.virtual_size:
            self.virtual_size = size

    def _lay_out_rest(self) -> None:
        """Lay out the rows that `_lay_out` left for later, if any."""
        if len(self._starts) < len(self.rows):
            self._lay_out()

    def _state(self, index: int) -> str:
        """The component class an entry is drawn with: highlighted, under the mouse, or none."""
        if index == self.highlighted:
            return "result-list--highlighted"
        return "result-list--hover" if index == self._hover else ""

    def _shown(self) -> list[tuple[Row, int, str] | None]:
        """What each line of the view shows: a row's line in a state, or nothing."""
        top = self.scroll_offset.y
        shown: list[tuple[Row, int, str] | None] = []
        for number in range(top, top + self.scrollable_content_region.height):
            if number < len(self._lines):
                index, line = self._lines[number]
                shown.append((self.rows[index], line, self._state(index)))
            else:
                shown.append(None)
        return shown

    def _repaint_changes(self, before: list[tuple[Row, int, str] | None]) -> None:
        """Paint again the lines of the view that show something else than `before`."""
        after = self._shown()
        changed = [y for y, now in enumerate(after) if y >= len(before) or before[y] != now]
        top = self.scroll_offset.y
        for y in changed:
            self.refresh_lines(top + y)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.scrollable_content_region.width != self._width:
            self._lay_out(whole=len(self._starts) == len(self.rows))
            self.refresh()
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        number = self.scroll_offset.y + y
        if number >= len(self._lines):
            return Strip.blank(self._width, self.get_visual_style().rich_style)
        index, line = self._lines[number]
        return self.rows[index].lines(self, self._width, self._style(index))[line]

    def _style(self, index: int) -> Style:
        state = self._state(index)
        return self.get_visual_style(state) if state else self.get_visual_style()

    def notify_style_update(self) -> None:
        self.refresh()
        super().notify_style_update()

    def _entry_lines(self, index: int) -> tuple[int, int]:
        """The first line of an entry and how many lines it takes."""
        start = self._starts[index]
        end = self._starts[index + 1] if index + 1 < len(self._starts) else len(self._lines)
        return start, end - start

    def _move_to(self, index: int | None) -> None:
        """Highlight entry `index`, scrolled into view; announced if the highlight moved."""
        before, self.highlighted = self.highlighted, index
        if before == index or index is None:
            return
        if before is not None and before < len(self._starts):
            self.refresh_lines(*self._entry_lines(before))
        if index < len(self._starts):
            start, height = self._entry_lines(index)
            self.refresh_lines(start, height)
            self.scroll_to_region(
                Region(0, start, self._width, height), animate=False, force=True, immediate=True
            )
        self.post_message(self.Highlighted(self.entries[index]))

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, direction: int) -> None:
        """Move the highlight to the next entry in `direction`, round from the last to the
        first (and from the first to the last); with none highlighted, to the first (last)."""
        self._lay_out_rest()
        count = len(self.entries)
        if count:
            index = self.highlighted
            start = -1 if direction > 0 else count
            self._move_to(((start if index is None else index) + direction) % count)

    def action_first(self) -> None:
        if self.entries:
            self._move_to(0)

    def action_last(self) -> None:
        self._lay_out_rest()
        if self.entries:
            self._move_to(len(self.entries) - 1)

    def action_page_down(self) -> None:
        self._move_page(1)

    def action_page_up(self) -> None:
        self._move_page(-1)

    def _move_page(self, direction: int) -> None:
        """Move the highlight by about the view's height of lines."""
        self._lay_out_rest()
        if not self._lines:
            return
        index = self.highlighted
        if index is None:
            self._move_to(len(self.entries) - 1 if direction > 0 else 0)
            return
        line = self._starts[index] + direction * self.scrollable_content_region.height
        self._move_to(self._lines[max(0, min(line, len(self._lines) - 1))][0])

    def _entry_at(self, event: events.MouseEvent) -> int | None:
        """The entry under the mouse, if any."""
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        number = self.scroll_offset.y + offset.y
        return self._lines[number][0] if number < len(self._lines) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._entry_at(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, index: int | None) -> None:
        before, self._hover = self._hover, index
        for entry in {before, index} - {None, self.highlighted}:
            if entry is not None and entry < len(self._starts):
                self.refresh_lines(*self._entry_lines(entry))

    def on_click(self, event: events.Click) -> None:
        index = self._entry_at(event)
        if index is not None:
            self._move_to(index)
            self.post_message(self.Chosen(self.entries[index]))
