"""Building the TimeZest client for a `Connection`, and `kbpilot config check`'s harmless call."""

from __future__ import annotations

from kbpilot.integrations.http import timeout_of
from kbpilot.integrations.system import Connection
from kbpilot.integrations.timezest.client import TimeZestClient
from kbpilot.integrations.timezest.credentials import TimeZestCredentials
from kbpilot.integrations.timezest.settings import TimeZestSettings


def connect(connection: Connection) -> TimeZestClient:
    settings = TimeZestSettings.from_raw(connection.raw_settings)
    return TimeZestClient(
        TimeZestCredentials.read(connection.source),
        transport=connection.transport,
        base_url=connection.url,
        settings=settings,
        policy=connection.policy,
        timeout=timeout_of(settings.timeout),
    )


def check(client: TimeZestClient) -> str:
    """The appointment types (read-only)."""
    types = client.appointment_types()
    return f"{client.base_url} answers; {len(types)} appointment types"
