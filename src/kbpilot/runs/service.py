"""The run engine's one entry point, for the CLI and the TUI: `RunService.open(workspace, ...)`.

Every method is synchronous (the TUI calls them from worker threads) and raises only
`KbpilotError`s for what a user should read. Each change is one store transaction; actions go
through `Dispatcher` (role check, pending/completed events) while the service holds the run's
lock (`inflight`): one action in flight per run, across processes; `refresh()` settles pending
actions whose process died and syncs the ticket's checklist both ways (`checklist_sync`). Every
change is applied to the run as committed (`RunStore.update`), so concurrent changes never lose
one another. What the pickers and the ticket dialog look up is `lookups` (`runs.lookups`).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence
from typing import Any

from kbpilot import paths
from kbpilot.errors import KbpilotError
from kbpilot.integrations.autotask.models import Ticket
from kbpilot.integrations.factory import Integrations, connect
from kbpilot.runs.checklist import link_new_steps
from kbpilot.runs.checklist_sync import ChecklistSync
from kbpilot.runs.dispatch import Dispatcher
from kbpilot.runs.export import render_export
from kbpilot.runs.files import run_folder
from kbpilot.runs.forms import FieldError, FormField, type_values
from kbpilot.runs.handlers.base import ActionContext
from kbpilot.runs.handlers.form import form_fields
from kbpilot.runs.includes import INCLUDED, include_steps
from kbpilot.runs.inflight import ActionLocks, Holder
from kbpilot.runs.lookups import Lookups
from kbpilot.runs.model import Note, Plan, Run, RunStep, StepState, TicketRef
from kbpilot.runs.roles import Policy
from kbpilot.runs.settings import RunSettings
from kbpilot.runs.snapshot import run_steps
from kbpilot.runs.step_changes import compare
from kbpilot.runs.store import Change, RunStore, event_only, utc_now
from kbpilot.runs.templates import Templates
from kbpilot.runs.tickets import ATTACHED, attaching, open_ticket
from kbpilot.technician import technician_name
from kbpilot.workspace import KnowledgeBase, Workspace

FORM_ACTION = "form.required_information"
SUMMARY_TITLE = "kbpilot run summary"
SUMMARY_EVENTS = ("summary.posted", "summary.updated")


class RunService:
    """Runs of one KB for one session (role, sandbox or not, the integrations' clients)."""

    def __init__(
        self,
        workspace: Workspace,
        policy: Policy,
        store: RunStore,
        connections: Integrations | None,
    ) -> None:
        self.workspace = workspace
        self.policy = policy
        self.store = store
        self.run_settings = RunSettings.from_raw(workspace.settings.raw)
        self.technician = technician_name()
        self.templates = Templates(workspace.root)
        self.dispatcher = Dispatcher(store, policy, self.technician)
        self.locks = ActionLocks(store.path.with_name("run-locks"))
        self.checklist_sync = ChecklistSync(
            store, policy, self.technician, lambda: self.clients, self._close_parents
        )
        self.lookups = Lookups(policy, lambda: self.clients, self.get)
        self._connections = connections
        self._owns_connections = connections is None
        self._kb: KnowledgeBase | None = None
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls,
        workspace: Workspace,
        role: str = "technician",
        sandbox: bool = False,
        connections: Integrations | None = None,
    ) -> RunService:
        """The service for a KB; a trainee always gets the sandbox, whatever else is set."""
        policy = Policy(role, sandbox or role == "trainee")
        return cls(workspace, policy, RunStore(paths.runs_db_path()), connections)

    def close(self) -> None:
        if self._owns_connections and self._connections is not None:
            self._connections.close()
        self.store.close()

    @property
    def role(self) -> str:
        return self.policy.role

    @property
    def sandbox(self) -> bool:
        return self.policy.sandbox

    @property
    def clients(self) -> Integrations:
        """The integrations' clients, connected on first use (reading runs needs none)."""
        with self._lock:
            if self._connections is None:
                self._connections = connect(
                    sandbox=self.sandbox,
                    kb_root=self.workspace.root,
                    raw_settings=self.workspace.settings.raw,
                )
            return self._connections

    def knowledge_base(self, reload: bool = False) -> KnowledgeBase:
        with self._lock:
            if self._kb is None or reload:
                self._kb = self.workspace.load()
            return self._kb

    # runs -----------------------------------------------------------------------------------

    def start(
        self,
        article: str,
        company: str | None,
        contact: str | None = None,
        include: Sequence[str] = (),
        procedures: Sequence[str] = (),
        ticket: str | None = None,
    ) -> Run:
        """A new run of an article's procedure for a company (and contact) found in Autotask;
        `include` names referenced articles to add as sub-checklists (see `include()`),
        `procedures` those of the article's procedures to follow (all when empty). `ticket`
        is the number of an open ticket the run works on (see `runs.tickets`): the company
        and contact are the ticket's unless given, and a given company must be its."""
        self.policy.check_start()
        kb = self.knowledge_base(reload=True)
        found = kb.find(article)
        if found is None:
            raise KbpilotError(
                f"no article {article!r} in the KB (give an id, a title, an alias or a file; "
                "`kbpilot search` finds ids)"
            )
        steps = run_steps(found, procedures)
        if not steps:
            raise KbpilotError(f"{found.title!r} has no numbered procedure to run")
        included: list[tuple[str, str | None, dict[str, Any]]] = []
        for given in include:
            added, data = include_steps(steps, found, kb, given)
            steps += added
            included.append((INCLUDED, added[0].path, data))
        autotask = self.clients.autotask
        if not company and not ticket:
            raise KbpilotError("give the run's company (--company NAME) or its ticket (--ticket)")
        record = autotask.company_by_name(company) if company else None
        existing = open_ticket(autotask, ticket, record.id if record else None) if ticket else None
        if record is None:
            assert existing is not None
            record = autotask.company(existing.company_id)
        person = autotask.contact_by_name(record.id, contact) if contact else None
        if person is None and existing is not None and existing.contact_id is not None:
            people = autotask.contacts(record.id)
            person = next((p for p in people if p.id == existing.contact_id), None)
        now = utc_now()
        run = Run(
            id=uuid.uuid4().hex[:8],
            article_id=found.id,
            article_title=found.title,
            article_source=found.source,
            content_hash=found.content_hash,
            company=record.name,
            company_id=record.id,
            contact=person.name if person else None,
            contact_id=person.id if person else None,
            contact_email=person.email if person else None,
            origin=found.origin.to_dict() if found.origin else None,
            technician=self.technician,
            role=self.role,
            practice=self.policy.practice,
            sandbox=self.sandbox,
            created_at=now,
            updated_at=now,
            steps=steps,
        )
        if existing is not None:
            entry = attaching(self._ticket_ref(existing), existing.title)(run)
            assert entry is not None
            included.append((ATTACHED, entry[0], entry[1]))
        self.store.create(
            run,
            self.technician,
            {
                "article": found.id,
                "company": record.name,
                "contact": run.contact,
                "role": self.role,
                "practice": run.practice,
                "sandbox": self.sandbox,
                **self._since_last_run(run),
            },
            events=included,
        )
        return self.get(run.id)

    def _since_last_run(self, run: Run) -> dict[str, Any]:
        """`since_last_run` for the start event: how the procedure's steps changed since the
        last run of the same article, when the article changed since (nothing otherwise)."""
        earlier = [r for r in self.list_runs() if r.article_id == run.article_id]
        if not earlier:
            return {}
        last = max(earlier, key=lambda r: r.created_at)
        if last.content_hash == run.content_hash:
            return {}
        changes = compare(_own_steps(last), _own_steps(run))
        if not changes:
            return {}
        return {
            "since_last_run": {
                "run": last.id,
                "started": last.created_at,
                "changes": [change.to_dict() for change in changes],
            }
        }

    def include(self, run_id: str, article: str) -> Run:
        """Add an article the run's article refers to (see also, related) as step N: its
        procedure's steps nested below N, or N fills it in when it is a template. A trainee may
        include too: it changes the practice run's checklist, not any system."""
        run = self.get(run_id)
        self.policy.check_change(run)
        kb = self.knowledge_base(reload=True)
        own = kb.by_id.get(run.article_id)
        if own is None:
            raise KbpilotError(
                f"{run.article_title!r} is no longer in the KB, so its references cannot be "
                "included"
            )

        def add(run: Run) -> tuple[str, dict[str, Any]]:
            added, data = include_steps(run.steps, own, kb, article)
            run.steps += added
            run.checklist = link_new_steps(run.checklist, added)
            return added[0].path, data

        return self.store.update(run.id, self.technician, INCLUDED, add)

    def attach(self, run_id: str, number: str) -> Run:
        """Make an open ticket of the run's company the run's ticket, as if a step had created
        it; refused when the run has one. It holds the run's lock like an action, and the
        store refuses a second ticket, so two processes never attach two."""
        run = self.get(run_id)
        self.policy.check_action(run)
        with self.locks.hold(run.id, Holder.now("attaching a ticket", self.technician)):
            run = self.get(run.id)
            if run.ticket is not None:
                raise KbpilotError(f"run {run.id} already has ticket {run.ticket.number}")
            found = open_ticket(self.clients.autotask, number, run.company_id)
            change = attaching(self._ticket_ref(found), found.title)
            run = self._change(run.id, ATTACHED, change)
        for path in run.events[-1].data["steps_done"]:
            self._close_parents(run.id, path)
        return self.get(run.id)

    def _ticket_ref(self, ticket: Ticket) -> TicketRef:
        # A sandbox ticket has no page in Autotask, so it is never linked.
        url = None if self.sandbox else self.run_settings.link(ticket.id)
        return TicketRef(ticket.id, ticket.number, url)

    def act_as(self, technician: str) -> None:
        """Record what happens from now on under this technician's name (the TUI's first-start
        question answered while the service is open)."""
        self.technician = technician
        self.dispatcher.who = technician

    def in_flight(self, run_id: str) -> Holder | None:
        """Who is running an action of the run right now (another process, or this one), if
        anyone: a pending action with a holder is in progress, without one its outcome is
        unknown."""
        return self.locks.holder(self.get(run_id).id)

    def get(self, run_id: str) -> Run:
        return self.store.load(self.store.resolve_id(run_id))

    def list_runs(self) -> list[Run]:
        """Every run, those in progress first."""
        return [self.store.load(run_id) for run_id in self.store.run_ids()]

    def article_changed(self, run_id: str) -> bool:
        """Has the run's article changed (or gone) since the run copied its procedure?"""
        run = self.get(run_id)
        path = self.workspace.root / run.article_source
        if not path.is_file():
            return True
        return self.workspace.parse(path).content_hash != run.content_hash

    # steps ----------------------------------------------------------------------------------

    def _context(
        self, run: Run, step: RunStep, options: dict[str, str] | None = None
    ) -> ActionContext:
        return ActionContext(
            run=run,
            step=step,
            clients=self.clients,
            kb=self.knowledge_base(),
            settings=self.workspace.settings,
            run_settings=self.run_settings,
            templates=self.templates,
            output_dir=run_folder(run.id),
            options=dict(options or {}),
        )

    def plan(self, run_id: str, step: str, options: dict[str, str] | None = None) -> Plan:
        """What doing the step would send, names resolved; nothing is sent or recorded.
        `options` are those `do` would be given (`organization`, `attach`, `text`, `priority`)."""
        run = self.get(run_id)
        target = run.step(step)
        self.policy.check_action(run)
        return self.dispatcher.plan(self._context(run, target, options))

    def do(self, run_id: str, step: str, fields: dict[str, str] | None = None) -> Run:
        """Execute the step's action. For the form, `fields` are saved first; for other
        actions they are options (`organization`, `attach`, `text`, `priority`). While another
        process (or thread) acts on the run, `ActionInFlight` and nothing is sent."""
        run = self.get(run_id)
        path = run.step(step).path
        self.policy.check_action(run)
        if run.step(path).state is StepState.DONE:
            raise KbpilotError(f"step {path} is already done")
        options = dict(fields or {})
        if run.step(path).action_name == FORM_ACTION and options:
            self.save_fields(run.id, path, options)
            options = {}
        with self.locks.hold(run.id, Holder.now(f"step {path}'s action", self.technician)):
            run = self.get(run.id)
            if run.step(path).state is StepState.DONE:
                raise KbpilotError(f"step {path} is already done")
            self.dispatcher.execute(self._context(run, run.step(path), options))
        self.checklist_sync.push(run.id, path)
        self._close_parents(run.id, path)
        return self.get(run.id)

    def _change(self, run_id: str, kind: str, change: Change) -> Run:
        """`change` applied to the run as committed, under the role's rule for changes."""
        self.policy.check_change(self.get(run_id))
        return self.store.update(run_id, self.technician, kind, change)

    def check(self, run_id: str, step: str) -> Run:
        """Mark a step done by hand; its checklist item on the ticket is completed too."""
        run = self.get(run_id)
        path = run.step(step).path

        def done(run: Run) -> tuple[str, dict[str, Any]]:
            target = run.step(path)
            target.state, target.error, target.reason = StepState.DONE, None, None
            return path, {}

        self._change(run.id, "step.checked", done)
        self.checklist_sync.push(run.id, path)
        self._close_parents(run.id, path)
        return self.get(run.id)

    def skip(self, run_id: str, step: str, reason: str) -> Run:
        """Mark a step not applicable; the reason is required."""
        if not reason.strip():
            raise KbpilotError("say why the step does not apply (--reason TEXT)")
        run = self.get(run_id)
        path = run.step(step).path

        def not_applicable(run: Run) -> tuple[str, dict[str, Any]]:
            target = run.step(path)
            target.state, target.reason = StepState.NOT_APPLICABLE, reason.strip()
            target.error = None
            return path, {"reason": reason.strip()}

        self._change(run.id, "step.skipped", not_applicable)
        self._close_parents(run.id, path)
        return self.get(run.id)

    def _close_parents(self, run_id: str, changed: str) -> None:
        """A step with no action of its own is done once none of its sub-steps is open (the
        sub-steps of a procedure, or of an included article)."""
        path = changed
        while "." in path:
            path = path.rsplit(".", 1)[0]
            run = self.store.update(run_id, self.technician, "step.checked", _closing(path))
            if run.step(path).state is StepState.DONE:
                self.checklist_sync.push(run.id, path)

    def add_note(self, run_id: str, step: str, text: str) -> Run:
        if not text.strip():
            raise KbpilotError("a note needs some text")
        run = self.get(run_id)
        path = run.step(step).path
        note = Note(utc_now(), self.technician, text.strip())

        def add(run: Run) -> tuple[str, dict[str, Any]]:
            run.step(path).notes.append(note)
            return path, {"text": note.text}

        return self._change(run.id, "note.added", add)

    def form_fields(self, run_id: str, step: str) -> list[FormField]:
        """The fields of a step's form: the procedure's, then the ticket's empty required ones."""
        run = self.get(run_id)
        target = run.step(step)
        if target.action_name != FORM_ACTION and not target.field_defs:
            return []
        return form_fields(self._context(run, target))

    def save_fields(self, run_id: str, step: str, values: dict[str, str]) -> Run:
        """Type and save each value; the good ones are kept even when others are refused."""
        run = self.get(run_id)
        target = run.step(step)
        self.policy.check_change(run)
        fields = self.form_fields(run.id, target.path)
        good, errors = type_values(fields, values)
        if good:

            def save(run: Run) -> tuple[str, dict[str, Any]]:
                saved = run.step(target.path).fields
                for key, value in good.items():
                    if value is None:
                        saved.pop(key, None)
                    else:
                        saved[key] = value
                return target.path, {"values": good}

            self.store.update(run.id, self.technician, "fields.saved", save)
        if errors:
            raise FieldError(errors)
        return self.get(run.id)

    # sync -----------------------------------------------------------------------------------

    def refresh(self, run_id: str) -> Run:
        """Settle actions left pending by a crash, sync the ticket's checklist both ways, and
        bring results that change in their service up to date (`Handler.follow`). An action
        still running in another process is not a crash: `ActionInFlight`."""
        run = self.get(run_id)
        try:
            self.policy.check_action(run)
        except KbpilotError:
            return run
        if run.pending:
            with self.locks.hold(run.id, Holder.now("`run refresh`", self.technician)):
                self._settle(run.id)
        run = self.get(run.id)
        if run.ticket is not None and run.checklist:
            self.checklist_sync.pull(run)
        self._follow_results(run.id)
        return self.get(run.id)

    def _follow_results(self, run_id: str) -> None:
        """Done steps whose outcome goes on changing in the service (a scheduling request
        booked later) get their result as the service holds it now (`result.updated`)."""
        run = self.get(run_id)
        for step in run.steps:
            if step.state is not StepState.DONE or not step.action_name or not step.result:
                continue
            handler = self.dispatcher.handler(step.action_name)
            if handler is None or not handler.follows:
                continue
            now = handler.follow(self._context(run, step), dict(step.result))
            if now is None or now == step.result:
                continue

            self.store.update(run.id, self.technician, "result.updated", _result(step.path, now))

    def _settle(self, run_id: str) -> None:
        """Reconcile the run's pending actions; the caller holds the run's lock, so their
        processes are gone."""
        run = self.get(run_id)
        for event in [e for e in run.events if e.data.get("action_id") in run.pending]:
            if event.kind != "action.pending":
                continue
            run = self.get(run.id)
            self.dispatcher.reconcile(self._context(run, run.step(event.step or "")), event)

    # outputs --------------------------------------------------------------------------------

    def export(self, run_id: str, fmt: str) -> str:
        """The run as a readable record: md, html or json."""
        return render_export(self.get(run_id), fmt, self.templates)

    def post_summary(self, run_id: str) -> Run:
        """Post the Markdown export as an internal note on the run's ticket; posted again, the
        same note is updated (`summary.updated`), never a second one."""
        run = self.get(run_id)
        self.policy.check_action(run)
        if run.ticket is None:
            raise KbpilotError(f"run {run.id} has no ticket to post its summary to")
        text = self.export(run.id, "md")
        autotask = self.clients.autotask
        posted = [e.data["note_id"] for e in run.events if e.kind in SUMMARY_EVENTS]
        if posted:
            note = autotask.update_ticket_note(run.ticket.id, posted[-1], SUMMARY_TITLE, text)
            kind = "summary.updated"
        else:
            note = autotask.add_ticket_note(run.ticket.id, SUMMARY_TITLE, text)
            kind = "summary.posted"
        return self.store.update(run.id, self.technician, kind, event_only({"note_id": note.id}))


def _result(path: str, result: dict[str, Any]) -> Change:
    """The step's result replaced by what its service holds now."""

    def update(run: Run) -> tuple[str, dict[str, Any]]:
        run.step(path).result = result
        return path, {"result": result}

    return update


def _closing(path: str) -> Change:
    """Done, when the step at `path` has no action and none of its sub-steps is open."""

    def close(run: Run) -> tuple[str, dict[str, Any]] | None:
        parent = run.step(path)
        below = [step for step in run.steps if step.path.startswith(f"{path}.")]
        if parent.action_name or not parent.is_open or any(s.is_open for s in below):
            return None
        parent.state, parent.error = StepState.DONE, None
        return path, {"by": "its sub-steps are finished"}

    return close


def _own_steps(run: Run) -> list[tuple[str, str]]:
    """The (path, text) of the steps a run copied from its own article (not included ones)."""
    return [(step.path, step.text) for step in run.steps if step.source is None]
