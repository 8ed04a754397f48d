"""`kbpilot sync itglue`: a documentation platform's documents into the KB as articles, then the
search index brought up to date. The sync itself is `kbpilot.sources.sync`."""

from __future__ import annotations

from collections.abc import Callable

import click

from kbpilot.cli.context import CliContext, console, escape, print_json
from kbpilot.cli.searching import progress_bar
from kbpilot.errors import KbpilotError
from kbpilot.integrations import registry
from kbpilot.integrations.credentials import CredentialSource
from kbpilot.integrations.factory import client_of, connect
from kbpilot.integrations.itglue.client import ITGlueClient
from kbpilot.integrations.itglue.documentation import ITGlueDocumentation
from kbpilot.sources.itglue.settings import ITGlueSourceSettings
from kbpilot.sources.itglue.source import ITGlueSource
from kbpilot.sources.sync import Sync, SyncOptions, SyncReport


@click.group()
def sync() -> None:
    """Bring a documentation platform's documents into the KB as articles (docs/integrations.md)."""


@sync.command()
@click.option(
    "--organization",
    "organizations",
    multiple=True,
    help="Sync this organization's documents (by name; repeatable). Default: [sources.itglue].",
)
@click.option(
    "--folder",
    "folders",
    multiple=True,
    help="Only documents in this folder and its sub-folders (by name; repeatable).",
)
@click.option(
    "--global/--no-global",
    "global_documents",
    default=None,
    help="Include the account's own (global) documents. Default: [sources.itglue] global.",
)
@click.option("--dry-run", is_flag=True, help="Say what would change; write nothing.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the summary as JSON: added, updated, removed, conflicts, unchanged, changes.",
)
@click.pass_obj
def itglue(
    obj: CliContext,
    organizations: tuple[str, ...],
    folders: tuple[str, ...],
    global_documents: bool | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """IT Glue documents (their Step sections as procedure steps) into articles/itglue/.

    Only documents changed since the last sync are fetched; an article edited locally is never
    overwritten (the conflict is reported, both kept); articles of removed documents are recorded
    in kb/sync/removed/ or deleted, as [sources.itglue] removed says."""
    if obj.role == "trainee":
        raise KbpilotError("trainees cannot change the KB; sync as a technician or editor")
    workspace = obj.require_kb()
    raw = workspace.settings.raw
    settings = ITGlueSourceSettings.from_raw(raw, workspace.settings.source or "kb/kbpilot.toml")
    settings = settings.narrowed(organizations, folders, global_documents)
    client, closing = _client(obj)
    try:
        source = ITGlueSource(ITGlueDocumentation(client, page_size=settings.page_size), settings)
        options = SyncOptions(settings.folder, settings.removed, dry_run)
        with progress_bar("Syncing IT Glue", always=not as_json) as progress:
            report = Sync(workspace, source, options).run(
                lambda done, total, _title: progress(done, total)
            )
    finally:
        closing()
    if not dry_run:
        _update_index(obj)
    if as_json:
        print_json(report.to_dict())
    else:
        _print(report)
    if report.problems:
        raise SystemExit(1)


def _client(obj: CliContext) -> tuple[ITGlueClient, Callable[[], None]]:
    """The IT Glue client (the in-process sandbox with --sandbox) and what closes it."""
    raw = obj.workspace.settings.raw
    if obj.sandbox:
        integrations = connect(sandbox=True, kb_root=obj.workspace.root, raw_settings=raw)
        return integrations.itglue, integrations.close
    client = client_of(registry.system("itglue"), CredentialSource(), raw)
    assert isinstance(client, ITGlueClient)
    return client, client.close


def _update_index(obj: CliContext) -> None:
    from kbpilot.search import update_index

    report = update_index(obj.workspace)
    if report.busy:
        console(stderr=True).print(
            "[yellow]note:[/] another kbpilot process kept the index locked; "
            "`kbpilot index` brings it up to date"
        )


def _print(report: SyncReport) -> None:
    out = console()
    for change in report.changes:
        if change.kind == "unchanged":
            continue
        detail = f": {escape(change.detail)}" if change.detail else ""
        out.print(f"{change.kind.rstrip('s')}: {escape(change.path)}{detail}", soft_wrap=True)
    for warning in report.warnings:
        out.print(f"[yellow]warning:[/] {escape(warning)}", soft_wrap=True)
    for problem in report.problems:
        out.print(f"[red]not done:[/] {escape(problem)}", soft_wrap=True)
    counts = ", ".join(f"{n} {kind}" for kind, n in report.counts().items())
    prefix = "dry run, nothing written: " if report.dry_run else ""
    out.print(f"{prefix}{counts}", soft_wrap=True)
