"""The run's ticket as Autotask (or the sandbox) holds it now: status, category, checklist, notes.

What `t` shows on the run screen when the ticket has no web page to open (no `[runs] ticket_url`,
or a sandbox ticket): the effect of each action, without leaving the terminal.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from kbpilot.runs.model import TicketView
from kbpilot.ui.literal import literal


class TicketScreen(ModalScreen[None]):
    """One ticket, read-only; Esc closes, `o` opens its web page when there is one. `linked`
    gives the run step each checklist item stands for, by the item's name."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="ticket.close"),
        Binding("o", "open", "Open in Autotask", id="ticket.open"),
    ]

    def __init__(self, ticket: TicketView, where: str, linked: dict[str, str]) -> None:
        super().__init__()
        self.ticket = ticket
        self.where = where
        self.linked = linked

    def compose(self) -> ComposeResult:
        ticket = self.ticket
        done = sum(completed for _, completed in ticket.checklist)
        with Vertical(classes="dialog", id="ticket"):
            yield Static(literal(f"Ticket {ticket.number} in {self.where}"), classes="dialog-title")
            yield Static(literal(ticket.title))
            yield Static(
                literal(
                    f"Status {ticket.status} · priority {ticket.priority} · "
                    f"category {ticket.category or 'none'}"
                )
            )
            with VerticalScroll(id="ticket-body"):
                yield Static(
                    f"Checklist: {done}/{len(ticket.checklist)} completed"
                    if ticket.checklist
                    else "Checklist: none",
                    classes="ticket-heading",
                    markup=False,
                )
                for name, completed in ticket.checklist:
                    step = f"  (step {self.linked[name]})" if name in self.linked else ""
                    yield Static(literal(f"[{'✓' if completed else ' '}] {name}{step}"))
                yield Static(
                    f"Notes: {len(ticket.notes)}" if ticket.notes else "Notes: none",
                    classes="ticket-heading",
                    markup=False,
                )
                for title in ticket.notes:
                    yield Static(literal(f"• {title}"))
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`o` only when the ticket has a web page."""
        return self.ticket.url is not None if action == "open" else True

    def action_open(self) -> None:
        if self.ticket.url is not None:
            self.app.open_url(self.ticket.url)

    def action_close(self) -> None:
        self.dismiss(None)
