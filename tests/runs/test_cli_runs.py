"""`kbpilot run ...` as a user types it, against the in-process sandbox (`--sandbox`).

Each test checks what changed where it matters: the run in the store, the ticket in the
simulator; a pseudo-terminal stands in for the technician where the confirmation prompt is tested.
"""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from kbpilot.cli import main
from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.integrations.sandbox.seed import seed_path
from kbpilot.runs.model import Run
from kbpilot.runs.service import RunService
from kbpilot.workspace import find_workspace
from tests.support import REPO

ARTICLE = "workflow-offboarding-a-customer"
COMPANY = ["--company", "Northwind Traders", "--contact", "Ana Trujillo"]
RUNBOOK = "Send Offboarding Customer their Runbook from ITG"


@pytest.fixture
def kb(sample_kb: Path) -> Path:
    return sample_kb


@pytest.fixture
def runs(kb: Path) -> Iterator[RunService]:
    """The store and the sandbox the CLI uses, read the way the TUI reads them."""
    service = RunService.open(find_workspace(str(kb)), sandbox=True)
    yield service
    service.close()


def kbpilot(kb: Path, *args: str, sandbox: bool = True, stdin: str | None = None) -> Result:
    options = ["--kb", str(kb), *(["--sandbox"] if sandbox else [])]
    runner = CliRunner(env={"COLUMNS": "200"})
    return runner.invoke(main, [*options, *args], input=stdin, catch_exceptions=False)


def start(kb: Path, *extra: str) -> str:
    result = kbpilot(kb, "run", "start", ARTICLE, *COMPANY, "--json", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["id"]


def records(kb: Path, entity: str) -> list[dict[str, Any]]:
    with Sandbox.open(seed_path(kb)).state.read() as data:
        return list(data["autotask"]["records"][entity].values())


def unchanged(before: Run, after: Run) -> bool:
    return after.steps == before.steps and after.events == before.events


def test_start_prints_the_checklist_and_json_has_the_documented_shape(
    kb: Path, runs: RunService
) -> None:
    human = kbpilot(kb, "run", "start", "terminate customer", *COMPANY)
    assert human.exit_code == 0, human.output
    assert "Workflow: Offboarding a Customer  run " in human.stdout
    assert "Northwind Traders / Ana Trujillo, no ticket yet, 0/5 done" in human.stdout
    assert "[ ] 1. Create a new ticket  [autotask.create_ticket]" in human.stdout
    result = kbpilot(kb, "run", "start", ARTICLE, *COMPANY, "--json")
    data = json.loads(result.stdout)
    assert {"id", "article", "company", "contact", "ticket", "steps", "events"} <= set(data)
    assert (data["article"], data["company"], data["contact"], data["ticket"]) == (
        ARTICLE,
        "Northwind Traders",
        "Ana Trujillo",
        None,
    )
    assert [s["number"] for s in data["steps"]] == ["1", "2", "3", "4", "5"]
    assert all({"number", "state", "reason", "result"} <= set(s) for s in data["steps"])
    assert data["events"][0]["kind"] == "run.started"
    assert runs.get(data["id"]).company == "Northwind Traders"
    assert len(runs.list_runs()) == 2


def test_do_with_yes_creates_the_ticket(kb: Path, runs: RunService) -> None:
    run_id = start(kb)
    result = kbpilot(kb, "run", "do", run_id, "1", "--yes", "--json")
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    run = runs.get(run_id)
    assert shown["ticket"]["number"] == run.ticket.number and run.step("1").state == "done"
    tickets = [t for t in records(kb, "Tickets") if t["id"] == run.ticket.id]
    assert tickets[0]["companyID"] == run.company_id and tickets[0]["contactID"] == run.contact_id


@pytest.mark.parametrize("options", [[], ["--field", "attach=yes"]], ids=["plain", "options"])
def test_do_without_yes_refuses_when_stdin_is_not_a_terminal(
    kb: Path, runs: RunService, options: list[str]
) -> None:
    run_id = start(kb, "--include", "Customer Offboarding Letter Template")
    before = runs.get(run_id)
    step = "6" if options else "1"
    result = kbpilot(kb, "run", "do", run_id, step, *options, stdin="y\n")
    assert result.exit_code == 1
    assert "nothing sent" in result.stderr and "add --yes" in result.stderr
    assert unchanged(before, runs.get(run_id))
    assert not [t for t in records(kb, "Tickets") if "Northwind" in t["title"]]


@pytest.mark.timeout(60)
@pytest.mark.parametrize(("answer", "sent"), [("y", True), ("n", False)])
def test_do_asks_at_a_terminal_and_sends_only_on_yes(
    kb: Path, runs: RunService, answer: str, sent: bool
) -> None:
    run_id = start(kb)
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "kbpilot", "--kb", str(kb), "--sandbox", "run", "do", run_id, "1"],
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env={**os.environ, "COLUMNS": "200"},
    )
    os.close(follower)
    os.write(leader, f"{answer}\n".encode())
    out, err = process.communicate(timeout=50)
    os.close(leader)
    assert "create an Autotask ticket" in err.decode() and "Send it?" in err.decode()
    assert process.returncode == (0 if sent else 1)
    assert (runs.get(run_id).ticket is not None) is sent
    assert (runs.get(run_id).step("1").state == "done") is sent
    assert bool(out) is sent


