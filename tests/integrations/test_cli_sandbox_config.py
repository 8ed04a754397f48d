"""`kbpilot sandbox serve|reset|demo` and `kbpilot config check` as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from kbpilot.cli import main
from tests.support import REPO


def kbpilot(*args: str) -> Result:
    return CliRunner().invoke(main, ["--kb", str(REPO), *args], catch_exceptions=False)


def test_demo_runs_the_whole_flow_over_http() -> None:
    result = kbpilot("sandbox", "demo", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [step for step, _ in data["steps"]][-1] == "IT Glue export"
    assert data["download_url"].startswith("http://127.0.0.1:")
    assert len(data["checklist"]) == 14


def test_config_check_reports_without_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KBPILOT_ITGLUE_API_KEY", "ITG.do-not-print-me")
    result = kbpilot("config", "check", "--json")
    assert result.exit_code == 1
    assert "do-not-print-me" not in result.output
    data = json.loads(result.output)
    assert {c["name"]: c["source"] for c in data["credentials"]}["KBPILOT_ITGLUE_API_KEY"] == "env"
    services = {s["service"]: s for s in data["services"]}
    assert (
        not services["autotask"]["ok"]
        and "KBPILOT_AUTOTASK_SECRET" in services["autotask"]["detail"]
    )
    assert not services["itglue"]["ok"]


def test_config_check_against_the_sandbox_passes() -> None:
    result = kbpilot("--sandbox", "config", "check")
    assert result.exit_code == 0, result.output
    assert "autotask (sandbox): ok" in result.output and "itglue (sandbox): ok" in result.output
    assert "/10000 requests this hour" in result.output


def test_reset_restores_the_seed(tmp_path: Path) -> None:
    assert kbpilot("--sandbox", "sandbox", "demo").exit_code == 0
    result = kbpilot("sandbox", "reset")
    assert result.exit_code == 0 and "reset" in result.output
    state = json.loads((Path(os.environ["KBPILOT_HOME"]) / "sandbox-state.json").read_text())
    assert sorted(state["autotask"]["records"]["Tickets"]) == ["7001", "7002"]


def test_serve_prints_both_base_urls_and_answers() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "kbpilot", "--kb", str(REPO), "sandbox", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=os.environ.copy(),
    )
    try:
        assert process.stdout is not None
        autotask_line, itglue_line = process.stdout.readline(), process.stdout.readline()
        assert autotask_line.startswith("autotask: http://127.0.0.1:")
        autotask = autotask_line.split(": ", 1)[1].strip()
        itglue = itglue_line.removeprefix("itglue: ").strip()
        zone = httpx.get(f"{autotask}V1.0/zoneInformation", params={"user": "me"}).json()
        assert zone["url"] == autotask
        answer = httpx.get(f"{itglue}/organizations", headers={"x-api-key": "ITG.k"})
        assert answer.json()["meta"]["total-count"] == 7
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_lint_reports_a_misspelt_key_in_a_systems_table(sample_kb: Path) -> None:
    settings = sample_kb / "kb" / "kbpilot.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + '\n[autotask]\nticket_stauts = "New"\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["--kb", str(sample_kb), "lint"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "kb/kbpilot.toml: error: [autotask] has no setting 'ticket_stauts'" in result.output
    assert "ticket_status" in result.output
