"""Racing `kbpilot` processes on one run: one action in flight per step, no change ever lost.

Each test starts every racer at the same moment (`racing.Racers`), several rounds, and asserts
what must hold whoever wins: exactly one ticket per run, every note and field kept in the run
and its exports, each refused command a clear message and exit 1.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.integrations.sandbox.seed import seed_path
from kbpilot.runs.model import Run
from kbpilot.runs.service import RunService
from kbpilot.workspace import find_workspace
from tests.runs.racing import Finished, Racers

ARTICLE = "workflow-offboarding-a-customer"
RACERS = 10
BUSY = (
    r"(step \d's action|`run refresh`) is already running \(started by Sam Rivera at [^)]+\)"
    r"|an action of run \w+ is already running in another kbpilot"
)
REFUSED = re.compile(rf"error: ({BUSY}|step 1 is already done)")
REFUSED_FORM = re.compile(rf"error: ({BUSY}|step 4: fill in \w+|step 4 is already done)")


@pytest.fixture(scope="module")
def racers() -> Iterator[Racers]:
    pool = Racers(RACERS)
    yield pool
    pool.close()


@pytest.fixture
def local(sample_kb: Path) -> Iterator[RunService]:
    """The test's own service on the in-process sandbox that the racers share (its state file
    in the data dir)."""
    opened = RunService.open(find_workspace(str(sample_kb)), sandbox=True)
    yield opened
    opened.close()


def kbpilot(kb: Path, *argv: str) -> list[str]:
    return ["--kb", str(kb), "--sandbox", *argv]


def tickets_of(kb: Path, run: Run) -> list[int]:
    with Sandbox.open(seed_path(kb)).state.read() as data:
        tickets = data["autotask"]["records"]["Tickets"].values()
        return [t["id"] for t in tickets if run.id in (t.get("description") or "")]


def crashed(results: list[Finished]) -> list[str]:
    return [r.err for r in results if r.code not in (0, 1)]


def test_racing_run_do_creates_exactly_one_ticket(
    racers: Racers, local: RunService, sample_kb: Path
) -> None:
    for doers in (2, 5, 9, 9, 9):
        run = local.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
        commands = [kbpilot(sample_kb, "run", "do", run.id, "1", "--yes")] * doers
        results = racers.race([*commands, kbpilot(sample_kb, "run", "refresh", run.id)])
        assert not crashed(results)
        done = [r for r in results[:doers] if r.code == 0]
        assert len(done) == 1, [r.err for r in results]
        refused = [r for r in results if r.code == 1]
        assert all(REFUSED.search(r.err) for r in refused), [r.err for r in refused]
        run = local.get(run.id)
        kinds = [e.kind for e in run.events]
        assert (kinds.count("action.pending"), kinds.count("action.completed")) == (1, 1)
        assert "action.reconciled" not in kinds and not run.pending
        assert run.ticket is not None and tickets_of(sample_kb, run) == [run.ticket.id]
        assert run.step("1").state == "done"


def test_racing_notes_skips_and_checks_are_all_kept(
    racers: Racers, local: RunService, sample_kb: Path
) -> None:
    run = local.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    first = racers.race(
        [kbpilot(sample_kb, "run", "note", run.id, "1", f"note {n}") for n in range(RACERS)]
    )
    mixed = racers.race(
        [
            kbpilot(sample_kb, "run", "skip", run.id, "5", "--reason", "declined a call"),
            kbpilot(sample_kb, "run", "note", run.id, "5", "five a"),
            kbpilot(sample_kb, "run", "note", run.id, "5", "five b"),
            kbpilot(sample_kb, "run", "check", run.id, "2"),
            kbpilot(sample_kb, "run", "note", run.id, "2", "two a"),
            kbpilot(sample_kb, "run", "note", run.id, "2", "two b"),
        ]
    )
    assert [r.code for r in first + mixed] == [0] * (RACERS + 6), [r.err for r in first + mixed]
    run = local.get(run.id)
    notes = {step.path: sorted(n.text for n in step.notes) for step in run.steps if step.notes}
    assert notes == {
        "1": [f"note {n}" for n in range(RACERS)],
        "2": ["two a", "two b"],
        "5": ["five a", "five b"],
    }
    added = [e.data["text"] for e in run.events if e.kind == "note.added"]
    assert sorted(added) == sorted(text for texts in notes.values() for text in texts)
    assert run.step("2").state == "done" and run.step("5").state == "not_applicable"
    assert run.step("5").reason == "declined a call"
    markdown = local.export(run.id, "md")
    assert all(text in markdown for text in added)
    exported = json.loads(local.export(run.id, "json"))
    assert sum(len(step["notes"]) for step in exported["steps"]) == len(added)


def test_racing_form_fields_and_notes_keep_every_value(
    racers: Racers, local: RunService, sample_kb: Path
) -> None:
    values = {
        "termination_date": "2026-12-31",
        "new_provider": "Contoso IT",
        "billing_contact_email": "ap@northwind.example",
    }
    for _ in range(2):
        run = local.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
        for step in ("1", "2", "3"):
            local.do(run.id, step)
        fields = [
            kbpilot(sample_kb, "run", "do", run.id, "4", "--field", f"{key}={value}", "--yes")
            for key, value in values.items()
        ]
        notes = [kbpilot(sample_kb, "run", "note", run.id, "4", f"form {n}") for n in range(7)]
        results = racers.race(fields + notes)
        assert not crashed(results)
        assert all(r.code == 0 for r in results[len(fields) :])
        assert all(REFUSED_FORM.search(r.err) for r in results if r.code), [r.err for r in results]
        run = local.get(run.id)
        assert run.step("4").fields == values
        assert sorted(n.text for n in run.step("4").notes) == [f"form {n}" for n in range(7)]
        kinds = [e.kind for e in run.events if e.step == "4"]
        assert kinds.count("fields.saved") == len(values)
        assert kinds.count("action.completed") <= 1 and not run.pending
