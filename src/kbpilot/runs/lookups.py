"""What the pickers and the ticket dialog look up in the PSA for a session: companies and their
contacts as a person types, a company's open tickets, and a run's ticket as it is now.

Nothing here changes a run; `RunService.lookups` is the session's instance.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.integrations.autotask.query import Field, Query
from kbpilot.integrations.factory import Integrations
from kbpilot.runs.model import Run, TicketView
from kbpilot.runs.roles import Policy
from kbpilot.runs.tickets import TicketChoice, label, open_choices


class Lookups:
    """Read-only PSA lookups of one session (`clients()` connects on first use)."""

    def __init__(
        self, policy: Policy, clients: Callable[[], Integrations], get: Callable[[str], Run]
    ) -> None:
        self.policy = policy
        self.clients = clients
        self.get = get

    def companies(self, query: str, limit: int = 20) -> list[str]:
        """Active Autotask companies whose name contains `query`, for autocompletion."""
        conditions: list[Any] = [Field("isActive").eq(True)]
        if query.strip():
            conditions.append(Field("companyName").contains(query.strip()))
        found = self.clients().autotask.companies(Query.where(*conditions), limit=limit)
        return sorted({company.name for company in found})

    def contacts(self, company: str, query: str = "", limit: int = 20) -> list[str]:
        """Active contacts of a company whose name or e-mail contains `query`."""
        autotask = self.clients().autotask
        record = autotask.company_by_name(company)
        wanted = query.strip().lower()
        names = [
            c.name
            for c in autotask.contacts(record.id)
            if wanted in c.name.lower() or wanted in c.email.lower()
        ]
        return sorted(names)[:limit]

    def open_tickets(self, company: str) -> list[TicketChoice]:
        """The company's open tickets, newest first: what a run can be started on or attached
        to."""
        autotask = self.clients().autotask
        return open_choices(autotask, autotask.company_by_name(company).id)

    def ticket_view(self, run_id: str) -> TicketView:
        """The run's ticket as Autotask (or the sandbox) holds it now: status, category, the
        checklist with what is completed, the notes' titles."""
        run = self.get(run_id)
        if run.ticket is None:
            raise KbpilotError(
                f"run {run.id} has no ticket yet: do step 1 to create it, or attach one "
                f"(`kbpilot run attach {run.id} NUMBER`)"
            )
        self.policy.check_action(run)
        autotask = self.clients().autotask
        ticket = autotask.ticket(run.ticket.id)
        categories = {category.id: category.name for category in autotask.ticket_categories()}
        return TicketView(
            number=ticket.number,
            title=ticket.title,
            status=label(autotask.field("Tickets", "status"), ticket.status),
            priority=label(autotask.field("Tickets", "priority"), ticket.priority),
            category=categories.get(ticket.category_id) if ticket.category_id else None,
            checklist=[(i.name, i.is_completed) for i in autotask.ticket_checklist(ticket.id)],
            notes=[note.title for note in autotask.ticket_notes(ticket.id)],
            url=run.ticket.url,
        )
