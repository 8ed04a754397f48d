"""The banner of a trainee session: practice mode, everything goes to the sandbox."""

from __future__ import annotations

from textual.widgets import Static

TEXT = "PRACTICE MODE: trainee session. Actions run against the built-in sandbox only."


class PracticeBanner(Static):
    """Visible only when the session's role is trainee."""

    def __init__(self) -> None:
        super().__init__(TEXT, classes="practice-banner")

    def on_mount(self) -> None:
        self.display = self.app.services.settings.role == "trainee"
