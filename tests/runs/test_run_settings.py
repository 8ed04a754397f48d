"""The sample KB's `[runs]` settings: read as the engine reads them, and fit for its sandbox."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbpilot.errors import ConfigError
from kbpilot.runs.settings import RunSettings
from kbpilot.workspace import find_workspace


def test_the_sample_kb_records_a_sandbox_technician_and_publishes_to_the_contact(
    sample_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = RunSettings.from_raw(find_workspace(str(sample_kb)).settings.raw)
    seed = json.loads((sample_kb / "kb/sandbox.json").read_text(encoding="utf-8"))["autotask"]
    resources = {f"{r['firstName']} {r['lastName']}" for r in seed["Resources"]}
    publish = {v["label"] for v in seed["picklists"]["TicketNotes"]["publish"]}
    assert settings.technician in resources
    assert settings.customer_note_publish in publish
    assert settings.ticket_url is None and settings.link(7003) is None
    monkeypatch.delenv("KBPILOT_TECHNICIAN")
    assert settings.technician_name() == "Sarah Chen"
    monkeypatch.setenv("KBPILOT_TECHNICIAN", "Sam Rivera")
    assert settings.technician_name() == "Sam Rivera"


@pytest.mark.parametrize(
    ("section", "message"),
    [({"techician": "x"}, "no setting 'techician'"), ({"ticket_url": 5}, "must be a string")],
)
def test_a_wrong_runs_setting_names_the_file_and_the_key(section: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        RunSettings.from_raw({"runs": section})
    assert (
        RunSettings(ticket_url="https://at.example/t?id={id}").link(7)
        == "https://at.example/t?id=7"
    )
