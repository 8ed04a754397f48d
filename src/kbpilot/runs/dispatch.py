"""The one registry of action handlers, and the protocol every action follows.

`Dispatcher.execute()`: the role check, the plan, `action.pending` written, the call,
`action.completed` (or `action.failed`) written with the step's new state. `reconcile()`
settles a pending action after a crash by asking its handler what the service holds.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from kbpilot.errors import KbpilotError
from kbpilot.runs.checklist import link_items
from kbpilot.runs.handlers.autotask import (
    AddTicketNote,
    ApplyChecklistLibrary,
    CreateTicket,
    SetTicketCategory,
)
from kbpilot.runs.handlers.base import ActionContext, Handler
from kbpilot.runs.handlers.form import RequiredInformation
from kbpilot.runs.handlers.itglue import SendRunbook
from kbpilot.runs.handlers.notify import SchedulingLink
from kbpilot.runs.handlers.template import RenderTemplate
from kbpilot.runs.model import Event, Outcome, Plan, StepState
from kbpilot.runs.roles import Policy
from kbpilot.runs.store import PENDING, RunStore

HANDLERS: dict[str, Handler] = {
    handler.name: handler
    for handler in (
        CreateTicket(),
        SetTicketCategory(),
        ApplyChecklistLibrary(),
        AddTicketNote(),
        RequiredInformation(),
        SchedulingLink(),
        SendRunbook(),
        RenderTemplate(),
    )
}


def handler_for(name: str | None) -> Handler:
    if name is None:
        raise KbpilotError("this step has no action: mark it done with `run check`")
    handler = HANDLERS.get(name)
    if handler is None:
        raise KbpilotError(f"no handler for the action {name!r}; known: {', '.join(HANDLERS)}")
    return handler


class Dispatcher:
    """Runs steps' actions for one session, under its role policy, recording each in the store."""

    def __init__(self, store: RunStore, policy: Policy, who: str) -> None:
        self.store = store
        self.policy = policy
        self.who = who

    def plan(self, ctx: ActionContext) -> Plan:
        self.policy.check_action(ctx.run)
        return handler_for(ctx.step.action_name).plan(ctx)

    def execute(self, ctx: ActionContext) -> None:
        """Plan, record pending, call, record the outcome; a failure marks the step failed."""
        if ctx.run.pending:
            raise KbpilotError(
                f"run {ctx.run.id} has an action whose outcome is unknown; refresh the run first"
            )
        handler = handler_for(ctx.step.action_name)
        plan = self.plan(ctx)
        action_id = uuid.uuid4().hex[:12]
        data = {"action_id": action_id, "action": handler.name, "plan": plan.to_dict()}
        self.store.record(ctx.run, self.who, PENDING, ctx.step, data)
        try:
            outcome = handler.execute(ctx, plan)
        except KbpilotError as error:
            ctx.step.state, ctx.step.error = StepState.FAILED, str(error)
            self.store.record(
                ctx.run,
                self.who,
                "action.failed",
                ctx.step,
                {"action_id": action_id, "error": str(error)},
            )
            raise
        self._apply(ctx, outcome)
        self.store.record(
            ctx.run,
            self.who,
            "action.completed",
            ctx.step,
            {"action_id": action_id, "result": outcome.result},
        )

    def reconcile(self, ctx: ActionContext, pending: Event) -> bool:
        """Settle one pending action; True when the service shows it happened."""
        handler = handler_for(pending.data["action"])
        plan = Plan.from_dict(pending.data["plan"])
        outcome = handler.reconcile(ctx, plan, datetime.fromisoformat(pending.at))
        if outcome is not None:
            self._apply(ctx, outcome)
        self.store.record(
            ctx.run,
            self.who,
            "action.reconciled",
            ctx.step,
            {
                "action_id": pending.data["action_id"],
                "found": outcome is not None,
                "result": outcome.result if outcome else None,
            },
        )
        return outcome is not None

    def _apply(self, ctx: ActionContext, outcome: Outcome) -> None:
        step, run = ctx.step, ctx.run
        step.state, step.error, step.reason = StepState.DONE, None, None
        step.result = outcome.result
        if outcome.ticket is not None:
            run.ticket = outcome.ticket
        items = outcome.result.get("items")
        if isinstance(items, list):
            pairs = [(item["id"], item["name"]) for item in items]
            others = [s for s in run.steps if s.path != step.path]
            run.checklist = [*run.checklist, *link_items(others, pairs)]
