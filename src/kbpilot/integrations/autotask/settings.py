"""The `[autotask]` table of kb/kbpilot.toml.

[autotask]
ticket_status = "New"          # picklist labels or values
ticket_priority = "Medium"
ticket_queue = "Service Desk"  # optional
note_type = "Task Notes"
note_publish = "Internal Only"
timeout = 30                   # seconds, every request
hourly_requests = 10000        # the database's budget per hour, shared by all its integrations
budget_share = 0.5             # the part of it kbpilot may use before it waits
checklist_item_limit = 40      # items a ticket's checklist may hold (documented as 40 and 100)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kbpilot.integrations.settings import read_section


@dataclass(frozen=True)
class AutotaskSettings:
    """Defaults of the tickets and notes kbpilot creates, and the request timeout."""

    ticket_status: str = "New"
    ticket_priority: str = "Medium"
    ticket_queue: str | None = None
    note_type: str = "Task Notes"
    note_publish: str = "Internal Only"
    timeout: float = 30.0
    hourly_requests: int = 10_000
    budget_share: float = 0.5
    checklist_item_limit: int = 40

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> AutotaskSettings:
        return read_section(raw, "autotask", cls)
