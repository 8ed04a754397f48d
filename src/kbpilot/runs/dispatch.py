"""Finding an action's handler (the run engine's own and each system's), and the protocol every
action follows.

`Dispatcher.execute()`: the role check, the plan, `action.pending` written, the call,
`action.completed` (or `action.failed`) written with the step's new state. `reconcile()`
settles a pending action after a crash by asking its handler what the service holds. The
caller holds the run's lock (`inflight.ActionLocks`) meanwhile; `action.pending` is written
only when the run, as committed, has no unsettled action and the step is not done yet.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache

from kbpilot.errors import KbpilotError
from kbpilot.integrations.registry import handlers as systems_handlers
from kbpilot.runs.checklist import link_items
from kbpilot.runs.handlers.base import ActionContext, Handler
from kbpilot.runs.handlers.form import RequiredInformation
from kbpilot.runs.handlers.notify import SchedulingLink
from kbpilot.runs.handlers.template import RenderTemplate
from kbpilot.runs.model import Event, Outcome, Plan, Run, RunStep, StepState
from kbpilot.runs.roles import Policy
from kbpilot.runs.store import PENDING, RunStore

OWN_HANDLERS: tuple[Handler, ...] = (RequiredInformation(), SchedulingLink(), RenderTemplate())


@cache
def handlers() -> dict[str, Handler]:
    """Every action's handler by name: the run engine's own, then each system's (registry)."""
    return {handler.name: handler for handler in OWN_HANDLERS} | systems_handlers()


def handler_for(name: str | None) -> Handler:
    if name is None:
        raise KbpilotError("this step has no action: mark it done with `run check`")
    handler = handlers().get(name)
    if handler is None:
        raise KbpilotError(f"no handler for the action {name!r}; known: {', '.join(handlers())}")
    return handler


class Dispatcher:
    """Runs steps' actions for one session, under its role policy, recording each in the store."""

    def __init__(self, store: RunStore, policy: Policy, who: str) -> None:
        self.store = store
        self.policy = policy
        self.who = who

    def handler(self, name: str) -> Handler | None:
        return handlers().get(name)

    def plan(self, ctx: ActionContext) -> Plan:
        self.policy.check_action(ctx.run)
        return handler_for(ctx.step.action_name).plan(ctx)

    def execute(self, ctx: ActionContext) -> None:
        """Plan, record pending, call, record the outcome; a failure marks the step failed."""
        refuse_unsettled(ctx.run)
        handler = handler_for(ctx.step.action_name)
        plan = self.plan(ctx)
        action_id = uuid.uuid4().hex[:12]
        path = ctx.step.path
        data: dict[str, object] = {
            "action_id": action_id,
            "action": handler.name,
            "plan": plan.to_dict(),
        }

        def claim(run: Run) -> tuple[str, dict[str, object]]:
            refuse_unsettled(run)
            if run.step(path).state is StepState.DONE:
                raise KbpilotError(f"step {path} is already done")
            return path, data

        self.store.update(ctx.run.id, self.who, PENDING, claim)
        try:
            outcome = handler.execute(ctx, plan)
        except KbpilotError as error:
            message = str(error)

            def failed(run: Run) -> tuple[str, dict[str, object]]:
                step = run.step(path)
                step.state, step.error = StepState.FAILED, message
                return path, {"action_id": action_id, "error": message}

            self.store.update(ctx.run.id, self.who, "action.failed", failed)
            raise

        def completed(run: Run) -> tuple[str, dict[str, object]]:
            apply_outcome(run, run.step(path), outcome)
            return path, {"action_id": action_id, "result": outcome.result}

        self.store.update(ctx.run.id, self.who, "action.completed", completed)

    def reconcile(self, ctx: ActionContext, pending: Event) -> bool:
        """Settle one pending action; True when the service shows it happened."""
        handler = handler_for(pending.data["action"])
        plan = Plan.from_dict(pending.data["plan"])
        outcome = handler.reconcile(ctx, plan, datetime.fromisoformat(pending.at))
        action_id = pending.data["action_id"]
        path = ctx.step.path

        def settle(run: Run) -> tuple[str, dict[str, object]] | None:
            if action_id not in run.pending:
                return None
            if outcome is not None:
                apply_outcome(run, run.step(path), outcome)
            return path, {
                "action_id": action_id,
                "found": outcome is not None,
                "result": outcome.result if outcome else None,
            }

        self.store.update(ctx.run.id, self.who, "action.reconciled", settle)
        return outcome is not None


def refuse_unsettled(run: Run) -> None:
    """A `KbpilotError` when the run has an action whose outcome is unknown: its process died
    (the caller holds the run's lock, so no live process is running it)."""
    if not run.pending:
        return
    started = next(
        e for e in run.events if e.kind == PENDING and e.data.get("action_id") == run.pending[0]
    )
    raise KbpilotError(
        f"step {started.step}'s action was interrupted (started by {started.who} at "
        f"{started.at}) and its outcome is unknown, so nothing was sent: "
        f"`kbpilot run refresh {run.id}` finds what it did"
    )


def apply_outcome(run: Run, step: RunStep, outcome: Outcome) -> None:
    """The step done with the outcome's result; the run's ticket and checklist links."""
    step.state, step.error, step.reason = StepState.DONE, None, None
    step.result = outcome.result
    if outcome.ticket is not None:
        run.ticket = outcome.ticket
    items = outcome.result.get("items")
    if isinstance(items, list):
        pairs = [(item["id"], item["name"]) for item in items]
        others = [s for s in run.steps if s.path != step.path]
        run.checklist = [*run.checklist, *link_items(others, pairs)]