def fill_form(kb: Path, run_id: str, termination_date: str) -> Result:
    fields = [f"termination_date={termination_date}", "billing_contact_email=ap@nw.example"]
    options = [item for field in fields for item in ("--field", field)]
    return kbpilot(kb, "run", "do", run_id, "4", *options, "--yes")


def test_do_the_form_with_fields_and_a_wrong_type(kb: Path, runs: RunService) -> None:
    run_id = start(kb)
    assert kbpilot(kb, "run", "do", run_id, "1", "--yes").exit_code == 0
    before = runs.get(run_id)
    wrong = fill_form(kb, run_id, "31 July")
    assert wrong.exit_code == 1
    assert "termination_date: '31 July' is not a date; write it as YYYY-MM-DD" in wrong.stderr
    assert unchanged(before, runs.get(run_id))
    good = fill_form(kb, run_id, "2025-07-31")
    assert good.exit_code == 0, good.output
    step = runs.get(run_id).step("4")
    assert step.state == "done"
    assert step.fields == {
        "termination_date": "2025-07-31",
        "billing_contact_email": "ap@nw.example",
    }
    notes = [n for n in records(kb, "TicketNotes") if n["title"] == "Required information"]
    assert "Termination date: 2025-07-31" in notes[0]["description"]


def test_check_skip_and_note(kb: Path, runs: RunService) -> None:
    run_id = start(kb)
    assert kbpilot(kb, "run", "check", run_id, "2").exit_code == 0
    skipped = kbpilot(kb, "run", "skip", run_id, "5", "--reason", "customer declined", "--json")
    assert json.loads(skipped.stdout)["steps"][4]["reason"] == "customer declined"
    noted = kbpilot(kb, "run", "note", run_id, "4", "letter goes by post")
    assert noted.exit_code == 0
    run = runs.get(run_id)
    assert (run.step("2").state, run.step("5").state) == ("done", "not_applicable")
    assert run.step("5").reason == "customer declined"
    assert [(n.who, n.text) for n in run.step("4").notes] == [("Sam Rivera", "letter goes by post")]
    before = runs.get(run_id)
    usage = kbpilot(kb, "run", "skip", run_id, "3")
    assert usage.exit_code == 2 and "Missing option '--reason'" in usage.stderr
    assert unchanged(before, runs.get(run_id))


def test_list_shows_runs_in_progress_first_and_show_prints_one(kb: Path, runs: RunService) -> None:
    first = start(kb)
    second = start(kb)
    for step in ("1", "2", "3", "4", "5"):
        runs.skip(first, step, "test")
    listed = kbpilot(kb, "run", "list", "--json")
    assert [r["id"] for r in json.loads(listed.stdout)] == [second, first]
    human = kbpilot(kb, "run", "list").stdout.splitlines()
    assert human[0].startswith(f"{second}  0/5") and human[1].startswith(f"{first}  5/5")
    shown = kbpilot(kb, "run", "show", second[:5])
    assert shown.exit_code == 0 and f"run {second}" in shown.stdout
    assert json.loads(kbpilot(kb, "run", "show", second, "--json").stdout)["id"] == second


