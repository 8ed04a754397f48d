"""Dialogs that open with the app (the sandbox offer, the name asked on a first start) and the
keys typed before they are drawn.

Someone who starts kbpilot and types at once means the search box, not a dialog they have not
seen yet. A key is stamped when the terminal delivers it, which can be before the dialog's first
frame even when it is handled after: such a key is kept in `typed_early` (never typed over the
dialog's prefilled text, never taken as one of its keys), and the app hands what was kept to the
search box when the dialog closes.
"""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input

ResultT = TypeVar("ResultT")


class KeepsEarlyKeys(ModalScreen[ResultT]):
    """A dialog that keeps the keys stamped before its first frame; `FIRST_FOCUS` (a selector)
    takes the cursor once it is drawn."""

    AUTO_FOCUS = None
    FIRST_FOCUS = "Button"
    typed_early = ""
    drawn_at: float | None = None

    def on_mount(self) -> None:
        self.call_after_refresh(self._now_drawn)

    def _now_drawn(self) -> None:
        self.drawn_at = Message().time
        self.query(self.FIRST_FOCUS).first().focus()

    def typed_before_drawn(self, event: events.Key) -> bool:
        return self.drawn_at is None or event.time < self.drawn_at

    def on_key(self, event: events.Key) -> None:
        if self.typed_before_drawn(event):
            event.stop()
            event.prevent_default()
            if event.is_printable and event.character:
                self.typed_early += event.character


class FreshKeysInput(Input):
    """An input of such a dialog: a key stamped before the dialog was drawn passes it by (to the
    dialog, which keeps it)."""

    async def _on_key(self, event: events.Key) -> None:
        screen = self.screen
        if isinstance(screen, KeepsEarlyKeys) and screen.typed_before_drawn(event):
            event.prevent_default()
