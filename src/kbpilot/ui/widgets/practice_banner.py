"""The banner of a trainee session: practice mode, everything goes to the sandbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

if TYPE_CHECKING:
    from kbpilot.ui.app import KbpilotApp

TEXT = "PRACTICE MODE: trainee session. Actions run against the built-in sandbox only."


class PracticeBanner(Static):
    """Visible only when the session's role is trainee."""

    app: KbpilotApp

    def __init__(self) -> None:
        super().__init__(TEXT, classes="practice-banner")

    def on_mount(self) -> None:
        self.display = self.app.services.settings.role == "trainee"
