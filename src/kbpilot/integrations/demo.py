"""The integrations' end-to-end demonstration (`kbpilot sandbox demo`): the offboarding
workflow's actions, in order, through the clients.

Ticket for the company, its category, the offboarding checklist library, a note, and an IT
Glue export of the matching organization with its download link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kbpilot.integrations.autotask.client import TicketDraft
from kbpilot.integrations.factory import Integrations

CATEGORY = "Administrative Change/Request"
LIBRARY = "[OFFBOARDING] Offboard Managed Services Customer"


@dataclass
class DemoResult:
    """What each step produced, in the order the steps ran."""

    steps: list[tuple[str, str]] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def record(self, step: str, outcome: str, **data: Any) -> None:
        self.steps.append((step, outcome))
        self.data.update(data)


def run_demo(integrations: Integrations, company_name: str, contact_name: str) -> DemoResult:
    autotask, itglue = integrations.autotask, integrations.itglue
    result = DemoResult()
    company = autotask.company_by_name(company_name)
    contact = autotask.contact_by_name(company.id, contact_name)
    ticket = autotask.create_ticket(
        TicketDraft(
            company_id=company.id,
            contact_id=contact.id,
            title=f"Offboarding: {company.name}",
            description=f"Offboard {company.name} (contact {contact.name}).",
        )
    )
    result.record("create ticket", f"{ticket.number} (id {ticket.id})", ticket_id=ticket.id)
    category = autotask.category_by_name(CATEGORY)
    ticket = autotask.set_ticket_category(ticket.id, category.id)
    result.record("set category", category.name, category_id=ticket.category_id)
    library = autotask.library_by_name(LIBRARY)
    items = autotask.apply_checklist_library(ticket.id, library.id)
    result.record("apply checklist library", f"{len(items)} items from {library.name}")
    result.data["checklist"] = [item.name for item in items]
    note = autotask.add_ticket_note(
        ticket.id, "Offboarding started", f"kbpilot started the offboarding of {company.name}."
    )
    result.record("add note", f"note {note.id}", note_id=note.id)
    organization = itglue.organization_by_name(company.name)
    export = itglue.wait_for_export(itglue.create_export(organization.id).id)
    result.record(
        "IT Glue export",
        f"export {export.id} of {organization.name}: {export.download_url}",
        export_id=export.id,
        download_url=export.download_url,
    )
    return result
