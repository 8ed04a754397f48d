"""Autotask actions: the run's ticket, its category, a checklist library, a note."""

from __future__ import annotations

from datetime import datetime

from kbpilot.errors import KbpilotError
from kbpilot.integrations.autotask.client import TicketDraft
from kbpilot.runs.handlers.base import ActionContext, Handler
from kbpilot.runs.handlers.notes import find_note, internal, note_request, post_note
from kbpilot.runs.model import Outcome, Plan, TicketRef
from kbpilot.runs.templates import context

RUN_MARKER = "kbpilot run {id}"


def _ticket_line(ctx: ActionContext) -> str:
    ticket = ctx.ticket()
    return f"ticket: {ticket.number} (id {ticket.id})"


class CreateTicket(Handler):
    """A ticket for the run's company and contact; title and description from templates."""

    name = "autotask.create_ticket"

    def plan(self, ctx: ActionContext) -> Plan:
        run = ctx.run
        if run.ticket is not None:
            raise KbpilotError(f"run {run.id} already has ticket {run.ticket.number}")
        if run.company_id is None:
            raise KbpilotError(f"run {run.id} has no Autotask company")
        autotask = ctx.clients.autotask
        settings = autotask.settings
        values = context(run)
        title = ctx.templates.render("ticket_title.txt.j2", values).strip()
        description = ctx.templates.render("ticket_description.txt.j2", values).strip()
        priority = ctx.options.get("priority") or ctx.step.params.get("priority")
        draft = TicketDraft(
            company_id=run.company_id,
            contact_id=run.contact_id,
            title=title,
            description=description,
            priority=priority or None,
        )
        lines = [
            "create an Autotask ticket",
            f"company: {run.company} (id {run.company_id})",
            f"contact: {run.contact} (id {run.contact_id})" if run.contact else "contact: none",
            f"title: {title}",
            f"status: {settings.ticket_status}",
            f"priority: {priority or settings.ticket_priority}",
            f"queue: {settings.ticket_queue or 'the default queue'}",
            f"description: {description.splitlines()[0] if description else ''}",
        ]
        return Plan(self.name, lines, [autotask.prepare_ticket(draft)])

    def execute(self, ctx: ActionContext, plan: Plan) -> Outcome:
        ticket = ctx.clients.autotask.send_ticket(plan.requests[0])
        return self._outcome(ctx, ticket.id, ticket.number, ticket.title)

    def reconcile(self, ctx: ActionContext, plan: Plan, since: datetime) -> Outcome | None:
        marker = RUN_MARKER.format(id=ctx.run.id)
        body = plan.requests[0].body
        for ticket in ctx.clients.autotask.recent_tickets(body["companyID"], body["title"], since):
            if marker in str(ticket.raw.get("description") or ""):
                return self._outcome(ctx, ticket.id, ticket.number, ticket.title)
        return None

    def _outcome(self, ctx: ActionContext, ticket_id: int, number: str, title: str) -> Outcome:
        # A sandbox ticket has no page in Autotask: the TUI shows it from the simulator instead.
        url = None if ctx.run.sandbox else ctx.run_settings.link(ticket_id)
        return Outcome(
            {"ticket_id": ticket_id, "ticket_number": number, "title": title, "url": url},
            ticket=TicketRef(ticket_id, number, url),
        )


class SetTicketCategory(Handler):
    """The run's ticket gets the category the step names."""

    name = "autotask.set_ticket_category"

    def plan(self, ctx: ActionContext) -> Plan:
        ticket = ctx.ticket()
        category = ctx.clients.autotask.category_by_name(ctx.param("category"))
        lines = [
            "set the ticket's category",
            _ticket_line(ctx),
            f"category: {category.name} (id {category.id})",
        ]
        call = ctx.clients.autotask.prepare_update(ticket.id, {"ticketCategory": category.id})
        resolved = {"category_id": category.id, "category": category.name}
        return Plan(self.name, lines, [call], resolved)

    def execute(self, ctx: ActionContext, plan: Plan) -> Outcome:
        ctx.clients.autotask.send_update(plan.requests[0])
        return Outcome(dict(plan.resolved))

    def reconcile(self, ctx: ActionContext, plan: Plan, since: datetime) -> Outcome | None:
        ticket = ctx.clients.autotask.ticket(ctx.ticket().id)
        return (
            Outcome(dict(plan.resolved))
            if ticket.category_id == plan.resolved["category_id"]
            else None
        )


