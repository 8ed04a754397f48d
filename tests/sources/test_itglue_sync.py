"""`kbpilot sync itglue` over HTTP against the sandbox: the first sync, paging, dry runs, the
incremental sync, removals, and local edits kept as conflicts."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.sources.manifest import Manifest
from tests.support import CountingTransport, RunSync

FOLDER = Path("articles/itglue/bluebird-managed-it")
RUNBOOK = FOLDER / "send-offboarding-customer-their-runbook-from-itg.html"
NEW_USER = FOLDER / "new-user-setup-microsoft-365-account.html"
BACKUP = FOLDER / "quarterly-backup-restore-test.html"


def _edit_section(sandbox: Sandbox, section_id: int, content: str, stamp: str) -> None:
    with sandbox.state.transaction() as state:
        records = state["itglue"]["records"]
        section = records["document_sections"][str(section_id)]
        section["content"] = content
        records["documents"][str(section["document-id"])]["updated-at"] = stamp


def _delete_document(sandbox: Sandbox, document_id: int) -> None:
    with sandbox.state.transaction() as state:
        del state["itglue"]["records"]["documents"][str(document_id)]


def test_first_sync_adds_the_global_sops(run_sync: RunSync, kb: Path) -> None:
    report = run_sync()
    assert report.counts() == {
        "added": 3, "updated": 0, "removed": 0, "conflicts": 0, "unchanged": 0
    }  # fmt: skip
    assert {change.path for change in report.changes} == {
        RUNBOOK.as_posix(),
        NEW_USER.as_posix(),
        BACKUP.as_posix(),
    }
    manifest = Manifest.load(kb, "itglue")
    assert manifest.entries["630101"].updated_at == "2026-11-02T14:05:00.000Z"
    assert report.problems == [] and report.warnings == []


def test_scope_organizations_and_folders(run_sync: RunSync, kb: Path) -> None:
    report = run_sync(organizations=("northwind traders",), global_documents=False)
    # the archived document is left out; the one in a folder comes too
    assert sorted(c.title for c in report.changes) == [
        "Backup Policy",
        "Line-of-business application: Northwind ERP",
        "Network Overview",
    ]
    only_sops = run_sync(folders=("Standard Operating Procedures",))
    assert only_sops.count("removed") == 3  # moved out of the scope
    assert sorted(c.title for c in only_sops.changes if c.kind == "added") == [
        "New User Setup: Microsoft 365 Account",
        "Send Offboarding Customer their Runbook from ITG",
    ]


def test_documents_are_listed_page_by_page(run_sync: RunSync, traffic: CountingTransport) -> None:
    report = run_sync(page_size=1)
    assert report.count("added") == 3
    assert traffic.count("relationships/documents?") == 3  # three pages of one
    assert traffic.count("page%5Bnumber%5D=3") >= 1


def test_a_dry_run_writes_nothing(run_sync: RunSync, kb: Path) -> None:
    report = run_sync(dry_run=True)
    assert report.count("added") == 3 and report.dry_run
    assert not (kb / "articles" / "itglue").exists()
    assert not (kb / "kb" / "sync").exists()


def test_a_second_sync_fetches_only_what_changed(
    run_sync: RunSync, kb: Path, sandbox: Sandbox, traffic: CountingTransport
) -> None:
    run_sync()
    before = {path: (kb / path).read_bytes() for path in (RUNBOOK, NEW_USER, BACKUP)}
    traffic.paths.clear()
    assert run_sync().counts()["unchanged"] == 3
    assert traffic.count("/sections") == 0
    _edit_section(sandbox, 650003, "<p>Open the offboarding ticket and confirm its contact</p>",
                  "2026-11-20T10:00:00.000Z")  # fmt: skip
    traffic.paths.clear()
    report = run_sync()
    assert report.counts()["updated"] == 1 and report.counts()["unchanged"] == 2
    assert traffic.count("/sections") == 1
    assert (
        "Open the offboarding ticket and confirm its contact (5 min)" in (kb / RUNBOOK).read_text()
    )
    assert (kb / NEW_USER).read_bytes() == before[NEW_USER]


def test_a_section_edited_through_the_api_is_synced(
    run_sync: RunSync, kb: Path, server: LoopbackServer
) -> None:
    run_sync()
    url = f"{server.origin}/itglue/documents/630103/relationships/sections/650024"

    def patch(attributes: dict[str, object]) -> httpx.Response:
        body = {"data": {"type": "document-sections", "attributes": attributes}}
        return httpx.patch(url, headers={"x-api-key": "ITG.test"}, json=body)

    refused = patch({"title": "x"})
    assert refused.status_code == 422 and "unknown attributes: title" in refused.text
    answer = patch({"duration": 60})
    assert answer.status_code == 200, answer.text
    assert run_sync().counts()["updated"] == 1
    assert "(1 h)" in (kb / BACKUP).read_text()


def test_removed_documents_are_recorded_or_deleted_never_silently(
    run_sync: RunSync, kb: Path, sandbox: Sandbox
) -> None:
    run_sync()
    _delete_document(sandbox, 630103)
    report = run_sync()
    [removed] = [c for c in report.changes if c.kind == "removed"]
    assert "moved to kb/sync/removed/itglue/itglue/bluebird-managed-it" in removed.detail
    assert not (kb / BACKUP).exists()
    assert (kb / "kb/sync/removed/itglue/itglue/bluebird-managed-it" / BACKUP.name).exists()
    assert "630103" not in Manifest.load(kb, "itglue").entries

    _delete_document(sandbox, 630102)
    (kb / RUNBOOK).write_text((kb / RUNBOOK).read_text() + "<p>our own note</p>\n")
    _delete_document(sandbox, 630101)
    report = run_sync(removed="delete")
    details = {c.title: c.detail for c in report.changes if c.kind == "removed"}
    assert details["New User Setup: Microsoft 365 Account"].endswith("deleted")
    assert (
        "edited locally, so recorded rather than deleted"
        in details["Send Offboarding Customer their Runbook from ITG"]
    )
    assert not (kb / NEW_USER).exists()
    kept = kb / "kb/sync/removed/itglue/itglue/bluebird-managed-it" / RUNBOOK.name
    assert "our own note" in kept.read_text()


def test_a_local_edit_is_never_overwritten(run_sync: RunSync, kb: Path, sandbox: Sandbox) -> None:
    run_sync()
    edited = (kb / RUNBOOK).read_text().replace("(2 min)", "(2 min, use the search box)")
    (kb / RUNBOOK).write_text(edited)
    assert run_sync().counts()["unchanged"] == 3  # the document did not change: nothing to do
    _edit_section(
        sandbox, 650004, "<p>Find the customer's organization</p>", "2026-11-21T09:00:00.000Z"
    )
    report = run_sync()
    [conflict] = [c for c in report.changes if c.kind == "conflicts"]
    copy = kb / "kb/sync/conflicts/itglue/itglue/bluebird-managed-it" / RUNBOOK.name
    assert str(copy.relative_to(kb)) in conflict.detail
    assert (kb / RUNBOOK).read_text() == edited
    assert "Find the customer's organization (2 min)" in copy.read_text()
    assert run_sync().counts()["conflicts"] == 1  # reported until an editor merges it
    copy.unlink()  # merged by hand
    after = run_sync()
    assert after.counts()["conflicts"] == 0 and after.counts()["unchanged"] == 3
    assert (kb / RUNBOOK).read_text() == edited


def test_a_local_file_in_the_way_is_kept(run_sync: RunSync, kb: Path) -> None:
    (kb / FOLDER).mkdir(parents=True)
    (kb / BACKUP).write_text("<p>written by hand</p>")
    report = run_sync()
    assert report.counts()["conflicts"] == 1 and report.counts()["added"] == 2
    assert (kb / BACKUP).read_text() == "<p>written by hand</p>"


def test_the_manifest_is_json_beside_the_settings(run_sync: RunSync, kb: Path) -> None:
    run_sync()
    data = json.loads((kb / "kb/sync/itglue.json").read_text())
    assert data["version"] == 1 and set(data["documents"]) == {"630101", "630102", "630103"}
