"""The form of a required-information step: typed inputs, messages inline, saved as you type;
Tab and Shift+Tab move between the fields (the footer says so while one has the cursor)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, Select, Static

from kbpilot.runs.forms import FormField
from kbpilot.ui.literal import literal

PLACEHOLDERS = {"date": "YYYY-MM-DD", "email": "name@example.com", "number": "a number"}


class StepForm(Vertical):
    """One input per field (a choice is a select); posts each edit for the screen to save."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Next field", id="form.next"),
        Binding("shift+tab", "app.focus_previous", "Previous", id="form.previous"),
    ]

    @dataclass
    class FieldEdited(Message):
        """A field's value changed."""

        key: str
        value: str

    def __init__(self, fields: list[FormField], values: dict[str, object]) -> None:
        super().__init__(classes="step-form")
        self.fields = fields
        self.values = {key: "" if value is None else str(value) for key, value in values.items()}

    def compose(self) -> ComposeResult:
        for field in self.fields:
            mark = " *" if field.required else ""
            yield Label(literal(f"{field.label}{mark}"), classes="field-label")
            value = self.values.get(field.key, "")
            if field.type == "choice":
                options = [(literal(choice), choice) for choice in field.choices]
                yield Select(
                    options,
                    value=value if value in field.choices else Select.NULL,
                    id=f"field-{field.key}",
                    prompt=f"Choose {field.label.lower()}",
                )
            else:
                yield Input(
                    value,
                    placeholder=PLACEHOLDERS.get(field.type, field.help or ""),
                    id=f"field-{field.key}",
                )
            yield Static("", id=f"error-{field.key}", classes="error field-error", markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._edited(event.input.id, event.value)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = "" if event.value is Select.NULL else str(event.value)
        self._edited(event.select.id, value)

    def _edited(self, widget_id: str | None, value: str) -> None:
        key = self._key(widget_id)
        if self.values.get(key, "") != value:
            self.values[key] = value
            self.post_message(self.FieldEdited(key, value))

    def focus_first_empty(self) -> None:
        """The cursor in the first field without a value (the first field when all have one)."""
        fields = list(self.query("Input, Select"))
        empty = [field for field in fields if not self.values.get(self._key(field.id), "")]
        if fields:
            target = (empty or fields)[0]
            target.focus()
            self.call_after_refresh(target.scroll_visible)

    @staticmethod
    def _key(widget_id: str | None) -> str:
        return (widget_id or "").removeprefix("field-")

    def show_error(self, key: str, message: str) -> None:
        """The message under a field ('' clears it)."""
        self.query_one(f"#error-{key}", Static).update(literal(message))
