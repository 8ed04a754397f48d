"""Dialogs that open with the app (the sandbox offer, the name asked on a first start) and the
keys typed before they are on screen or after they were answered.

Someone who starts kbpilot and types at once means the search box, not a dialog they have not
seen yet. A key is stamped when the terminal delivers it, which can be before the dialog's first
frame even when it is handled after: such a key is kept in `typed_early` (never typed over the
dialog's prefilled text, never taken as one of its keys), and the app hands what was kept to the
search box when the dialog closes. A dialog opened under another one is drawn only when that
one closes: its keys count from then. Keys that follow the Enter answering a prompt, handled
before the prompt closes, are the search's too, not more of the answer.
"""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input

ResultT = TypeVar("ResultT")


class KeepsEarlyKeys(ModalScreen[ResultT]):
    """A dialog that keeps the keys stamped before it was drawn on top, and those that follow
    its answer; `FIRST_FOCUS` (a selector) takes the cursor once it is drawn."""

    AUTO_FOCUS = None
    FIRST_FOCUS = "Button"
    typed_early = ""
    drawn_at: float | None = None
    # When the dialog was answered (the Enter's stamp) and how much of `typed_early` there was.
    answered: tuple[float, int] | None = None

    def on_screen_suspend(self) -> None:
        self.drawn_at = None

    def on_screen_resume(self) -> None:
        """Shown on top: when pushed, and again when a dialog above it closes."""
        self.call_after_refresh(self._now_drawn)

    def _now_drawn(self) -> None:
        """Drawn on top (a dialog covered by another as it opened waits until it shows)."""
        if self.app.screen is self and self.drawn_at is None:
            self.drawn_at = Message().time
            self.query(self.FIRST_FOCUS).first().focus()

    def keeps(self, event: events.Key) -> bool:
        """Whether `event` is not the dialog's: typed before it was drawn, or after its answer."""
        drawn, answered = self.drawn_at, self.answered
        return (
            drawn is None
            or event.time < drawn
            or (answered is not None and event.time > answered[0])
        )

    def answering(self, enter: events.Key) -> None:
        """The dialog was answered by the key `enter`: the keys stamped after it are kept."""
        self.answered = (enter.time, len(self.typed_early))

    def not_answered(self) -> str:
        """The answer was refused and the dialog stays: the keys typed since, no longer kept."""
        kept = len(self.typed_early) if self.answered is None else self.answered[1]
        since, self.typed_early = self.typed_early[kept:], self.typed_early[:kept]
        self.answered = None
        return since

    def on_key(self, event: events.Key) -> None:
        if self.keeps(event):
            event.stop()
            event.prevent_default()
            if event.is_printable and event.character:
                self.typed_early += event.character


class FreshKeysInput(Input):
    """An input of such a dialog: a key the dialog keeps passes it by (to the dialog), and its
    Enter answers the dialog. The keys after the Enter are kept from the moment it is handled:
    its binding runs only after the keys already delivered with it."""

    async def _on_key(self, event: events.Key) -> None:
        screen = self.screen
        if not isinstance(screen, KeepsEarlyKeys):
            return
        if screen.keeps(event):
            event.prevent_default()
        elif event.key == "enter":
            screen.answering(event)
