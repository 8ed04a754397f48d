"""Building the clients of a session: against the real services, a served sandbox, or one
in-process.

The run engine, the CLI and the TUI call `connect()` and get an `Integrations`, a mapping of
system name to client (`integrations["autotask"]`, or `integrations.autotask`), whose clients
look the same whichever transport is underneath:
- real: credentials from env/keyring, each system's own discovery (Autotask's zone, IT Glue's
  region URL);
- `sandbox=True`: the simulators in this process (`SyncASGITransport`), sandbox credentials;
- `connect_to(urls)`: any running simulators (a `kbpilot sandbox serve`, a test's loopback).
Which systems: those the registry knows that the KB uses (an optional system, such as TimeZest,
only when kb/kbpilot.toml has its table). Nothing here imports a simulator until the sandbox is
asked for.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx

from kbpilot.errors import KbpilotError
from kbpilot.integrations.clock import Clock, Sleep
from kbpilot.integrations.credentials import CredentialSource
from kbpilot.integrations.registry import used_systems
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.system import Client, Connection, System


class Integrations(Mapping[str, Any]):
    """The clients of one session by system name; `close()` when done."""

    def __init__(
        self, clients: Mapping[str, Client], transport: httpx.BaseTransport | None = None
    ) -> None:
        self._clients = dict(clients)
        self.transport = transport

    def __getitem__(self, name: str) -> Any:
        try:
            return self._clients[name]
        except KeyError:
            raise KbpilotError(
                f"{name} is not configured for this KB: add a [{name}] table to kb/kbpilot.toml "
                "(docs/configuration.md)"
            ) from None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return self[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._clients)

    def __len__(self) -> int:
        return len(self._clients)

    def __contains__(self, name: object) -> bool:
        return name in self._clients

    def close(self) -> None:
        for client in self._clients.values():
            client.close()
        if self.transport is not None:
            self.transport.close()

    def __enter__(self) -> Integrations:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def client_of(
    system: System,
    source: CredentialSource,
    raw_settings: dict[str, Any],
    *,
    url: str | None = None,
    transport: httpx.BaseTransport | None = None,
    policy: RetryPolicy | None = None,
    pacing: tuple[Clock, Sleep] | None = None,
) -> Client:
    """One system's client (the real service when `url` is None); `pacing` replaces the clock
    and sleep its request budget is kept with."""
    connection = Connection(source, raw_settings, url, transport, policy)
    if pacing is not None:
        connection = replace(connection, clock=pacing[0], sleep=pacing[1])
    return system.connect(connection)


def connect_to(
    urls: Mapping[str, str],
    *,
    transport: httpx.BaseTransport | None = None,
    raw_settings: dict[str, Any] | None = None,
    source: CredentialSource | None = None,
    policy: RetryPolicy | None = None,
    pacing: tuple[Clock, Sleep] | None = None,
) -> Integrations:
    """Clients of the simulators at `urls` (system name -> base URL), over `transport` or the
    network, with each system's sandbox credentials unless `source` is given."""
    raw = raw_settings or {}
    clients = {}
    for system in used_systems(raw):
        if system.name not in urls:
            continue
        given = source or CredentialSource.fixed(system.sandbox_credentials)
        clients[system.name] = client_of(
            system,
            given,
            raw,
            url=urls[system.name],
            transport=transport,
            policy=policy,
            pacing=pacing,
        )
    return Integrations(clients)


def connect(
    *,
    sandbox: bool,
    kb_root: Path,
    raw_settings: dict[str, Any] | None = None,
    source: CredentialSource | None = None,
) -> Integrations:
    """The clients a kbpilot command uses: the real services, or the in-process sandbox."""
    raw = raw_settings or {}
    if sandbox:
        from kbpilot.integrations.asgi import SyncASGITransport
        from kbpilot.integrations.sandbox.app import IN_PROCESS_ORIGIN, BaseUrls, Sandbox
        from kbpilot.integrations.sandbox.seed import seed_path

        transport = SyncASGITransport(Sandbox.open(seed_path(kb_root)).app)
        integrations = connect_to(
            BaseUrls.at(IN_PROCESS_ORIGIN), transport=transport, raw_settings=raw
        )
        integrations.transport = transport
        return integrations
    source = source or CredentialSource()
    return Integrations(
        {system.name: client_of(system, source, raw) for system in used_systems(raw)}
    )
