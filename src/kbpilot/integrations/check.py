"""`kbpilot config check`: which credentials are set (never their values), and whether each
system in use answers a harmless request with them (each system's `check`: Autotask shows how
much of the hour's request budget is used)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.integrations.credentials import CredentialSource, CredentialStatus
from kbpilot.integrations.factory import client_of, connect
from kbpilot.integrations.registry import credential_names, used_systems


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
    except KbpilotError as error:
        return ServiceCheck(service, False, str(error))


def check_services(
    *, sandbox: bool, kb_root: Path, raw_settings: dict[str, Any], source: CredentialSource
) -> tuple[list[CredentialStatus], list[ServiceCheck]]:
    """Credential status, and one harmless call per system whose credentials are set."""
    statuses = source.status(credential_names(raw_settings))
    systems = used_systems(raw_settings)
    if sandbox:
        with connect(sandbox=True, kb_root=kb_root, raw_settings=raw_settings) as integrations:
            checks = [
                _probe(system.name, lambda s=system: s.check(integrations[s.name]))  # type: ignore[misc]
                for system in systems
            ]
        return statuses, checks
    checks = []
    for system in systems:
        try:
            client = client_of(system, source, raw_settings)
        except KbpilotError as error:
            checks.append(ServiceCheck(system.name, False, str(error)))
            continue
        with closing(client):
            checks.append(_probe(system.name, lambda: system.check(client)))  # noqa: B023
    return statuses, checks
