"""`kbpilot config check`: which credentials are set (never their values), and whether they work;
`kbpilot config technician [NAME]`: who runs are recorded as (the user's own setting)."""

from __future__ import annotations

import sys

import click
from rich.markup import escape

from kbpilot import technician as who
from kbpilot.cli.context import CliContext, console, print_json
from kbpilot.integrations.check import check_services
from kbpilot.integrations.credentials import CredentialSource


@click.group()
def config() -> None:
    """Settings and credentials."""


@config.command()
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_obj
def check(obj: CliContext, as_json: bool) -> None:
    """Say which credentials are set (env or keyring) and call a harmless endpoint of each
    service with them (with --sandbox: the built-in simulators). Exit 1 when a check fails."""
    statuses, checks = check_services(
        sandbox=obj.sandbox,
        kb_root=obj.workspace.root,
        raw_settings=obj.workspace.settings.raw,
        source=CredentialSource(),
    )
    if as_json:
        print_json(
            {
                "sandbox": obj.sandbox,
                "credentials": [
                    {"name": s.name, "set": s.is_set, "source": s.source} for s in statuses
                ],
                "services": [c.to_dict() for c in checks],
            }
        )
    else:
        out = console()
        for status in statuses:
            where = f"set ({status.source})" if status.is_set else "not set"
            out.print(f"{status.name}: {where}")
        target = " (sandbox)" if obj.sandbox else ""
        for result in checks:
            mark = "[green]ok[/]" if result.ok else "[red]failed[/]"
            out.print(f"{result.service}{target}: {mark} {escape(result.detail)}", soft_wrap=True)
    if not all(result.ok for result in checks):
        sys.exit(1)


@config.command()
@click.argument("name", required=False)
def technician(name: str | None) -> None:
    """Show who runs, notes and exports are recorded as; with NAME, save it in your own config
    file ($KBPILOT_TECHNICIAN, when set, still wins)."""
    if name is not None:
        click.echo(f"{name.strip()}: saved in {who.save(name)}")
        return
    click.echo(f"{who.technician_name()} (from {who.source()})")
