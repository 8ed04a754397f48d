"""The `[itglue]` table of kb/kbpilot.toml.

[itglue]
region = "US"                  # US, EU or AU; KBPILOT_ITGLUE_REGION wins
export_poll_seconds = 2
export_wait_seconds = 300
requests_per_window = 3000     # IT Glue's rate limit: this many requests ...
window_seconds = 300           # ... per this many seconds, then 429
budget_share = 0.9             # the part of it kbpilot uses before it waits
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kbpilot.integrations.settings import read_section


@dataclass(frozen=True)
class ITGlueSettings:
    """The IT Glue data centre, the request timeout, and how long to wait for an export."""

    region: str = "US"
    timeout: float = 30.0
    export_poll_seconds: float = 2.0
    export_wait_seconds: float = 300.0
    requests_per_window: int = 3000
    window_seconds: float = 300.0
    budget_share: float = 0.9

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> ITGlueSettings:
        return read_section(raw, "itglue", cls)
