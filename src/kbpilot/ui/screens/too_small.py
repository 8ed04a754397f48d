"""What covers the app while the terminal is smaller than kbpilot needs."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Static


class TooSmallScreen(ModalScreen[None]):
    """Asks for a bigger terminal; the app removes it once the terminal is big enough."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "app.quit", "Quit", id="small.quit")]

    def __init__(self, minimum: tuple[int, int]) -> None:
        super().__init__()
        self.minimum = minimum

    def compose(self) -> ComposeResult:
        width, height = self.minimum
        yield Static(
            f"kbpilot needs a terminal of at least {width}x{height}.\n"
            "Make the window bigger (or the font smaller); nothing is lost meanwhile.\n"
            "Ctrl+Q quits.",
            id="too-small",
        )
