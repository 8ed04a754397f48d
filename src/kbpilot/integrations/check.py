"""`kbpilot config check`: which credentials are set (never their values), and whether each
service answers a harmless request with them.

Autotask: zoneInformation for the user, then ThresholdInformation (read-only, proves the three
headers). IT Glue: the first organization (`GET /organizations?page[size]=1`).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.integrations.autotask.client import AutotaskClient
from kbpilot.integrations.credentials import CredentialSource, CredentialStatus
from kbpilot.integrations.errors import IntegrationError
from kbpilot.integrations.factory import autotask_client, connect, itglue_client
from kbpilot.integrations.itglue.client import ITGlueClient


@dataclass(frozen=True)
class ServiceCheck:
    """The outcome of one service's harmless call: ok, and what it showed or why it failed."""

    service: str
    ok: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"service": self.service, "ok": self.ok, "detail": self.detail}


def _probe(service: str, call: Callable[[], str]) -> ServiceCheck:
    try:
        return ServiceCheck(service, True, call())
    except IntegrationError as error:
        return ServiceCheck(service, False, str(error))


def _autotask(client: AutotaskClient) -> str:
    zone = client.api.zone()
    threshold = client.api.threshold()
    used = threshold.get("currentTimeframeRequestCount")
    limit = threshold.get("externalRequestThreshold")
    return f"zone {zone.get('zoneName')!s} at {zone.get('url')}; {used}/{limit} requests this hour"


def _itglue(client: ITGlueClient) -> str:
    document = client.get("organizations", {"page[size]": "1"})
    return f"{client.base_url} answers; {document.meta.get('total-count')} organizations"


def check_services(
    *, sandbox: bool, kb_root: Path, raw_settings: dict[str, Any], source: CredentialSource
) -> tuple[list[CredentialStatus], list[ServiceCheck]]:
    """Credential status, and one harmless call per service whose credentials are set."""
    if sandbox:
        with connect(sandbox=True, kb_root=kb_root, raw_settings=raw_settings) as integrations:
            checks = [
                _probe("autotask", lambda: _autotask(integrations.autotask)),
                _probe("itglue", lambda: _itglue(integrations.itglue)),
            ]
        return source.status(), checks
    checks = []
    try:
        autotask = autotask_client(source.autotask(), raw_settings)
    except IntegrationError as error:
        checks.append(ServiceCheck("autotask", False, str(error)))
    else:
        with closing(autotask):
            checks.append(_probe("autotask", lambda: _autotask(autotask)))
    try:
        itglue = itglue_client(source.itglue(), raw_settings)
    except KbpilotError as error:
        checks.append(ServiceCheck("itglue", False, str(error)))
    else:
        with closing(itglue):
            checks.append(_probe("itglue", lambda: _itglue(itglue)))
    return source.status(), checks
