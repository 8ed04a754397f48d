"""Shell completion of the values commands take: article ids (`show`, `run start`, `run include`)
and run ids (every `run` command that takes RUN).

Completion must be quick and must never change anything: article ids come from the search index
as last built (none before the first search or `kbpilot index`), run ids from the run store when
it exists. Each candidate carries the article's title, or the run's article, company and
progress, as its help (zsh and fish show it). Any error completes nothing.
"""

from __future__ import annotations

from click import Context, Parameter
from click.shell_completion import CompletionItem

from kbpilot import paths
from kbpilot.errors import KbpilotError
from kbpilot.workspace import find_workspace


def _kb_dir(ctx: Context) -> str | None:
    kb_dir = ctx.find_root().params.get("kb_dir")
    return str(kb_dir) if kb_dir else None


def complete_article(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """The ids of the KB's articles that start with what was typed."""
    from kbpilot.search.searcher import Searcher

    try:
        searcher = Searcher.last_built(find_workspace(_kb_dir(ctx)))
    except (KbpilotError, OSError):
        return []
    if searcher is None:
        return []
    try:
        articles = searcher.articles()
    finally:
        searcher.close()
    return [
        CompletionItem(article_id, help=title)
        for article_id, title in articles
        if article_id.startswith(incomplete)
    ]


def complete_run(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """The ids of the runs that start with what was typed, unfinished ones first."""
    from kbpilot.runs.store import RunStore

    path = paths.runs_db_path()
    if not path.is_file():
        return []
    try:
        store = RunStore(path)
    except (KbpilotError, OSError):
        return []
    try:
        runs = [store.load(run_id) for run_id in store.run_ids() if run_id.startswith(incomplete)]
    except KbpilotError:
        return []
    finally:
        store.close()
    return [
        CompletionItem(
            run.id, help=f"{run.article_title} · {run.company} · {'/'.join(map(str, run.progress))}"
        )
        for run in runs
    ]
