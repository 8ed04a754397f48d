"""Runs of a synced IT Glue SOP: the run links back to the document (CLI, export, ticket note),
says what changed since the last run of the procedure, and its runbook step works end to end."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner, Result

from kbpilot.cli import main
from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.integrations.sandbox.seed import seed_path
from kbpilot.runs.step_changes import StepChange, compare

SOP = "bluebird-managed-it-send-offboarding-customer-their-runbook-from-itg"
URL = "https://bluebird.itglue.com/2389000/docs/630101"


def kbpilot(kb: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--kb", str(kb), "--sandbox", *args], catch_exceptions=False)


def start(kb: Path) -> tuple[str, str]:
    result = kbpilot(
        kb, "run", "start", SOP, "--company", "Northwind Traders", "--contact", "Ana Trujillo"
    )
    assert result.exit_code == 0, result.output
    found = re.search(r"\brun (\w+):", result.output)
    assert found is not None
    return found[1], result.output


def test_a_run_of_a_synced_sop_links_back_and_shows_what_changed(sample_kb: Path) -> None:
    assert kbpilot(sample_kb, "sync", "itglue").exit_code == 0
    first, output = start(sample_kb)
    assert f"source: itglue {URL}" in output
    assert "Changed since the last run" not in output
    assert kbpilot(sample_kb, "run", "check", first, "1").exit_code == 0

    with Sandbox.open(seed_path(sample_kb)).state.transaction() as state:
        records = state["itglue"]["records"]
        records["document_sections"]["650004"]["content"] = "<p>Find the organization by name</p>"
        del records["document_sections"]["650008"]
        records["documents"]["630101"]["updated-at"] = "2026-11-29T08:00:00.000Z"
    assert "1 updated" in kbpilot(sample_kb, "sync", "itglue").output

    second, output = start(sample_kb)
    assert "Changed since the last run of this procedure:" in output
    assert "step 2 reworded" in output and "step 5 removed" in output
    export = kbpilot(sample_kb, "run", "export", second, "--format", "md").output
    assert f"- Source: itglue document 630101, <{URL}>" in export
    assert "step 2 reworded" in export
    shown = json.loads(kbpilot(sample_kb, "run", "show", second, "--json").output)
    assert shown["origin"]["document"] == "630101"


def test_changes_are_matched_in_order() -> None:
    before = [("1", "Open the ticket"), ("2", "Find the org"), ("3", "Export it")]
    now = [("1", "Open the ticket"), ("2", "Call the contact"), ("3", "Find the orgs"),
           ("4", "Export it")]  # fmt: skip
    assert compare(before, now) == [
        StepChange("added", "2", "Call the contact"),
        StepChange("reworded", "3", "Find the orgs", "Find the org"),
    ]
    assert compare(before, before) == []
    assert compare(before, before[:2]) == [StepChange("removed", "3", "Export it")]
