"""The end of a run: what was done (N/A reasons and notes too), then post the summary as a ticket
note or export it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from kbpilot.errors import KbpilotError
from kbpilot.runs.files import run_folder, write_text
from kbpilot.runs.model import Run, RunStep
from kbpilot.ui.literal import literal
from kbpilot.ui.widgets.checklist import step_label

if TYPE_CHECKING:
    from kbpilot.ui.app import KbpilotApp


def step_details(step: RunStep) -> list[str]:
    """What the step's mark does not say: why it does not apply, its notes."""
    reason = [f"not applicable: {step.reason}"] if step.reason else []
    return reason + [f"note ({note.who}): {note.text}" for note in step.notes]


class SummaryScreen(ModalScreen[None]):
    """The run's steps and states; post the summary note, export md/html, close."""

    app: KbpilotApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "post", "Post note", id="summary.post"),
        Binding("e", "export('md')", "Export md", id="summary.export_md"),
        Binding("h", "export('html')", "Export html", id="summary.export_html"),
        Binding("escape", "close", "Close", id="summary.close"),
    ]

    def __init__(self, run: Run) -> None:
        super().__init__()
        self.run = run

    def compose(self) -> ComposeResult:
        run = self.run
        done, total = run.progress
        ticket = f", ticket {run.ticket.number}" if run.ticket else ", no ticket"
        with Vertical(classes="dialog", id="summary"):
            yield Static(literal(f"Summary: {run.article_title}"), classes="dialog-title")
            yield Static(literal(f"{run.company}{ticket} · {done}/{total} steps finished"))
            with VerticalScroll(id="summary-steps"):
                for step in run.steps:
                    yield Static(step_label(step))
                    for line in step_details(step):
                        yield Static(literal(f"    {line}"), classes="dim")
            yield Static("", id="summary-status", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Post note", id="post", variant="primary")
                yield Button("Export md", id="export-md")
                yield Button("Export html", id="export-html")
                yield Button("Close", id="close")
        yield Footer(compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        match event.button.id:
            case "post":
                self.action_post()
            case "export-md":
                self.action_export("md")
            case "export-html":
                self.action_export("html")
            case _:
                self.action_close()

    @work(thread=True, group="summary")
    def action_post(self) -> None:
        services = self.app.services
        try:
            self.run = services.call(services.runs.post_summary, self.run.id)
        except KbpilotError as error:
            self.app.call_from_thread(self.app.report, error, "Post summary")
            self.app.call_from_thread(self._status, f"Not posted: {error}")
            return
        number = self.run.ticket.number if self.run.ticket else ""
        done = "updated on" if self.run.events[-1].kind == "summary.updated" else "posted to"
        self.app.call_from_thread(self._status, f"Summary {done} ticket {number}.")

    @work(thread=True, group="summary")
    def action_export(self, fmt: str) -> None:
        services = self.app.services
        try:
            text = services.call(services.runs.export, self.run.id, fmt)
            path = write_text(run_folder(self.run.id) / f"export.{fmt}", text)
        except (KbpilotError, OSError) as error:
            self.app.call_from_thread(self._status, f"Not exported: {error}")
            return
        self.app.call_from_thread(self._status, f"Exported to {path}")

    def _status(self, text: str) -> None:
        self.query_one("#summary-status", Static).update(literal(text))

    def action_close(self) -> None:
        self.dismiss(None)