class ApplyChecklistLibrary(Handler):
    """The library's items are appended to the ticket's checklist."""

    name = "autotask.apply_checklist_library"

    def plan(self, ctx: ActionContext) -> Plan:
        ticket = ctx.ticket()
        autotask = ctx.clients.autotask
        library = autotask.library_by_name(ctx.param("library"))
        names = [item.name for item in autotask.library_items(library.id)]
        lines = [
            "apply a checklist library to the ticket",
            _ticket_line(ctx),
            f"library: {library.name} (id {library.id})",
            f"adds {len(names)} checklist items",
            *(f"  - {name}" for name in names),
        ]
        resolved = {"library_id": library.id, "library": library.name, "names": names}
        return Plan(self.name, lines, [autotask.prepare_library(ticket.id, library.id)], resolved)

    def execute(self, ctx: ActionContext, plan: Plan) -> Outcome:
        added = ctx.clients.autotask.send_library(plan.requests[0])
        return self._outcome(plan, [(item.id, item.name) for item in added])

    def reconcile(self, ctx: ActionContext, plan: Plan, since: datetime) -> Outcome | None:
        items = ctx.clients.autotask.ticket_checklist(ctx.ticket().id)
        names = plan.resolved["names"]
        for start in range(len(items) - len(names) + 1):
            window = items[start : start + len(names)]
            if names and [item.name for item in window] == names:
                return self._outcome(plan, [(item.id, item.name) for item in window])
        return None

    def _outcome(self, plan: Plan, items: list[tuple[int, str]]) -> Outcome:
        return Outcome(
            {
                "library": plan.resolved["library"],
                "library_id": plan.resolved["library_id"],
                "items": [{"id": item_id, "name": name} for item_id, name in items],
            }
        )


class AddTicketNote(Handler):
    """An internal note on the run's ticket: the text given, else the step and its notes."""

    name = "autotask.add_ticket_note"

    def plan(self, ctx: ActionContext) -> Plan:
        values = context(ctx.run)
        values["step"] = {"path": ctx.step.path, "text": ctx.step.text}
        values["text"] = ctx.options.get("text", "")
        values["notes"] = [note.text for note in ctx.step.notes]
        values["export"] = ctx.run.result_of("itglue.send_runbook")
        text = ctx.templates.render("ticket_note.txt.j2", values).strip()
        title = ctx.options.get("title") or f"{ctx.run.article_title}: step {ctx.step.path}"
        request = note_request(ctx, title[:250], text, internal(ctx))
        lines = ["add a note to the ticket", _ticket_line(ctx), f"title: {request.body['title']}"]
        lines += [f"publish: {internal(ctx)}", "text:", *text.splitlines()]
        return Plan(self.name, lines, [request])

    def execute(self, ctx: ActionContext, plan: Plan) -> Outcome:
        note = post_note(ctx, plan.requests[0])
        return Outcome({"note_id": note.id, "title": note.title, "text": note.description})

    def reconcile(self, ctx: ActionContext, plan: Plan, since: datetime) -> Outcome | None:
        note = find_note(ctx, plan.requests[0], since)
        return (
            Outcome({"note_id": note.id, "title": note.title, "text": note.description})
            if note
            else None
        )


HANDLERS = (CreateTicket(), SetTicketCategory(), ApplyChecklistLibrary(), AddTicketNote())
