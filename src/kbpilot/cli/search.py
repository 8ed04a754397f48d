"""`kbpilot search` and `kbpilot index` as click commands: find procedures, and keep the search
index up to date (what a search does is in `searching`, which `kbpilot.cli.quick` calls too).

The search package (and whoosh with it) is imported inside the commands, so other commands and
`--help` start without it.
"""

from __future__ import annotations

import click

from kbpilot.cli.context import CliContext, console, escape
from kbpilot.cli.searching import MAX_HITS, MIN_HITS, progress_bar, run_search
from kbpilot.search.limits import DEFAULT_LIMIT


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--limit",
    type=click.IntRange(MIN_HITS, MAX_HITS),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="Show at most N hits.",
)
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print the query, the did-you-mean and the hits as JSON (docs/json.md).",
)
@click.pass_obj
def search(obj: CliContext, query: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Find articles: words (all must match, typos and partial words welcome), "a phrase",
    filters such as system:itglue, category:offboarding or tag:alerts, -word to exclude, OR
    between alternatives. The index is brought up to date first. Syntax: docs/search.md."""
    run_search(obj, query, limit, as_json)


@click.command()
@click.option("--rebuild", is_flag=True, help="Re-index every article, not only what changed.")
@click.pass_obj
def index(obj: CliContext, rebuild: bool) -> None:
    """Bring the search index (kb/.index/) up to date: articles added, changed or removed since
    the last run are re-indexed. `kbpilot search` does this by itself; this shows the progress."""
    from kbpilot.errors import KbpilotError
    from kbpilot.search import update_index

    obj.require_kb()
    with progress_bar("Indexing", always=True) as progress:
        report = update_index(obj.workspace, rebuild=rebuild, progress=progress)
    if report.busy:
        raise KbpilotError("another kbpilot process kept the index locked; try again")
    if report.rebuilt:
        console(stderr=True).print(f"[yellow]note:[/] {escape(report.rebuilt)}; rebuilt it")
    console().print(
        f"{report.added} added, {report.updated} updated, {report.removed} removed, "
        f"{report.unchanged} unchanged in {report.seconds:.2f} s"
    )
