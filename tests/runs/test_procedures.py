"""Runs of an article with several procedures: chosen by heading or number, each kept apart
under its heading with the article's own numbering ("P2.1"), in every output."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kbpilot.cli import main
from kbpilot.errors import KbpilotError
from kbpilot.runs.addresses import article_step, next_top, normalise, split
from kbpilot.runs.service import RunService
from kbpilot.runs.snapshot import run_steps
from kbpilot.workspace import find_workspace

PLAN = "customer-cyber-security-incident-response-plan-for-incidents-external-to-ggit"
INTAKE = "new-prospect-and-client-intake-instructions-new-customer"
OFFBOARDING = "workflow-offboarding-a-customer"


def test_each_procedure_is_a_heading_with_its_own_numbering(sample_kb: Path) -> None:
    plan = find_workspace(str(sample_kb)).load().by_id[PLAN]
    steps = run_steps(plan)
    headings = [(s.path, s.text) for s in steps if "." not in s.path]
    assert headings == [
        ("P1", "Phase 1: Identification"),
        ("P2", "Phase 2: Containment"),
        ("P3", "Phase 3: Eradication"),
        ("P4", "Phase 4: Recovery"),
        ("P5", "Phase 5: Lessons Learned"),
    ]
    by_path = {s.path: s for s in steps}
    assert by_path["P1.2.1"].text == "Datto RMM alert or antivirus detection"
    assert by_path["P2.1"].text == "Isolate the affected endpoints from the network"
    assert by_path["P2.6"].action_name == "autotask.add_ticket_note"
    assert article_step(plan, "P2.1.1") is plan.procedures[1].steps[0].steps[0]
    assert article_step(plan, "P2") is None


def test_a_one_procedure_article_keeps_its_plain_numbers(sample_kb: Path) -> None:
    seed = find_workspace(str(sample_kb)).load().by_id[OFFBOARDING]
    assert [s.path for s in run_steps(seed)] == ["1", "2", "3", "4", "5"]
    assert [s.path for s in run_steps(seed, ["1"])] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize(
    ("given", "numbers"),
    [
        (["Phase 2: Containment"], [2]),
        (["phase 2"], [2]),
        (["phase 4: rec"], [4]),
        (["3"], [3]),
        (["p5"], [5]),
        (["4", "phase 2", "2"], [2, 4]),
        ([], [1, 2, 3, 4, 5]),
    ],
)
def test_procedures_are_chosen_by_heading_or_number(
    sample_kb: Path, given: list[str], numbers: list[int]
) -> None:
    plan = find_workspace(str(sample_kb)).load().by_id[PLAN]
    tops = [s.path for s in run_steps(plan, given) if "." not in s.path]
    assert tops == [f"P{n}" for n in numbers]


@pytest.mark.parametrize(
    ("given", "problem"),
    [("phase", "could be several procedures"), ("triage", "has no procedure"), ("6", "has no")],
)
def test_an_unknown_or_ambiguous_procedure_lists_them_all(
    sample_kb: Path, given: str, problem: str
) -> None:
    plan = find_workspace(str(sample_kb)).load().by_id[PLAN]
    with pytest.raises(KbpilotError) as refused:
        run_steps(plan, [given])
    assert problem in str(refused.value)
    assert "1 'Phase 1: Identification'; 2 'Phase 2: Containment'" in str(refused.value)


def test_addresses_read_as_typed_and_old_runs_stay_numbered() -> None:
    assert normalise(" p2.1. ") == "P2.1"
    assert normalise("6.1") == "6.1"
    assert split("P2.1.3") == (2, "1.3")
    assert split("7.2") == (None, "7.2")
    assert next_top(["P2", "P2.1", "P4", "P4.1"], 5) == "P6"
    assert next_top(["1", "2", "20", "20.1"], 5) == "21"


def test_a_run_of_chosen_phases(service: RunService) -> None:
    run = service.start(PLAN, "Northwind Traders", "Ana Trujillo", procedures=["phase 2", "4"])
    tops = [s.path for s in run.steps if "." not in s.path]
    assert tops == ["P2", "P4"]
    with pytest.raises(KbpilotError, match=re.escape("has no step '2.1'; its steps are P2, P2.1,")):
        service.check(run.id, "2.1")
    for path in ("p2.1.1", "P2.1.2", "P2.1.3"):
        run = service.check(run.id, path)
    assert run.step("P2.1").state == "done"
    for path in ("P2.2.1", "P2.2.2", "P2.2.3", "P2.3", "P2.4", "P2.5"):
        run = service.check(run.id, path)
    run = service.skip(run.id, "P2.6", "told the customer by phone")
    assert (run.step("P2").state, run.step("P4").state) == ("done", "todo")


def test_an_included_article_follows_every_procedure(service: RunService) -> None:
    run = service.start(INTAKE, "Northwind Traders", procedures=["2"])
    run = service.include(run.id, OFFBOARDING)
    assert [s.path for s in run.steps if "." not in s.path] == ["P2", "P3"]
    assert run.step("P3").source == OFFBOARDING
    assert run.step("P3.1").action_name == "autotask.create_ticket"


def test_exports_say_the_same_addresses(service: RunService) -> None:
    run = service.start(PLAN, "Northwind Traders", procedures=["Phase 2"])
    run = service.check(run.id, "P2.1.1")
    markdown = service.export(run.id, "md")
    assert "### P2. Phase 2: Containment" in markdown
    assert "### P2.1.1. In Datto RMM, apply the isolation policy" in markdown
    assert "(step P2.1.1)" in markdown
    assert "<strong>P2.1. Isolate the affected endpoints" in service.export(run.id, "html")
    exported = json.loads(service.export(run.id, "json"))
    assert [s["number"] for s in exported["steps"]][:3] == ["P2", "P2.1", "P2.1.1"]


def test_the_ticket_note_of_a_step_names_its_address(service: RunService) -> None:
    run = service.start(PLAN, "Northwind Traders", "Ana Trujillo", procedures=["1"])
    run = service.do(run.id, "P1.1")
    plan = service.plan(run.id, "P1.6")
    assert f"{run.article_title}: step P1.6" in "\n".join(plan.lines)


def test_run_start_takes_procedures(sample_kb: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "200"})
    options = ["--kb", str(sample_kb), "--sandbox", "run", "start", PLAN]
    company = ["--company", "Northwind Traders"]
    chosen = runner.invoke(main, [*options, *company, "--procedure", "phase 3", "--procedure", "5"])
    assert chosen.exit_code == 0, chosen.output
    assert "[ ] P3 Phase 3: Eradication" in chosen.output
    assert "    [ ] P3.4. Reset credentials" in chosen.output
    assert "[ ] P5 Phase 5: Lessons Learned" in chosen.output
    assert "P1" not in chosen.output and "P2" not in chosen.output
    refused = runner.invoke(main, [*options, *company, "--procedure", "phase"])
    assert refused.exit_code == 1
    assert "'phase' could be several procedures" in refused.output


def test_run_ticket_names_the_step_of_each_checklist_item(sample_kb: Path) -> None:
    runner = CliRunner(env={"COLUMNS": "200"})

    def kbpilot(*args: str) -> str:
        result = runner.invoke(main, ["--kb", str(sample_kb), "--sandbox", *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    started = kbpilot("run", "start", OFFBOARDING, "--company", "Northwind Traders", "--json")
    run_id = json.loads(started)["id"]
    for step in ("1", "2", "3"):
        kbpilot("run", "do", run_id, step, "--yes")
    shown = kbpilot("run", "ticket", run_id)
    assert "[ ] Schedule the remote offboarding appointment with the customer  (step 5)" in shown
