"""Home: the search box, hits updating as you type, the selected article's preview, runs.

Who calls what: every change of the box starts a search worker (exclusive: a newer keystroke
cancels the older query, whose result is then dropped, or which is never asked if it still waited
for the query before it), and the typed text is painted in the same frame as its results (or
after `ECHO_DEADLINE` at most). The searcher (a process of its own,
started with the services) is usually open by the first paint; a worker waits for it, builds the
index with a progress bar when there is none, then brings the index up to date with the KB and
searches again if that changed anything. Recent runs load once it is open, and the run service
(the run engine and its HTTP clients) is opened in the background then, so the start dialog finds
it ready. The preview (rich's Markdown in one widget, cheap to lay out while results change)
follows the highlighted article, or the highlighted run's article, once the highlight rests on it
for `preview_delay` seconds and typing has paused for `typing_pause` seconds (settings; a
timer, so no worker thread sleeps through the delay while a keystroke's search waits for one):
a worker lays it out, and gives up at the next keystroke, which the layout would otherwise keep
waiting for the interpreter's lock. It is rebuilt only when that article changes, and cleared
when the list is empty. An empty box lists runs (in progress first). Enter opens the article
(company and contact first, then the run screen) or resumes the run.
"""

from __future__ import annotations

import threading
import time
from contextlib import AbstractContextManager
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from kbpilot.errors import KbpilotError
from kbpilot.search.limits import PROGRESS_MIN
from kbpilot.text_safety import printable
from kbpilot.ui import collector
from kbpilot.ui.literal import literal
from kbpilot.ui.prerendered import prerender_to_fit
from kbpilot.ui.widgets.practice_banner import PracticeBanner
from kbpilot.ui.widgets.result_list import Entry, ResultList, badges
from kbpilot.ui.widgets.search_box import SearchBox

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.visual import VisualType
    from textual.widgets import ProgressBar

    from kbpilot.runs.model import Run
    from kbpilot.search import SearchResult
    from kbpilot.ui.app import KbpilotApp

LIMIT = 20
# How long the typed text may wait to be painted with its results.
ECHO_DEADLINE = 0.04
# How long garbage collection, held while a keystroke waits for its frame, waits after that frame
# for the next keystroke: it catches up when typing pauses.
COLLECT_AFTER = 0.25
RECENT_RUNS = 20
EMPTY_PREVIEW = "Type to search the knowledge base; the selected article shows here."


