"""The SQLite store of runs: one row per run and per step, an append-only event log; WAL mode.

Every change is one transaction: the event and the rows it changes are written together, so a
killed process leaves either both or neither. `update()` applies a change to the run as
committed, read inside that transaction, never to a copy read earlier: two processes changing
one run never lose each other's change. An action writes `action.pending` before its call and
`action.completed` (or `.failed`) after it; `Run.pending` lists the unfinished ones.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.model import Field
from kbpilot.runs.model import ChecklistLink, Event, Note, Run, RunStep, StepState, TicketRef
from kbpilot.runs.store_damage import RowsDamaged, guarded

PENDING = "action.pending"
SETTLED = ("action.completed", "action.failed", "action.reconciled")

Change = Callable[[Run], tuple[str | None, dict[str, Any]] | None]
"""Changes a run as committed, in place, and gives its event's step and data (None: no event)."""


def event_only(data: dict[str, Any]) -> Change:
    """An event of the run itself that changes none of its state."""
    return lambda _run: (None, data)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id TEXT PRIMARY KEY, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
    finished INTEGER NOT NULL DEFAULT 0, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS steps (
    run_id TEXT NOT NULL REFERENCES runs(id), position INTEGER NOT NULL, path TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (run_id, path));
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL REFERENCES runs(id),
    at TEXT NOT NULL, who TEXT NOT NULL, kind TEXT NOT NULL, step TEXT, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS events_by_run ON events(run_id, seq);
