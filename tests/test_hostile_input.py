"""Systematic: random bytes, deep nesting, control characters and markup through every reader and
renderer never raise and never reach output as control characters; a KB holding hostile articles
still works for all the others, from every command."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from kbpilot.cli import main
from kbpilot.cli.printable_console import printable_console
from kbpilot.cli.render import checklist_lines, preview_tree
from kbpilot.parsing import parse_bytes
from kbpilot.text_safety import markdown_text, printable

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
AUTOLINK = re.compile(r"<[^<>\s]+>")
HOSTILE_PIECES = [
    "\x1b[2J",
    "\x1b]0;title\x07",
    "\x1b]52;c;aGk=\x07",
    "\x9b31m",
    "\r",
    "\x00",
    "\u202e",
    ":x:",
    "[bold]",
    "[/]",
    "<script>",
    "</ol>",
    "# ",
    "- ",
    "1. ",
    "---\n",
    "\n",
    "  ",
    "\t",
]
documents = st.one_of(
    st.binary(max_size=600),
    st.lists(st.one_of(st.sampled_from(HOSTILE_PIECES), st.text(max_size=8)), max_size=40)
    .map("".join)
    .map(str.encode),
    st.integers(min_value=30, max_value=400).map(
        lambda depth: "".join("  " * i + "- x\n" for i in range(depth)).encode()
    ),
    st.integers(min_value=30, max_value=400).map(lambda depth: ("<ol><li>x" * depth).encode()),
)


def rendered(renderable: object) -> str:
    buffer = io.StringIO()
    printable_console(buffer).print(renderable)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None)
@given(data=documents, fmt=st.sampled_from(["text", "markdown", "html"]))
def test_any_input_reads_and_renders_without_control_characters(data: bytes, fmt: str) -> None:
    article = parse_bytes(data, f"hostile.{fmt}", fmt=fmt)
    assert not CONTROL.search(rendered(preview_tree(article)))
    for line in checklist_lines(article):
        assert not CONTROL.search(printable(line))
    as_json = json.dumps(article.to_dict(), ensure_ascii=False)
    assert not CONTROL.search(printable(as_json))
    assert json.loads(printable(as_json)) == json.loads(as_json)


@pytest.mark.parametrize("markup", ["<![foo[ x ]]>", "<![ 1 ]]>"])
def test_markup_the_html_parser_gives_up_on_is_an_unreadable_article(markup: str) -> None:
    article = parse_bytes(f"<p>Restart the agent.</p>{markup}".encode(), "odd.html")
    assert [d.message for d in article.diagnostics if "HTML parser cannot read" in d.message]


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_markdown_text_is_one_literal_line(text: str) -> None:
    safe = markdown_text(text)
    inner = safe[1:-1] if AUTOLINK.fullmatch(safe) else safe  # a web or e-mail address
    assert "\n" not in safe and "<" not in inner and not CONTROL.search(safe)


@pytest.mark.parametrize("address", ["0@0.0", "help@example.com", "https://example.com/a?b=1"])
def test_an_address_alone_becomes_an_autolink_of_one_line(address: str) -> None:
    assert markdown_text(f" {address}\n") == f"<{address}>"


def kbpilot(kb: Path, *args: str) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, ["--kb", str(kb), *args])


def test_a_kb_with_hostile_articles_works_for_all_the_others(
    sample_kb: Path, tmp_path: Path
) -> None:
    articles = sample_kb / "articles"
    (articles / "deep.txt").write_text(
        "Deep\n\n" + "".join("  " * i + f"{i % 9 + 1}. step\n" for i in range(1000))
    )
    (articles / "deep.html").write_text("<h1>Deep</h1>" + "<ol><li>x" * 3000)
    (articles / "deep.md").write_text("# Deep md\n\n1. a\n2. " + "- " * 10_000 + "x\n")
    (articles / "evil.md").write_text("# Evil \x1b]0;PWNED\x07 :x:\n\n1. Create \x1b[2J a ticket\n")
    (articles / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (articles / "loop1.txt").symlink_to("loop2.txt")
    (articles / "loop2.txt").symlink_to("loop1.txt")
    outside = tmp_path / "outside.txt"
    outside.write_text("Outside\n\n1. secret\n")
    (articles / "outside.txt").symlink_to(outside)
    os.mkfifo(articles / "pipe.md")  # read, it would block until something writes to it
    offboarding = "workflow-offboarding-a-customer"
    commands = [
        ("lint",),
        ("index", "--rebuild"),
        ("search", "offboard"),
        ("search", "offboard", "--json"),
        ("show", offboarding),
        ("show", "Evil"),
        ("preview", str(articles)),
        ("preview", str(articles), "--json"),
    ]
    for args in commands:
        result = kbpilot(sample_kb, *args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), args
        assert "please report" not in result.output, args
        assert not CONTROL.search(result.output), args
    lint = kbpilot(sample_kb, "lint").output
    for name in ("deep.txt", "deep.html", "deep.md", "binary.txt", "loop1.txt", "outside.txt"):
        assert f"articles/{name}" in lint, name
    assert "articles/pipe.md: error: cannot read: not a regular file" in lint
    assert "Offboarding" in kbpilot(sample_kb, "search", "offboard").output
    assert "Create a new ticket" in kbpilot(sample_kb, "show", offboarding).output
