"""Building the two clients: against the real services, a served sandbox, or one in-process.

The run engine, the CLI and the TUI call `connect()` and get an `Integrations` whose clients
look the same whichever transport is underneath:
- real: credentials from env/keyring, Autotask zone discovery, IT Glue region URL;
- `sandbox=True`: the simulators in this process (`SyncASGITransport`), sandbox credentials;
- `connect_to(urls)`: any running simulators (a `kbpilot sandbox serve`, a test's loopback).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from kbpilot.integrations.asgi import SyncASGITransport
from kbpilot.integrations.autotask.api import AutotaskApi
from kbpilot.integrations.autotask.client import AutotaskClient
from kbpilot.integrations.autotask.zones import ZoneCache, zone_cache_path
from kbpilot.integrations.credentials import (
    AutotaskCredentials,
    CredentialSource,
    ITGlueCredentials,
)
from kbpilot.integrations.itglue.client import ITGlueClient
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import IN_PROCESS_ORIGIN, BaseUrls, Sandbox
from kbpilot.integrations.sandbox.seed import seed_path
from kbpilot.integrations.secrets import Secret
from kbpilot.integrations.settings import AutotaskSettings, ITGlueSettings

SANDBOX_USER = "kbpilot-api@bluebird-it.example"


def sandbox_credentials() -> tuple[AutotaskCredentials, ITGlueCredentials]:
    """Credentials for the simulators, which accept any non-empty ones; never real secrets."""
    return (
        AutotaskCredentials(
            SANDBOX_USER, Secret("sandbox-secret-not-real"), Secret("SANDBOXINTEGRATIONCODE")
        ),
        ITGlueCredentials(Secret("ITG.sandbox-key-not-real")),
    )


@dataclass
class Integrations:
    """The Autotask and IT Glue clients of one session; `close()` when done."""

    autotask: AutotaskClient
    itglue: ITGlueClient
    transport: httpx.BaseTransport | None = None

    def close(self) -> None:
        self.autotask.close()
        self.itglue.close()
        if self.transport is not None:
            self.transport.close()

    def __enter__(self) -> Integrations:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _timeout(seconds: float) -> httpx.Timeout:
    return httpx.Timeout(seconds, connect=min(seconds, 10.0))


def connect_to(
    urls: BaseUrls,
    *,
    transport: httpx.BaseTransport | None = None,
    raw_settings: dict[str, Any] | None = None,
    credentials: tuple[AutotaskCredentials, ITGlueCredentials] | None = None,
    policy: RetryPolicy | None = None,
) -> Integrations:
    """Clients of the simulators at `urls` (over `transport`, or the network)."""
    autotask_credentials, itglue_credentials = credentials or sandbox_credentials()
    return _build(
        autotask_credentials,
        itglue_credentials,
        raw_settings or {},
        transport=transport,
        discovery_url=urls.autotask,
        itglue_url=urls.itglue,
        policy=policy,
    )


def connect(
    *,
    sandbox: bool,
    kb_root: Path,
    raw_settings: dict[str, Any] | None = None,
    source: CredentialSource | None = None,
) -> Integrations:
    """The clients a kbpilot command uses: the real services, or the in-process sandbox."""
    if sandbox:
        transport = SyncASGITransport(Sandbox.open(seed_path(kb_root)).app)
        integrations = connect_to(
            BaseUrls.at(IN_PROCESS_ORIGIN), transport=transport, raw_settings=raw_settings
        )
        integrations.transport = transport
        return integrations
    source = source or CredentialSource()
    return _build(source.autotask(), source.itglue(), raw_settings or {})


def autotask_client(
    credentials: AutotaskCredentials,
    raw_settings: dict[str, Any],
    *,
    transport: httpx.BaseTransport | None = None,
    discovery_url: str | None = None,
    policy: RetryPolicy | None = None,
) -> AutotaskClient:
    settings = AutotaskSettings.from_raw(raw_settings)
    options: dict[str, Any] = {"discovery_url": discovery_url} if discovery_url else {}
    api = AutotaskApi(
        credentials,
        transport=transport,
        policy=policy,
        timeout=_timeout(settings.timeout),
        zone_cache=ZoneCache(zone_cache_path()),
        **options,
    )
    return AutotaskClient(api, settings)


def itglue_client(
    credentials: ITGlueCredentials,
    raw_settings: dict[str, Any],
    *,
    transport: httpx.BaseTransport | None = None,
    base_url: str | None = None,
    policy: RetryPolicy | None = None,
) -> ITGlueClient:
    settings = ITGlueSettings.from_raw(raw_settings)
    return ITGlueClient(
        credentials,
        transport=transport,
        base_url=base_url,
        settings=settings,
        policy=policy,
        timeout=_timeout(settings.timeout),
    )


def _build(
    autotask_credentials: AutotaskCredentials,
    itglue_credentials: ITGlueCredentials,
    raw_settings: dict[str, Any],
    *,
    transport: httpx.BaseTransport | None = None,
    discovery_url: str | None = None,
    itglue_url: str | None = None,
    policy: RetryPolicy | None = None,
) -> Integrations:
    autotask = autotask_client(
        autotask_credentials,
        raw_settings,
        transport=transport,
        discovery_url=discovery_url,
        policy=policy,
    )
    itglue = itglue_client(
        itglue_credentials, raw_settings, transport=transport, base_url=itglue_url, policy=policy
    )
    return Integrations(autotask, itglue)
