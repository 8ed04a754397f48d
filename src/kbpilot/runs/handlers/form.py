"""The "Fill in required information" form: its fields, and pushing the values to the ticket.

Ticket fields (required, still empty) are PATCHed onto the ticket; the procedure's own fields,
which have no ticket field, go to the ticket as an internal note listing each value.
"""

from __future__ import annotations

from datetime import datetime

from kbpilot.runs.forms import FieldsMissing, FormField, missing
from kbpilot.runs.handlers.base import ActionContext, Handler
from kbpilot.runs.handlers.notes import find_note, internal, note_request, post_note
from kbpilot.runs.model import Outcome, Plan

NOTE_TITLE = "Required information"


def form_fields(ctx: ActionContext) -> list[FormField]:
    """The procedure's fields, then the ticket's required fields that are still empty."""
    fields = [FormField.of(field) for field in ctx.step.field_defs]
    if ctx.run.ticket is not None:
        autotask = ctx.clients.autotask
        ticket = autotask.ticket(ctx.run.ticket.id)
        fields += [
            FormField.of_ticket(info) for info in autotask.missing_required("Tickets", ticket.raw)
        ]
    return fields


def _shown(value: object) -> str:
    return "" if value is None else str(value)


class RequiredInformation(Handler):
    """Submit the form: every required field must have a value."""

    name = "form.required_information"

    def plan(self, ctx: ActionContext) -> Plan:
        ticket = ctx.ticket()
        fields = form_fields(ctx)
        saved = ctx.step.fields
        absent = missing(fields, saved)
        if absent:
            raise FieldsMissing(ctx.step.path, absent)
        lines = ["push the required information to the ticket", f"ticket: {ticket.number}"]
        lines += [f"{f.label}: {_shown(saved.get(f.key))}" for f in fields]
        requests = []
        ticket_fields = {
            f.ticket_field: f.wire_value(saved[f.key]) for f in fields if f.ticket_field
        }
        if ticket_fields:
            requests.append(ctx.clients.autotask.prepare_update(ticket.id, ticket_fields))
        text = "\n".join(
            f"{f.label}: {_shown(saved.get(f.key))}" for f in fields if not f.ticket_field
        )
        if text:
            requests.append(note_request(ctx, NOTE_TITLE, text, internal(ctx)))
        return Plan(self.name, lines, requests, {"values": dict(saved)})

    def execute(self, ctx: ActionContext, plan: Plan) -> Outcome:
        result: dict[str, object] = {"fields": plan.resolved["values"]}
        for request in plan.requests:
            if request.method == "PATCH":
                ctx.clients.autotask.send_update(request)
            else:
                result["note_id"] = post_note(ctx, request).id
        return Outcome(result)

    def reconcile(self, ctx: ActionContext, plan: Plan, since: datetime) -> Outcome | None:
        notes = [r for r in plan.requests if r.method == "POST"]
        if not notes:
            return None
        note = find_note(ctx, notes[0], since)
        return Outcome({"fields": plan.resolved["values"], "note_id": note.id}) if note else None
