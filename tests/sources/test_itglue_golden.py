"""Golden tests: a synced IT Glue SOP is read by kbpilot as it reads in IT Glue (its steps in
order, with their durations, headings and text in their place), and its file is stable."""

from __future__ import annotations

from pathlib import Path

from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from kbpilot.parsing import parse_file
from tests.support import RunSync, text_file

RUNBOOK = (
    "articles/itglue/bluebird-managed-it/send-offboarding-customer-their-runbook-from-itg.html"
)


def test_the_runbook_sop_reads_as_in_it_glue(run_sync: RunSync, kb: Path) -> None:
    run_sync()
    article = parse_file(kb / RUNBOOK, source=RUNBOOK)
    steps = [(path, step.text) for path, step in article.steps()]
    assert steps == [
        (
            "1",
            "Open the offboarding ticket in Autotask and confirm who the ticket contact is (5 min)",
        ),
        ("2", "Find the customer's organization in IT Glue (2 min)"),
        ("3", "Check that the organization's documentation is current (30 min)"),
        (
            "3.1",
            "Compare the configurations with the devices in Datto RMM and archive the retired ones",
        ),
        (
            "3.2",
            "Update the passwords the customer owns and remove any that belong to our own tools",
        ),
        ("3.3", "Look through the Microsoft 365 and network flexible assets for stale entries"),
        ("4", "Send the customer their runbook from IT Glue (10 min)"),
        ("5", "Add a note to the ticket with the export link and the date it was sent (3 min)"),
    ]
    assert article.procedures[0].title == "Procedure"
    step4 = article.procedures[0].find("4")
    assert step4 is not None and step4.action is not None
    assert step4.action.name == "itglue.send_runbook"
    assert article.origin is not None and article.origin.document == "630101"
    assert article.diagnostics == []


def test_every_synced_sop_is_golden(
    run_sync: RunSync, kb: Path, snapshot: SnapshotAssertion
) -> None:
    run_sync()
    for path in sorted((kb / "articles").rglob("*.html")):
        source = path.relative_to(kb).as_posix()
        name = path.stem
        assert path.read_text(encoding="utf-8") == snapshot(
            name=f"{name}.html", extension_class=text_file("html")
        )
        parsed = parse_file(path, source=source).to_dict()
        assert parsed == snapshot(name=f"{name}.json", extension_class=JSONSnapshotExtension)