def test_refresh_takes_checklist_items_completed_in_autotask(kb: Path, runs: RunService) -> None:
    run_id = start(kb)
    for step in ("1", "3"):
        assert kbpilot(kb, "run", "do", run_id, step, "--yes").exit_code == 0
    run = runs.get(run_id)
    item = next(link for link in run.checklist if link.step == "5")
    runs.clients.autotask.complete_checklist_item(run.ticket.id, item.item_id)
    result = kbpilot(kb, "run", "refresh", run_id, "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["steps"][4]["state"] == "done"
    assert runs.get(run_id).step("5").result["completed_in"] == "Autotask"


def test_export_formats_and_post(kb: Path, runs: RunService) -> None:
    run_id = start(kb)
    assert kbpilot(kb, "run", "do", run_id, "1", "--yes").exit_code == 0
    markdown = kbpilot(kb, "run", "export", run_id, "--format", "md").stdout
    assert markdown.startswith("# Workflow: Offboarding a Customer") and "### 1." in markdown
    assert "<h1>Workflow: Offboarding a Customer</h1>" in kbpilot(
        kb, "run", "export", run_id, "--format", "html"
    ).stdout.replace("\n", "")
    assert json.loads(kbpilot(kb, "run", "export", run_id, "--format", "json").stdout)["id"] == (
        run_id
    )
    posted = kbpilot(kb, "run", "export", run_id, "--post")
    assert posted.exit_code == 0
    ticket = runs.get(run_id).ticket
    summaries = [
        n
        for n in records(kb, "TicketNotes")
        if n["ticketID"] == ticket.id and n["title"] == "kbpilot run summary"
    ]
    assert len(summaries) == 1 and summaries[0]["description"].startswith("# Workflow")
    assert runs.get(run_id).events[-1].kind == "summary.posted"


def test_include_adds_a_sub_checklist(kb: Path, runs: RunService) -> None:
    run_id = start(kb, "--include", "offboarding letter")
    result = kbpilot(kb, "run", "include", run_id, "send runbook")
    assert result.exit_code == 0, result.output
    assert "[ ] 7. Send Offboarding Customer their Runbook from ITG" in result.stdout
    assert "    [ ] 7.4. Send the customer their runbook from IT Glue" in result.stdout
    run = runs.get(run_id)
    assert [s.path for s in run.steps if "." not in s.path] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [e.kind for e in run.events].count("step.included") == 2
    again = kbpilot(kb, "run", "include", run_id, RUNBOOK, "--json")
    assert again.exit_code == 1 and "already in the run as step 7" in again.stderr
    assert unchanged(run, runs.get(run_id))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "show", "nosuchrun"], "no run 'nosuchrun'"),
        (["run", "check", "{run}", "9"], "has no step '9'; its steps are 1, 2, 3, 4, 5"),
        (["run", "do", "{run}", "2.7", "--yes"], "has no step '2.7'"),
        (["run", "start", ARTICLE, "--company", "Litware Inc"], "2 companies match"),
    ],
)
def test_bad_input_is_a_clear_message_and_changes_nothing(
    kb: Path, runs: RunService, args: list[str], message: str
) -> None:
    run_id = start(kb)
    before = runs.get(run_id)
    result = kbpilot(kb, *(arg.format(run=run_id) for arg in args))
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.output
    assert unchanged(before, runs.get(run_id)) and len(runs.list_runs()) == 1


def test_a_trainee_practises_in_the_sandbox_even_without_the_flag(
    kb: Path, runs: RunService
) -> None:
    result = kbpilot(kb, "--role", "trainee", "run", "start", ARTICLE, *COMPANY, sandbox=False)
    assert result.exit_code == 0, result.output
    assert "[practice run]" in result.stdout
    run = runs.list_runs()[0]
    assert run.practice and run.sandbox and run.role == "trainee"
    done = kbpilot(kb, "--role", "trainee", "run", "do", run.id, "1", "--yes", sandbox=False)
    assert done.exit_code == 0
    assert any(t["id"] == runs.get(run.id).ticket.id for t in records(kb, "Tickets"))


def test_an_editor_needs_the_sandbox(kb: Path, runs: RunService) -> None:
    refused = kbpilot(kb, "--role", "editor", "run", "start", ARTICLE, *COMPANY, sandbox=False)
    assert refused.exit_code == 1
    assert "editors may run procedures only in the sandbox (use --sandbox)" in refused.stderr
    assert runs.list_runs() == []
    allowed = kbpilot(kb, "--role", "editor", "run", "start", ARTICLE, *COMPANY)
    assert allowed.exit_code == 0 and runs.list_runs()[0].sandbox


def test_ticket_prints_the_ticket_as_autotask_holds_it(kb: Path, runs: RunService) -> None:
    run_id = start(kb)
    before = kbpilot(kb, "run", "ticket", run_id)
    assert before.exit_code == 1 and "do step 1 to create it" in before.stderr
    for step in ("1", "2", "3"):
        assert kbpilot(kb, "run", "do", run_id, step, "--yes").exit_code == 0
    shown = kbpilot(kb, "run", "ticket", run_id)
    assert shown.exit_code == 0, shown.stderr
    number = runs.get(run_id).ticket.number
    assert f"Ticket {number}" in shown.stdout
    assert "category Administrative Change/Request" in shown.stdout
    assert "checklist: 0/14 completed" in shown.stdout
    data = json.loads(kbpilot(kb, "run", "ticket", run_id, "--json").stdout)
    assert data["number"] == number and data["url"] is None and data["notes"] == []
    assert data["checklist"][0] == [
        "Confirm the offboarding date, scope and final invoice with the customer's primary contact",
        False,
    ]
