"""`timezest.scheduling_request {to, with}`: ask the ticket's contact to book an appointment with
a technician through TimeZest, linked to the run's Autotask ticket, company and contact.

kbpilot posts no ticket note of its own: TimeZest e-mails the link, and when the customer books
it adds its own note and may change the ticket's status, which kbpilot never writes back (its
ticket PATCHes carry only the fields they change). A ticket that already has a live request is
not asked twice: the plan shows that request and the step takes it. `run refresh` follows the
request's status (new, sent, scheduled).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.integrations.timezest.models import SchedulingRequest
from kbpilot.runs.handlers.base import ActionContext, Handler
from kbpilot.runs.model import Outcome, Plan


class SchedulingRequestAction(Handler):
    """The request, prepared by the TimeZest client, shown, then sent as is."""

    name = "timezest.scheduling_request"
    follows = True

    def plan(self, ctx: ActionContext) -> Plan:
        ticket = ctx.ticket()
        run = ctx.run
        timezest = ctx.clients.timezest
        if not run.contact or not run.contact_email:
            raise KbpilotError(
                f"run {run.id} has no contact with an e-mail address to ask (--contact)"
            )
        if run.company_id is None:
            raise KbpilotError(f"run {run.id} has no Autotask company")
        settings = timezest.settings
        kind = timezest.appointment_type_by_name(
            ctx.options.get("appointment_type") or settings.appointment_type
        )
        who = ctx.options.get("with") or ctx.step.params.get("with") or settings.resource
        if not who:
            raise KbpilotError(
                f"step {ctx.step.path} names nobody to book with: write 'with NAME' in the "
                "step, or set [timezest] resource in kb/kbpilot.toml"
            )
        resource = timezest.resource_by_name(who)
        resolved: dict[str, Any] = {
            "appointment_type": kind.name,
            "resource": resource.name,
            "to": run.contact,
        }
        lines = [
            "ask the ticket's contact to book an appointment through TimeZest",
            f"ticket: {ticket.number} (id {ticket.id})",
            f"to: {run.contact} <{run.contact_email}>",
            f"with: {resource.name} ({resource.kind})",
            f"appointment type: {kind.name}",
        ]
        live = timezest.requests_for_ticket(ticket.id)
        if live:
            resolved["request_id"] = live[-1].id
            lines.append(
                f"already asked: request {live[-1].id} ({live[-1].status}); not sent again"
            )
            return Plan(self.name, lines, [], resolved)
        lines.append(f"TimeZest sends it: {settings.trigger_mode} (no ticket note from kbpilot)")
        call = timezest.prepare_scheduling_request(
            kind,
            resource,
            name=run.contact,
            email=run.contact_email,
            ticket_id=ticket.id,
            company_id=run.company_id,
            contact_id=run.contact_id,
        )
        return Plan(self.name, lines, [call], resolved)

    def execute(self, ctx: ActionContext, plan: Plan) -> Outcome:
        timezest = ctx.clients.timezest
        if plan.requests:
            request = timezest.send_scheduling_request(plan.requests[0])
        else:
            request = timezest.scheduling_request(plan.resolved["request_id"])
        return Outcome(_result(plan.resolved, request))

    def reconcile(self, ctx: ActionContext, plan: Plan, since: datetime) -> Outcome | None:
        live = ctx.clients.timezest.requests_for_ticket(ctx.ticket().id)
        return Outcome(_result(plan.resolved, live[-1])) if live else None

    def follow(self, ctx: ActionContext, result: dict[str, Any]) -> dict[str, Any] | None:
        if "timezest" not in ctx.clients:
            return None
        request = ctx.clients.timezest.scheduling_request(str(result["request_id"]))
        return {**result, "status": request.status, "link": request.url}


def _result(resolved: dict[str, Any], request: SchedulingRequest) -> dict[str, Any]:
    return {**resolved, "request_id": request.id, "status": request.status, "link": request.url}


HANDLERS = (SchedulingRequestAction(),)
