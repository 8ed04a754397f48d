"""The `kbpilot` command's click group: global options, then one sub-command module per area.

Sub-commands call the same functions the TUI calls; they print with rich, or JSON with --json.
Exit codes: 0 success, 1 failure or lint errors, 2 usage. `kbpilot.cli.run`, the entry point,
imports this module once it has started what must start before click is imported.

The quick commands (`QUICK`) answer and end, so they run without Python's cyclic garbage
collector: the group turns it back on for every other command (see `kbpilot.cli`).
"""

from __future__ import annotations

import gc
from importlib import import_module

import click

from kbpilot import __version__
from kbpilot.cli import KB_VARIABLE, ROLES, found_workspace, hoist_global_options
from kbpilot.cli.context import CliContext
from kbpilot.cli.safe_output import guard_streams

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
    envvar=KB_VARIABLE,
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
    ctx.obj = CliContext.of(kb_dir, role, sandbox, found_workspace(kb_dir))
    if ctx.invoked_subcommand not in QUICK:
        gc.enable()
    if ctx.invoked_subcommand is not None:
        guard_streams()
    else:
        from kbpilot.cli.tui import open_tui

        open_tui(ctx.obj)
