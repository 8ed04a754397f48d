"""One action in flight per run: a second is refused while the first runs, `run refresh` leaves a
running action alone, and a killed one is settled by `run refresh`, never sent twice."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from kbpilot import paths
from kbpilot.cli.runs import pending_line
from kbpilot.errors import KbpilotError
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.integrations.sandbox.faults import Fault
from kbpilot.runs.inflight import ActionInFlight, ActionLocks, Holder
from kbpilot.runs.service import RunService
from kbpilot.runs.store import RunStore
from tests.support import REPO

ARTICLE = "workflow-offboarding-a-customer"
CHILD = """
import sys
from kbpilot.runs.service import RunService
from kbpilot.workspace import find_workspace
from tests.runs.conftest import clients_of
workspace = find_workspace(sys.argv[1])
service = RunService.open(workspace, sandbox=True, connections=clients_of(sys.argv[2]))
service.do(sys.argv[3], sys.argv[4])
"""


def tickets_of(sandbox: Sandbox, run_id: str) -> int:
    with sandbox.state.read() as data:
        tickets = data["autotask"]["records"]["Tickets"].values()
        return sum(run_id in (t.get("description") or "") for t in tickets)


def wait_while_running(child: subprocess.Popen[bytes], condition: Callable[[], bool]) -> None:
    """Until `condition()` holds; fails at once when the child exits first."""
    deadline = time.monotonic() + 60.0
    while not condition():
        assert child.poll() is None, f"the child exited with {child.returncode}"
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_running_action_refuses_others_and_a_killed_one_is_settled_by_refresh(
    service: RunService, sandbox: Sandbox, server: LoopbackServer, sample_kb: Path
) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    sandbox.faults.add(
        Fault(
            "latency",
            service="autotask",
            method="POST",
            path="*/tickets",
            seconds=120.0,
            after=True,
            times=1,
        )
    )
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(sample_kb), server.origin, run.id, "1"], cwd=REPO
    )
    store = RunStore(paths.runs_db_path())
    try:
        wait_while_running(
            child, lambda: bool(store.load(run.id).pending) and tickets_of(sandbox, run.id) == 1
        )
    finally:
        store.close()
    for act in (lambda: service.do(run.id, "1"), lambda: service.refresh(run.id)):
        with pytest.raises(ActionInFlight) as refused:
            act()
        assert refused.value.holder == Holder(
            "step 1's action", "Sam Rivera", refused.value.holder.at, child.pid
        )
        assert str(refused.value).startswith("step 1's action is already running (started by")
    running = service.in_flight(run.id)
    assert running == refused.value.holder
    assert pending_line(service.get(run.id), running).startswith(
        "step 1's action is in progress (started by Sam Rivera at "
    )
    service.add_note(run.id, "1", "called the customer meanwhile")
    assert service.get(run.id).pending
    child.kill()
    child.wait()
    assert service.in_flight(run.id) is None
    assert "outcome is unknown" in pending_line(service.get(run.id), None)
    with pytest.raises(KbpilotError, match=r"step 1's action was interrupted .* run refresh"):
        service.do(run.id, "1")
    run = service.refresh(run.id)
    assert not run.pending and run.step("1").state == "done" and run.ticket is not None
    assert [n.text for n in run.step("1").notes] == ["called the customer meanwhile"]
    kinds = [e.kind for e in run.events]
    assert kinds.count("action.pending") == 1 and kinds[-1] == "action.reconciled"
    assert tickets_of(sandbox, run.id) == 1


def test_a_run_lock_is_held_within_one_process_too_and_free_after(tmp_path: Path) -> None:
    locks = ActionLocks(tmp_path)
    first = Holder.now("step 2's action", "Ana")
    with locks.hold("run1", first):
        with pytest.raises(ActionInFlight) as refused, locks.hold("run1", first):
            pass
        assert refused.value.holder == first
        with locks.hold("run2", Holder.now("step 1's action", "Sam")):
            pass
    with locks.hold("run1", Holder.now("step 3's action", "Sam")):
        assert locks.holder("run1") is not None
    assert locks.holder("run1") is None
