"""The `[runs]` section of kb/kbpilot.toml, read from the settings' raw dict.

[runs]
ticket_url = "https://ww5.autotask.net/Mvc/ServiceDesk/TicketDetail.mvc?ticketId={id}"
customer_note_publish = "All Autotask Users"   # notes the ticket contact may see

Who runs are recorded as is the user's, not the KB's (`kbpilot.technician`): a KB naming a
`technician` is refused with a message saying where the name goes.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from kbpilot.errors import ConfigError

SETTINGS_FILE = "kb/kbpilot.toml"


@dataclass(frozen=True)
class RunSettings:
    """How to link a ticket, which notes the customer sees."""

    ticket_url: str | None = None
    customer_note_publish: str = "All Autotask Users"

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> RunSettings:
        section = raw.get("runs", {})
        if not isinstance(section, dict):
            raise ConfigError(SETTINGS_FILE, "[runs] must be a table")
        known = {f.name for f in fields(cls)}
        for key, value in section.items():
            if key == "technician":
                raise ConfigError(
                    SETTINGS_FILE,
                    "[runs] technician: who runs are recorded as is each user's own setting, "
                    "not the KB's; remove it and set yours with `kbpilot config technician NAME` "
                    "or $KBPILOT_TECHNICIAN",
                )
            if key not in known:
                raise ConfigError(SETTINGS_FILE, f"[runs] has no setting {key!r}")
            if not isinstance(value, str):
                raise ConfigError(SETTINGS_FILE, f"[runs] {key} must be a string")
        return cls(**section)

    def link(self, ticket_id: int) -> str | None:
        return self.ticket_url.format(id=ticket_id) if self.ticket_url else None
