"""The integrations' sections of kb/kbpilot.toml (`[autotask]`, `[itglue]`), from a raw dict.

[autotask]
ticket_status = "New"          # picklist labels or values
ticket_priority = "Medium"
ticket_queue = "Service Desk"  # optional
note_type = "Task Notes"
note_publish = "Internal Only"
timeout = 30                   # seconds, every request

[itglue]
region = "US"                  # US, EU or AU; KBPILOT_ITGLUE_REGION wins
export_poll_seconds = 2
export_wait_seconds = 300
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from kbpilot.errors import ConfigError

SETTINGS_FILE = "kb/kbpilot.toml"


def _section(raw: dict[str, Any], name: str, kind: type) -> dict[str, Any]:
    section = raw.get(name, {})
    if not isinstance(section, dict):
        raise ConfigError(SETTINGS_FILE, f"[{name}] must be a table")
    known = {field.name: field.type for field in fields(kind)}
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key not in known:
            raise ConfigError(SETTINGS_FILE, f"[{name}] has no setting {key!r}")
        numeric = known[key] in ("float", "float | None")
        if numeric and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ConfigError(SETTINGS_FILE, f"[{name}] {key} must be a number of seconds")
        if not numeric and not isinstance(value, str):
            raise ConfigError(SETTINGS_FILE, f"[{name}] {key} must be a string")
        values[key] = float(value) if numeric else value
    return values


@dataclass(frozen=True)
class AutotaskSettings:
    """Defaults of the tickets and notes kbpilot creates, and the request timeout."""

    ticket_status: str = "New"
    ticket_priority: str = "Medium"
    ticket_queue: str | None = None
    note_type: str = "Task Notes"
    note_publish: str = "Internal Only"
    timeout: float = 30.0

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> AutotaskSettings:
        return cls(**_section(raw, "autotask", cls))


@dataclass(frozen=True)
class ITGlueSettings:
    """The IT Glue data centre, the request timeout, and how long to wait for an export."""

    region: str = "US"
    timeout: float = 30.0
    export_poll_seconds: float = 2.0
    export_wait_seconds: float = 300.0

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> ITGlueSettings:
        return cls(**_section(raw, "itglue", cls))
