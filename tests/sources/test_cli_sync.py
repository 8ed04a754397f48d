"""`kbpilot --sandbox sync itglue` as a user runs it on a copy of the bundled KB: the summary,
--json with the five counts at its top level, --dry-run, the index updated with the sync."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from kbpilot.cli import main


def kbpilot(kb: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["--kb", str(kb), *args], catch_exceptions=False)


def test_sync_from_the_sandbox_then_search(sample_kb: Path) -> None:
    dry = kbpilot(sample_kb, "--sandbox", "sync", "itglue", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert "dry run, nothing written: 6 added" in dry.output
    assert not (sample_kb / "articles" / "itglue").exists()

    first = kbpilot(sample_kb, "--sandbox", "sync", "itglue", "--json")
    assert first.exit_code == 0, first.output
    data = json.loads(first.output)
    assert {k: data[k] for k in ("added", "updated", "removed", "conflicts", "unchanged")} == {
        "added": 6, "updated": 0, "removed": 0, "conflicts": 0, "unchanged": 0
    }  # fmt: skip

    found = kbpilot(sample_kb, "search", "quarterly restore test", "--json")
    hits = json.loads(found.output)["hits"]
    assert hits[0]["id"] == "bluebird-managed-it-quarterly-backup-restore-test"

    again = kbpilot(sample_kb, "--sandbox", "sync", "itglue")
    assert again.output.strip().endswith("0 added, 0 updated, 0 removed, 0 conflicts, 6 unchanged")


def test_trainees_cannot_sync(sample_kb: Path) -> None:
    result = CliRunner().invoke(
        main, ["--kb", str(sample_kb), "--role", "trainee", "sync", "itglue"]
    )
    assert result.exit_code == 1
    assert not (sample_kb / "articles" / "itglue").exists()


def test_a_wrong_setting_is_named(sample_kb: Path) -> None:
    settings = sample_kb / "kb" / "kbpilot.toml"
    settings.write_text(settings.read_text().replace('removed = "record"', 'removed = "trash"'))
    result = CliRunner().invoke(main, ["--kb", str(sample_kb), "--sandbox", "sync", "itglue"])
    assert "kbpilot.toml: sources.itglue.removed: 'trash': choose one of" in str(result.exception)
