"""The in-process sandbox (sync over ASGI), the persisted state shared by commands and served
sandboxes, and the reset to the seed data."""

from __future__ import annotations

import httpx
import pytest

from kbpilot.integrations.asgi import SyncASGITransport
from kbpilot.integrations.autotask.client import TicketDraft
from kbpilot.integrations.demo import run_demo
from kbpilot.integrations.errors import NotFoundError, ValidationError
from kbpilot.integrations.factory import connect, connect_to
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import IN_PROCESS_ORIGIN, BaseUrls, Sandbox, SandboxOptions
from kbpilot.integrations.sandbox.faults import Fault
from kbpilot.integrations.sandbox.seed import default_seed_path
from tests.support import REPO


def test_connect_sandbox_runs_the_workflow_in_process() -> None:
    settings = {"itglue": {"export_poll_seconds": 0.05}}
    with connect(sandbox=True, kb_root=REPO, raw_settings=settings) as clients:
        assert clients.autotask.api.base_url().startswith(IN_PROCESS_ORIGIN)
        result = run_demo(clients, "Northwind Traders", "Ana Trujillo")
    assert [step for step, _ in result.steps] == [
        "create ticket",
        "set category",
        "apply checklist library",
        "add note",
        "IT Glue export",
    ]
    assert len(result.data["checklist"]) == 14


def test_state_persists_between_commands_and_a_served_sandbox() -> None:
    with connect(sandbox=True, kb_root=REPO) as first:
        ticket = first.autotask.create_ticket(TicketDraft(company_id=175, title="Persisted"))
    with connect(sandbox=True, kb_root=REPO) as second:
        assert second.autotask.ticket(ticket.id).title == "Persisted"
    served = Sandbox.open(default_seed_path())
    with LoopbackServer(served.app) as server, connect_to(BaseUrls.at(server.origin)) as third:
        assert third.autotask.ticket(ticket.id).number == ticket.number
        third.autotask.add_ticket_note(ticket.id, "From the served sandbox", "Visible everywhere.")
    with connect(sandbox=True, kb_root=REPO) as fourth:
        notes = fourth.autotask.api.children("Tickets", ticket.id, "Notes")
        assert [note["title"] for note in notes] == ["From the served sandbox"]
    served.state.reset()
    with (
        connect(sandbox=True, kb_root=REPO) as fifth,
        pytest.raises(NotFoundError, match="no Autotask ticket"),
    ):
        fifth.autotask.ticket(ticket.id)


def test_the_in_process_transport_times_out_and_drops_like_the_network() -> None:
    sandbox = Sandbox.open(default_seed_path(), SandboxOptions(export_seconds=0))
    transport = SyncASGITransport(sandbox.app)
    try:
        client = httpx.Client(transport=transport, base_url=f"{IN_PROCESS_ORIGIN}/itglue")
        headers = {"x-api-key": "ITG.inprocess"}
        assert client.get("/organizations/2389174", headers=headers).status_code == 200
        sandbox.faults.add(Fault("latency", seconds=2, times=1))
        with pytest.raises(httpx.ReadTimeout):
            client.get("/organizations/2389174", headers=headers, timeout=0.2)
        sandbox.faults.add(Fault("drop", times=1))
        with pytest.raises(httpx.RemoteProtocolError):
            client.get("/organizations/2389174", headers=headers)
        assert client.get("/organizations/2389174", headers=headers).status_code == 200
    finally:
        transport.close()


def test_a_running_export_blocks_another() -> None:
    sandbox = Sandbox.open(default_seed_path(), SandboxOptions(export_seconds=60))
    transport = SyncASGITransport(sandbox.app)
    policy = RetryPolicy(base_delay=0, max_delay=0)
    with connect_to(BaseUrls.at(IN_PROCESS_ORIGIN), transport=transport, policy=policy) as clients:
        first = clients.itglue.create_export(2389174)
        assert clients.itglue.export(first.id).status == "processing"
        with pytest.raises(ValidationError, match="existing export"):
            clients.itglue.create_export(2389175)
