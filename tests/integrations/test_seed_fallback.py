"""Every KB can use the sandbox: without kb/sandbox.json it gets the built-in seed."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from kbpilot.cli import main
from kbpilot.integrations.sandbox.seed import default_seed_path, load_seed, seed_path


def test_a_kb_without_a_seed_gets_the_built_in_one(tmp_path: Path) -> None:
    assert seed_path(tmp_path) == default_seed_path()
    companies = load_seed(seed_path(tmp_path))["autotask"]["Companies"]
    assert "Northwind Traders" in [company["companyName"] for company in companies]


def test_a_kb_with_its_own_seed_keeps_it(tmp_path: Path) -> None:
    own = tmp_path / "kb" / "sandbox.json"
    own.parent.mkdir()
    own.write_text(json.dumps({"autotask": {}, "itglue": {}}), encoding="utf-8")
    assert seed_path(tmp_path) == own


def test_a_run_starts_in_the_sandbox_of_a_kb_with_no_seed(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "reboot.md").write_text(
        "# Reboot a server\n\n1. Create a new ticket for the reboot\n2. Reboot the server\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main,
        [
            "--kb",
            str(tmp_path),
            "--sandbox",
            "run",
            "start",
            "reboot-a-server",
            "--company",
            "Northwind Traders",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Northwind Traders" in result.output
