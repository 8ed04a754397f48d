"""Fixtures of the run tests: the sample KB, its sandbox served on a loopback port, a service."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kbpilot.integrations.factory import Integrations
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.runs.service import RunService
from kbpilot.workspace import find_workspace
from tests.support import clients_of


@pytest.fixture
def server(sandbox: Sandbox) -> Iterator[LoopbackServer]:
    with LoopbackServer(sandbox.app) as running:
        yield running


@pytest.fixture
def clients(server: LoopbackServer) -> Iterator[Integrations]:
    with clients_of(server.origin) as integrations:
        yield integrations


@pytest.fixture
def service(sample_kb: Path, clients: Integrations) -> Iterator[RunService]:
    opened = RunService.open(find_workspace(str(sample_kb)), sandbox=True, connections=clients)
    yield opened
    opened.close()
