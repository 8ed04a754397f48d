"""`kbpilot preview`, `kbpilot lint` and `kbpilot show`: what kbpilot understood of articles."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import click

from kbpilot.cli.completion import complete_article
from kbpilot.cli.context import CliContext, console, fail, print_json
from kbpilot.cli.render import checklist_lines, config_error_line, diagnostic_line, preview_tree
from kbpilot.model import Article, Level
from kbpilot.parsing.resolve import resolve
from kbpilot.workspace import KnowledgeBase, Workspace, collect_article_files

_WATCH_INTERVAL = 0.5


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print what kbpilot understood as JSON, one object per article (docs/json.md).",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Follow changes: one file in a terminal opens the TUI's preview screen; otherwise print "
    "again whenever a file changes (Ctrl+C stops).",
)
@click.pass_obj
def preview(obj: CliContext, paths: tuple[Path, ...], as_json: bool, watch: bool) -> None:
    """Show what kbpilot understands of articles: steps, nesting, conditions, actions with their
    parameters, references and diagnostics. PATHS are files or folders."""
    files = collect_article_files(paths)
    if not files:
        fail("no article files (.md, .html, .txt) under the given paths")
    if watch and not as_json and len(files) == 1 and stdout_is_terminal():
        from kbpilot.cli.tui import open_tui

        open_tui(obj, preview=files[0])
        return

    def show() -> None:
        articles = _parse_in_kb(obj.workspace, files)
        if as_json:
            data = [a.to_dict() for a in articles]
            print_json(data[0] if len(data) == 1 else data)
        else:
            out = console()
            for article in articles:
                out.print(preview_tree(article))

    seen = _stamp(files)
    show()
    if watch:
        sys.stdout.flush()
        _watch(files, seen, show)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on errors.")
@click.option("--info", "show_info", is_flag=True, help="Also print informational notes.")
@click.pass_obj
def lint(obj: CliContext, paths: tuple[Path, ...], strict: bool, show_info: bool) -> None:
    """Check articles (default: the whole KB) and print `file:line: level: message` for each
    finding. Exit 1 on errors, or on warnings with --strict."""
    workspace = obj.workspace
    config_errors = _check_rules(workspace)
    files = collect_article_files(paths) if paths else workspace.article_paths()
    articles = _parse_in_kb(workspace, files)
    counts = dict.fromkeys(Level, 0)
    for link in workspace.outside_links() if not paths else ():
        counts[Level.WARNING] += 1
        click.echo(
            f"{workspace.relative(link)}: warning: a link out of the KB (to {link.resolve()}), "
            "not read; move the article into the KB, or set [kb] follow_outside_links = true "
            "in kb/kbpilot.toml"
        )
    for article in articles:
        for diagnostic in article.diagnostics:
            counts[diagnostic.level] += 1
            if diagnostic.level is not Level.INFO or show_info:
                click.echo(diagnostic_line(article.source, diagnostic))
    errors = counts[Level.ERROR] + config_errors
    click.echo(
        f"{len(articles)} article(s): {errors} error(s), {counts[Level.WARNING]} warning(s), "
        f"{counts[Level.INFO]} note(s)",
        err=True,
    )
    if errors or (strict and counts[Level.WARNING]):
        raise SystemExit(1)


@click.command()
@click.argument("article", shell_complete=complete_article)
@click.pass_obj
def show(obj: CliContext, article: str) -> None:
    """Print an article's procedure as a plain-text checklist. ARTICLE is an id, a title, an
    alias or a file path."""
    found = _find_article(obj.workspace, article)
    for line in checklist_lines(found):
        click.echo(line)


def _find_article(workspace: Workspace, name: str) -> Article:
    path = Path(name)
    if _is_file(path):
        return _parse_in_kb(workspace, [path])[0]
    kb = workspace.load()
    found = kb.find(name)
    if found is None:
        fail(
            f"no article {name!r} in the KB at {workspace.root} "
            "(give an id, a title, an alias or a file; `kbpilot search` finds ids)"
        )
    return found


def _is_file(path: Path) -> bool:
    """Is there a file at `path`? False for a name no file system takes (too long, say)."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def _parse_in_kb(workspace: Workspace, files: list[Path]) -> list[Article]:
    """Parse files and resolve their references against the whole KB they belong to."""
    kb = _load_kb(workspace)
    by_source = {a.source: a for a in kb.articles}
    articles = []
    for path in files:
        article = by_source.get(workspace.relative(path))
        if article is None:
            article = workspace.parse(path)
            resolve(article, kb.titles)
        articles.append(article)
    return articles


def _load_kb(workspace: Workspace) -> KnowledgeBase:
    """The whole KB; a broken rules file is reported on stderr and the defaults used."""
    kb = workspace.load()
    if workspace.rules_error:
        error = workspace.rules_error
        click.echo(f"{config_error_line(error)} (using the default rules)", err=True)
    return kb


def _check_rules(workspace: Workspace) -> int:
    """A broken rules file, and each system's settings table that is wrong (`[autotask]`
    ...), as lint lines; lint goes on with the default rules."""
    from kbpilot.integrations.registry import settings_errors

    error = workspace.rules_error if workspace.rules is not None else None
    errors = ([error] if error else []) + settings_errors(workspace.settings.raw)
    for found in errors:
        click.echo(config_error_line(found))
    return len(errors)


def _stamp(files: list[Path]) -> tuple[float, ...]:
    return tuple(f.stat().st_mtime_ns if f.exists() else 0 for f in files)


def stdout_is_terminal() -> bool:
    """Does the output go to a terminal (where `--watch` can open the TUI)?"""
    return sys.stdout.isatty()


def _watch(files: list[Path], seen: tuple[float, ...], show: Callable[[], None]) -> None:
    """Show again after any of the files changes, from the state `seen` was taken in."""
    try:
        while True:
            time.sleep(_WATCH_INTERVAL)
            now = _stamp(files)
            if now != seen:
                seen = now
                console().rule(time.strftime("%H:%M:%S changed"))
                show()
                sys.stdout.flush()
    except KeyboardInterrupt:
        return
