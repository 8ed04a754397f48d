"""The `[timezest]` table of kb/kbpilot.toml; its presence is what turns TimeZest on for a KB.

[timezest]
appointment_type = "Remote Support"  # the appointment type scheduling steps book
resource = ""                        # default agent or team; a step's "with Matthew" wins
trigger_mode = "pod"                 # pod: TimeZest e-mails the link; generate_url: link only
timeout = 30                         # seconds, every request
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kbpilot.integrations.settings import read_section


@dataclass(frozen=True)
class TimeZestSettings:
    """What a scheduling request books, how TimeZest sends it, and the request timeout."""

    appointment_type: str = "Remote Support"
    resource: str = ""
    trigger_mode: str = "pod"
    timeout: float = 30.0

    @classmethod
    def from_raw(cls, raw: dict[str, Any]) -> TimeZestSettings:
        return read_section(raw, "timezest", cls)
