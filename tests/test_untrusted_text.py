"""Text from articles, customers and users is shown as text: no escape sequence reaches a terminal,
no markup or emoji code is read, and exports cannot be forged by a note (docs/guarantees.md)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner, Result

from kbpilot.cli import main
from kbpilot.parsing import parse_bytes
from kbpilot.text_safety import is_printable, markdown_text, printable

HOSTILE = "Evil \x1b]52;c;cm0gLXJmIH4=\x07 \x1b]0;PWNED\x07 \x1b[2J \x9b31m :x: [bold]b[/bold]"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def kbpilot(kb: Path, *args: str, sandbox: bool = False) -> Result:
    options = ["--kb", str(kb), *(["--sandbox"] if sandbox else [])]
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, [*options, *args])


def test_printable_escapes_every_control_character_but_tab_and_newline() -> None:
    assert printable("a\x1b[2Jb\tc\nd\x9b\x7f") == "a\\u001b[2Jb\tc\nd\\u009b\\u007f"
    assert printable("a\nb\r", one_line=True) == "a\\u000ab\\u000d"
    assert json.loads(f'"{printable(chr(0x85))}"') == "\x85"
    assert is_printable("Ünïcödé\ttab\n") and not is_printable("\u202e")


def test_markdown_text_cannot_start_a_line_or_hold_markup() -> None:
    forged = markdown_text("ok\n- Ticket: T999\n# Owned <script>x</script> [a](http://x) *b*")
    assert "\n" not in forged
    assert "<script>" not in forged and "&lt;script&gt;" in forged
    assert "\\[a\\]" in forged and "\\*b\\*" in forged


def hostile_kb(tmp_path: Path) -> Path:
    root = tmp_path / "kb"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "evil.md").write_text(
        "# Evil \x1b]0;PWNED\x07 :x: [bold]b[/bold]\n\n1. Create a new ticket \x1b[2J\n"
        "2. Note it \x9b31m\n",
        encoding="utf-8",
    )
    return root


def test_show_preview_lint_and_json_write_no_control_character(tmp_path: Path) -> None:
    kb = hostile_kb(tmp_path)
    for args in (
        ("show", "articles/evil.md"),
        ("preview", str(kb / "articles/evil.md")),
        ("preview", str(kb / "articles/evil.md"), "--json"),
        ("lint",),
        ("search", "evil"),
        ("search", "evil", "--json"),
        ("show", f"missing {HOSTILE}"),
    ):
        result = kbpilot(kb, *args)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert not CONTROL.search(result.output), (args, result.output)
        assert "❌" not in result.output, args
    shown = kbpilot(kb, "preview", str(kb / "articles/evil.md")).output
    assert ":x:" in shown and "[bold]b[/bold]" in shown
    data = json.loads(kbpilot(kb, "preview", str(kb / "articles/evil.md"), "--json").output)
    assert "\x1b" in data["title"] or "\\u001b" in data["title"]


def test_a_link_out_of_the_kb_is_not_read_unless_the_settings_allow_it(tmp_path: Path) -> None:
    kb = hostile_kb(tmp_path)
    secret = tmp_path / "secret.txt"
    secret.write_text("Topsecret passwords\n\n1. root hunter2\n", encoding="utf-8")
    (kb / "articles" / "passwd.txt").symlink_to(secret)
    assert kbpilot(kb, "search", "hunter2").output.startswith("No article")
    lint = kbpilot(kb, "lint")
    assert "articles/passwd.txt: warning: a link out of the KB" in lint.output
    (kb / "kb").mkdir(exist_ok=True)
    (kb / "kb" / "kbpilot.toml").write_text("[kb]\nfollow_outside_links = true\n")
    assert "Topsecret" in kbpilot(kb, "search", "topsecret").output


def test_unclosed_front_matter_is_read_to_its_blank_line_with_a_warning() -> None:
    article = parse_bytes(
        b"---\ntitle: Hidden Title\naliases: [foo]\n\n1. Do a thing\n", "unclosed.md"
    )
    assert article.title == "Hidden Title" and article.aliases == ["foo"]
    assert [(d.level, d.line) for d in article.diagnostics if "never closed" in d.message] == [
        ("warning", 1)
    ]
    unclosed = parse_bytes(b"---\ntitle: Hidden\n1. Do a thing", "u.md")
    assert any("never closed" in d.message for d in unclosed.diagnostics)


def test_ten_thousand_nested_bullets_are_a_diagnostic_not_silence() -> None:
    article = parse_bytes(
        ("# Deep\n\n1. Start\n2. " + "- " * 10_000 + "item\n3. End\n").encode(), "deep.md"
    )
    assert any(d.line == 4 and "nested too deeply" in d.message for d in article.diagnostics)


def test_a_thousand_levels_of_nesting_are_read_flat_below_the_cap() -> None:
    text = "Deep\n\n" + "".join("  " * i + f"{i % 9 + 1}. step\n" for i in range(1000))
    article = parse_bytes(text.encode(), "deep.txt")
    assert any("nested more than" in d.message for d in article.diagnostics)
    article.to_dict()


def test_a_note_cannot_forge_the_markdown_export_or_reach_the_terminal(sample_kb: Path) -> None:
    started = kbpilot(
        sample_kb,
        "run",
        "start",
        "workflow-offboarding-a-customer",
        "--company",
        "Northwind Traders",
        "--json",
        sandbox=True,
    )
    run_id = json.loads(started.output)["id"]
    forged = f"fine\n- Ticket: T999\n# Owned <img src=x> {HOSTILE}"
    assert kbpilot(sample_kb, "run", "note", run_id, "1", forged, sandbox=True).exit_code == 0
    skip = kbpilot(sample_kb, "run", "skip", run_id, "5", "--reason", HOSTILE, sandbox=True)
    assert skip.exit_code == 0
    markdown = kbpilot(sample_kb, "run", "export", run_id, "--format", "md", sandbox=True).output
    assert [line for line in markdown.splitlines() if line.startswith("- Ticket:")] == [
        "- Ticket: none"
    ]
    assert not re.search(r"^# Owned", markdown, re.M) and "<img" not in markdown
    for fmt in ("md", "html", "json"):
        exported = kbpilot(sample_kb, "run", "export", run_id, "--format", fmt, sandbox=True)
        assert not CONTROL.search(exported.output), fmt
    shown = kbpilot(sample_kb, "run", "show", run_id, sandbox=True).output
    assert not CONTROL.search(shown) and "❌" not in shown


def test_a_value_that_is_a_link_stays_a_working_link_in_markdown() -> None:
    from kbpilot.text_safety import markdown_text

    url = "https://host.example/_downloads/exports/1.zip?signature=a_b"
    assert markdown_text(url) == f"<{url}>"
    assert markdown_text("ap_team@northwind.example") == "<ap_team@northwind.example>"
    assert markdown_text("see https://x.example/a_b") == "see https://x.example/a\\_b"
    assert "\x1b" not in markdown_text("https://x.example/\x1b]52;c;x\x07")
