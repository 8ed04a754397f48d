"""Bad input and faults during a sync: empty or malformed HTML, an unknown section type, a
document deleted mid-sync, 429s and a dropped connection. The sync finishes what it can, says
what it could not, a rerun completes it, and nothing local is lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.integrations.sandbox.faults import Fault
from kbpilot.sources.itglue.source import ITGlueSource
from tests.support import RunSync

FOLDER = Path("articles/itglue/bluebird-managed-it")
RUNBOOK = FOLDER / "send-offboarding-customer-their-runbook-from-itg.html"
NEW_USER = FOLDER / "new-user-setup-microsoft-365-account.html"
BACKUP = FOLDER / "quarterly-backup-restore-test.html"


def _sections(sandbox: Sandbox, document_id: int, *sections: dict[str, Any]) -> None:
    """Replace a document's sections."""
    with sandbox.state.transaction() as state:
        records = state["itglue"]["records"]["document_sections"]
        for key in [k for k, v in records.items() if v["document-id"] == document_id]:
            del records[key]
        for number, section in enumerate(sections, start=1):
            records[str(990000 + number)] = {
                "id": 990000 + number, "document-id": document_id, "sort": number, **section
            }  # fmt: skip


def test_empty_and_malformed_html_and_an_unknown_section(
    run_sync: RunSync, kb: Path, sandbox: Sandbox
) -> None:
    _sections(
        sandbox,
        630103,
        {"resource-type": "Document::Text", "content": "<p>Before <b>you start"},
        {
            "resource-type": "Document::Step",
            "content": "Pick a server<div>in the console",
            "duration": 5,
        },
        {"resource-type": "Document::Table", "content": "<table></table>"},
        {"resource-type": "Document::Step", "content": "", "duration": None},
        {"resource-type": "Document::Step", "content": "<p>Restore it</p><script>x()</script>"},
    )
    _sections(sandbox, 630102)
    with sandbox.state.transaction() as state:
        state["itglue"]["records"]["documents"]["630102"]["content"] = ""
    report = run_sync()
    assert report.count("added") == 3 and report.problems == []
    assert report.warnings == [
        "New User Setup: Microsoft 365 Account: the document has no content in IT Glue; "
        "its article holds the title only",
        "Quarterly Backup Restore Test: section 990003 is of a kind kbpilot does not know "
        "(Document::Table); left out",
        "Quarterly Backup Restore Test: step 2 (section 990004) is empty",
    ]
    text = (kb / BACKUP).read_text()
    assert "<p>Before <b>you start</b></p>" in text  # closed as a browser would
    assert "<li><p>Pick a server (5 min)</p><div>in the console</div></li>" in text
    assert "script" not in text.split("---", 2)[2].replace("`kbpilot sync itglue`", "")


def test_a_document_deleted_mid_sync(
    run_sync: RunSync, kb: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetch = ITGlueSource.fetch

    def deleted_first(self: ITGlueSource, document: Any) -> Any:
        if document.key == "630102":
            with sandbox.state.transaction() as state:
                state["itglue"]["records"]["documents"].pop("630102", None)
        return fetch(self, document)

    monkeypatch.setattr(ITGlueSource, "fetch", deleted_first)
    report = run_sync()
    assert report.count("added") == 2
    [problem] = report.problems
    assert problem.startswith("New User Setup: Microsoft 365 Account (document 630102): not synced")
    assert "the next sync tries again" in problem
    again = run_sync()
    assert again.problems == [] and again.count("unchanged") == 2


@pytest.mark.parametrize("kind", ["rate_limit", "drop"])
def test_a_429_or_a_dropped_connection_mid_sync(
    run_sync: RunSync, kb: Path, sandbox: Sandbox, kind: str
) -> None:
    run_sync()
    local = (kb / RUNBOOK).read_bytes()
    with sandbox.state.transaction() as state:
        for document in state["itglue"]["records"]["documents"].values():
            document["updated-at"] = "2026-11-25T08:00:00.000Z"
    # more failures than the client's three attempts, on one document only
    sandbox.faults.add(
        Fault(kind, service="itglue", path="/documents/630101/relationships/sections", times=3)
    )
    report = run_sync()
    assert report.count("updated") == 2  # the other two
    [problem] = report.problems
    assert "(document 630101): not synced" in problem
    assert (kb / RUNBOOK).read_bytes() == local  # nothing local lost
    again = run_sync()
    assert again.problems == [] and again.count("updated") == 1 and again.count("unchanged") == 2


def test_a_listing_cut_short_removes_nothing(run_sync: RunSync, kb: Path, sandbox: Sandbox) -> None:
    run_sync(organizations=("Northwind Traders",))
    sandbox.faults.add(
        Fault("rate_limit", service="itglue", path="/organizations/2389174/relationships/documents")
    )
    report = run_sync(organizations=("Northwind Traders",))
    assert report.count("removed") == 0
    assert any("documents of Northwind Traders not listed" in p for p in report.problems)
    assert any("nothing is removed" in p for p in report.problems)
    assert (kb / "articles/itglue/northwind-traders/backup-policy.html").exists()
    sandbox.faults.clear()
    assert run_sync(organizations=("Northwind Traders",)).problems == []
