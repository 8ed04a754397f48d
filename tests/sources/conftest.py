"""Fixtures of the sync tests: the sandbox (the root conftest's) on a loopback port, a KB to sync
into, and a sync of the IT Glue source over real HTTP that never waits between retries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kbpilot.integrations.itglue.client import ITGlueClient
from kbpilot.integrations.itglue.credentials import ITGlueCredentials
from kbpilot.integrations.itglue.documentation import ITGlueDocumentation
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import BaseUrls, Sandbox
from kbpilot.integrations.secrets import Secret
from kbpilot.sources.itglue.settings import ITGlueSourceSettings
from kbpilot.sources.itglue.source import ITGlueSource
from kbpilot.sources.sync import Sync, SyncOptions, SyncReport
from kbpilot.workspace import open_workspace
from tests.support import CountingTransport, RunSync


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
        base_url=BaseUrls.at(server.origin)["itglue"],
        policy=policy,
    )

    def run(*, dry_run: bool = False, **settings: object) -> SyncReport:
        chosen = ITGlueSourceSettings(**settings)  # type: ignore[arg-type]
        source = ITGlueSource(ITGlueDocumentation(client, page_size=chosen.page_size), chosen)
        options = SyncOptions(chosen.folder, chosen.removed, dry_run)
        return Sync(open_workspace(kb), source, options).run()

    yield run
    client.close()
