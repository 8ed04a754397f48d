"""A dialog asking for one line of text: the reason a step does not apply, a note, or (on a first
start, before anything else) who is at the keyboard."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Static

from kbpilot.ui.screens.early_keys import FreshKeysInput, KeepsEarlyKeys


class TextPromptScreen(ModalScreen[str | None]):
    """Dismisses with the text typed (never empty), or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel")
    ]
    input_class: type[Input] = Input

    def __init__(self, title: str, placeholder: str, action: str, value: str = "") -> None:
        super().__init__()
        self.prompt_title = title
        self.placeholder = placeholder
        self.action_label = action
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="text-prompt"):
            yield Static(self.prompt_title, classes="dialog-title", markup=False)
            yield self.input_class(self.value, placeholder=self.placeholder, id="prompt-text")
            yield Static("", id="prompt-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(self.action_label, id="prompt-ok", variant="primary")
                yield Button("Cancel", id="prompt-cancel")
        yield Footer(compact=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._submit(event.value)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "prompt-ok":
            self._submit(self.query_one("#prompt-text", Input).value)
        else:
            self.dismiss(None)

    def _submit(self, value: str) -> bool:
        """Dismiss with `value` (what the box held when Enter was pressed, or OK clicked) unless
        it is blank; whether it was taken."""
        text = value.strip()
        if not text:
            self.query_one("#prompt-error", Static).update("Please write something first.")
            return False
        self.dismiss(text)
        return True

    def action_cancel(self) -> None:
        self.dismiss(None)


class StartupPromptScreen(KeepsEarlyKeys[str | None], TextPromptScreen):
    """The prompt shown as the app opens: keys typed before it is drawn, or after its Enter, go
    to `typed_early` (for the search box), not into the answer; a blank answer refused, the keys
    typed since go back into the box."""

    FIRST_FOCUS = "#prompt-text"
    input_class = FreshKeysInput

    def _submit(self, value: str) -> bool:
        if super()._submit(value):
            return True
        self.query_one("#prompt-text", Input).insert_text_at_cursor(self.not_answered())
        return False
