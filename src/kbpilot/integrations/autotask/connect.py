"""Building the Autotask client for a `Connection`, and `kbpilot config check`'s harmless call."""

from __future__ import annotations

from typing import Any

from kbpilot.integrations.autotask.api import AutotaskApi
from kbpilot.integrations.autotask.client import AutotaskClient
from kbpilot.integrations.autotask.credentials import AutotaskCredentials
from kbpilot.integrations.autotask.settings import AutotaskSettings
from kbpilot.integrations.autotask.zones import ZoneCache, zone_cache_path
from kbpilot.integrations.budget import RequestPacer
from kbpilot.integrations.http import timeout_of
from kbpilot.integrations.system import Connection

HOUR = 3600.0


def connect(connection: Connection) -> AutotaskClient:
    """The client; a simulator's URL stands for the zone discovery URL."""
    settings = AutotaskSettings.from_raw(connection.raw_settings)
    options: dict[str, Any] = {"discovery_url": connection.url} if connection.url else {}
    pacer = RequestPacer(
        settings.hourly_requests,
        HOUR,
        settings.budget_share,
        clock=connection.clock,
        sleep=connection.sleep,
    )
    api = AutotaskApi(
        AutotaskCredentials.read(connection.source),
        transport=connection.transport,
        policy=connection.policy,
        timeout=timeout_of(settings.timeout),
        zone_cache=ZoneCache(zone_cache_path()),
        pacer=pacer,
        **options,
    )
    return AutotaskClient(api, settings)


def check(client: AutotaskClient) -> str:
    """zoneInformation for the user, then ThresholdInformation (read-only; proves the three
    headers and shows how much of the hour's request budget is used)."""
    zone = client.api.zone()
    threshold = client.api.threshold()
    used = threshold.get("currentTimeframeRequestCount")
    limit = threshold.get("externalRequestThreshold")
    return f"zone {zone.get('zoneName')!s} at {zone.get('url')}; {used}/{limit} requests this hour"
