"""The screen shown instead of search when there is no KB to search: what is wrong, what to do."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from kbpilot.ui.literal import literal
from kbpilot.ui.services import Problem


class NoticeScreen(Screen[None]):
    """A problem with the KB (none found, or empty), and how to point kbpilot at one."""

    # q quits too; the footer shows the app's Ctrl+Q once.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "Quit", id="notice.quit", show=False)
    ]

    def __init__(self, problem: Problem) -> None:
        super().__init__()
        self.problem = problem

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="notice"):
            yield Static(literal(self.problem.title), id="notice-title")
            yield Static(literal(self.problem.advice), id="notice-advice")
        yield Footer(compact=True)
