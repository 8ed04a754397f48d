"""What one external system's package exports (`SYSTEM` in its `__init__`), and how a client of
it is asked for.

A system is one package under `kbpilot.integrations` (autotask, itglue, timezest): its client,
credentials, `[name]` settings, config check, simulator and action handlers. Its `__init__`
builds a `System` from the live parts only; the simulator and the handlers are named by module
(`simulator`, `handlers` inside the package) and imported only when the sandbox or a run needs
them, so the live path never loads Starlette or a simulator. `registry` finds the packages.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from kbpilot.integrations.clock import Clock, Sleep, monotonic
from kbpilot.integrations.credentials import CredentialSource
from kbpilot.integrations.retry import RetryPolicy


class Client(Protocol):
    """Whatever a system's builder returns: it holds connections and closes them."""

    def close(self) -> None: ...


@dataclass(frozen=True)
class Connection:
    """Where and as whom a client connects: credentials, the KB's raw settings, and for a
    simulator its base URL and transport (None: the real service over the network); `clock`
    and `sleep` pace the client within its request budget (tests move them by hand)."""

    source: CredentialSource
    raw_settings: dict[str, Any]
    url: str | None = None
    transport: httpx.BaseTransport | None = None
    policy: RetryPolicy | None = None
    clock: Clock = monotonic
    sleep: Sleep = time.sleep


@dataclass(frozen=True)
class System:
    """One external system as kbpilot sees it.

    `credentials`: the environment variables (or keyring users) a live session needs;
    `optional_credentials`: those read when set. `settings` validates the `[name]` table of
    kb/kbpilot.toml (a `ConfigError` naming the key). `optional`: the system is used only when
    kb/kbpilot.toml has its table. `sandbox_path`: where its simulator answers under a sandbox's
    origin (the base URL a client is given). `sandbox_credentials`: what a client sends to the
    simulator (never real secrets).
    """

    name: str
    label: str
    credentials: tuple[str, ...]
    settings: Callable[[dict[str, Any]], object]
    connect: Callable[[Connection], Client]
    check: Callable[[Any], str]
    sandbox_path: str
    sandbox_credentials: dict[str, str]
    optional_credentials: tuple[str, ...] = ()
    optional: bool = False
    badge: str = "bold white on grey35"

    @property
    def package(self) -> str:
        return f"kbpilot.integrations.{self.name}"

    def used_by(self, raw_settings: dict[str, Any]) -> bool:
        """Whether a session of a KB with these settings uses the system."""
        return not self.optional or self.name in raw_settings

    def sandbox_url(self, origin: str) -> str:
        return origin.rstrip("/") + self.sandbox_path
