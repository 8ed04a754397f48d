"""The sample KB's `[runs]` settings: read as the engine reads them, and fit for its sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbpilot import technician
from kbpilot.errors import ConfigError
from kbpilot.integrations.factory import Integrations
from kbpilot.integrations.sandbox.seed import seed_path
from kbpilot.runs.service import RunService
from kbpilot.runs.settings import RunSettings
from kbpilot.workspace import find_workspace


def test_the_sample_kb_publishes_to_the_contact_and_names_no_technician(
    sample_kb: Path,
) -> None:
    raw = find_workspace(str(sample_kb)).settings.raw
    settings = RunSettings.from_raw(raw)
    seed = json.loads(seed_path(sample_kb).read_text(encoding="utf-8"))["autotask"]
    publish = {v["label"] for v in seed["picklists"]["TicketNotes"]["publish"]}
    assert "technician" not in raw.get("runs", {})
    assert settings.customer_note_publish in publish
    assert settings.ticket_url is None and settings.link(7003) is None


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"techician": "x"}, "no setting 'techician'"),
        ({"ticket_url": 5}, "must be a string"),
        ({"technician": "Sarah Chen"}, "each user's own setting, not the KB's"),
    ],
)
def test_a_wrong_runs_setting_names_the_file_and_the_key(section: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RunSettings.from_raw({"runs": section})
    assert (
        RunSettings(ticket_url="https://at.example/t?id={id}").link(7)
        == "https://at.example/t?id=7"
    )


def test_runs_are_recorded_as_the_user_not_as_the_kb_says(
    sample_kb: Path, clients: Integrations, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KBPILOT_TECHNICIAN")
    technician.save("Dana Lee")
    service = RunService.open(find_workspace(str(sample_kb)), sandbox=True, connections=clients)
    try:
        run = service.start("workflow-offboarding-a-customer", "Northwind Traders")
    finally:
        service.close()
    assert run.technician == "Dana Lee"
    assert {event.who for event in run.events} == {"Dana Lee"}
