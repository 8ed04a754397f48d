"""The search screen's start and pace: the last built index searched at once and brought up to
date after, and each keystroke painted with its results, never held back for long."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest
from rich.markdown import Markdown
from textual.geometry import Region
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Input, Static

from kbpilot.errors import KbpilotError
from kbpilot.search import SearchProcess, SearchResult, update_index, walk
from kbpilot.search.index import index_folder
from kbpilot.search.limits import PROGRESS_MIN
from kbpilot.ui.app import KbpilotApp
from kbpilot.ui.prerendered import Prerendered
from kbpilot.ui.screens.search import EMPTY_PREVIEW, SearchScreen
from kbpilot.ui.screens.start_run import StartRunScreen
from kbpilot.ui.services import UiSettings, open_services
from kbpilot.ui.widgets.result_list import SNIPPET_CHARS, ResultList
from kbpilot.ui.widgets.result_rows import Piece
from kbpilot.workspace import open_workspace
from tests.support import AppFactory, drawn, settle, start_offboarding, type_text, until

RUNBOOK = "articles/send-offboarding-customer-their-runbook-from-itg.md"
RUNBOOK_ID = "send-offboarding-customer-their-runbook-from-itg"
pytestmark = pytest.mark.anyio


def save_a_new_word(kb: Path) -> None:
    """Index the KB, then save an article with a word the index has not seen yet."""
    update_index(open_workspace(kb))
    path = kb / RUNBOOK
    path.write_text(path.read_text() + "\nAsk about the quasar export.\n", encoding="utf-8")


def test_the_services_open_the_last_built_index_then_bring_it_up_to_date(sample_kb: Path) -> None:
    save_a_new_word(sample_kb)
    services = open_services(UiSettings(kb_dir=str(sample_kb), sandbox=True))
    try:
        searcher = services.open_searcher()
        assert searcher.search("quasar").hits == []
        assert services.update_searcher() is True
        assert [hit.id for hit in searcher.search("quasar").hits] == [RUNBOOK_ID]
        assert services.update_searcher() is False
    finally:
        services.close()


def test_an_article_saved_while_the_tui_runs_is_indexed_by_name(
    sample_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    update_index(open_workspace(sample_kb))
    services = open_services(UiSettings(kb_dir=str(sample_kb), sandbox=True))
    try:
        searcher = services.open_searcher()
        monkeypatch.setattr(walk, "walk_articles", lambda _: pytest.fail("the KB was walked"))
        indexed = threading.Event()
        watcher = services.watch_articles(lambda changed: changed and indexed.set())
        assert watcher is not None and watcher.ready.wait(timeout=20)
        path = sample_kb / RUNBOOK
        path.write_text(path.read_text() + "\nAsk about the quasar export.\n", encoding="utf-8")
        assert indexed.wait(timeout=20), "the saved article was not indexed"
        assert [hit.id for hit in searcher.search("quasar").hits] == [RUNBOOK_ID]
    finally:
        services.close()


async def test_a_word_saved_since_the_last_index_is_found_from_the_search_box(
    build_app: AppFactory, sample_kb: Path
) -> None:
    save_a_new_word(sample_kb)
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "quasar")
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.result is not None
        assert [hit.id for hit in screen.result.hits] == [RUNBOOK_ID]


@contextmanager
def counting_holds(app: KbpilotApp, holds: list[int]) -> Iterator[None]:
    """Record each batch of repaints the app opens (+1) and closes (-1)."""
    original = app.batch_update

    @contextmanager
    def batch_update() -> Iterator[None]:
        holds.append(1)
        with original():
            yield
        holds.append(-1)

    app.batch_update = batch_update  # type: ignore[method-assign]
    try:
        yield
    finally:
        app.batch_update = original  # type: ignore[method-assign]


async def test_typed_text_is_painted_with_its_results(build_app: AppFactory) -> None:
    app = build_app()
    holds: list[int] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        with counting_holds(app, holds):
            await type_text(pilot, "offboard")
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.result is not None
        assert screen.result.query == "offboard" and screen.result.hits
        assert holds and sum(holds) == 0


async def test_a_slow_or_failing_search_never_holds_the_typed_text_back(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    released = threading.Event()

    def stuck(self: SearchProcess, text: str, limit: int = 10) -> SearchResult:
        released.wait(timeout=60)
        raise KbpilotError("the index is gone")

    app = build_app()
    holds: list[int] = []
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(SearchProcess, "search", stuck)
        with counting_holds(app, holds):
            await pilot.press("o")
            await until(pilot, lambda: holds == [1, -1])
            released.set()
            await settle(pilot)
        status = app.screen.query_one("#search-status", Static)
        assert "the index is gone" in str(status.render())
        assert sum(holds) == 0


def add_articles(kb: Path, count: int) -> None:
    for number in range(count):
        (kb / "articles" / f"printer-{number}.md").write_text(
            f"# Printer {number} toner\n\n1. Order toner for printer {number}\n", encoding="utf-8"
        )


@pytest.mark.parametrize("indexed_before", [False, True], ids=["first build", "catch-up"])
async def test_indexing_many_articles_shows_its_progress_then_searches(
    build_app: AppFactory, sample_kb: Path, monkeypatch: pytest.MonkeyPatch, indexed_before: bool
) -> None:
    if not indexed_before:
        shutil.rmtree(index_folder(open_workspace(sample_kb)))
    add_articles(sample_kb, PROGRESS_MIN + 10)
    shown: list[str] = []
    original = SearchScreen._status

    def status(self: SearchScreen, text: str) -> None:
        shown.append(text)
        original(self, text)

    monkeypatch.setattr(SearchScreen, "_status", status)
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_text(pilot, "printer 59 toner")
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.result is not None
        assert screen.result.hits[0].id == "printer-59-toner"
        assert not screen.query_one("#index-progress").display
    total = PROGRESS_MIN + 10 + (0 if indexed_before else 7)  # the sample KB's 7 articles
    assert f"Building the search index: {total}/{total} articles" in shown


def previewed(app: KbpilotApp) -> str:
    """The text the preview pane shows: an article's Markdown source, or a plain message."""
    content = app.screen.query_one("#article-markdown", Static).content
    if isinstance(content, Prerendered):
        content = content.renderable
    return content.markup if isinstance(content, Markdown) else str(content)