"""

_HEADER = (
    "article_id",
    "article_title",
    "article_source",
    "content_hash",
    "company",
    "company_id",
    "contact",
    "contact_id",
    "contact_email",
    "origin",
    "technician",
    "role",
    "practice",
    "sandbox",
)


def utc_now() -> str:
    """A timestamp as runs record it: UTC, ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class RunStore:
    """Runs in one SQLite file; safe to share between threads and processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with guarded(path):
            self._db = sqlite3.connect(
                path, timeout=30, check_same_thread=False, isolation_level=None
            )
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.executescript(_SCHEMA)
            self._db.execute("SELECT id, created_at, updated_at, finished, data FROM runs LIMIT 0")
            self._db.execute("SELECT run_id, position, path, data FROM steps LIMIT 0")
            self._db.execute("SELECT seq, run_id, at, who, kind, step, data FROM events LIMIT 0")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def _transaction(self, work: Any) -> Any:
        with self._lock, guarded(self.path):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                value = work(self._db)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
            return value

    # writing --------------------------------------------------------------------------------

    def create(
        self,
        run: Run,
        who: str,
        data: dict[str, Any],
        *,
        events: Iterable[tuple[str, str | None, dict[str, Any]]] = (),
    ) -> None:
        """Insert a new run, its steps, its `run.started` event and then `events` (kind, step,
        data) in one transaction."""

        def work(db: sqlite3.Connection) -> None:
            db.execute(
                "INSERT INTO runs (id, created_at, updated_at, finished, data) VALUES (?,?,?,?,?)",
                (run.id, run.created_at, run.updated_at, 0, _dumps(_header(run))),
            )
            for position, step in enumerate(run.steps):
                _insert_step(db, run.id, position, step)
            _append(db, run.id, run.created_at, who, "run.started", None, data)
            for kind, step_path, event_data in events:
                _append(db, run.id, run.created_at, who, kind, step_path, event_data)

        self._transaction(work)

    def update(self, run_id: str, who: str, kind: str, change: Change) -> Run:
        """Apply `change` to the run as committed and append its event, in one transaction.

        `change` runs while this store holds the database's write lock, so it must not call
        the store or any service; when it raises, nothing is written. The steps it changed or
        added (appended) and the run's header are written with the event of `kind`. Returns
        the run as committed (as it was, when `change` gives None)."""
        at = utc_now()

        def work(db: sqlite3.Connection) -> Run:
            run = _read(db, run_id)
            before = {item.path: _dumps(_step(item)) for item in run.steps}
            entry = change(run)
            if entry is None:
                return run
            step, data = entry
            run.updated_at = at
            for position, item in enumerate(run.steps):
                if item.path not in before:
                    item.updated_at = at
                    _insert_step(db, run.id, position, item)
                elif item.path == step or _dumps(_step(item)) != before[item.path]:
                    item.updated_at = at
                    db.execute(
                        "UPDATE steps SET data = ? WHERE run_id = ? AND path = ?",
                        (_dumps(_step(item)), run.id, item.path),
                    )
            _write_header(db, run, at)
            seq = _append(db, run.id, at, who, kind, step, data)
            run.events.append(Event(seq, at, who, kind, step, data))
            run.pending = _open_actions(run.events)
            return run

        result: Run = self._transaction(work)
        return result

    # reading --------------------------------------------------------------------------------

    def resolve_id(self, given: str) -> str:
        """The run id a user typed: the whole id or an unambiguous prefix of one."""
        text = given.strip()
        with self._lock, guarded(self.path):
            rows = self._db.execute(
                "SELECT id FROM runs WHERE id = ? OR id LIKE ? ESCAPE '\\' ORDER BY id",
                (text, _like_prefix(text)),
            ).fetchall()
        ids = [row[0] for row in rows]
        if text in ids:
            return text
        if len(ids) == 1 and text:
            return ids[0]
        if not ids or not text:
            raise KbpilotError(f"no run {given!r}; `kbpilot run list` shows the runs")
        raise KbpilotError(f"{len(ids)} runs start with {given!r}: {', '.join(ids)}")

    def load(self, run_id: str) -> Run:
        """The run as committed: its header, steps and events read in one transaction."""
        with self._lock, guarded(self.path):
            self._db.execute("BEGIN")
            try:
                return _read(self._db, run_id)
            finally:
                self._db.execute("COMMIT")

    def run_ids(self) -> list[str]:
        """Every run, unfinished ones first, most recently changed first."""
        with self._lock, guarded(self.path):
            rows = self._db.execute(
                "SELECT id FROM runs ORDER BY finished, updated_at DESC, id"
            ).fetchall()
        return [row[0] for row in rows]


def _read(db: sqlite3.Connection, run_id: str) -> Run:
    header = db.execute(
        "SELECT created_at, updated_at, data FROM runs WHERE id = ?", (run_id,)
    ).fetchone()
    if header is None:
        raise KbpilotError(f"no run {run_id!r}; `kbpilot run list` shows the runs")
    steps = db.execute(
        "SELECT data FROM steps WHERE run_id = ? ORDER BY position", (run_id,)
    ).fetchall()
    events = db.execute(
        "SELECT seq, at, who, kind, step, data FROM events WHERE run_id = ? ORDER BY seq",
        (run_id,),
    ).fetchall()
    return _run(run_id, header, steps, events)


def _like_prefix(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped + "%"


def _insert_step(db: sqlite3.Connection, run_id: str, position: int, step: RunStep) -> None:
    db.execute(
        "INSERT INTO steps (run_id, position, path, data) VALUES (?,?,?,?)",
        (run_id, position, step.path, _dumps(_step(step))),
    )


def _write_header(db: sqlite3.Connection, run: Run, at: str) -> None:
    db.execute(
        "UPDATE runs SET updated_at = ?, finished = ?, data = ? WHERE id = ?",
        (at, int(run.finished), _dumps(_header(run)), run.id),
    )


def _append(
    db: sqlite3.Connection,
    run_id: str,
    at: str,
    who: str,
    kind: str,
    step: str | None,
    data: dict[str, Any],
) -> int:
    cursor = db.execute(
        "INSERT INTO events (run_id, at, who, kind, step, data) VALUES (?,?,?,?,?,?)",
        (run_id, at, who, kind, step, _dumps(data)),
    )
    return cursor.lastrowid or 0


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _header(run: Run) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(run, name) for name in _HEADER}
    data["ticket"] = run.ticket.to_dict() if run.ticket else None
    data["checklist"] = [link.to_dict() for link in run.checklist]
    return data


def _step(step: RunStep) -> dict[str, Any]:
    return {
        "path": step.path,
        "text": step.text,
        "condition": step.condition,
        "action_name": step.action_name,
        "params": step.params,
        "field_defs": [f.to_dict() for f in step.field_defs],
        "source": step.source,
        "state": str(step.state),
        "reason": step.reason,
        "error": step.error,
        "result": step.result,
        "fields": step.fields,
        "notes": [note.to_dict() for note in step.notes],
        "updated_at": step.updated_at,
    }


def _field(data: dict[str, Any]) -> Field:
    return Field(
        key=data["key"],
        label=data["label"],
        type=data["type"],
        required=data["required"],
        choices=tuple(data["choices"]),
        help=data["help"],
    )


def _run(run_id: str, header: tuple[str, str, str], steps: list, events: list) -> Run:
    try:
        return _parse_run(run_id, header, steps, events)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        message = f"run {run_id} does not read as a run: {type(error).__name__}: {error}"
        raise RowsDamaged(message) from None


def _parse_run(run_id: str, header: tuple[str, str, str], steps: list, events: list) -> Run:
    created_at, updated_at, raw = header
    data = json.loads(raw)
    ticket = data.pop("ticket")
    checklist = data.pop("checklist")
    log = [
        Event(seq, at, who, kind, step, json.loads(payload))
        for seq, at, who, kind, step, payload in events
    ]
    return Run(
        id=run_id,
        created_at=created_at,
        updated_at=updated_at,
        ticket=TicketRef(**ticket) if ticket else None,
        checklist=[ChecklistLink(**link) for link in checklist],
        steps=[_run_step(json.loads(row[0])) for row in steps],
        events=log,
        pending=_open_actions(log),
        **data,
    )


def _open_actions(events: list[Event]) -> list[str]:
    """The ids of the actions pending and not settled, in the order they started."""
    open_actions: dict[str, None] = {}
    for event in events:
        action_id = str(event.data.get("action_id"))
        if event.kind == PENDING:
            open_actions[action_id] = None
        elif event.kind in SETTLED:
            open_actions.pop(action_id, None)
    return list(open_actions)


def _run_step(data: dict[str, Any]) -> RunStep:
    return RunStep(
        path=data["path"],
        text=data["text"],
        condition=data["condition"],
        action_name=data["action_name"],
        params=data["params"],
        field_defs=[_field(f) for f in data["field_defs"]],
        source=data["source"],
        state=StepState(data["state"]),
        reason=data["reason"],
        error=data["error"],
        result=data["result"],
        fields=data["fields"],
        notes=[Note(**note) for note in data["notes"]],
        updated_at=data["updated_at"],
    )
