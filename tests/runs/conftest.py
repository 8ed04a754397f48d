"""Fixtures of the run tests: the sample KB, its sandbox served on a loopback port, a service."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbpilot.integrations.factory import Integrations, connect_to
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import BaseUrls, Sandbox
from kbpilot.runs.service import RunService
from kbpilot.workspace import find_workspace

GOLDEN = Path(__file__).parent / "golden"
FAST = {"itglue": {"export_poll_seconds": 0.05, "timeout": 10.0}, "autotask": {"timeout": 10.0}}
_NORMAL = [
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00"), "<time>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "<date>"),
    (re.compile(r"T\d{8}\.\d{4}"), "<ticket>"),
    (re.compile(r"signature=[\w-]+"), "signature=<sig>"),
    (re.compile(r"http://127\.0\.0\.1:\d+"), "<origin>"),
]


@pytest.fixture
def server(sandbox: Sandbox) -> Iterator[LoopbackServer]:
    with LoopbackServer(sandbox.app) as running:
        yield running


def clients_of(origin: str) -> Integrations:
    policy = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)
    return connect_to(BaseUrls.at(origin), raw_settings=FAST, policy=policy)


@pytest.fixture
def clients(server: LoopbackServer) -> Iterator[Integrations]:
    with clients_of(server.origin) as integrations:
        yield integrations


@pytest.fixture
def service(sample_kb: Path, clients: Integrations) -> Iterator[RunService]:
    opened = RunService.open(find_workspace(str(sample_kb)), sandbox=True, connections=clients)
    yield opened
    opened.close()


def normalise(text: str, run_id: str, *paths: Path) -> str:
    for folder in paths:
        text = text.replace(str(folder), "<dir>")
    text = text.replace(run_id, "<run>")
    for pattern, replacement in _NORMAL:
        text = pattern.sub(replacement, text)
    return text


def assert_golden(name: str, text: str, update: bool) -> None:
    """Compare with tests/runs/golden/NAME; KBPILOT_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if update or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
