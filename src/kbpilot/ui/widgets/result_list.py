"""The list under the search box: hits (title, category, systems, snippet) or recent runs.

A hit listed again as the user types keeps its option (`KeptOptions`): it is not laid out again,
and a keystroke whose hits are all shown already leaves the list as it is drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kbpilot.ui.literal import literal
from kbpilot.ui.widgets.kept_options import KeptOptions

if TYPE_CHECKING:
    from kbpilot.runs.model import Run
    from kbpilot.search import Hit

SNIPPET_CHARS = 90


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


def hit_prompt(hit: Hit) -> Text:
    """Title, category and a badge per system its steps act on (Autotask, IT Glue, ...) on one
    line; the snippet, matches highlighted, below."""
    line = literal(hit.title, "bold", one_line=True)
    if hit.category:
        line.append_text(literal(f"  {hit.category}", "italic dim", one_line=True))
    for system, (label, style) in badges().items():
        if system in hit.systems:
            line.append("  ")
            line.append(f" {label} ", style=style)
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
    return Text("\n").join([line, snippet])


def shown_by(hit: Hit) -> tuple[object, ...]:
    """Everything `hit_prompt` shows of a hit, and which article it is."""
    snippet = hit.snippet
    return (hit.id, hit.title, hit.category, hit.systems, snippet.text, snippet.spans, hit.step)


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


class ResultList(OptionList):
    """Search hits or runs; posts which entry was highlighted and which was chosen."""

    @dataclass
    class Highlighted(Message):
        """The cursor moved onto an entry."""

        entry: Entry

    @dataclass
    class Chosen(Message):
        """Enter (or a click) on an entry."""

        entry: Entry

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entries: list[Entry] = []
        self._kept = KeptOptions(lambda: self.app.console)

    def show_hits(self, hits: list[Hit]) -> None:
        options = [self._kept.option(shown_by(hit), partial(hit_prompt, hit)) for hit in hits]
        self._fill([Entry(hit=hit) for hit in hits], options)

    def show_runs(self, runs: list[Run]) -> None:
        self._fill([Entry(run=run) for run in runs], [Option(run_prompt(run)) for run in runs])

    def _fill(self, entries: list[Entry], options: list[Option]) -> None:
        """List `options` (for `entries`), the first highlighted. The same options in the same
        order (a keystroke that changed no hit shown: kept options are the same objects) stay as
        they are drawn: the list is only taken back to its first entry, which is announced
        again (a preview that a keystroke stopped loads again)."""
        self.entries = entries
        if options != self.options:
            self.set_options(options)
        elif entries and self.highlighted == 0:
            self.scroll_home(animate=False)
            self.post_message(self.Highlighted(entries[0]))
            return
        if entries:
            self.highlighted = 0

    @property
    def current(self) -> Entry | None:
        index = self.highlighted
        return self.entries[index] if index is not None and index < len(self.entries) else None

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_index < len(self.entries):
            self.post_message(self.Highlighted(self.entries[event.option_index]))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self.entries):
            self.post_message(self.Chosen(self.entries[event.option_index]))
