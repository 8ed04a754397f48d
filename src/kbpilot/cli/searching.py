"""What `kbpilot search` does once its command line is read, by click (`cli.search`) or without
it (`cli.quick`): search, print the hits or their JSON, exit 1 when nothing matched.

click-free, and the search package (and whoosh with it) is imported when a search runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from kbpilot.cli.context import CliContext, console, escape, print_json
from kbpilot.search.limits import PROGRESS_MIN

# How many hits `--limit` may ask for.
MIN_HITS, MAX_HITS = 1, 200


def run_search(obj: CliContext, query: tuple[str, ...], limit: int, as_json: bool) -> None:
    """Search the KB for the query's words and print what was found."""
    from kbpilot.search import search_once

    obj.require_kb()
    text = " ".join(query)
    with progress_bar("Indexing") as progress:
        result, report = search_once(obj.workspace, text, limit, progress)
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
