"""Sending the customer their runbook: an IT Glue export of their organization, its link in a
customer-visible ticket note, and a runbook summary kbpilot renders from the organization's data
(IT Glue's API has no runbook endpoint).

An export is made once per step: when an earlier attempt of the step (lost in a crash, or failed
at the note) left one that is completed or still running, it is reused, never made again.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.integrations.itglue import wire
from kbpilot.integrations.itglue.models import Export, Organization
from kbpilot.integrations.prepared import PreparedCall
from kbpilot.runs.files import write_text
from kbpilot.runs.handlers.base import ActionContext, Handler
from kbpilot.runs.handlers.notes import customer_visible, note_request, post_note
from kbpilot.runs.model import Outcome, Plan
from kbpilot.runs.store import PENDING
from kbpilot.runs.templates import context
from kbpilot.text_safety import markdown_data, printable_data

NOTE_TITLE = "Your IT runbook"


def _organization(ctx: ActionContext) -> Organization:
    """The organization of the run's company; an `organization` id chooses among several."""
    itglue = ctx.clients.itglue
    chosen = ctx.options.get("organization")
    if chosen:
        if not chosen.strip().isdigit():
            raise KbpilotError(f"organization: give the IT Glue organization's id, not {chosen!r}")
        return itglue.organization(int(chosen))
    company = ctx.run.company
    found = itglue.organizations(filters={"name": company})
    matches = [org for org in found if org.name.lower() == company.lower()]
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(f"{org.name} (id {org.id}, {org.status_name})" for org in matches)
        raise KbpilotError(
            f"{len(matches)} IT Glue organizations are named {company!r}: {listed}; "
            "choose one with --field organization=ID"
        )
    raise KbpilotError(
        f"no IT Glue organization is named {company!r}; give one with --field organization=ID"
    )


def _reusable(ctx: ActionContext, organization_id: int, since: datetime) -> Export | None:
    """The newest export of the organization since `since` that is completed or running."""
    exports = ctx.clients.itglue.recent_exports(organization_id, since)
    return next((e for e in exports if e.status != wire.EXPORT_FAILED), None)


def _first_attempt(ctx: ActionContext) -> datetime | None:
    """When this run first started this step's action, if it has."""
    started = (
        e.at
        for e in ctx.run.events
        if e.kind == PENDING
        and e.step == ctx.step.path
        and e.data.get("action") == ctx.step.action_name
    )
    first = next(started, None)
    return datetime.fromisoformat(first) if first else None


def runbook_data(ctx: ActionContext, organization: Organization) -> dict[str, Any]:
    """What the runbook summary shows of an organization."""
    itglue = ctx.clients.itglue
    return {
        "organization": {"id": organization.id, "name": organization.name},
        "contacts": [
            {"name": c.name, "title": c.title, "email": c.primary_email}
            for c in itglue.contacts(organization.id)
        ],
        "configurations": [
            {"name": c.name, "hostname": c.hostname, "type": c.type_name, "status": c.status_name}
            for c in itglue.configurations(organization.id)
        ],
        "documents": [
            {"name": d.name, "published": d.published}
            for d in itglue.documents(organization.id)
            if not d.archived
        ],
    }


class SendRunbook(Handler):
    """`itglue.send_runbook {to}`: export, wait, link to the contact, summary files."""

    name = "itglue.send_runbook"

    def plan(self, ctx: ActionContext) -> Plan:
        ticket = ctx.ticket()
        if not ctx.run.contact:
            raise KbpilotError(f"run {ctx.run.id} has no contact to send the runbook to")
        organization = _organization(ctx)
        lines = [
            "export the organization's IT Glue documentation and send its link",
            f"organization: {organization.name} (id {organization.id})",
            f"to: {ctx.run.contact} (note on ticket {ticket.number}, customer-visible)",
            "runbook summary: contacts, configurations and documents, as Markdown and HTML",
        ]
        resolved: dict[str, Any] = {
            "organization_id": organization.id,
            "organization": organization.name,
        }
        # The note's text carries the export's link, so it is prepared once the export is done.
        requests = [PreparedCall("POST", f"/Tickets/{ticket.id}/Notes", {"title": NOTE_TITLE})]
        since = _first_attempt(ctx)
        earlier = _reusable(ctx, organization.id, since) if since else None
        if earlier is None:
            requests.insert(0, ctx.clients.itglue.prepare_export(organization.id))
        else:
            resolved["export_id"] = earlier.id
            lines.insert(
                2, f"export: {earlier.id} ({earlier.status}), made by this step before; reused"
            )
        return Plan(self.name, lines, requests, resolved)

    def execute(self, ctx: ActionContext, plan: Plan) -> Outcome:
        itglue = ctx.clients.itglue
        organization = itglue.organization(plan.resolved["organization_id"])
        export_id = plan.resolved.get("export_id") or itglue.send_export(plan.requests[0]).id
        export = itglue.wait_for_export(export_id)
        values = {**context(ctx.run), **runbook_data(ctx, organization)}
        values["export"] = {"id": export.id, "url": export.download_url}
        stem = ctx.output_dir / f"runbook-{organization.id}"
        markdown = write_text(
            stem.with_suffix(".md"), ctx.templates.render("runbook.md.j2", markdown_data(values))
        )
        values = printable_data(values)
        html = write_text(
            stem.with_suffix(".html"), ctx.templates.render("runbook.html.j2", values)
        )
        message = ctx.templates.render("runbook_note.txt.j2", values).strip()
        request = note_request(ctx, NOTE_TITLE, message, customer_visible(ctx))
        note = post_note(ctx, request)
        return Outcome(
            {
                **plan.resolved,
                "export_id": export.id,
                "export_url": export.download_url,
                "note_id": note.id,
                "summary_md": str(markdown),
                "summary_html": str(html),
            }
        )

    def reconcile(self, ctx: ActionContext, plan: Plan, since: datetime) -> Outcome | None:
        """The export first (none: nothing happened), then the note that completes the step;
        an export without its note is left for the next attempt's plan to reuse."""
        export = _reusable(ctx, plan.resolved["organization_id"], since)
        if export is None:
            return None
        notes = ctx.clients.autotask.recent_notes(ctx.ticket().id, NOTE_TITLE, since)
        if not notes:
            return None
        return Outcome(
            {
                **plan.resolved,
                "export_id": export.id,
                "export_url": export.download_url,
                "note_id": notes[-1].id,
                "message": notes[-1].description,
            }
        )


HANDLERS = (SendRunbook(),)
