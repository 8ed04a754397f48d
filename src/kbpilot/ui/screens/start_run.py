"""The dialog before a run: the company and contact, completed from Autotask as you type, and
which procedures to follow when the article has several (all of them unless unticked).

Enter in the company box chooses the match typed (or the highlighted one); pressed before the
matches of what was typed have arrived, it chooses once they do.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, OptionList, SelectionList, Static
from textual.worker import get_current_worker

from kbpilot.errors import KbpilotError
from kbpilot.ui.literal import literal

if TYPE_CHECKING:
    from kbpilot.ui.app import KbpilotApp


class StartRunScreen(ModalScreen[str | None]):
    """Company, then contact, then Start: dismisses with the new run's id (None: cancelled).
    `procedures` are the article's headings; with more than one, the technician ticks those to
    follow (all ticked at first)."""

    app: KbpilotApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="start.cancel"),
        Binding("ctrl+s", "start", "Start run", id="start.start"),
        Binding("ctrl+t", "pick_ticket", "Open ticket", id="start.ticket"),
        Binding("down", "move(1)", "Next match", id="start.next"),
        Binding("up", "move(-1)", "Previous match", id="start.previous"),
    ]

    def __init__(self, article_id: str, title: str, procedures: Sequence[str] = ()) -> None:
        super().__init__()
        self.article_id = article_id
        self.article_title = title
        self.procedures = list(procedures)
        self.company: str | None = None
        self.contacts: list[str] = []
        self._submitted: str | None = None
        self.ticket: str | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="start-run"):
            yield Static(literal(f"Start: {self.article_title}"), classes="dialog-title")
            if len(self.procedures) > 1:
                procedures = SelectionList[int](
                    *((literal(f"{n} {t}"), n, True) for n, t in enumerate(self.procedures, 1)),
                    id="procedures",
                )
                procedures.border_title = "Procedures to follow (space ticks)"
                yield procedures
            yield Input(placeholder="Company (type to search Autotask)", id="company")
            yield OptionList(id="company-matches", classes="matches")
            yield Input(placeholder="Contact (optional)", id="contact", disabled=True)
            yield OptionList(id="contact-matches", classes="matches")
            yield Static("", id="start-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Start", id="start", variant="primary", disabled=True)
                yield Button("Ticket: new", id="pick-ticket")
                yield Button("Cancel", id="cancel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#company", Input).focus()
        self.find_companies("")

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "company":
            self._submitted = None
            self._choose_company(None)
            self.find_companies(event.value)
        elif event.input.id == "contact":
            self._show_contacts(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "company":
            if not self._choose_match(event.value):
                self._submitted = event.value
        else:
            matches = self.query_one("#contact-matches", OptionList)
            if event.value.strip() not in self.contacts and matches.option_count:
                index = matches.highlighted or 0
                event.input.value = str(matches.get_option_at_index(index).prompt)
            self.action_start()

    def _choose_match(self, text: str) -> bool:
        """Choose the match equal to `text`, else the highlighted one; False if none is shown."""
        matches = self.query_one("#company-matches", OptionList)
        names = [str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)]
        typed = [name for name in names if name.lower() == text.strip().lower()]
        if typed or names:
            self._choose_company(typed[0] if typed else names[matches.highlighted or 0])
        return bool(typed or names)

    def _choose_typed(self) -> None:
        """Choose the company typed in full (any case), when it is one of the matches shown."""
        text = self.query_one("#company", Input).value.strip().lower()
        matches = self.query_one("#company-matches", OptionList)
        names = [str(matches.get_option_at_index(i).prompt) for i in range(matches.option_count)]
        typed = [name for name in names if name.lower() == text]
        if typed:
            self._choose_company(typed[0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        name = str(event.option.prompt)
        if event.option_list.id == "company-matches":
            self._choose_company(name)
        else:
            self.query_one("#contact", Input).value = name
            self.query_one("#start", Button).focus()

    @work(thread=True, exclusive=True, group="companies")
    def find_companies(self, text: str) -> None:
        services = self.app.services
        try:
            names = services.call(services.runs.lookups.companies, text, 8)
        except KbpilotError as error:
            self.app.call_from_thread(self._error, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._companies_found, text, names)

    def _companies_found(self, text: str, names: list[str]) -> None:
        self._fill("#company-matches", names)
        if self._submitted is not None and self._submitted == text:
            self._submitted = None
            self._choose_match(text)

    def _choose_company(self, name: str | None) -> None:
        self.company = name
        self._set_ticket(None)
        contact = self.query_one("#contact", Input)
        contact.disabled = name is None
        self.query_one("#start", Button).disabled = name is None
        if name is None:
            self.query_one("#contact-matches", OptionList).clear_options()
            return
        with self.prevent(Input.Changed):
            self.query_one("#company", Input).value = name
        contact.focus()
        self.find_contacts(name)

    @work(thread=True, exclusive=True, group="contacts")
    def find_contacts(self, company: str) -> None:
        services = self.app.services
        try:
            names = services.call(services.runs.lookups.contacts, company)
        except KbpilotError as error:
            self.app.call_from_thread(self._error, str(error))
            return
        self.app.call_from_thread(self._got_contacts, names)

    def _got_contacts(self, names: list[str]) -> None:
        self.contacts = names
        self._show_contacts(self.query_one("#contact", Input).value)

    def _show_contacts(self, text: str) -> None:
        wanted = text.strip().lower()
        self._fill("#contact-matches", [n for n in self.contacts if wanted in n.lower()])

    def _fill(self, selector: str, names: list[str]) -> None:
        matches = self.query_one(selector, OptionList)
        matches.clear_options()
        matches.add_options([literal(name) for name in names])
        if names:
            matches.highlighted = 0
        self._error("" if names or selector == "#contact-matches" else "No company matches.")

    def _error(self, text: str) -> None:
        self.query_one("#start-error", Static).update(literal(text))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        elif event.button.id == "pick-ticket":
            self.action_pick_ticket()
        else:
            self.dismiss(None)

    def action_pick_ticket(self) -> None:
        """Start the run on one of the company's open tickets instead of a new one."""
        from kbpilot.ui.screens.ticket_picker import TicketPickerScreen

        if self.company is None:
            self._error("Choose a company first: its open tickets are listed.")
            return
        picker = TicketPickerScreen(self.company, "Start on a ticket")
        self.app.push_screen(picker, lambda choice: self._set_ticket(choice and choice.number))

    def _set_ticket(self, number: str | None) -> None:
        self.ticket = number
        self.query_one("#pick-ticket", Button).label = f"Ticket: {number or 'new'}"

    def action_start(self) -> None:
        if self.company is None:
            self._choose_typed()
        if self.company is None:
            self._error("Choose a company first (Enter picks the highlighted one).")
            return
        contact = self.query_one("#contact", Input).value.strip() or None
        chosen = self._chosen()
        if len(self.procedures) > 1 and not chosen:
            self._error("Tick at least one procedure to follow (space ticks).")
            return
        self.start(self.company, contact, chosen)

    def _chosen(self) -> list[str]:
        """The numbers of the procedures ticked; none when the article has one."""
        if len(self.procedures) < 2:
            return []
        return [str(n) for n in sorted(self.query_one("#procedures", SelectionList).selected)]

    @work(thread=True, exclusive=True, group="start")
    def start(self, company: str, contact: str | None, procedures: list[str]) -> None:
        services = self.app.services
        try:
            run = services.call(
                services.runs.start,
                self.article_id,
                company,
                contact,
                procedures=procedures,
                ticket=self.ticket,
            )
        except KbpilotError as error:
            self.app.call_from_thread(self._error, str(error))
            self.app.call_from_thread(self.app.report, error, "Cannot start the run")
            return
        self.app.call_from_thread(self.dismiss, run.id)

    def action_move(self, delta: int) -> None:
        """Up and down in an input move through its matches."""
        focused = self.focused
        if not isinstance(focused, Input):
            return
        matches = self.query_one(f"#{focused.id}-matches", OptionList)
        if matches.option_count:
            current = matches.highlighted if matches.highlighted is not None else -1
            matches.highlighted = max(0, min(matches.option_count - 1, current + delta))

    def action_cancel(self) -> None:
        self.dismiss(None)
