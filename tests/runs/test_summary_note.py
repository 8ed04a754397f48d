"""The run summary on the ticket is one note: posted again (`run export --post`, the TUI's `p`),
it is updated, never posted a second time (issue 11.5)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kbpilot.runs.service import SUMMARY_TITLE, RunService
from kbpilot.workspace import find_workspace
from tests.runs.test_cli_runs import kbpilot, records, start


@pytest.fixture
def runs(sample_kb: Path) -> Iterator[RunService]:
    service = RunService.open(find_workspace(str(sample_kb)), sandbox=True)
    yield service
    service.close()


def summaries(kb: Path, ticket_id: int) -> list[dict[str, object]]:
    return [
        note
        for note in records(kb, "TicketNotes")
        if note["ticketID"] == ticket_id and note["title"] == SUMMARY_TITLE
    ]


def test_posting_the_summary_again_updates_the_note(sample_kb: Path, runs: RunService) -> None:
    kb = sample_kb
    run_id = start(kb)
    assert kbpilot(kb, "run", "do", run_id, "1", "--yes").exit_code == 0
    assert kbpilot(kb, "run", "export", run_id, "--post").exit_code == 0
    ticket = runs.get(run_id).ticket
    assert ticket is not None
    first = summaries(kb, ticket.id)
    assert len(first) == 1 and "declined" not in str(first[0]["description"])
    assert kbpilot(kb, "run", "skip", run_id, "5", "--reason", "declined").exit_code == 0
    assert kbpilot(kb, "run", "export", run_id, "--post").exit_code == 0
    again = summaries(kb, ticket.id)
    assert [note["id"] for note in again] == [first[0]["id"]]
    assert "declined" in str(again[0]["description"])
    assert [e.kind for e in runs.get(run_id).events][-1] == "summary.updated"
