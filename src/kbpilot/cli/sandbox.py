"""`kbpilot sandbox serve|reset|demo`: every system's simulator on 127.0.0.1."""

from __future__ import annotations

import contextlib
import sys

import click
from rich.markup import escape

from kbpilot.cli.context import CliContext, console, print_json
from kbpilot.errors import KbpilotError
from kbpilot.integrations.demo import run_demo
from kbpilot.integrations.factory import connect_to
from kbpilot.integrations.loopback import LoopbackServer, bind, make_server, origin_of
from kbpilot.integrations.sandbox.app import BaseUrls, Sandbox
from kbpilot.integrations.sandbox.seed import seed_path


def _open(obj: CliContext) -> Sandbox:
    return Sandbox.open(seed_path(obj.workspace.root))


@click.group()
def sandbox() -> None:
    """The built-in simulators of the external systems (state kept in the data dir)."""


@sandbox.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default="any free port")
@click.pass_obj
def serve(obj: CliContext, port: int) -> None:
    """Serve the simulators on 127.0.0.1 until Ctrl+C; print each one's base URL first
    (`name: URL`, one line per system)."""
    simulators = _open(obj)
    try:
        sock = bind(port)
    except OSError as error:
        raise KbpilotError(
            f"cannot listen on 127.0.0.1:{port}: {error.strerror}; "
            "give another --port, or leave it out for any free port"
        ) from None
    urls = BaseUrls.at(origin_of(sock))
    sys.stdout.write("".join(f"{name}: {url}\n" for name, url in urls.items()))
    sys.stdout.flush()
    with contextlib.suppress(KeyboardInterrupt):
        make_server(simulators.app).run(sockets=[sock])
    sys.stderr.write("stopped\n")


@sandbox.command()
@click.pass_obj
def reset(obj: CliContext) -> None:
    """Restore the seed data (kb/sandbox.json or the built-in one): drops every ticket, note
    and export created."""
    _open(obj).state.reset()
    console().print("sandbox reset to the seed data")


@sandbox.command()
@click.option("--company", default="Northwind Traders", show_default=True)
@click.option("--contact", default="Ana Trujillo", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_obj
def demo(obj: CliContext, company: str, contact: str, as_json: bool) -> None:
    """Run the offboarding actions against a loopback sandbox over HTTP: ticket, category,
    checklist library, note, and an IT Glue export of the matching organization."""
    raw = dict(obj.workspace.settings.raw)
    raw["itglue"] = {**raw.get("itglue", {}), "export_poll_seconds": 0.25}
    with (
        LoopbackServer(_open(obj).app) as server,
        connect_to(BaseUrls.at(server.origin), raw_settings=raw) as integrations,
    ):
        result = run_demo(integrations, company, contact)
    if as_json:
        print_json({"steps": [list(step) for step in result.steps], **result.data})
        return
    out = console()
    for step, outcome in result.steps:
        out.print(f"[bold]{escape(step)}[/]: {escape(outcome)}", soft_wrap=True)
