"""Fixtures of the integration tests: a seeded sandbox, served on a loopback port, and clients
that record what they send and never wait between retries."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import keyring
import pytest
from keyring.backends.null import Keyring as NullKeyring

from kbpilot.integrations.factory import Integrations, connect_to
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import BaseUrls, Sandbox, SandboxOptions
from kbpilot.integrations.sandbox.seed import default_seed_path, load_seed
from kbpilot.integrations.sandbox.state import SandboxState

SEED = default_seed_path()
NO_WAIT_SETTINGS = {
    "itglue": {"export_poll_seconds": 0.0, "timeout": 5.0},
    "autotask": {"timeout": 5.0},
}


@pytest.fixture(autouse=True)
def _hermetic_integrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Data dir under tmp_path, no credentials from the environment, no system keyring."""
    monkeypatch.setenv("KBPILOT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("KBPILOT_ITGLUE_REGION", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(NullKeyring())
    yield
    keyring.set_keyring(previous)


@dataclass
class Sleeps:
    """The waits the retry policy asked for (it never really sleeps in tests)."""

    delays: list[float] = field(default_factory=list)

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


class RecordingTransport(httpx.BaseTransport):
    """Forwards to a real transport and keeps every request it sent."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    state = SandboxState(tmp_path / "sandbox-state.json", load_seed(SEED))
    return Sandbox(state, options=SandboxOptions(export_seconds=0.0))


@pytest.fixture
def server(sandbox: Sandbox) -> Iterator[LoopbackServer]:
    with LoopbackServer(sandbox.app) as running:
        yield running


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def policy(sleeps: Sleeps) -> RetryPolicy:
    return RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0, sleep=sleeps)


@pytest.fixture
def transport() -> RecordingTransport:
    return RecordingTransport(httpx.HTTPTransport())


@pytest.fixture
def clients(
    server: LoopbackServer, transport: RecordingTransport, policy: RetryPolicy
) -> Iterator[Integrations]:
    """Both clients against the loopback sandbox, over real HTTP."""
    with connect_to(
        BaseUrls.at(server.origin),
        transport=transport,
        raw_settings=NO_WAIT_SETTINGS,
        policy=policy,
    ) as integrations:
        yield integrations
