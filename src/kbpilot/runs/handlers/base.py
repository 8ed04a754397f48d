"""What every action handler is given and owes: the context of the step, a plan, an execution.

Who calls what: `dispatch.Dispatcher` asks a handler for a `Plan` (requests with names resolved,
nothing sent), writes the pending event, calls `execute(ctx, plan)`, and writes the outcome.
After a crash, `reconcile(ctx, plan)` looks in the service for what the lost call did: an
`Outcome` when it finds it, None when it proves nothing happened (the call may then be sent
again).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ClassVar

from kbpilot.errors import KbpilotError
from kbpilot.integrations.factory import Integrations
from kbpilot.runs.model import Outcome, Plan, Run, RunStep, TicketRef
from kbpilot.runs.settings import RunSettings
from kbpilot.runs.templates import Templates
from kbpilot.settings import Settings
from kbpilot.workspace import KnowledgeBase


@dataclass
class ActionContext:
    """Everything a handler may use for one step of one run."""

    run: Run
    step: RunStep
    clients: Integrations
    kb: KnowledgeBase
    settings: Settings
    run_settings: RunSettings
    templates: Templates
    output_dir: Path
    options: dict[str, str] = field(default_factory=dict)

    def ticket(self) -> TicketRef:
        """The run's ticket; an error saying which step creates it when there is none yet."""
        if self.run.ticket is None:
            creator = next(
                (s.path for s in self.run.steps if s.action_name == "autotask.create_ticket"), None
            )
            attach = f"`kbpilot run attach {self.run.id} NUMBER`, or `a` in the TUI"
            hint = (
                f"do step {creator} first, or attach an open ticket ({attach})"
                if creator
                else f"this run has no step that makes one: attach an open ticket ({attach})"
            )
            raise KbpilotError(f"step {self.step.path} needs the run's ticket: {hint}")
        return self.run.ticket

    def param(self, name: str) -> str:
        """A parameter of the step's action; a clear error when the article did not give it."""
        value = self.options.get(name) or self.step.params.get(name)
        if not value:
            raise KbpilotError(
                f"step {self.step.path} ({self.step.action_name}) needs the parameter {name!r}; "
                f"write it in the article (kbpilot lint says how) or give --field {name}=..."
            )
        return value


class Handler(ABC):
    """One action: `plan` looks up and shows, `execute` does, `reconcile` finds a lost call."""

    name: ClassVar[str]
    follows: ClassVar[bool] = False
    """Whether `follow` can find a done step's result changed in the service since."""

    @abstractmethod
    def plan(self, ctx: ActionContext) -> Plan: ...

    @abstractmethod
    def execute(self, ctx: ActionContext, plan: Plan) -> Outcome: ...

    def reconcile(self, ctx: ActionContext, plan: Plan, since: datetime) -> Outcome | None:
        """What a call that may have happened since `since` did; None: it did not happen."""
        return None

    def follow(self, ctx: ActionContext, result: dict[str, Any]) -> dict[str, Any] | None:
        """A done step's result as the service holds it now, for `run refresh` (a request
        that changes after it was sent); None: this action's results never change."""
        return None
