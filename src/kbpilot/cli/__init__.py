"""The `kbpilot` command's entry point (`run`), the global options, and how a quick command ends.

`run` reads the command line before it imports click and the group (`kbpilot.cli.group`): for
`kbpilot search` it first finds the KB and starts its walk in a child process (`search.prewalk`),
which then runs beside the imports; the command uses the KB found then (`found_workspace`). A
plain `kbpilot search` line, and a line that opens the TUI with global options only, are then
read and run without click at all (`cli.quick`); every other line goes to the group.
`from kbpilot.cli import main` gives the group.

A process started by `run` starts with Python's cyclic garbage collector off: the group turns it
back on for every command except the quick ones (`group.QUICK`), which answer and end. What a
quick command allocates lives until it ends anyway, and when it ends (so too `--help`, a usage
error), the process leaves without the interpreter's teardown, which frees every module and
object one by one: together about a quarter of a cold `kbpilot search`.
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import suppress
from typing import TYPE_CHECKING, Any, NoReturn

from kbpilot.errors import KbpilotError

if TYPE_CHECKING:
    from kbpilot.workspace import Workspace

ROLES = ("technician", "editor", "trainee")
# The global options, also taken after the command (`kbpilot lint --kb DIR`): name -> takes a value.
GLOBAL_OPTIONS = {"--kb": True, "--role": True, "--sandbox": False}
# The commands whose KB walk starts before anything else (see `search.prewalk`).
WALK_FIRST = {"search"}
KB_VARIABLE = "KBPILOT_KB"
# The KB `run` found before it imported click, by the --kb value it was found from.
_found: dict[str | None, Workspace] = {}


def hoist_global_options(args: list[str]) -> list[str]:
    """`args` with the global options found after the command moved before it; nothing after a
    `--` moves."""
    first = 0
    while first < len(args) and args[first].startswith("-"):
        first += 1 + (GLOBAL_OPTIONS.get(args[first]) is True)
    ahead, rest, n = list(args[:first]), [], first
    while n < len(args):
        arg = args[n]
        name = arg.split("=", 1)[0]
        if arg == "--":
            rest += args[n:]
            break
        if name in GLOBAL_OPTIONS:
            takes = GLOBAL_OPTIONS[name] and "=" not in arg
            ahead += args[n : n + 1 + takes]
            n += 1 + takes
            continue
        rest.append(arg)
        n += 1
    return ahead + rest


def command_and_kb(args: list[str]) -> tuple[str | None, str | None]:
    """The command named by the command line `args` and the KB folder it gives (`--kb`, else a
    non-empty $KBPILOT_KB), as click will read them; no command for `--help`, `--version` or a
    global option that lacks its value."""
    args = hoist_global_options(args)
    kb, n = None, 0
    while n < len(args) and args[n].startswith("-"):
        name, equals, value = args[n].partition("=")
        if GLOBAL_OPTIONS.get(name) is not True or equals:
            n += 1
        elif n + 1 < len(args):
            value, n = args[n + 1], n + 2
        else:
            return None, None
        if name == "--kb":
            kb = value
        elif name not in GLOBAL_OPTIONS:
            return None, None
    command = args[n] if n < len(args) else None
    return command, kb if kb is not None else os.environ.get(KB_VARIABLE) or None


def run() -> None:
    """Entry point: our own errors become a message and exit 1, never a traceback; anything
    unexpected is written to a crash log that the message names."""
    gc.disable()
    args = sys.argv[1:]
    command, kb = command_and_kb(args)
    if command in WALK_FIRST:
        _walk_first(kb)
    from kbpilot.cli.context import fail, write_crash_log

    try:
        _run_command(command, args)
    except SystemExit as ended:
        if gc.isenabled() or not (ended.code is None or isinstance(ended.code, int)):
            raise
        leave(ended.code or 0)
    except KbpilotError as error:
        fail(str(error))
    except Exception as error:
        log = write_crash_log(error)
        fail(f"unexpected {type(error).__name__}: {error}. Details: {log}; please report it.")


def _run_command(command: str | None, args: list[str]) -> None:
    """Run the command line: a plain `kbpilot search` and the TUI's plain line without click
    (see `cli.quick`), anything else through the click group."""
    if command == "search":
        from kbpilot.cli.quick import read_search_line, search_at_once

        line = read_search_line(args)
        if line is not None:
            search_at_once(line)
            raise SystemExit(0)
    elif command is None:
        from kbpilot.cli.quick import open_tui_at_once, read_tui_line

        tui = read_tui_line(args)
        if tui is not None:
            open_tui_at_once(tui)
            return
    from kbpilot.cli.group import main

    main(standalone_mode=True)


def _walk_first(kb: str | None) -> None:
    """Find the KB and start its walk in a child process (see `search.prewalk`): as soon as its
    folder is known, of the articles folder a KB has by default, then, once its settings are
    read, of another if they name one. A KB that cannot be found or read is left to the
    command, which says why."""
    from kbpilot.search import prewalk
    from kbpilot.workspace import Workspace, find_root, open_workspace

    # Whatever fails here fails again when the command looks for the KB, which reports it as
    # it always has (a message, or the crash log); the walk is only started early.
    try:
        root = find_root(kb)
    except Exception:
        return
    prewalk.start(Workspace(root))
    try:
        workspace = open_workspace(root)
    except Exception:
        return
    _found[kb] = workspace
    prewalk.start(workspace)


def found_workspace(kb: str | None) -> Workspace | None:
    """The KB `run` found for this --kb value before it imported click, if it did."""
    return _found.get(kb)


def leave(code: int) -> NoReturn:
    """End the process with `code` once its output is written, skipping the interpreter's
    teardown (after a quick command: nothing is left to close)."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError, AttributeError):  # a closed pipe, no stream at all
            stream.flush()
    os._exit(code)


def __getattr__(name: str) -> Any:
    if name == "main":
        from kbpilot.cli.group import main

        return main
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
