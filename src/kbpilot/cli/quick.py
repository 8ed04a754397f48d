"""`kbpilot search` and the TUI (`kbpilot` without a command) without click: the command line read,
then the search run or the TUI opened, when the line holds only what this reader knows to read
exactly as click does.

Importing click takes about a sixth of a cold `kbpilot search`, and about a tenth of the TUI's
start. So `kbpilot.cli.run` asks `read_search_line` (or `read_tui_line`) first: the global
options (`--kb DIR` or `--kb=DIR`, `--role ROLE`, `--sandbox`, each at most once, anywhere); for
a search, `search`, then words, `-word` exclusions, `--json` and `--limit N` (at most once); for
the TUI, nothing more. Anything else (`--help`, `--`, an unknown `--option`, a value click
would refuse or convert, no word at all, a shell completion request, Windows, which expands
wildcards in the arguments) is left to click, which reads it as before and says what is wrong.
tests/test_cli_quick.py checks the two readings agree on generated command lines.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import NamedTuple

from kbpilot.cli import KB_VARIABLE, ROLES, found_workspace
from kbpilot.cli.context import CliContext
from kbpilot.cli.safe_output import guard_streams
from kbpilot.cli.searching import MAX_HITS, MIN_HITS, run_search
from kbpilot.search.limits import DEFAULT_LIMIT

_VALUED = ("--kb", "--role", "--limit")


class TuiLine(NamedTuple):
    """A `kbpilot` command line without a command (the TUI) as click would read it."""

    kb_dir: str | None
    role: str
    sandbox: bool


class SearchLine(NamedTuple):
    """A `kbpilot search` command line as click would read it."""

    kb_dir: str | None
    role: str
    sandbox: bool
    query: tuple[str, ...]
    limit: int
    as_json: bool


def read_search_line(args: list[str]) -> SearchLine | None:
    """The search that `args` (the command line after the program's name) asks for; None when
    click must read it."""
    read = _read(args)
    return None if read is None else _line(*read)


def read_tui_line(args: list[str]) -> TuiLine | None:
    """The TUI that `args` opens (global options only); None when click must read it."""
    read = _read(args)
    if read is None:
        return None
    command, words, values, flags = read
    options = _global_options(values)
    if command is not None or words or options is None:
        return None
    return TuiLine(*options, sandbox="--sandbox" in flags)


def _read(args: list[str]) -> tuple[str | None, list[str], dict[str, str], set[str]] | None:
    """The command, its words, the options with a value and the flags of `args`; None when
    click must read it."""
    if os.name == "nt" or any(name.endswith("_COMPLETE") for name in os.environ):
        return None
    values: dict[str, str] = {}
    flags: set[str] = set()
    words: list[str] = []
    command = None
    n = 0
    while n < len(args):
        arg = args[n]
        name, equals, value = arg.partition("=")
        if name in _VALUED and (name != "--limit" or command):
            if not equals:
                if n + 1 == len(args):
                    return None
                n, value = n + 1, args[n + 1]
            if name in values:
                return None
            values[name] = value
        elif arg in ("--sandbox", "--json") and (arg == "--sandbox" or command):
            flags.add(arg)
        elif arg.startswith("--") or arg == "-" or (arg.startswith("-") and not command):
            return None
        elif command is None:
            command = arg
        else:
            words.append(arg)
        n += 1
    return command, words, values, flags


def _global_options(values: dict[str, str]) -> tuple[str | None, str] | None:
    """The KB folder and the role as click reads them; None for a role or a folder it would
    refuse."""
    kb_dir = values.get("--kb", os.environ.get(KB_VARIABLE) or None)
    role = values.get("--role", ROLES[0])
    if role not in ROLES:
        return None
    if kb_dir is not None and not (Path(kb_dir).is_dir() and os.access(kb_dir, os.R_OK)):
        return None
    return kb_dir, role


def _line(
    command: str | None, words: list[str], values: dict[str, str], flags: set[str]
) -> SearchLine | None:
    options = _global_options(values)
    limit = values.get("--limit", str(DEFAULT_LIMIT))
    if command != "search" or not words or options is None:
        return None
    if not (limit.isascii() and limit.isdigit() and MIN_HITS <= int(limit) <= MAX_HITS):
        return None
    kb_dir, role = options
    return SearchLine(
        kb_dir=kb_dir,
        role=role,
        sandbox="--sandbox" in flags,
        query=tuple(words),
        limit=int(limit),
        as_json="--json" in flags,
    )


def search_at_once(line: SearchLine) -> None:
    """Run the search as the group and its `search` command would, down to what click does when
    the user interrupts (a blank line, then "Aborted!") or the output's reader has gone (exit 1
    without a word)."""
    obj = CliContext.of(line.kb_dir, line.role, line.sandbox, found_workspace(line.kb_dir))
    guard_streams()
    try:
        run_search(obj, line.query, line.limit, line.as_json)
    except (EOFError, KeyboardInterrupt):
        print("\nAborted!", file=sys.stderr)
        raise SystemExit(1) from None
    except BrokenPipeError:
        raise SystemExit(1) from None


def open_tui_at_once(line: TuiLine) -> None:
    """Open the TUI as the group would without a command, garbage collection on."""
    from kbpilot.cli.tui import open_tui

    gc.enable()
    open_tui(CliContext.of(line.kb_dir, line.role, line.sandbox))
