"""The `kbpilot` command: global options, then one sub-command module per area.

Sub-commands call the same functions the TUI calls; they print with rich, or JSON with --json.
Exit codes: 0 success, 1 failure or lint errors, 2 usage.

A process started by the `kbpilot` command (`run`) starts with Python's cyclic garbage collector
off: the main group turns it back on for every command except the quick ones (`QUICK`), which
answer and end. What a quick command allocates lives until it ends anyway, and when it ends (so
too `--help`, a usage error), the process leaves without the interpreter's teardown, which frees
every module and object one by one: together about a quarter of a cold `kbpilot search`.
"""

from __future__ import annotations

import gc
import os
import sys
from contextlib import suppress
from importlib import import_module
from typing import NoReturn

import click

from kbpilot import __version__
from kbpilot.cli.context import CliContext, fail, write_crash_log
from kbpilot.cli.safe_output import guard_streams
from kbpilot.errors import KbpilotError

ROLES = ("technician", "editor", "trainee")
# Each sub-command: "module:attribute" under kbpilot.cli, imported only when that command runs,
# so `kbpilot search` never pays for the run engine's or the HTTP clients' imports.
COMMANDS = {
    "preview": "articles:preview",
    "lint": "articles:lint",
    "show": "articles:show",
    "search": "search:search",
    "index": "search:index",
    "run": "runs:run",
    "sandbox": "sandbox:sandbox",
    "config": "config:config",
    "sync": "sync:sync",
}


QUICK = {"search"}

# The global options, also taken after the command (`kbpilot lint --kb DIR`): name -> takes a value.
GLOBAL_OPTIONS = {"--kb": True, "--role": True, "--sandbox": False}


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


class LazyGroup(click.Group):
    """A group whose sub-commands are imported on first use (see COMMANDS), which takes the
    global options after the command too."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, hoist_global_options(args))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            module, attribute = COMMANDS[cmd_name].split(":")
            command: click.Command = getattr(import_module(f"kbpilot.cli.{module}"), attribute)
            return command
        return super().get_command(ctx, cmd_name)


@click.group(
    cls=LazyGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="kbpilot")
@click.option(
    "--kb",
    "kb_dir",
    type=click.Path(file_okay=False, path_type=str),
    envvar="KBPILOT_KB",
    help="The KB folder (holding articles/ and kb/). Default: $KBPILOT_KB, else the nearest "
    "folder upwards with kb/kbpilot.toml, else the current folder.",
)
@click.option(
    "--role",
    type=click.Choice(ROLES),
    default="technician",
    show_default=True,
    help="Who is using kbpilot: trainees are read-only and only ever reach the sandbox.",
)
@click.option("--sandbox", is_flag=True, help="Use the built-in Autotask and IT Glue simulators.")
@click.pass_context
def main(ctx: click.Context, kb_dir: str | None, role: str, sandbox: bool) -> None:
    """kbpilot: follow your knowledge base's procedures as checklists linked to Autotask PSA
    and IT Glue. Without a command: open the TUI (docs/tui.md)."""
    ctx.obj = CliContext(kb_dir=kb_dir, role=role, sandbox=sandbox or role == "trainee")
    if ctx.invoked_subcommand not in QUICK:
        gc.enable()
    if ctx.invoked_subcommand is not None:
        guard_streams()
    else:
        from kbpilot.cli.tui import open_tui

        open_tui(ctx.obj)


def run() -> None:
    """Entry point: our own errors become a message and exit 1, never a traceback; anything
    unexpected is written to a crash log that the message names."""
    gc.disable()
    try:
        main(standalone_mode=True)
    except SystemExit as ended:
        if gc.isenabled() or not (ended.code is None or isinstance(ended.code, int)):
            raise
        leave(ended.code or 0)
    except KbpilotError as error:
        fail(str(error))
    except Exception as error:
        log = write_crash_log(error)
        fail(f"unexpected {type(error).__name__}: {error}. Details: {log}; please report it.")


def leave(code: int) -> NoReturn:
    """End the process with `code` once its output is written, skipping the interpreter's
    teardown (after a quick command: nothing is left to close)."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError, AttributeError):  # a closed pipe, no stream at all
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    run()
