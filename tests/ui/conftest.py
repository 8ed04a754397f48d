"""Fixtures of the TUI tests: the sample KB, an in-process sandbox, and the app built from them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from kbpilot.integrations.asgi import SyncASGITransport
from kbpilot.integrations.factory import Integrations, connect_to
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import IN_PROCESS_ORIGIN, BaseUrls, Sandbox
from kbpilot.ui.app import KbpilotApp, make_app
from kbpilot.ui.services import Services, UiSettings, open_services

FAST = {"itglue": {"export_poll_seconds": 0.01, "timeout": 10.0}, "autotask": {"timeout": 10.0}}
AppFactory = Callable[..., KbpilotApp]


@pytest.fixture
def anyio_backend() -> str:
    """Pilot tests run on asyncio (through anyio's pytest plugin)."""
    return "asyncio"


@pytest.fixture
def clients(sandbox: Sandbox) -> Iterator[Integrations]:
    transport = SyncASGITransport(sandbox.app)
    policy = RetryPolicy(max_attempts=2, base_delay=0.0, max_delay=0.0)
    with connect_to(
        BaseUrls.at(IN_PROCESS_ORIGIN), transport=transport, raw_settings=FAST, policy=policy
    ) as integrations:
        integrations.transport = transport
        yield integrations


@pytest.fixture
def build_app(sample_kb: Path, clients: Integrations) -> AppFactory:
    """make_app as the CLI calls it, on the sample KB against the in-process sandbox."""

    def build(**options: Any) -> KbpilotApp:
        options.setdefault("sandbox", True)
        settings = UiSettings(
            kb_dir=str(sample_kb), watch_interval=0.05, preview_delay=0.0, **options
        )
        return make_app(settings, open_services(settings, connections=clients))

    return build


def services_of(app: KbpilotApp) -> Services:
    return app.services


def records(sandbox: Sandbox, entity: str) -> list[dict[str, Any]]:
    """What the Autotask simulator holds of one entity."""
    with sandbox.state.read() as data:
        return list(data["autotask"]["records"][entity].values())
