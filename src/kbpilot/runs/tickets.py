"""Runs on a ticket that already exists: finding it by number, listing a company's open ones,
and attaching one to a run.

An attached ticket is the run's ticket exactly as if a step had created it: note, category,
checklist and form steps act on it. The run's "Create a new ticket" steps still open are done by
it (their result says `attached`), so a run never makes a second ticket. Attaching is one store
update (`RunStore.update`) that refuses a run which has a ticket or an action whose outcome is
unknown, so two processes can never attach two tickets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.integrations.autotask.client import AutotaskClient
from kbpilot.integrations.autotask.models import FieldInfo, Ticket
from kbpilot.integrations.autotask.wire import STATUS_COMPLETE
from kbpilot.runs.dispatch import refuse_unsettled
from kbpilot.runs.model import Run, StepState, TicketRef
from kbpilot.runs.store import Change

CREATE_TICKET = "autotask.create_ticket"
ATTACHED = "ticket.attached"


@dataclass(frozen=True)
class TicketChoice:
    """An open ticket of a company, as the pickers list it."""

    id: int
    number: str
    title: str
    status: str


def label(info: FieldInfo, value: str) -> str:
    """A picklist value's label (the value itself when Autotask has no such choice)."""
    choice = info.choice(value)
    return choice.label if choice is not None else value


def open_ticket(autotask: AutotaskClient, number: str, company_id: int | None = None) -> Ticket:
    """The ticket of that number, refused when it is complete or (with `company_id`) belongs
    to another company."""
    if not number.strip():
        raise KbpilotError("give the ticket's number (T20261130.0001)")
    ticket = autotask.ticket_by_number(number)
    if ticket.status == STATUS_COMPLETE:
        status = label(autotask.field("Tickets", "status"), ticket.status)
        raise KbpilotError(f"ticket {ticket.number} is {status}: a run works on an open ticket")
    if company_id is not None and ticket.company_id != company_id:
        owner = autotask.company(ticket.company_id).name
        raise KbpilotError(
            f"ticket {ticket.number} belongs to {owner!r}, not to this run's company"
        )
    return ticket


def open_choices(autotask: AutotaskClient, company_id: int) -> list[TicketChoice]:
    """The company's open tickets, newest first, with their status's label."""
    status = autotask.field("Tickets", "status")
    return [
        TicketChoice(ticket.id, ticket.number, ticket.title, label(status, ticket.status))
        for ticket in autotask.open_tickets(company_id)
    ]


def attaching(ticket: TicketRef, title: str) -> Change:
    """The run's ticket set to `ticket`, its open "Create a new ticket" steps done by it;
    refused when the run already has a ticket or an action whose outcome is unknown."""

    def attach(run: Run) -> tuple[str | None, dict[str, Any]]:
        if run.ticket is not None:
            raise KbpilotError(f"run {run.id} already has ticket {run.ticket.number}")
        refuse_unsettled(run)
        run.ticket = ticket
        result = {
            "ticket_id": ticket.id,
            "ticket_number": ticket.number,
            "title": title,
            "url": ticket.url,
            "attached": True,
        }
        done = []
        for step in run.steps:
            if step.action_name == CREATE_TICKET and step.is_open:
                step.state, step.error, step.reason = StepState.DONE, None, None
                step.result = dict(result)
                done.append(step.path)
        return None, {**ticket.to_dict(), "title": title, "steps_done": done}

    return attach
