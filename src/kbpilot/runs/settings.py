"""The `[runs]` section of kb/kbpilot.toml, read from the settings' raw dict.

[runs]
technician = "Sam Rivera"       # who runs are recorded as; $KBPILOT_TECHNICIAN wins, else the login
ticket_url = "https://ww5.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?ticketId={id}"
customer_note_publish = "All Autotask Users"   # notes the ticket contact may see
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass, fields
from typing import Any

from kbpilot.errors import ConfigError

SETTINGS_FILE = "kb/kbpilot.toml"
TECHNICIAN_VARIABLE = "KBPILOT_TECHNICIAN"


@dataclass(frozen=True)
class RunSettings:
    """Who runs are recorded as, how to link a ticket, which notes the customer sees."""

    technician: str | None = None
    ticket_url: str | None = None
    customer_note_publish: str = "All Autotask Users"

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> RunSettings:
        section = raw.get("runs", {})
        if not isinstance(section, dict):
            raise ConfigError(SETTINGS_FILE, "[runs] must be a table")
        known = {f.name for f in fields(cls)}
        for key, value in section.items():
            if key not in known:
                raise ConfigError(SETTINGS_FILE, f"[runs] has no setting {key!r}")
            if not isinstance(value, str):
                raise ConfigError(SETTINGS_FILE, f"[runs] {key} must be a string")
        return cls(**section)

    def technician_name(self) -> str:
        """$KBPILOT_TECHNICIAN, else `[runs] technician`, else the login name."""
        return os.environ.get(TECHNICIAN_VARIABLE) or self.technician or getpass.getuser()

    def link(self, ticket_id: int) -> str | None:
        return self.ticket_url.format(id=ticket_id) if self.ticket_url else None
