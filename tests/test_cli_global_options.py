"""Global options (`--kb`, `--role`, `--sandbox`) are taken before or after the command."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kbpilot.cli import command_and_kb, hoist_global_options, main


@pytest.mark.parametrize(
    ("given", "read"),
    [
        (["lint", "--kb", "K"], ["--kb", "K", "lint"]),
        (
            ["--role", "trainee", "run", "list", "--sandbox"],
            ["--role", "trainee", "--sandbox", "run", "list"],
        ),
        (["search", "x", "--kb=K", "--json"], ["--kb=K", "search", "x", "--json"]),
        (["run", "note", "R", "3", "--", "--kb"], ["run", "note", "R", "3", "--", "--kb"]),
        (["--kb", "K", "lint"], ["--kb", "K", "lint"]),
    ],
)
def test_global_options_move_before_the_command(given: list[str], read: list[str]) -> None:
    assert hoist_global_options(given) == read


@pytest.mark.parametrize(
    ("given", "read"),
    [
        (["--kb", "K", "search", "x"], ("search", "K")),
        (["search", "x", "--kb=K", "--json"], ("search", "K")),
        (["--role", "editor", "--sandbox", "search", "--kb", "K"], ("search", "K")),
        (["search", "x"], ("search", "E")),
        (["--kb", "", "search", "x"], ("search", "")),
        (["search", "--", "--kb", "K"], ("search", "E")),
        (["--help", "search"], (None, None)),
        (["--version"], (None, None)),
        (["--kb"], (None, None)),
        ([], (None, "E")),
    ],
)
def test_the_command_and_kb_are_read_before_click(
    given: list[str], read: tuple[str | None, str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KBPILOT_KB", "E")
    assert command_and_kb(given) == read


def test_lint_takes_kb_after_the_command(
    sample_kb: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint", "--kb", str(sample_kb)])
    assert result.exit_code == 0, result.output
    assert "7 article(s): 0 error(s)" in result.output
