"""Ticket notes, which several actions post: the call prepared (and shown), sent, and looked for
after a crash."""

from __future__ import annotations

from datetime import datetime

from kbpilot.integrations.autotask.models import TicketNote
from kbpilot.integrations.prepared import PreparedCall
from kbpilot.runs.handlers.base import ActionContext


def note_request(ctx: ActionContext, title: str, text: str, publish: str) -> PreparedCall:
    """The note on the run's ticket, as the Autotask client will send it."""
    return ctx.clients.autotask.prepare_note(ctx.ticket().id, title, text, publish=publish)


def post_note(ctx: ActionContext, call: PreparedCall) -> TicketNote:
    """Send the note a `note_request` prepared."""
    note: TicketNote = ctx.clients.autotask.send_note(call)
    return note


def find_note(ctx: ActionContext, call: PreparedCall, since: datetime) -> TicketNote | None:
    """The note a lost `post_note` made, if the ticket has it."""
    return next(iter(ctx.clients.autotask.notes_like(call, since)), None)


def internal(ctx: ActionContext) -> str:
    return ctx.clients.autotask.settings.note_publish


def customer_visible(ctx: ActionContext) -> str:
    return ctx.run_settings.customer_note_publish
