"""Every run of this KB (in progress first): resume one, or export it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
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

COLUMNS = ("Run", "Article", "Company", "Progress", "Ticket", "State")


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
        self.query_one(DataTable).add_columns(*COLUMNS)
        self.load()

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
        table.clear()
        for run in found:
            done, total = run.progress
            state = "finished" if run.finished else "in progress"
            if run.practice:
                state += " (practice)"
            ticket = run.ticket.number if run.ticket else "-"
            values = (run.id, run.article_title, run.company, f"{done}/{total}", ticket, state)
            table.add_row(*(literal(value, one_line=True) for value in values))
        self.query_one("#runs-status", Static).update(
            f"{len(found)} run(s)" if found else "No runs yet: search an article and open it."
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
