"""TimeZest's records as kbpilot reads them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kbpilot.integrations.timezest import wire
from kbpilot.integrations.values import as_str


@dataclass(frozen=True)
class AppointmentType:
    id: str
    name: str

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> AppointmentType:
        return cls(as_str(item.get("id")), as_str(item.get("internal_name") or item.get("name")))


@dataclass(frozen=True)
class Resource:
    """An agent or a team that appointments are booked with."""

    id: str
    name: str
    kind: str

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> Resource:
        return cls(
            as_str(item.get("id")), as_str(item.get("name")), as_str(item.get("resource_type"))
        )


@dataclass(frozen=True)
class SchedulingRequest:
    id: str
    status: str
    url: str
    ticket_id: int | None

    @classmethod
    def from_item(cls, item: dict[str, Any]) -> SchedulingRequest:
        ticket = next(
            (
                entity.get("id")
                for entity in item.get("associated_entities") or []
                if entity.get("type") == wire.AUTOTASK_TICKET
            ),
            None,
        )
        return cls(
            as_str(item.get("id")),
            as_str(item.get("status")),
            as_str(item.get(wire.SCHEDULING_URL)),
            int(ticket) if ticket is not None else None,
        )
