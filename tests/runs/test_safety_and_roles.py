"""Killing kbpilot mid-action never duplicates a ticket; roles are enforced by the service."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kbpilot import paths
from kbpilot.errors import KbpilotError
from kbpilot.integrations.factory import Integrations
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.integrations.sandbox.faults import Fault
from kbpilot.runs.roles import RoleError
from kbpilot.runs.service import RunService
from kbpilot.runs.store import RunStore
from kbpilot.workspace import find_workspace
from tests.support import wait_until

ARTICLE = "workflow-offboarding-a-customer"
CHILD = """
import sys
from kbpilot.runs.service import RunService
from kbpilot.workspace import find_workspace
from tests.support import clients_of
workspace = find_workspace(sys.argv[1])
service = RunService.open(workspace, sandbox=True, connections=clients_of(sys.argv[2]))
service.do(sys.argv[3], sys.argv[4])
"""
RUNBOOK = "Send Offboarding Customer their Runbook from ITG"
NOTE = "Your IT runbook"


def tickets_titled(sandbox: Sandbox, title: str) -> int:
    with sandbox.state.read() as data:
        return sum(t["title"] == title for t in data["autotask"]["records"]["Tickets"].values())


def exports(sandbox: Sandbox) -> int:
    with sandbox.state.read() as data:
        return len(data["itglue"]["records"]["exports"])


def notes_titled(sandbox: Sandbox, title: str) -> int:
    with sandbox.state.read() as data:
        return sum(n["title"] == title for n in data["autotask"]["records"]["TicketNotes"].values())


@pytest.mark.parametrize("committed", [True, False], ids=["after-commit", "before-commit"])
def test_killing_kbpilot_mid_action_never_duplicates_the_ticket(
    service: RunService, sandbox: Sandbox, server: LoopbackServer, sample_kb: Path, committed: bool
) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    title = "Workflow: Offboarding a Customer: Northwind Traders"
    held = sandbox.faults.add(
        Fault(
            "latency",
            service="autotask",
            method="POST",
            path="*/tickets",
            seconds=60.0,
            after=committed,
            times=1,
        )
    )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(sample_kb), server.origin, run.id, "1"],
        cwd=Path(__file__).resolve().parents[2],
    )
    store = RunStore(paths.runs_db_path())
    wait_until(lambda: store.load(run.id).pending and held.fired == 1)
    if committed:
        wait_until(lambda: tickets_titled(sandbox, title) == 1)
    child.kill()
    child.wait()
    store.close()
    wait_until(lambda: server.answering == 0)
    assert service.get(run.id).pending
    run = service.refresh(run.id)
    assert not run.pending
    if committed:
        assert run.step("1").state == "done" and run.ticket is not None
    else:
        assert run.step("1").state == "todo" and tickets_titled(sandbox, title) == 0
        run = service.do(run.id, "1")
    assert run.step("1").state == "done"
    assert tickets_titled(sandbox, title) == 1
    assert "action.reconciled" in [e.kind for e in run.events]


def test_trainee_practice_runs_and_read_only_real_runs(
    sample_kb: Path, clients: Integrations, service: RunService
) -> None:
    trainee = RunService.open(find_workspace(str(sample_kb)), role="trainee", connections=clients)
    assert trainee.sandbox
    practice = trainee.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    assert practice.practice and "(practice run)" in trainee.export(practice.id, "md")
    assert trainee.do(practice.id, "1").ticket is not None
    included = trainee.include(practice.id, "Customer Offboarding Letter Template")
    assert included.step("6").action_name == "template.render"
    assert included.events[-1].who == "Sam Rivera" and included.practice
    real = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    for change in (
        lambda: trainee.include(real.id, "send runbook"),
        lambda: trainee.check(real.id, "1"),
        lambda: trainee.do(real.id, "1"),
        lambda: trainee.add_note(real.id, "1", "hello"),
    ):
        with pytest.raises(RoleError):
            change()
    assert trainee.get(real.id).events[-1].kind == "run.started"


def test_editors_run_only_in_the_sandbox(sample_kb: Path, clients: Integrations) -> None:
    workspace = find_workspace(str(sample_kb))
    editor = RunService.open(workspace, role="editor", sandbox=False, connections=clients)
    with pytest.raises(RoleError, match="only in the sandbox"):
        editor.start(ARTICLE, "Northwind Traders")
    sandboxed = RunService.open(workspace, role="editor", sandbox=True, connections=clients)
    run = sandboxed.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    with pytest.raises(RoleError, match="only in the sandbox"):
        editor.do(run.id, "1")
    technician = RunService.open(workspace, sandbox=False, connections=clients)
    with pytest.raises(RoleError, match="started in the sandbox"):
        technician.do(run.id, "1")


def test_a_failed_runbook_note_reuses_the_export_when_done_again(
    service: RunService, sandbox: Sandbox
) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo", include=[RUNBOOK])
    service.do(run.id, "1")
    sandbox.faults.add(Fault("server_error", service="autotask", method="POST", path="*/notes"))
    with pytest.raises(KbpilotError):
        service.do(run.id, "6.4")
    assert service.get(run.id).step("6.4").state == "failed"
    assert (exports(sandbox), notes_titled(sandbox, NOTE)) == (1, 0)
    sandbox.faults.clear()
    run = service.refresh(run.id)
    plan = service.plan(run.id, "6.4")
    assert [r.endpoint for r in plan.requests] == [f"/Tickets/{run.ticket.id}/Notes"]
    assert "export: 1 (completed), made by this step before; reused" in plan.lines
    run = service.do(run.id, "6.4")
    assert run.step("6.4").state == "done" and run.step("6.4").result["export_id"] == 1
    assert (exports(sandbox), notes_titled(sandbox, NOTE)) == (1, 1)


def test_a_crash_between_the_export_and_the_note_never_exports_twice(
    service: RunService, sandbox: Sandbox, server: LoopbackServer, sample_kb: Path
) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo", include=[RUNBOOK])
    service.do(run.id, "1")
    sandbox.faults.add(
        Fault("latency", service="autotask", method="POST", path="*/notes", seconds=30, times=1)
    )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(sample_kb), server.origin, run.id, "6.4"],
        cwd=Path(__file__).resolve().parents[2],
    )
    store = RunStore(paths.runs_db_path())
    wait_until(lambda: store.load(run.id).pending and sandbox.faults.faults[0].fired == 1)
    child.kill()
    child.wait()
    store.close()
    assert (exports(sandbox), notes_titled(sandbox, NOTE)) == (1, 0)
    run = service.refresh(run.id)
    assert not run.pending and run.step("6.4").state == "todo"
    assert run.events[-1].kind == "action.reconciled" and not run.events[-1].data["found"]
    run = service.do(run.id, "6.4")
    assert run.step("6.4").state == "done" and run.step("6.4").result["export_id"] == 1
    assert (exports(sandbox), notes_titled(sandbox, NOTE)) == (1, 1)
