"""Fixtures of the TUI tests: the sample KB with its index, an in-process sandbox, and the app
built from them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kbpilot.integrations.asgi import SyncASGITransport
from kbpilot.integrations.factory import Integrations, connect_to
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import IN_PROCESS_ORIGIN, BaseUrls, Sandbox
from kbpilot.ui.app import KbpilotApp, make_app
from kbpilot.ui.services import UiSettings, open_services
from tests.support import FAST, AppFactory


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
def build_app(indexed_sample_kb: Path, clients: Integrations) -> AppFactory:
    """make_app as the CLI calls it, on the sample KB (its index built, as after `kbpilot index`)
    against the in-process sandbox, with a steady cursor (a blinking one would make a snapshot
    depend on its timing)."""

    def build(**options: Any) -> KbpilotApp:
        defaults = {
            "sandbox": True,
            "watch_interval": 0.05,
            "preview_delay": 0.0,
            "typing_pause": 0.0,
        }
        settings = UiSettings(
            kb_dir=str(indexed_sample_kb), cursor_blink=False, **{**defaults, **options}
        )
        return make_app(settings, open_services(settings, connections=clients))

    return build
