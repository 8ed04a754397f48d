"""`kbpilot search` and `kbpilot index`: find procedures, and keep the search index up to date.

The search package (and whoosh with it) is imported inside the commands, so other commands and
`--help` start without it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import click

from kbpilot.cli.context import CliContext, console, escape, print_json
from kbpilot.search.limits import PROGRESS_MIN


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["--help"]})
@click.argument("query", nargs=-1, required=True)
@click.option(
    "--limit",
    type=click.IntRange(1, 200),
    default=10,
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
    from kbpilot.search import Searcher

    obj.require_kb()
    text = " ".join(query)
    with progress_bar("Indexing") as progress:
        searcher = Searcher(obj.workspace, progress=progress)
    with searcher:
        result = searcher.search(text, limit=limit)
    report = searcher.report
    if report and report.rebuilt:
        console(stderr=True).print(f"[yellow]note:[/] {escape(report.rebuilt)}; rebuilt it")
    for notice in result.notices:
        console(stderr=True).print(f"[yellow]note:[/] {escape(notice)}")
    if as_json:
        print_json(result.to_dict())
        return
    if not result.hits:
        hint = f" Did you mean: [bold]{escape(result.suggestion)}[/]?" if result.suggestion else ""
        console().print(f"No article matches [bold]{escape(text)}[/].{hint}")
        raise SystemExit(1)
    for hit in result.hits:
        where = f"  step {hit.step}" if hit.step else ""
        where += f'  alias "{escape(hit.alias)}"' if hit.alias else ""
        category = f" · {escape(hit.category)}" if hit.category else ""
        console().print(
            f"[bold]{escape(hit.title)}[/]  [dim]{escape(hit.id)}{category}{where}"
            f" · {hit.score:.2f}[/]"
        )
        console().print(f"  {_highlighted(hit.snippet.text, hit.snippet.spans)}", soft_wrap=True)


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


@contextmanager
def progress_bar(label: str, always: bool = False) -> Iterator[Callable[[int, int], None]]:
    """A progress callback drawing a rich bar on stderr once there is enough work to show it
    (rich.progress is imported only then)."""
    bar: Any = None
    task: Any = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if not always and total < PROGRESS_MIN:
                return
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

            bar = Progress(
                f"[bold]{label}[/]",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console(stderr=True),
                transient=not always,
            )
            bar.start()
            task = bar.add_task(label, total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def _highlighted(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """Rich markup for a snippet with its matched words in bold."""
    out, last = [], 0
    for start, end in spans:
        out += [escape(text[last:start]), "[bold yellow]", escape(text[start:end]), "[/]"]
        last = end
    out.append(escape(text[last:]))
    return "".join(out)
