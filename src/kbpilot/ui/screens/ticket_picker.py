"""A company's open tickets to pick from, newest first, each with its number, status and title.

The start dialog opens it to start the run on an existing ticket; the run screen opens it (`a`)
to attach one to a run that has none. It dismisses with the ticket chosen (None: Esc).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static

from kbpilot.errors import KbpilotError
from kbpilot.runs.tickets import TicketChoice

if TYPE_CHECKING:
    from kbpilot.ui.app import KbpilotApp


class TicketPickerScreen(ModalScreen[TicketChoice | None]):
    """The open tickets of `company`, loaded in a worker; Enter picks, Esc cancels."""

    app: KbpilotApp

    DEFAULT_CSS = """
    #ticket-picker { height: auto; max-height: 20; }
    #ticket-choices { height: auto; max-height: 14; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tickets.cancel"),
    ]

    def __init__(self, company: str, purpose: str) -> None:
        super().__init__()
        self.company = company
        self.purpose = purpose
        self.choices: list[TicketChoice] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="ticket-picker"):
            yield Static(
                Text(f"{self.purpose}: open tickets of {self.company}"), classes="dialog-title"
            )
            yield Static("Loading the open tickets…", id="ticket-picker-status", markup=False)
            yield OptionList(id="ticket-choices")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="tickets")
    def load(self) -> None:
        services = self.app.services
        try:
            choices = services.call(services.runs.lookups.open_tickets, self.company)
        except KbpilotError as error:
            self.app.call_from_thread(self._status, str(error))
            return
        self.app.call_from_thread(self._loaded, choices)

    def _loaded(self, choices: list[TicketChoice]) -> None:
        self.choices = choices
        options = self.query_one("#ticket-choices", OptionList)
        options.add_options(
            [Text(f"{c.number}  {c.status}  {c.title}", no_wrap=True) for c in choices]
        )
        if choices:
            options.highlighted = 0
            options.focus()
            self._status("Enter picks the highlighted ticket, Esc cancels.")
        else:
            self._status("No open tickets. Esc goes back.")

    def _status(self, text: str) -> None:
        self.query_one("#ticket-picker-status", Static).update(Text(text))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
