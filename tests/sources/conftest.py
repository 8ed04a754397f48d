"""Fixtures of the sync tests: the seeded sandbox on a loopback port, a KB to sync into, and a
sync of the IT Glue source over real HTTP that never waits between retries."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from kbpilot.integrations.credentials import ITGlueCredentials
from kbpilot.integrations.itglue.client import ITGlueClient
from kbpilot.integrations.itglue.documentation import ITGlueDocumentation
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import BaseUrls, Sandbox, SandboxOptions
from kbpilot.integrations.sandbox.seed import default_seed_path, load_seed
from kbpilot.integrations.sandbox.state import SandboxState
from kbpilot.integrations.secrets import Secret
from kbpilot.sources.itglue.settings import ITGlueSourceSettings
from kbpilot.sources.itglue.source import ITGlueSource
from kbpilot.sources.sync import Sync, SyncOptions, SyncReport
from kbpilot.workspace import open_workspace

RunSync = Callable[..., SyncReport]


class CountingTransport(httpx.BaseTransport):
    """Forwards to a real transport and keeps the path of every request."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(f"{request.url.path}?{request.url.query.decode()}")
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()

    def count(self, fragment: str) -> int:
        return sum(1 for path in self.paths if fragment in path)


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    state = SandboxState(tmp_path / "sandbox-state.json", load_seed(default_seed_path()))
    return Sandbox(state, options=SandboxOptions(export_seconds=0.0))


@pytest.fixture
def server(sandbox: Sandbox) -> Iterator[LoopbackServer]:
    with LoopbackServer(sandbox.app) as running:
        yield running


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """An empty KB: an articles folder and no settings."""
    root = tmp_path / "kb"
    (root / "articles").mkdir(parents=True)
    return root


@pytest.fixture
def traffic() -> CountingTransport:
    return CountingTransport()


@pytest.fixture
def run_sync(server: LoopbackServer, kb: Path, traffic: CountingTransport) -> Iterator[RunSync]:
    """`run_sync(**settings)`: one sync of the sandbox's IT Glue into `kb`, over HTTP."""
    policy = RetryPolicy(max_attempts=3, base_delay=0.0, max_delay=0.0)
    client = ITGlueClient(
        ITGlueCredentials(Secret("ITG.test-key-not-real")),
        transport=traffic,
        base_url=BaseUrls.at(server.origin).itglue,
        policy=policy,
    )

    def run(*, dry_run: bool = False, **settings: object) -> SyncReport:
        chosen = ITGlueSourceSettings(**settings)  # type: ignore[arg-type]
        source = ITGlueSource(ITGlueDocumentation(client, page_size=chosen.page_size), chosen)
        options = SyncOptions(chosen.folder, chosen.removed, dry_run)
        return Sync(open_workspace(kb), source, options).run()

    yield run
    client.close()
