"""The vendors' request budgets: the simulators enforce them, and the clients pace themselves
within them (a hand-moved clock: no real waiting)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kbpilot.integrations.asgi import SyncASGITransport
from kbpilot.integrations.autotask.query import Field, Query
from kbpilot.integrations.errors import RateLimitError, ValidationError
from kbpilot.integrations.factory import Integrations, connect_to
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import IN_PROCESS_ORIGIN, BaseUrls, Sandbox, SandboxOptions
from kbpilot.integrations.sandbox.seed import default_seed_path, load_seed
from kbpilot.integrations.sandbox.state import SandboxState

ONCE = RetryPolicy(max_attempts=1)


class HandMovedTime:
    """A clock that only moves when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def clients(
    tmp_path: Path, time: HandMovedTime, limits: dict[str, Any], raw: dict[str, Any]
) -> Integrations:
    state = SandboxState(tmp_path / "state.json", load_seed(default_seed_path()))
    options = SandboxOptions(export_seconds=0.0, limits=limits, clock=time.clock)
    transport = SyncASGITransport(Sandbox(state, options=options).app)
    integrations = connect_to(
        BaseUrls.at(IN_PROCESS_ORIGIN),
        transport=transport,
        raw_settings=raw,
        policy=ONCE,
        pacing=(time.clock, time.sleep),
    )
    integrations.transport = transport
    return integrations


def test_itglue_paces_itself_under_the_rate_limit(tmp_path: Path) -> None:
    time = HandMovedTime()
    raw = {"itglue": {"requests_per_window": 10, "window_seconds": 60, "budget_share": 0.9}}
    limits = {"itglue": {"requests": 10, "window": 60}}
    with clients(tmp_path, time, limits, raw) as integrations:
        for _ in range(25):
            integrations.itglue.organizations()
    assert time.now - 1000.0 >= 120.0, "it waited for the window twice"


def test_the_itglue_simulator_answers_429_over_the_limit(tmp_path: Path) -> None:
    time = HandMovedTime()
    raw = {"itglue": {"requests_per_window": 1000, "window_seconds": 60}}
    limits = {"itglue": {"requests": 10, "window": 60}}
    with clients(tmp_path, time, limits, raw) as integrations:
        for _ in range(10):
            integrations.itglue.organizations()
        with pytest.raises(RateLimitError):
            integrations.itglue.organizations()


def test_autotask_paces_itself_within_its_share_of_the_hourly_budget(tmp_path: Path) -> None:
    time = HandMovedTime()
    raw = {"autotask": {"hourly_requests": 20, "budget_share": 0.5}}
    limits = {"autotask": {"requests": 12}}
    query = Query.where(Field("isActive").eq(True))
    with clients(tmp_path, time, limits, raw) as integrations:
        for _ in range(25):
            integrations.autotask.companies(query, limit=1)
        threshold = integrations.autotask.api.threshold()
    assert time.now - 1000.0 >= 2 * 3600.0
    assert threshold["currentTimeframeRequestCount"] <= 10


def test_the_autotask_simulator_refuses_over_the_threshold(tmp_path: Path) -> None:
    time = HandMovedTime()
    limits = {"autotask": {"requests": 5}}
    query = Query.where(Field("isActive").eq(True))
    with clients(tmp_path, time, limits, {}) as integrations, pytest.raises(RateLimitError):
        for _ in range(6):
            integrations.autotask.companies(query, limit=1)


def test_the_checklist_item_limit_is_a_setting(tmp_path: Path) -> None:
    raw = {"autotask": {"checklist_item_limit": 10}}
    with clients(tmp_path, HandMovedTime(), {}, raw) as integrations:
        autotask = integrations.autotask
        library = autotask.library_by_name("[OFFBOARDING] Offboard Managed Services Customer")
        with pytest.raises(ValidationError, match="more than the 10 a ticket may hold"):
            autotask.apply_checklist_library(7001, library.id)
