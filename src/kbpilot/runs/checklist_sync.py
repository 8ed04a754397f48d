"""Keeping the run's steps and its ticket's checklist items in step, both ways.

`push(run_id, path)`: a done step's linked item is completed on the ticket (a failure is kept
as `checklist.push_failed` for the next refresh). `pull(run)`: items completed in Autotask mark
their open steps done (`checklist.synced`, by "Autotask"), and done steps whose items are still
open are pushed again. Which item stands for which step is `runs.checklist`'s business.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.integrations.factory import Integrations
from kbpilot.runs.model import ChecklistLink, Run, StepState
from kbpilot.runs.roles import Policy
from kbpilot.runs.store import Change, RunStore, event_only


class ChecklistSync:
    """The checklist sync of one session; `close_parents(run_id, path)` is the run engine's
    rule for steps whose sub-steps are all finished, applied after a step is done here."""

    def __init__(
        self,
        store: RunStore,
        policy: Policy,
        who: str,
        clients: Callable[[], Integrations],
        close_parents: Callable[[str, str], None],
    ) -> None:
        self.store = store
        self.policy = policy
        self.who = who
        self.clients = clients
        self.close_parents = close_parents

    def pull(self, run: Run) -> None:
        """Bring the ticket's checklist into the run, and the run's done steps to the ticket."""
        assert run.ticket is not None
        items = {i.id: i for i in self.clients().autotask.ticket_checklist(run.ticket.id)}
        for link in run.checklist:
            item = items.get(link.item_id)
            if item is None:
                continue
            step = run.step(link.step) if link.step else None
            if item.is_completed and not link.completed:
                data = {"item_id": item.id, "name": item.name, "step": link.step}
                self.store.update(
                    run.id, "Autotask", "checklist.synced", _completed_in_autotask(link, data)
                )
                if link.step is not None:
                    self.close_parents(run.id, link.step)
            elif not item.is_completed and step is not None and step.state is StepState.DONE:
                self.push(run.id, step.path)

    def push(self, run_id: str, path: str) -> None:
        """Complete the ticket's checklist item of a done step; a failure is kept for refresh."""
        run = self.store.load(run_id)
        for link in run.checklist:
            if link.step != path or link.completed or run.ticket is None:
                continue
            try:
                self.policy.check_action(run)
                self.clients().autotask.complete_checklist_item(run.ticket.id, link.item_id)
            except KbpilotError as error:
                failed = {"item_id": link.item_id, "error": str(error)}
                self.store.update(run.id, self.who, "checklist.push_failed", event_only(failed))
                continue
            data = {"item_id": link.item_id, "name": link.name, "step": path}
            self.store.update(run.id, self.who, "checklist.completed", _link_completed(link, data))


def _link_completed(link: ChecklistLink, data: dict[str, Any]) -> Change:
    """The checklist link of `link`'s item completed, unless it already is."""

    def complete(run: Run) -> tuple[str | None, dict[str, Any]] | None:
        for index, current in enumerate(run.checklist):
            if current.item_id == link.item_id and not current.completed:
                run.checklist[index] = replace(current, completed=True)
                return None, data
        return None

    return complete


def _completed_in_autotask(link: ChecklistLink, data: dict[str, Any]) -> Change:
    """The item completed in Autotask: its link completed and its open step done."""
    completing = _link_completed(link, data)

    def complete(run: Run) -> tuple[str | None, dict[str, Any]] | None:
        entry = completing(run)
        step = run.step(link.step) if link.step else None
        if entry is not None and step is not None and step.is_open:
            step.state, step.error = StepState.DONE, None
            step.result = {
                **step.result,
                "checklist_item": link.item_id,
                "completed_in": "Autotask",
            }
        return entry

    return complete