class SearchScreen(Screen[None]):
    """Search the KB and open an article, or pick a recent run to resume."""

    app: KbpilotApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="search.open", priority=True),
        Binding("down", "focus_results", "Results", id="search.results"),
        Binding("escape", "clear", "Clear", id="search.clear"),
        Binding("f2", "runs", "Runs", id="search.runs"),
        Binding("f3", "preview", "Preview file", id="search.preview"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.result: SearchResult | None = None
        self._ready = False
        self._opened = False
        self._preview_source: str | None = None
        self._preview_shown: str | None = None
        self._held: AbstractContextManager[None] | None = None
        self._release_timer: Timer | None = None
        self._collect_timer: Timer | None = None
        self._preview_timer: Timer | None = None
        self._status_text = ""
        self._typed_at = 0.0
        self._asking = threading.Lock()
        # Set once the screen's first frame is drawn (or the screen is gone).
        self._drawn = threading.Event()

    def compose(self) -> ComposeResult:
        yield Header()
        if self.app.services.settings.role == "trainee":
            yield PracticeBanner()
        yield SearchBox(placeholder="Search the KB: type words, Enter opens", id="query")
        with Horizontal(id="search-body"):
            yield ResultList(id="results")
            with VerticalScroll(id="article-preview"):
                yield Static(Text(EMPTY_PREVIEW, style="italic"), id="article-markdown")
        yield Static("", id="search-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#query", Input).focus()
        self.call_after_refresh(self._drawn.set)
        self.open_searcher()

    def type_ahead(self, text: str) -> None:
        """Add what was typed while a dialog was opening to the search box."""
        if text:
            self.query_one("#query", Input).insert_text_at_cursor(text)

    def on_unmount(self) -> None:
        self._drawn.set()
        self._release_frame()
        if self._collect_timer is not None:
            self._collect_timer.stop()
        collector.release()

    def on_screen_resume(self) -> None:
        if self._opened and not self.query_one("#query", Input).value.strip():
            self.load_runs()

    @work(thread=True, group="searcher")
    def open_searcher(self) -> None:
        """Open the searcher (building the index when there is none, with progress), bring the
        index up to date with the KB once the first frame is drawn (its walk of the KB, a stat of
        every article file, would hold the interpreter's lock while the frame is made: about
        50 ms at 10,000 articles), then index each article as it is saved."""
        self.app.call_from_thread(self._status, "Updating the search index…")
        try:
            self.app.services.open_searcher(self._progress_from_thread)
        except KbpilotError as error:
            self.app.call_from_thread(self._searcher_failed, error)
            return
        self.app.call_from_thread(self._searcher_ready)
        self._drawn.wait()
        try:
            changed = self.app.services.update_searcher(self._progress_from_thread)
        except KbpilotError as error:
            self.app.call_from_thread(self._status, f"The search index is not up to date: {error}")
            return
        self.app.call_from_thread(self._index_updated, changed)
        self.app.services.watch_articles(partial(self._watched, self.app))

    def _watched(self, app: KbpilotApp, changed: bool) -> None:
        """An article file was saved, created or deleted and indexed (the watcher's thread, where
        `self.app` is unknown once the app has closed: the app is passed in)."""
        if changed and app.is_running:
            app.call_from_thread(self._index_updated, changed)

    @work(thread=True, group="runs-service")
    def open_run_service(self) -> None:
        """Open the run service ahead of the first article or run the user opens (and read the
        systems' badges ahead of the first hit listed)."""
        badges()
        try:
            self.app.services.open_runs()
        except KbpilotError as error:
            self.app.call_from_thread(self.app.report, error)

    def _progress_from_thread(self, done: int, total: int) -> None:
        self.app.call_from_thread(self._progress, done, total)

    def _progress(self, done: int, total: int) -> None:
        if total < PROGRESS_MIN:
            return
        bar = self._progress_bar()
        bar.display = True
        bar.update(total=total, progress=done)
        self._status(f"Building the search index: {done}/{total} articles")

    def _progress_bar(self) -> ProgressBar:
        """The index's progress bar under the box, mounted the first time it is needed (most
        starts never show it)."""
        from textual.widgets import ProgressBar

        found = self.query("#index-progress")
        if found:
            return found.first(ProgressBar)
        bar = ProgressBar(id="index-progress", show_eta=False)
        self.mount(bar, after="#query")
        return bar

    def _hide_progress(self) -> bool:
        """Hide the progress bar if it shows; whether it did."""
        found = self.query("#index-progress")
        if not found or not found.first().display:
            return False
        found.first().display = False
        return True

    def _searcher_failed(self, error: KbpilotError) -> None:
        self._opened = True
        self._status(f"Search is unavailable: {error}")
        self.load_runs()
        self.open_run_service()

    def _searcher_ready(self) -> None:
        collector.freeze()
        self._ready = self._opened = True
        self.open_run_service()
        self._hide_progress()
        self._status("")
        text = self.query_one("#query", Input).value
        if text.strip():
            self.run_query(text)
        else:
            self.load_runs()

    def _index_updated(self, changed: bool) -> None:
        """The index caught up with the KB: hide the progress of a long catch-up, and search the
        box's text again if the index changed."""
        if self._hide_progress():
            self._status("")
        text = self.query_one("#query", Input).value
        if changed and text.strip():
            self.run_query(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter belongs to dialogs and other screens while they are on top."""
        return self.app.screen is self if action == "open" else True

    def on_input_changed(self, event: Input.Changed) -> None:
        text = event.value
        self._typed_at = time.monotonic()
        if not text.strip():
            self.workers.cancel_group(self, "search")
            self._release_frame()
            self.result = None
            self.load_runs()
            return
        if self._ready:
            self._hold_frame()
            self._pause_preview()
            self.run_query(text)

    def _pause_preview(self) -> None:
        """A preview waiting or loading stops at a keystroke, so it takes no time from the search;
        the highlighted article is loaded again once the results are shown."""
        self._stop_preview()
        self._preview_source = self._preview_shown

    def _stop_preview(self) -> None:
        if self._preview_timer is not None:
            self._preview_timer.stop()
            self._preview_timer = None
        self.workers.cancel_group(self, "preview")

    def _hold_frame(self) -> None:
        """Paint the typed text and its results in one frame: repaints wait for the results, for
        at most `ECHO_DEADLINE` seconds. Garbage collection waits for that frame, and for the
        next keystroke `COLLECT_AFTER` seconds more."""
        if self._held is None:
            collector.hold()
            self._held = self.app.batch_update()
            self._held.__enter__()
            self._release_timer = self.set_timer(ECHO_DEADLINE, self._release_frame)

    def _release_frame(self) -> None:
        if self._release_timer is not None:
            self._release_timer.stop()
            self._release_timer = None
        if self._held is not None:
            held, self._held = self._held, None
            held.__exit__(None, None, None)
            if self._collect_timer is not None:
                self._collect_timer.stop()
            self._collect_timer = self.set_timer(COLLECT_AFTER, self._collect_again)

    def _collect_again(self) -> None:
        """Typing paused: garbage collection goes on, unless a keystroke holds it again."""
        if self._held is None:
            collector.release()

    @work(thread=True, exclusive=True, group="search")
    def run_query(self, text: str) -> None:
        """Search; a result is shown only if no newer keystroke cancelled this worker. One query
        is asked at a time: one that a newer keystroke cancelled while it waited is never asked,
        so fast typing does not queue stale queries before the latest."""
        services = self.app.services
        worker = get_current_worker()
        try:
            with self._asking:
                if worker.is_cancelled:
                    return
                result = services.open_searcher().search(text, limit=LIMIT)
        except KbpilotError as error:
            self.app.call_from_thread(self._status, str(error))
            self.app.call_from_thread(self._release_frame)
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_result, result)

    def _show_result(self, result: SearchResult) -> None:
        if result.query != self.query_one("#query", Input).value:
            return
        self.result = result
        self.query_one(ResultList).show_hits(result.hits)
        if result.hits:
            count = len(result.hits)
            self._status(f"{count} article{'s' * (count != 1)}" + self._notices(result))
        else:
            self._clear_preview()
            self._status(
                f"No results. Did you mean: {result.suggestion}?  (Enter searches it)"
                if result.suggestion
                else "No results." + self._notices(result)
            )
        self._release_frame()

    @staticmethod
    def _notices(result: SearchResult) -> str:
        return "".join(f" · {notice}" for notice in result.notices)

    @work(thread=True, exclusive=True, group="search")
    def load_runs(self) -> None:
        """Recent runs (in progress first) for the empty box."""
        services = self.app.services
        if services.open_runs() is None:
            return
        try:
            found = services.call_runs(lambda runs: runs.list_runs())[:RECENT_RUNS]
        except KbpilotError as error:
            self.app.call_from_thread(self.app.report, error)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_runs, found)

    def _show_runs(self, found: list[Run]) -> None:
        if self.query_one("#query", Input).value.strip():
            return
        self.query_one(ResultList).show_runs(found)
        if not found:
            self._clear_preview()
        self._status(
            f"{len(found)} recent run(s): Enter resumes" if found else "No runs yet: search."
        )

    def on_result_list_highlighted(self, event: ResultList.Highlighted) -> None:
        source = event.entry.source
        if source is not None and source != self._preview_source:
            self._preview_source = source
            self._stop_preview()
            settings = self.app.services.settings
            typing = settings.typing_pause - (time.monotonic() - self._typed_at)
            delay = max(settings.preview_delay, typing)
            if delay > 0:
                self._preview_timer = self.set_timer(delay, self._start_preview)
            else:
                self._start_preview()

    def _start_preview(self) -> None:
        """The highlight rested on an article: lay its preview out for the pane as it is now."""
        self._preview_timer = None
        if self._preview_source is None:
            return
        pane = self.query_one("#article-preview", VerticalScroll)
        region = pane.content_region
        self.load_preview(
            self._preview_source,
            (region.width, region.height, pane.styles.scrollbar_size_vertical),
        )

    def _clear_preview(self) -> None:
        """Nothing listed: no article to preview."""
        self._stop_preview()
        self._preview_source = None
        self._show_preview(Text(EMPTY_PREVIEW, style="italic"))

    def on_result_list_chosen(self, event: ResultList.Chosen) -> None:
        self._open(event.entry)

    @work(thread=True, exclusive=True, group="preview")
    def load_preview(self, source: str, pane: tuple[int, int, int]) -> None:
        """Preview an article, laid out here for the pane (`pane`: its width, height and
        scrollbar's width), so the UI thread only copies lines; a keystroke (which cancels this
        worker) stops it."""
        from rich.markdown import Markdown

        worker = get_current_worker()

        def keep_going() -> bool:
            return not worker.is_cancelled

        preview: VisualType | None
        try:
            markdown = Markdown(printable(self.app.services.article(source).markdown))
        except KbpilotError as error:
            preview = literal(f"Cannot show this article: {error}", "italic")
        else:
            options = self.app.console_options.update(highlight=False)
            preview = prerender_to_fit(markdown, self.app.console, options, pane, keep_going)
        if preview is not None and keep_going():
            self.app.call_from_thread(self._show_preview, preview, source)

    def _show_preview(self, preview: VisualType, source: str | None = None) -> None:
        self._preview_shown = source
        self.query_one("#article-markdown", Static).update(preview)
        self.query_one("#article-preview", VerticalScroll).scroll_home(animate=False)

    def action_open(self) -> None:
        if self.result is not None and not self.result.hits and self.result.suggestion:
            self.query_one("#query", Input).value = self.result.suggestion
            return
        entry = self.query_one(ResultList).current
        if entry is not None:
            self._open(entry)

    def _open(self, entry: Entry) -> None:
        from kbpilot.ui.screens.run import RunScreen

        if entry.run is not None:
            self.app.push_screen(RunScreen(entry.run.id))
        elif entry.hit is not None:
            self.start_article(entry.hit.id, entry.hit.source)

    @work(thread=True, group="open")
    def start_article(self, article_id: str, source: str) -> None:
        """Articles with a procedure ask for the company and contact (and which procedures, when
        there are several), then open as a run."""
        from kbpilot.runs.selection import heading
        from kbpilot.ui.screens.start_run import StartRunScreen

        try:
            article = self.app.services.article(source)
        except KbpilotError as error:
            self.app.call_from_thread(self.app.report, error)
            return
        if not article.procedures:
            self.app.call_from_thread(
                self.app.notify, f"{article.title!r} has no procedure to follow; read it here."
            )
            return
        headings = [heading(p, n) for n, p in enumerate(article.procedures, 1)]
        self.app.call_from_thread(
            self.app.push_screen,
            StartRunScreen(article_id, article.title, headings),
            self._started,
        )

    def _started(self, run_id: str | None) -> None:
        from kbpilot.ui.screens.run import RunScreen

        if run_id is not None:
            self.app.push_screen(RunScreen(run_id))

    def action_focus_results(self) -> None:
        self.query_one(ResultList).focus()

    def action_clear(self) -> None:
        box = self.query_one("#query", Input)
        box.value = ""
        box.focus()

    def action_runs(self) -> None:
        from kbpilot.ui.screens.runs import RunsScreen

        self.app.push_screen(RunsScreen())

    def action_preview(self) -> None:
        from kbpilot.ui.screens.preview import PreviewScreen

        entry = self.query_one(ResultList).current
        if entry is None or entry.hit is None or self.app.services.workspace is None:
            self.app.notify("Highlight an article to preview its source.")
            return
        self.app.push_screen(PreviewScreen(self.app.services.workspace.root / entry.hit.source))

    def _status(self, text: str) -> None:
        """Show `text` under the list; the line is painted again only when it changes (most
        keystrokes list as many hits as the one before)."""
        if text != self._status_text:
            self._status_text = text
            self.query_one("#search-status", Static).update(literal(text), layout=False)
