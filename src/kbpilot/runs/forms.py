"""The form of "Fill in required information": its fields, and typing each value as it is saved.

Fields come from the procedure (front matter or kbpilot.toml) and from the ticket's required
fields that are still empty (Autotask entityInformation/fields). A value is checked and typed
when saved (date -> ISO date, number -> int/float, choice -> the choice's own spelling), so a
half-filled form survives anything; submitting checks that every required field has a value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.integrations.autotask.models import FieldInfo
from kbpilot.model import Field

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_NUMERIC = {"integer", "long", "short", "double", "decimal", "float"}


@dataclass(frozen=True)
class FormField(Field):
    """One input of the form: a Field, plus `ticket_field`, the Autotask wire name when it goes
    to the ticket. `wire` maps a choice's label to the value the ticket field takes.
    """

    ticket_field: str | None = None
    wire: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, field: Field) -> FormField:
        return cls(field.key, field.label, field.type, field.required, field.choices, field.help)

    @classmethod
    def of_ticket(cls, info: FieldInfo) -> FormField:
        """A required ticket field: picklists are choices, datetimes dates, numbers numbers."""
        kind = "text"
        wire: tuple[tuple[str, str], ...] = ()
        if info.is_picklist:
            kind = "choice"
            wire = tuple((v.label, v.value) for v in info.picklist if v.is_active)
        elif info.data_type.lower() == "datetime":
            kind = "date"
        elif info.data_type.lower() in _NUMERIC:
            kind = "number"
        elif info.data_type.lower() == "boolean":
            kind, wire = "choice", (("Yes", "true"), ("No", "false"))
        return cls(
            key=info.name,
            label=f"Ticket {info.name}",
            type=kind,
            required=True,
            choices=tuple(label for label, _ in wire),
            help="a required Autotask ticket field that is still empty",
            ticket_field=info.name,
            wire=wire,
        )

    def wire_value(self, value: Any) -> Any:
        """The value as the ticket field takes it."""
        mapping = dict(self.wire)
        if value in mapping:
            text = mapping[value]
            return text == "true" if self.type == "choice" and text in ("true", "false") else text
        return value

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "ticket_field": self.ticket_field}


class FieldError(KbpilotError):
    """Values that could not be saved, by field key; the message names each key."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))


class FieldsMissing(KbpilotError):
    """Required fields without a value: nothing was sent. `summary` names them ("step 4: fill in
    termination_date (Termination date, date) first"); the message adds how the CLI gives them."""

    def __init__(self, path: str, fields: list[FormField]) -> None:
        self.fields = list(fields)
        names = ", ".join(f"{f.key} ({f.label}, {f.type})" for f in fields)
        self.summary = f"step {path}: fill in {names} first"
        super().__init__(f"{self.summary} (--field KEY=VALUE)")


def typed(field: FormField, raw: str) -> Any:
    """The value typed for the field; ValueError with a message fit for the user."""
    text = raw.strip()
    if not text:
        return None
    if field.type == "date":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None
    if field.type == "number":
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"{text!r} is not a number") from None
        return int(number) if number.is_integer() else number
    if field.type == "email":
        if not _EMAIL.match(text):
            raise ValueError(f"{text!r} is not an e-mail address")
        return text
    if field.type == "choice":
        for choice in field.choices:
            if choice.lower() == text.lower():
                return choice
        raise ValueError(f"{text!r} is not one of: {', '.join(field.choices)}")
    return text


def type_values(
    fields: list[FormField], values: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """(the values typed, by key; the errors, by key) for the values given."""
    by_key = {field.key: field for field in fields}
    good: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for key, raw in values.items():
        field = by_key.get(key)
        if field is None:
            errors[key] = f"this form has no such field; its fields are {', '.join(by_key)}"
            continue
        try:
            good[key] = typed(field, raw)
        except ValueError as error:
            errors[key] = str(error)
    return good, errors


def missing(fields: list[FormField], saved: dict[str, Any]) -> list[FormField]:
    """The required fields that have no value yet."""
    return [f for f in fields if f.required and saved.get(f.key) in (None, "")]
