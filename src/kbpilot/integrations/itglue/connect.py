"""Building the IT Glue client for a `Connection`, and `kbpilot config check`'s harmless call."""

from __future__ import annotations

from kbpilot.integrations.budget import RequestPacer
from kbpilot.integrations.http import timeout_of
from kbpilot.integrations.itglue.client import ITGlueClient
from kbpilot.integrations.itglue.credentials import ITGlueCredentials
from kbpilot.integrations.itglue.settings import ITGlueSettings
from kbpilot.integrations.system import Connection


def connect(connection: Connection) -> ITGlueClient:
    """The client; a simulator's URL stands for the region's API base."""
    settings = ITGlueSettings.from_raw(connection.raw_settings)
    return ITGlueClient(
        ITGlueCredentials.read(connection.source),
        transport=connection.transport,
        base_url=connection.url,
        settings=settings,
        policy=connection.policy,
        timeout=timeout_of(settings.timeout),
        pacer=RequestPacer(
            settings.requests_per_window,
            settings.window_seconds,
            settings.budget_share,
            clock=connection.clock,
            sleep=connection.sleep,
        ),
    )


def check(client: ITGlueClient) -> str:
    """The first organization (`GET /organizations?page[size]=1`)."""
    document = client.get("organizations", {"page[size]": "1"})
    return f"{client.base_url} answers; {document.meta.get('total-count')} organizations"
