"""`kbpilot preview`, `lint` and `show` as a user runs them, bad input included."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import IO

import pytest
from click.testing import CliRunner, Result

from kbpilot.cli import main


def kbpilot(*args: str, kb: Path | None = None) -> Result:
    prefix = ["--kb", str(kb)] if kb else []
    return CliRunner().invoke(main, [*prefix, *args], catch_exceptions=False)


def test_preview_json_of_one_article_is_one_object(sample_kb: Path) -> None:
    result = kbpilot(
        "preview",
        str(sample_kb / "articles/workflow-offboarding-a-customer.txt"),
        "--json",
        kb=sample_kb,
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["id"] == "workflow-offboarding-a-customer"
    assert data["source"] == "articles/workflow-offboarding-a-customer.txt"
    assert [r["article"] for r in data["see_also"]] == [
        "customer-offboarding-letter-template",
        "send-offboarding-customer-their-runbook-from-itg",
    ]


def test_preview_json_of_a_folder_is_a_list(sample_kb: Path) -> None:
    result = kbpilot("preview", str(sample_kb / "articles"), "--json", kb=sample_kb)
    assert result.exit_code == 0
    assert len(json.loads(result.output)) == 7


def test_preview_human_view_shows_actions_conditions_and_references(sample_kb: Path) -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        main,
        [
            "--kb",
            str(sample_kb),
            "preview",
            str(sample_kb / "articles/workflow-offboarding-a-customer.txt"),
        ],
    )
    assert result.exit_code == 0
    for words in (
        "→ autotask.set_ticket_category (category='Administrative Change/Request')",
        "[If applicable] Send scheduling link",
        "→ notify.scheduling_link (to='ticket contact', with='Matthew')",
        "See also",
        "Related articles",
    ):
        assert words in result.output


def test_preview_human_view_says_how_each_procedure_was_found(sample_kb: Path) -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        main,
        [
            "--kb",
            str(sample_kb),
            "preview",
            str(sample_kb / "articles/customer-cyber-security-incident-response-plan.html"),
        ],
    )
    assert result.exit_code == 0
    assert "Procedure: Phase 1: Identification  found by: ordered list" in result.output
    assert result.output.count("found by: ") == 5


def test_lint_clean_kb_exits_0(sample_kb: Path) -> None:
    result = kbpilot("lint", kb=sample_kb)
    assert result.exit_code == 0, result.output
    assert "7 article(s): 0 error(s), 0 warning(s)" in result.output


def test_lint_reports_each_bad_file_and_goes_on(sample_kb: Path) -> None:
    articles = sample_kb / "articles"
    (articles / "empty.md").write_bytes(b"")
    (articles / "picture.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    (articles / "huge.txt").write_bytes(b"Huge\n\n" + b"1. step\n" * 2_700_000)
    (articles / "nobody.html").write_text("<html><head><title>No Body</title></head></html>")
    (articles / "nolist.md").write_text("# Notes\n\nJust prose, no list.\n")
    (articles / "badmeta.md").write_text("---\ntitle: [unclosed\n---\n\n1. step\n")
    result = kbpilot("lint", kb=sample_kb)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert "articles/empty.md:1: error: the file is empty: write the article" in lines
    assert any(line.startswith("articles/picture.html: error: file looks binary") for line in lines)
    assert any(line.startswith("articles/huge.txt: error: file is 21.6 MB") for line in lines)
    assert any(line.startswith("articles/badmeta.md:2: error:") for line in lines)
    assert any(line.startswith("articles/nobody.html") for line in lines)
    assert "13 article(s): 4 error(s)" in result.output


def test_lint_strict_fails_on_warnings(sample_kb: Path) -> None:
    (sample_kb / "articles/gap.txt").write_text("Gap\n\n  1. one\n  3. three\n")
    assert kbpilot("lint", kb=sample_kb).exit_code == 0
    result = kbpilot("lint", "--strict", kb=sample_kb)
    assert result.exit_code == 1
    assert "articles/gap.txt:4: warning: numbering jumps from 1 to 3" in result.output


def test_lint_broken_rules_file_is_an_error_and_lint_goes_on(sample_kb: Path) -> None:
    (sample_kb / "kb/actions.toml").write_text("[[rule]]\naction = \"a.b\"\nmatch = ['(oops']\n")
    result = kbpilot("lint", kb=sample_kb)
    assert result.exit_code == 1
    assert (
        "kb/actions.toml:3: error: rule[0] (a.b).match: broken regular expression" in result.output
    )
    assert "7 article(s): 1 error(s)" in result.output


def test_show_prints_the_checklist(sample_kb: Path) -> None:
    result = kbpilot("show", "terminate customer", kb=sample_kb)
    assert result.exit_code == 0
    assert "[ ] 5. (If applicable) Send scheduling link to ticket contact" in result.output
    assert "[ ] 1. Create a new ticket  [autotask.create_ticket]" in result.output


def test_show_unknown_article_is_a_clear_error(sample_kb: Path) -> None:
    result = CliRunner().invoke(main, ["--kb", str(sample_kb), "show", "no such thing"])
    assert result.exit_code == 1
    assert "no article 'no such thing'" in result.output


@pytest.mark.parametrize(
    "args", [["--help"], ["preview", "--help"], ["lint", "--help"], ["show", "--help"]]
)
def test_help_everywhere(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_usage_error_exits_2() -> None:
    assert CliRunner().invoke(main, ["preview"]).exit_code == 2


def test_broken_settings_file_is_a_message_not_a_traceback(sample_kb: Path) -> None:
    (sample_kb / "kb/kbpilot.toml").write_text("[kb\nname = 1\n")
    process = subprocess.run(
        [sys.executable, "-m", "kbpilot", "--kb", str(sample_kb), "lint"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert process.returncode == 1
    assert "Traceback" not in process.stderr
    assert "kbpilot.toml:1: invalid TOML" in process.stderr


@pytest.mark.timeout(30)
def test_preview_watch_prints_again_when_the_file_is_saved(sample_kb: Path) -> None:
    article = sample_kb / "articles" / "watched.md"
    article.write_text("# Watched\n\n1. Restart the print spooler\n", encoding="utf-8")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "kbpilot",
            "--kb",
            str(sample_kb),
            "preview",
            str(article),
            "--watch",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    try:
        assert process.stdout is not None
        assert "Restart the print spooler" in _read_until(
            process.stdout, "Restart the print spooler"
        )
        article.write_text(
            "# Watched\n\n1. Restart the print spooler\n2. Second step added\n", encoding="utf-8"
        )
        assert "Second step added" in _read_until(process.stdout, "Second step added")
    finally:
        process.terminate()
        process.wait(timeout=10)


def _read_until(stream: IO[str], words: str, limit: int = 200) -> str:
    seen = []
    for _ in range(limit):
        line = stream.readline()
        seen.append(line)
        if words in line or not line:
            break
    return "".join(seen)


@pytest.mark.parametrize("terminal", [True, False])
def test_preview_watch_opens_the_preview_screen_only_in_a_terminal(
    sample_kb: Path, monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    """In a terminal, `--watch` on one file opens the TUI's preview screen; piped, it prints."""
    from kbpilot.cli import articles, tui

    opened: list[Path | None] = []
    watched: list[list[Path]] = []
    monkeypatch.setattr(articles, "stdout_is_terminal", lambda: terminal)
    monkeypatch.setattr(tui, "open_tui", lambda obj, preview=None: opened.append(preview))
    monkeypatch.setattr(articles, "_watch", lambda files, seen, show: watched.append(files))
    article = sample_kb / "articles" / "workflow-rules-in-autotask.md"
    result = kbpilot("preview", str(article), "--watch", kb=sample_kb)
    assert result.exit_code == 0
    if terminal:
        assert opened == [article] and not watched and result.output == ""
    else:
        assert not opened and watched == [[article]] and "Workflow Rules" in result.output


def test_preview_watch_with_json_prints_even_in_a_terminal(
    sample_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kbpilot.cli import articles, tui

    opened: list[Path | None] = []
    monkeypatch.setattr(articles, "stdout_is_terminal", lambda: True)
    monkeypatch.setattr(tui, "open_tui", lambda obj, preview=None: opened.append(preview))
    monkeypatch.setattr(articles, "_watch", lambda files, seen, show: None)
    article = sample_kb / "articles" / "workflow-rules-in-autotask.md"
    result = kbpilot("preview", str(article), "--watch", "--json", kb=sample_kb)
    assert not opened and json.loads(result.output)["id"] == "workflow-rules-in-autotask"