async def test_the_preview_follows_a_highlighted_run_and_clears_when_nothing_is_listed(
    build_app: AppFactory,
) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await start_offboarding(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await type_text(pilot, "ransomware")
        assert "ransomware" in previewed(app).lower()
        await pilot.press("escape")
        await settle(pilot)
        results = app.screen.query_one(ResultList)
        assert [entry.run is not None for entry in results.entries] == [True]
        assert "Create a new ticket" in previewed(app)
        await type_text(pilot, "zzqqxx")
        assert previewed(app) == EMPTY_PREVIEW


async def test_keys_typed_while_a_query_is_answered_ask_only_the_latest_text(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []
    released = threading.Event()
    original = SearchProcess.search

    def held(self: SearchProcess, text: str, limit: int = 10) -> SearchResult:
        asked.append(text)
        released.wait(timeout=60)
        return original(self, text, limit)

    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        monkeypatch.setattr(SearchProcess, "search", held)
        box = app.screen.query_one("#query", Input)
        for char in "offb":
            await pilot.press(char)
        await until(pilot, lambda: box.value == "offb" and asked)
        released.set()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.result is not None
        assert screen.result.query == "offb" and screen.result.hits
    # The query in flight when the keys came, then the latest: none of the texts between.
    assert asked[-1] == "offb" and len(asked) <= 2, asked


async def test_a_keystroke_that_changes_no_hit_leaves_the_list_as_drawn(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "ransomwar")
        results = app.screen.query_one(ResultList)
        shown = list(results.rows)
        assert shown and "ransomware" in previewed(app).lower()
        repainted: list[tuple[object, ...]] = []
        refresh = ResultList.refresh

        def recorded(self: ResultList, *regions: Region, **kwargs: bool) -> ResultList:
            repainted.append(regions)
            return refresh(self, *regions, **kwargs)

        monkeypatch.setattr(ResultList, "refresh", recorded)
        await type_text(pilot, "e")
        screen = app.screen
        assert isinstance(screen, SearchScreen) and screen.result is not None
        assert screen.result.query == "ransomware"
        assert results.rows == shown and not repainted
        assert results.highlighted == 0 and "ransomware" in previewed(app).lower()


async def test_keys_and_clicks_move_the_highlight_the_preview_follows_and_a_click_opens(
    build_app: AppFactory,
) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "offboarding")
        results = app.screen.query_one(ResultList)
        titles = [entry.hit.title for entry in results.entries if entry.hit is not None]
        assert len(titles) >= 3 and results.highlighted == 0
        await pilot.press("down", "down")
        assert results.has_focus and results.highlighted == 1
        await until(pilot, lambda: titles[1] in previewed(app))
        await pilot.press("up", "up")
        assert results.highlighted == len(titles) - 1
        await pilot.press("home")
        assert results.highlighted == 0
        await pilot.press("end")
        assert results.highlighted == len(titles) - 1
        await pilot.press("pageup", "pageup", "pageup")
        assert results.highlighted == 0
        await until(pilot, lambda: titles[0] in previewed(app))
        await pilot.click(ResultList, offset=(3, 1))
        await settle(pilot)
        assert isinstance(app.screen, StartRunScreen)


async def test_a_text_longer_than_the_box_scrolls_in_it(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "offboarding a customer and their runbook from it glue " * 2)
        box = app.screen.query_one("#query", Input)
        assert box.scroll_x > 0 and box.cursor_position == len(box.value)
        await pilot.press("home")
        assert box.scroll_x == 0 and box.cursor_position == 0


async def test_a_list_that_comes_to_scroll_draws_each_hit_whole_at_one_width(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    widths: set[int] = set()
    lines_of = Piece.lines

    def recorded(self: Piece, widget: Widget, width: int, style: Style) -> list[Strip]:
        widths.add(width)
        return lines_of(self, widget, width, style)

    monkeypatch.setattr(Piece, "lines", recorded)
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Pasted: one fill, from a list too short to scroll to one that scrolls.
        app.screen.query_one("#query", Input).value = "autotask"
        await settle(pilot)
        results = app.screen.query_one(ResultList)
        assert results.show_vertical_scrollbar and len(results.entries) >= 2
        # Laid out and drawn at the width left by the scrollbar only, not first without it.
        assert widths == {results.scrollable_content_region.width}
        first, second = (entry.hit for entry in results.entries[:2])
        assert first is not None and second is not None
        lines = drawn(results).splitlines()
        end = next(n for n, line in enumerate(lines) if second.title.split()[0] in line)
        # The first hit's lines, down to its snippet's last word.
        assert first.snippet.text[:SNIPPET_CHARS].split()[-1] in "\n".join(lines[:end])


def shows_results_of(screen: SearchScreen, text: str) -> bool:
    return screen.result is not None and screen.result.query == text


async def test_a_long_preview_delay_never_holds_up_a_keystroke_s_results(
    build_app: AppFactory,
) -> None:
    """Each keystroke's results start the preview's wait again: the wait must not take a thread
    that searches run in (slept in worker threads, six waits filled Textual's pool and the
    seventh keystroke's search waited out the delay)."""
    app = build_app(preview_delay=600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, lambda: screen._ready)
        typed = ""
        for key in "offboarding":
            typed += key
            await pilot.press(key)
            await until(pilot, partial(shows_results_of, screen, typed), 30)
        assert previewed(app) == EMPTY_PREVIEW


async def test_the_preview_shows_once_the_highlight_rests_on_an_article(
    build_app: AppFactory,
) -> None:
    app = build_app(preview_delay=0.05)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "ransomware")
        await until(pilot, lambda: "ransomware" in previewed(app).lower())


async def test_the_preview_waits_for_a_pause_in_typing(build_app: AppFactory) -> None:
    """Laid out between two keystrokes, a preview's work would hold up the second."""
    app = build_app(typing_pause=600.0)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_text(pilot, "ransomware")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, partial(shows_results_of, screen, "ransomware"))
        await settle(pilot)
        assert previewed(app) == EMPTY_PREVIEW
