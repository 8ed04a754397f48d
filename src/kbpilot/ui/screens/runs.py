"""Every run of this KB (in progress first): resume one, or export it.

Every column fits the terminal from 80 columns up: the run id, progress, ticket and state keep
their width, and the article and company share what is left (cut with an ellipsis). A practice
run (a trainee's, against the sandbox) says so before its article's title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from kbpilot.errors import KbpilotError
from kbpilot.runs.files import run_folder, write_text
from kbpilot.runs.model import Run
from kbpilot.ui.literal import literal
from kbpilot.ui.screens.run import RunScreen
from kbpilot.ui.widgets.practice_banner import PracticeBanner

if TYPE_CHECKING:
    from kbpilot.ui.app import KbpilotApp

# The columns that keep their width, and the share of the rest the article and company take.
FIXED = {"Run": 8, "Steps": 5, "Ticket": 14, "State": 11}
SHARED = {"Article": 3, "Company": 2}
COLUMNS = ("Run", "Article", "Company", "Steps", "Ticket", "State")
CELL_PADDING = 2
PRACTICE = "practice: "


class RunsScreen(Screen[None]):
    """A table of runs; Enter resumes the highlighted one."""

    app: KbpilotApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "resume", "Resume", id="runs.resume"),
        Binding("e", "export", "Export md", id="runs.export"),
        Binding("escape", "back", "Back", id="runs.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.runs: list[Run] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield PracticeBanner()
        yield DataTable(id="runs-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="runs-status", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()

    def on_resize(self, event: Resize) -> None:
        self._show(self.runs)

    def _widths(self) -> dict[str, int]:
        """Each column's width for the table's width."""
        width = self.query_one(DataTable).scrollable_content_region.width or self.size.width
        left = width - sum(FIXED.values()) - CELL_PADDING * len(COLUMNS) - 1
        shares = sum(SHARED.values())
        widths = {name: max(8, left * share // shares) for name, share in SHARED.items()}
        return {name: FIXED.get(name) or widths[name] for name in COLUMNS}

    def on_screen_resume(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="runs")
    def load(self) -> None:
        services = self.app.services
        try:
            found = services.call(services.runs.list_runs)
        except KbpilotError as error:
            self.app.call_from_thread(self.app.report, error)
            return
        self.app.call_from_thread(self._show, found)

    def _show(self, found: list[Run]) -> None:
        self.runs = found
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        widths = self._widths()
        for name in COLUMNS:
            table.add_column(name, width=widths[name], key=name)
        for run in found:
            done, total = run.progress
            article = literal(run.article_title, one_line=True)
            if run.practice:
                article = Text.assemble((PRACTICE, "bold yellow"), article)
            cells = {
                "Run": literal(run.id),
                "Article": article,
                "Company": literal(run.company, one_line=True),
                "Steps": literal(f"{done}/{total}"),
                "Ticket": literal(run.ticket.number if run.ticket else "-"),
                "State": literal("finished" if run.finished else "in progress"),
            }
            for name, cell in cells.items():
                cell.truncate(widths[name], overflow="ellipsis")
            table.add_row(*cells.values())
        table.move_cursor(row=row)
        self.query_one("#runs-status", Static).update(
            f"{len(found)} run(s): Enter resumes the highlighted one"
            if found
            else "No runs yet: search an article and open it."
        )
        table.focus()

    def _current(self) -> Run | None:
        row = self.query_one(DataTable).cursor_row
        return self.runs[row] if 0 <= row < len(self.runs) else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_resume()

    def action_resume(self) -> None:
        run = self._current()
        if run is not None:
            self.app.push_screen(RunScreen(run.id))

    def action_export(self) -> None:
        run = self._current()
        if run is not None:
            self.export(run.id)

    @work(thread=True, group="export")
    def export(self, run_id: str) -> None:
        services = self.app.services
        try:
            text = services.call(services.runs.export, run_id, "md")
            path = write_text(run_folder(run_id) / "export.md", text)
        except (KbpilotError, OSError) as error:
            self.app.call_from_thread(self.app.report, KbpilotError(str(error)), "Export")
            return
        self.app.call_from_thread(self.app.notify, f"Exported to {path}", title="Export")

    def action_back(self) -> None:
        self.app.pop_screen()
