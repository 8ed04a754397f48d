"""For KB editors: an article's source beside what kbpilot understood, with diagnostics.

The file is checked for changes every `watch_interval` seconds (a timer, stopped with the
screen) and parsed again in a worker, so a save shows within a second. Selecting a diagnostic
or a node of the parsed tree scrolls the source to its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static, TextArea, Tree

from kbpilot.errors import KbpilotError
from kbpilot.model import Article, Diagnostic
from kbpilot.ui.literal import literal
from kbpilot.ui.widgets.article_tree import ArticleTree
from kbpilot.ui.widgets.practice_banner import PracticeBanner

if TYPE_CHECKING:
    from kbpilot.ui.app import KbpilotApp

LEVEL_STYLES = {"error": "bold red", "warning": "yellow", "info": "dim"}


class PreviewScreen(Screen[None]):
    """Source, parsed checklist and diagnostics of one article file, reloaded on save."""

    app: KbpilotApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", "Next pane", id="preview.next"),
        Binding("ctrl+l", "reload", "Reload", id="preview.reload"),
        Binding("escape", "back", "Back", id="preview.back"),
    ]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.stamp: int | None = None
        self.article: Article | None = None
        self.loads = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield PracticeBanner()
        workspace = self.app.services.workspace
        shown = workspace.relative(self.path) if workspace else str(self.path)
        yield Static(literal(shown), id="preview-path")
        with Horizontal(id="preview-body"):
            yield TextArea("", id="preview-source", read_only=True, show_line_numbers=True)
            yield ArticleTree(id="preview-tree")
        yield OptionList(id="diagnostics")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = f"preview · {self.path.name}"
        self.set_interval(self.app.services.settings.watch_interval, self._check)
        self.action_reload()

    def _mtime(self) -> int | None:
        try:
            return self.path.stat().st_mtime_ns
        except OSError:
            return None

    def _check(self) -> None:
        if self._mtime() != self.stamp:
            self.action_reload()

    def action_reload(self) -> None:
        self.stamp = self._mtime()
        self.parse()

    @work(thread=True, exclusive=True, group="parse")
    def parse(self) -> None:
        try:
            source = self.path.read_text(encoding="utf-8", errors="replace")
            workspace = self.app.services.workspace
            if workspace is None:
                raise KbpilotError("No knowledge base is open to read the file in.")
            article = workspace.parse(self.path)
        except (KbpilotError, OSError) as error:
            self.app.call_from_thread(self._failed, str(error))
            return
        self.app.call_from_thread(self._show, source, article)

    def _show(self, source: str, article: Article) -> None:
        self.article = article
        self.loads += 1
        area = self.query_one("#preview-source", TextArea)
        if area.text != source:
            area.load_text(source)
        self.query_one(ArticleTree).show(article)
        diagnostics = self.query_one("#diagnostics", OptionList)
        diagnostics.clear_options()
        if article.diagnostics:
            diagnostics.add_options([self._line(d) for d in article.diagnostics])
        else:
            diagnostics.add_option(Text("No diagnostics: kbpilot understood everything."))

    @staticmethod
    def _line(diagnostic: Diagnostic) -> Text:
        where = f"line {diagnostic.line}" if diagnostic.line else "file"
        style = LEVEL_STYLES.get(str(diagnostic.level), "")
        return Text.assemble(
            (str(diagnostic.level), style), literal(f" {where}: {diagnostic.message}")
        )

    def _failed(self, message: str) -> None:
        diagnostics = self.query_one("#diagnostics", OptionList)
        diagnostics.clear_options()
        diagnostics.add_option(literal(f"Cannot read the file: {message}", "bold red"))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.article is not None and event.option_index < len(self.article.diagnostics):
            self.scroll_to_line(self.article.diagnostics[event.option_index].line)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[int]) -> None:
        self.scroll_to_line(event.node.data)

    def scroll_to_line(self, line: int | None) -> None:
        """Put the source's cursor on a 1-based line, scrolled into the middle."""
        if line:
            area = self.query_one("#preview-source", TextArea)
            area.move_cursor((line - 1, 0), center=True)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()
