"""What `run show` and `run ticket` print: step notes under their step, and the ticket's checklist
items with their `[x]` once completed."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from kbpilot.cli import main

ARTICLE = "workflow-offboarding-a-customer"


def kbpilot(kb: Path, *args: str) -> Result:
    runner = CliRunner(env={"COLUMNS": "200"})
    return runner.invoke(main, ["--kb", str(kb), "--sandbox", *args], catch_exceptions=False)


def test_show_prints_step_notes_and_ticket_marks_completed_items(sample_kb: Path) -> None:
    started = kbpilot(
        sample_kb,
        "run",
        "start",
        ARTICLE,
        "--company",
        "Northwind Traders",
        "--contact",
        "Ana Trujillo",
        "--json",
    )
    run_id = json.loads(started.stdout)["id"]
    for step in ("1", "3"):
        assert kbpilot(sample_kb, "run", "do", run_id, step, "--yes").exit_code == 0
    assert (
        kbpilot(sample_kb, "run", "note", run_id, "5", "customer prefers Tuesdays").exit_code == 0
    )
    assert kbpilot(sample_kb, "run", "check", run_id, "5").exit_code == 0
    shown = kbpilot(sample_kb, "run", "show", run_id).stdout
    assert "note by Sam Rivera at " in shown and ": customer prefers Tuesdays" in shown
    ticket = kbpilot(sample_kb, "run", "ticket", run_id).stdout
    assert "checklist: 1/14 completed" in ticket
    assert "  [x] Schedule the remote offboarding appointment with the customer  (step 5)" in ticket
    assert "  [ ] Confirm the offboarding date" in ticket
