"""Ticket notes, which several actions post: the request shown, the post, the crash lookup."""

from __future__ import annotations

from datetime import datetime

from kbpilot.integrations.autotask.models import TicketNote
from kbpilot.runs.handlers.base import ActionContext
from kbpilot.runs.model import Request


def note_request(ticket_id: int, title: str, text: str, publish: str) -> Request:
    return Request(
        "POST",
        f"/Tickets/{ticket_id}/Notes",
        {"title": title, "description": text, "publish": publish},
    )


def post_note(ctx: ActionContext, request: Request) -> TicketNote:
    """Post the note a `note_request` describes."""
    body = request.body
    ticket = ctx.ticket()
    return ctx.clients.autotask.add_ticket_note(
        ticket.id, body["title"], body["description"], publish=body["publish"]
    )


def find_note(ctx: ActionContext, request: Request, since: datetime) -> TicketNote | None:
    """The note a lost `post_note` made, if the ticket has it."""
    body = request.body
    notes = ctx.clients.autotask.recent_notes(ctx.ticket().id, body["title"], since)
    return next((n for n in notes if n.description == body["description"]), None)


def internal(ctx: ActionContext) -> str:
    return ctx.clients.autotask.settings.note_publish


def customer_visible(ctx: ActionContext) -> str:
    return ctx.run_settings.customer_note_publish
