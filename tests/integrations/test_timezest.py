"""TimeZest, the first system added as one package: the seed's step 5 books through its
simulator over HTTP when the KB sets TimeZest up, shows the request's status and link, follows
it on refresh, and never asks a ticket twice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from kbpilot.integrations.factory import connect_to
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import BaseUrls, Sandbox
from kbpilot.runs.service import RunService
from kbpilot.workspace import find_workspace
from tests.support import ARTICLE, FAST, records

TIMEZEST = '\n[timezest]\nappointment_type = "Remote Support"\n'


@pytest.fixture
def timezest_kb(sample_kb: Path) -> Path:
    settings = sample_kb / "kb" / "kbpilot.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + TIMEZEST, encoding="utf-8")
    return sample_kb


@pytest.fixture
def served(sandbox: Sandbox) -> Iterator[LoopbackServer]:
    with LoopbackServer(sandbox.app) as server:
        yield server


def open_service(kb: Path, origin: str) -> RunService:
    workspace = find_workspace(str(kb))
    policy = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)
    clients = connect_to(
        BaseUrls.at(origin), raw_settings={**FAST, **workspace.settings.raw}, policy=policy
    )
    return RunService.open(workspace, sandbox=True, connections=clients)


def test_step_5_books_through_timezest_and_follows_the_request(
    timezest_kb: Path, served: LoopbackServer, sandbox: Sandbox
) -> None:
    service = open_service(timezest_kb, served.origin)
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    assert run.step("5").action_name == "timezest.scheduling_request"
    run = service.do(run.id, "1")
    plan = service.plan(run.id, "5")
    assert "with: Matthew Fuller (agent)" in plan.lines
    call = plan.requests[0]
    assert (call.method, call.endpoint) == ("POST", "/scheduling_requests")
    assert call.body["resource_ids"] == ["res-matthew"]
    assert {"type": "autotask/ticket", "id": run.ticket.id} in call.body["associated_entities"]
    notes_before = len(records(sandbox, "TicketNotes"))
    run = service.do(run.id, "5")
    result = run.step("5").result
    assert result["status"] == "sent"
    assert result["link"].endswith(f"/matthew-fuller/remote-support/ticket/{run.ticket.id}")
    assert len(records(sandbox, "TicketNotes")) == notes_before, "TimeZest notes, not kbpilot"
    with sandbox.state.transaction() as data:
        data["timezest"]["scheduling_requests"][result["request_id"]]["status"] = "scheduled"
    run = service.refresh(run.id)
    assert run.step("5").result["status"] == "scheduled"
    assert run.events[-1].kind == "result.updated"
    again = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo", ticket=run.ticket.number)
    assert service.plan(again.id, "5").requests == []
    service.close()


def test_without_timezest_step_5_sends_the_persons_link(sample_kb: Path) -> None:
    run_steps = find_workspace(str(sample_kb)).load().find(ARTICLE)
    assert run_steps is not None
    assert run_steps.procedures[0].steps[4].action is not None
    assert run_steps.procedures[0].steps[4].action.name == "notify.scheduling_link"


def test_the_simulator_answers_the_real_paths_with_a_bearer_key(served: LoopbackServer) -> None:
    url = BaseUrls.at(served.origin)["timezest"]
    assert url.endswith("/timezest/v1")
    assert httpx.get(f"{url}/scheduling_requests").status_code == 401
    answer = httpx.get(f"{url}/appointment_types", headers={"Authorization": "Bearer k"})
    assert [t["internal_name"] for t in answer.json()["data"]] == ["Remote Support", "Onsite Visit"]
