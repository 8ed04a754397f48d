"""`kbpilot search` and the TUI's line read without click: whenever the quick reader takes a command
line, click reads it the same way (the same KB, role, sandbox, words, limit and --json; or the
TUI with the same KB, role and sandbox); whatever it leaves, click reads as before."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbpilot.cli import main
from kbpilot.cli.quick import SearchLine, TuiLine, read_search_line, read_tui_line

# Tokens a command line is made of; "KB" and "FILE" become an existing folder and file.
TOKENS = [
    "search",
    "index",
    "offboard",
    "-letter",
    "-",
    "--",
    "a=b",
    "-a=b",
    "--json",
    "--json=1",
    "--limit",
    "--limit=7",
    "--limit=0",
    "--limit=201",
    "--limit=+5",
    "5",
    "0",
    "201",
    "+5",
    " 5",
    "--kb",
    "--kb=KB",
    "KB",
    "FILE",
    "--role",
    "--role=editor",
    "--role=Editor",
    "--kb=FILE",
    "editor",
    "trainee",
    "Editor",
    "--sandbox",
    "--sandbox=1",
    "--help",
    "-h",
    "--version",
    "--nope",
]


def click_reading(args: list[str]) -> SearchLine | None:
    """What click makes of a `kbpilot` command line, as a SearchLine; None when it is not a
    search it would run (an error, help, another command)."""
    try:
        with main.make_context("kbpilot", list(args)) as group:
            name, command, rest = main.resolve_command(group, [*group._protected_args, *group.args])
            if name != "search" or command is None:
                return None
            with command.make_context(name, rest, parent=group) as searched:
                return SearchLine(
                    kb_dir=group.params["kb_dir"],
                    role=group.params["role"],
                    sandbox=group.params["sandbox"],
                    query=searched.params["query"],
                    limit=searched.params["limit"],
                    as_json=searched.params["as_json"],
                )
    except (click.exceptions.Exit, click.ClickException):
        return None


def click_tui_reading(args: list[str]) -> TuiLine | None:
    """What click makes of a `kbpilot` command line, as a TuiLine; None when it would not open
    the TUI (an error, help, a command)."""
    try:
        with main.make_context("kbpilot", list(args)) as group:
            if group._protected_args or group.args:
                return None
            return TuiLine(
                kb_dir=group.params["kb_dir"],
                role=group.params["role"],
                sandbox=group.params["sandbox"],
            )
    except (click.exceptions.Exit, click.ClickException):
        return None


def placed(token: str, places: dict[str, str]) -> str:
    """A token with the folder and the file named by their paths."""
    return token.replace("KB", places["KB"]).replace("FILE", places["FILE"])


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("kb")
    (folder / "notes.txt").write_text("a file, not a folder", encoding="utf-8")
    return {"KB": str(folder), "FILE": str(folder / "notes.txt")}


@settings(
    max_examples=600, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    before=st.lists(st.sampled_from(TOKENS), max_size=4),
    after=st.lists(st.sampled_from(TOKENS), max_size=6),
)
def test_a_line_the_quick_reader_takes_is_read_so_by_click(
    before: list[str], after: list[str], places: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KBPILOT_KB", raising=False)
    args = [placed(token, places) for token in [*before, "search", *after]]
    quick = read_search_line(args)
    if quick is not None:
        assert click_reading(args) == quick


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tokens=st.lists(st.sampled_from(TOKENS), max_size=6))
def test_a_tui_line_the_quick_reader_takes_is_read_so_by_click(
    tokens: list[str], places: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KBPILOT_KB", raising=False)
    args = [placed(token, places) for token in tokens]
    quick = read_tui_line(args)
    if quick is not None:
        assert click_tui_reading(args) == quick


@pytest.mark.parametrize(
    ("args", "quick"),
    [
        ([], True),
        (["--kb", "KB", "--sandbox"], True),
        (["--role=trainee", "--kb=KB"], True),
        (["--help"], False),
        (["-h"], False),
        (["--version"], False),
        (["--role", "Editor"], False),
        (["--kb", "FILE"], False),
        (["--kb"], False),
        (["index"], False),
    ],
)
def test_the_tuis_plain_lines_are_read_without_click(
    args: list[str], quick: bool, places: dict[str, str]
) -> None:
    args = [placed(arg, places) for arg in args]
    line = read_tui_line(args)
    assert (line is not None) is quick
    if line is not None:
        assert click_tui_reading(args) == line


@pytest.mark.parametrize(
    "args",
    [
        ["search", "offboard", "-letter", "--json"],
        ["search", "offboard", "--limit", "5", "--kb", "KB"],
        ["--role=trainee", "search", "x", "--sandbox", "--limit=200"],
        ["--kb=KB", "search", "a=b", "-a=b"],
    ],
)
def test_plain_search_lines_are_read_without_click(args: list[str], places: dict[str, str]) -> None:
    args = [placed(arg, places) for arg in args]
    quick = read_search_line(args)
    assert quick is not None and click_reading(args) == quick


@pytest.mark.parametrize(
    "args",
    [
        ["search"],
        ["search", "--", "-x"],
        ["search", "x", "--help"],
        ["search", "x", "--limit", "0"],
        ["search", "x", "--limit", "+5"],
        ["search", "x", "--nope"],
        ["search", "x", "--kb", "FILE"],
        ["search", "x", "--role", "Editor"],
        ["--version"],
        ["index"],
    ],
)
def test_what_click_must_read_is_left_to_it(args: list[str], places: dict[str, str]) -> None:
    assert read_search_line([placed(arg, places) for arg in args]) is None


def test_the_kb_variable_is_read_as_click_reads_it(
    places: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KBPILOT_KB", places["KB"])
    quick = read_search_line(["search", "x"])
    assert quick is not None and quick.kb_dir == places["KB"]
    assert click_reading(["search", "x"]) == quick
    monkeypatch.setenv("KBPILOT_KB", "")
    assert read_search_line(["search", "x"]) == click_reading(["search", "x"])


def test_a_completion_request_is_left_to_click(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_KBPILOT_COMPLETE", "bash_complete")
    assert read_search_line(["search", "x"]) is None


@pytest.mark.parametrize(
    ("quick", "by_click"),
    [
        (["search", "offboard", "--json"], ["search", "--json", "--", "offboard"]),
        (["search", "ofbordnig"], ["search", "--", "ofbordnig"]),
    ],
)
def test_a_quick_search_process_answers_as_the_click_one(
    indexed_sample_kb: Path, quick: list[str], by_click: list[str]
) -> None:
    """The same search read by each (`--` makes a line click's to read): the same output and
    exit code."""
    command = [str(Path(sys.executable).with_name("kbpilot")), "--kb", str(indexed_sample_kb)]
    assert read_search_line([*command[1:], *quick]) is not None
    assert read_search_line([*command[1:], *by_click]) is None
    first = subprocess.run([*command, *quick], capture_output=True, text=True, timeout=120)
    second = subprocess.run([*command, *by_click], capture_output=True, text=True, timeout=120)
    assert first.stdout.strip()
    assert (first.returncode, first.stdout, first.stderr) == (
        second.returncode,
        second.stdout,
        second.stderr,
    )


def test_kbpilot_without_a_command_opens_the_tui_without_importing_click(
    places: dict[str, str],
) -> None:
    """The entry point, TUI stubbed: it gets the global options and click is never loaded."""
    code = (
        "import sys\n"
        "import kbpilot.cli.tui as tui\n"
        "def opened(obj, preview=None):\n"
        "    print(obj.role, obj.sandbox, 'click' in sys.modules)\n"
        "tui.open_tui = opened\n"
        "from kbpilot.cli import run\n"
        "run()\n"
    )
    argv = ["--role", "trainee", "--kb", places["KB"], "--sandbox"]
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["trainee", "True", "False"]
