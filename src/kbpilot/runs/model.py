"""A run as plain data: its context, its steps' states, results, fields and notes, its events.

No I/O here: `store` persists these, `service` changes them. `Run.to_dict()` is the run JSON of
DESIGN.md (`kbpilot run show --json`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.integrations.prepared import PreparedCall
from kbpilot.model import Field
from kbpilot.runs.addresses import normalise
from kbpilot.runs.step_changes import StepChange, from_event


class StepState(StrEnum):
    """Where a step of a run stands."""

    TODO = "todo"
    DONE = "done"
    NOT_APPLICABLE = "not_applicable"
    FAILED = "failed"


@dataclass(frozen=True)
class TicketRef:
    """The run's Autotask ticket, once created (or given when the run started)."""

    id: int
    number: str
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "url": self.url}


@dataclass(frozen=True)
class TicketView:
    """The run's ticket as Autotask holds it now: what the ticket dialog shows."""

    number: str
    title: str
    status: str
    priority: str
    category: str | None
    checklist: list[tuple[str, bool]]
    notes: list[str]
    url: str | None = None


@dataclass(frozen=True)
class Note:
    """A note a technician wrote on a step."""

    at: str
    who: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"at": self.at, "who": self.who, "text": self.text}


@dataclass(frozen=True)
class Event:
    """One entry of a run's append-only log: who did what, when."""

    seq: int
    at: str
    who: str
    kind: str
    step: str | None
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "who": self.who,
            "kind": self.kind,
            "step": self.step,
            "data": self.data,
        }


@dataclass(frozen=True)
class ChecklistLink:
    """An item of the ticket's checklist and the run step it stands for (None: no step)."""

    item_id: int
    name: str
    step: str | None
    completed: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "name": self.name,
            "step": self.step,
            "completed": self.completed,
        }


@dataclass
class RunStep:
    """A step of the run's own copy of the procedure, and what happened to it."""

    path: str
    text: str
    condition: str | None = None
    action_name: str | None = None
    params: dict[str, str] = field(default_factory=dict)
    field_defs: list[Field] = field(default_factory=list)
    source: str | None = None
    state: StepState = StepState.TODO
    reason: str | None = None
    error: str | None = None
    result: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)
    updated_at: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state in (StepState.TODO, StepState.FAILED)

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.path,
            "text": self.text,
            "condition": self.condition,
            "action": {"name": self.action_name, "params": dict(self.params)}
            if self.action_name
            else None,
            "source": self.source,
            "state": str(self.state),
            "reason": self.reason,
            "error": self.error,
            "result": self.result,
            "fields": self.fields,
            "notes": [note.to_dict() for note in self.notes],
            "updated_at": self.updated_at,
        }


@dataclass
class Run:
    """One technician following one procedure for one customer."""

    id: str
    article_id: str
    article_title: str
    article_source: str
    content_hash: str
    company: str
    company_id: int | None
    contact: str | None
    contact_id: int | None
    technician: str
    role: str
    practice: bool
    sandbox: bool
    created_at: str
    updated_at: str
    contact_email: str | None = None
    origin: dict[str, Any] | None = None
    ticket: TicketRef | None = None
    steps: list[RunStep] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    checklist: list[ChecklistLink] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)

    @property
    def progress(self) -> tuple[int, int]:
        """(steps finished, steps in all); a step not applicable counts as finished."""
        finished = sum(not step.is_open for step in self.steps)
        return finished, len(self.steps)

    @property
    def finished(self) -> bool:
        done, total = self.progress
        return done == total

    def step(self, path: str) -> RunStep:
        """The step at a path as shown ("3", "2.1", "P2.1"); a KbpilotError naming the valid
        ones."""
        wanted = normalise(path)
        for step in self.steps:
            if step.path == wanted:
                return step
        valid = ", ".join(step.path for step in self.steps)
        raise KbpilotError(f"run {self.id} has no step {path!r}; its steps are {valid}")

    def changes_since_last_run(self) -> list[StepChange]:
        """How the procedure's steps changed since the last run of the article (`step_changes`)."""
        started = next((event for event in self.events if event.kind == "run.started"), None)
        return from_event(started.data) if started else []

    def linked_steps(self) -> dict[str, str]:
        """The path of the step each item of the ticket's checklist stands for, by item name."""
        return {link.name: link.step for link in self.checklist if link.step}

    def field_values(self) -> dict[str, Any]:
        """Every field typed in any step of the run, by key."""
        values: dict[str, Any] = {}
        for step in self.steps:
            values.update(step.fields)
        return values

    def result_of(self, action_name: str) -> dict[str, Any]:
        """The result of the last done step with that action (empty when none)."""
        for step in reversed(self.steps):
            if step.action_name == action_name and step.state is StepState.DONE:
                return step.result
        return {}

    def to_dict(self) -> dict[str, Any]:
        """The run's JSON (docs/json.md); `origin` only for a run of a synced article."""
        done, total = self.progress
        data: dict[str, Any] = {
            "id": self.id,
            "article": self.article_id,
            "article_title": self.article_title,
            "company": self.company,
            "contact": self.contact,
            "contact_email": self.contact_email,
            "ticket": {"id": self.ticket.id, "number": self.ticket.number, "url": self.ticket.url}
            if self.ticket
            else None,
            "technician": self.technician,
            "practice": self.practice,
            "sandbox": self.sandbox,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "progress": {"done": done, "total": total},
            "pending": list(self.pending),
            "steps": [step.to_dict() for step in self.steps],
            "checklist": [link.to_dict() for link in self.checklist],
            "events": [event.to_dict() for event in self.events],
        }
        if self.origin is not None:
            data["origin"] = dict(self.origin)
        return data


@dataclass
class Plan:
    """What a step's action will do: the calls its clients prepared (`integrations.prepared`)
    and a human-readable account, names resolved.

    `resolved` keeps what planning looked up (ids, choices) for the execution to use as is.
    """

    action: str
    lines: list[str]
    requests: list[PreparedCall] = field(default_factory=list)
    resolved: dict[str, Any] = field(default_factory=dict)

    @property
    def method(self) -> str:
        return self.requests[0].method if self.requests else ""

    @property
    def endpoint(self) -> str:
        return self.requests[0].endpoint if self.requests else ""

    @property
    def body(self) -> dict[str, Any]:
        return self.requests[0].body if self.requests else {}

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "lines": list(self.lines),
            "requests": [request.to_dict() for request in self.requests],
            "resolved": self.resolved,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Plan:
        return cls(
            action=data["action"],
            lines=list(data["lines"]),
            requests=[PreparedCall.from_dict(request) for request in data["requests"]],
            resolved=dict(data["resolved"]),
        )


@dataclass
class Outcome:
    """What an executed action produced: the step's result, and the ticket when it made one."""

    result: dict[str, Any]
    ticket: TicketRef | None = None
    checklist: list[ChecklistLink] | None = None
