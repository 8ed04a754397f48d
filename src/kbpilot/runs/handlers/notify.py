"""Sending the ticket contact a person's scheduling link, as a customer-visible ticket note."""

from __future__ import annotations

from datetime import datetime

from kbpilot.errors import KbpilotError
from kbpilot.runs.handlers.base import ActionContext, Handler
from kbpilot.runs.handlers.notes import customer_visible, find_note, note_request, post_note
from kbpilot.runs.model import Outcome, Plan
from kbpilot.runs.templates import context


class SchedulingLink(Handler):
    """`notify.scheduling_link {to, with}`: the message rendered from scheduling_link.txt.j2."""

    name = "notify.scheduling_link"

    def plan(self, ctx: ActionContext) -> Plan:
        ticket = ctx.ticket()
        run = ctx.run
        who = ctx.param("with")
        person = ctx.settings.person(who)
        if person is None or not person.scheduling_link:
            raise KbpilotError(
                f"no scheduling link for {who!r}: add [people.{who.lower()}] with "
                'scheduling_link = "https://..." to kb/kbpilot.toml'
            )
        if not run.contact:
            raise KbpilotError(f"run {run.id} has no contact to send the link to (--contact)")
        values = context(run)
        values["person"] = {"name": person.name, "link": person.scheduling_link}
        message = ctx.templates.render("scheduling_link.txt.j2", values).strip()
        title = f"Remote appointment with {person.name}"
        request = note_request(ctx, title, message, customer_visible(ctx))
        lines = [
            "send the scheduling link as a ticket note the contact sees",
            f"ticket: {ticket.number} (id {ticket.id})",
            f"to: {run.contact}" + (f" <{run.contact_email}>" if run.contact_email else ""),
            f"with: {person.name}: {person.scheduling_link}",
            f"publish: {customer_visible(ctx)}",
            "message:",
            *message.splitlines(),
        ]
        resolved = {"link": person.scheduling_link, "person": person.name, "to": run.contact}
        return Plan(self.name, lines, [request], resolved)

    def execute(self, ctx: ActionContext, plan: Plan) -> Outcome:
        note = post_note(ctx, plan.requests[0])
        return Outcome({**plan.resolved, "note_id": note.id, "message": note.description})

    def reconcile(self, ctx: ActionContext, plan: Plan, since: datetime) -> Outcome | None:
        note = find_note(ctx, plan.requests[0], since)
        if note is None:
            return None
        return Outcome({**plan.resolved, "note_id": note.id, "message": note.description})
