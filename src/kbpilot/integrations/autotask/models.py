"""Autotask records as kbpilot uses them, read from the API's camelCase JSON items.

Each keeps the whole item in `raw` (the form of required fields reads it); the typed fields
are the ones the workflow needs. Keys are matched case-insensitively, as the API does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kbpilot.integrations.values import as_bool, as_int, as_str


def pick(item: dict[str, Any], key: str) -> Any:
    """The value of `key` in an item, whatever its case; None when absent."""
    if key in item:
        return item[key]
    lowered = key.lower()
    for name, value in item.items():
        if name.lower() == lowered:
            return value
    return None


@dataclass(frozen=True)
class Company:
    id: int
    name: str
    is_active: bool
    number: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> Company:
        return cls(
            id=int(pick(item, "id")),
            name=as_str(pick(item, "companyName")),
            is_active=as_bool(pick(item, "isActive")),
            number=as_str(pick(item, "companyNumber")),
            raw=item,
        )


@dataclass(frozen=True)
class Contact:
    id: int
    company_id: int
    first_name: str
    last_name: str
    email: str
    is_active: bool
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> Contact:
        return cls(
            id=int(pick(item, "id")),
            company_id=int(pick(item, "companyID")),
            first_name=as_str(pick(item, "firstName")),
            last_name=as_str(pick(item, "lastName")),
            email=as_str(pick(item, "emailAddress")),
            is_active=as_bool(pick(item, "isActive")),
            raw=item,
        )


@dataclass(frozen=True)
class Resource:
    id: int
    first_name: str
    last_name: str
    email: str
    user_name: str
    is_active: bool
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> Resource:
        return cls(
            id=int(pick(item, "id")),
            first_name=as_str(pick(item, "firstName")),
            last_name=as_str(pick(item, "lastName")),
            email=as_str(pick(item, "email")),
            user_name=as_str(pick(item, "userName")),
            is_active=as_bool(pick(item, "isActive")),
            raw=item,
        )


@dataclass(frozen=True)
class TicketCategory:
    id: int
    name: str
    nickname: str
    is_active: bool

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> TicketCategory:
        return cls(
            id=int(pick(item, "id")),
            name=as_str(pick(item, "name")),
            nickname=as_str(pick(item, "nickname")),
            is_active=as_bool(pick(item, "isActive")),
        )


@dataclass(frozen=True)
class ChecklistLibrary:
    id: int
    name: str
    description: str
    is_active: bool

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> ChecklistLibrary:
        return cls(
            id=int(pick(item, "id")),
            name=as_str(pick(item, "name")),
            description=as_str(pick(item, "description")),
            is_active=as_bool(pick(item, "isActive")),
        )


@dataclass(frozen=True)
class ChecklistItem:
    """An item of a checklist library, or of a ticket's checklist (`ticket_id` set)."""

    id: int
    name: str
    position: int
    is_important: bool
    is_completed: bool = False
    ticket_id: int | None = None
    completed_by: int | None = None
    completed_at: str | None = None

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> ChecklistItem:
        return cls(
            id=int(pick(item, "id")),
            name=as_str(pick(item, "itemName")),
            position=as_int(pick(item, "position")) or 0,
            is_important=as_bool(pick(item, "isImportant")),
            is_completed=as_bool(pick(item, "isCompleted")),
            ticket_id=as_int(pick(item, "ticketID")),
            completed_by=as_int(pick(item, "completedByResourceID")),
            completed_at=pick(item, "completedDateTime"),
        )


@dataclass(frozen=True)
class Ticket:
    id: int
    number: str
    title: str
    company_id: int
    contact_id: int | None
    status: str
    priority: str
    queue_id: str | None
    category_id: int | None
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> Ticket:
        queue = pick(item, "queueID")
        return cls(
            id=int(pick(item, "id")),
            number=as_str(pick(item, "ticketNumber")),
            title=as_str(pick(item, "title")),
            company_id=int(pick(item, "companyID")),
            contact_id=as_int(pick(item, "contactID")),
            status=as_str(pick(item, "status")),
            priority=as_str(pick(item, "priority")),
            queue_id=None if queue is None else str(queue),
            category_id=as_int(pick(item, "ticketCategory")),
            raw=item,
        )


@dataclass(frozen=True)
class TicketNote:
    id: int
    ticket_id: int
    title: str
    description: str
    note_type: str
    publish: str
    created_at: str | None

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> TicketNote:
        return cls(
            id=int(pick(item, "id")),
            ticket_id=int(pick(item, "ticketID")),
            title=as_str(pick(item, "title")),
            description=as_str(pick(item, "description")),
            note_type=as_str(pick(item, "noteType")),
            publish=as_str(pick(item, "publish")),
            created_at=pick(item, "createDateTime"),
        )


@dataclass(frozen=True)
class PicklistValue:
    value: str
    label: str
    is_default: bool
    is_active: bool
    parent_value: str

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> PicklistValue:
        return cls(
            value=as_str(pick(item, "value")),
            label=as_str(pick(item, "label")),
            is_default=as_bool(pick(item, "isDefaultValue")),
            is_active=as_bool(pick(item, "isActive")),
            parent_value=as_str(pick(item, "parentValue")),
        )


@dataclass(frozen=True)
class FieldInfo:
    """One field of an entity as entityInformation/fields describes it."""

    name: str
    data_type: str
    is_required: bool
    is_read_only: bool
    is_picklist: bool
    reference_entity: str | None
    picklist: tuple[PicklistValue, ...] = ()

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> FieldInfo:
        values = pick(item, "picklistValues") or []
        return cls(
            name=as_str(pick(item, "name")),
            data_type=as_str(pick(item, "dataType")),
            is_required=as_bool(pick(item, "isRequired")),
            is_read_only=as_bool(pick(item, "isReadOnly")),
            is_picklist=as_bool(pick(item, "isPickList")),
            reference_entity=pick(item, "referenceEntityType") or None,
            picklist=tuple(PicklistValue.from_item(value) for value in values),
        )

    def choice(self, label_or_value: str | int) -> PicklistValue | None:
        """The active picklist value whose label or value matches (labels case-insensitive)."""
        wanted = str(label_or_value).strip()
        for value in self.picklist:
            if value.is_active and (value.value == wanted or value.label.lower() == wanted.lower()):
                return value
        return None
