"""Who is acting on a run right now: one action (or `run refresh`) per run, across processes.

A process acting on a run holds an exclusive `flock` on `<data dir>/run-locks/<run id>.lock`
from before it reads the run to plan the action until the action's outcome is recorded, and
writes what it is doing (the step's action, the technician, the time, the process) into the
file, emptied when it lets go. The operating system releases the lock when the process ends,
however it ends (`kill -9` included), so `holder()` names who is acting only while the file
names a process that is still there. So a run's `action.pending` event while nobody holds the
lock is an action whose process died, which `run refresh` settles (holding the lock meanwhile);
while someone holds it, the action is still running and nobody else may act on the run or settle
it.

Lock files stay (removing one that another process may be opening is a race of its own).
Without `fcntl` (Windows) the lock holds between the threads of one process only.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from kbpilot.errors import KbpilotError
from kbpilot.runs.store import utc_now

try:
    import fcntl
except ImportError:  # Windows: in-process locking only
    fcntl = None  # type: ignore[assignment]


@dataclass(frozen=True)
class Holder:
    """What holds a run's lock: what it does ("step 1's action"), who, since when, its process."""

    what: str
    who: str
    at: str
    pid: int

    @classmethod
    def now(cls, what: str, who: str) -> Holder:
        return cls(what, who, utc_now(), os.getpid())


class ActionInFlight(KbpilotError):
    """Someone else is acting on the run (another process or thread); nothing was done."""

    def __init__(self, run_id: str, holder: Holder | None) -> None:
        self.holder = holder
        running = (
            f"{holder.what} is already running (started by {holder.who} at {holder.at}, "
            f"process {holder.pid})"
            if holder is not None
            else f"an action of run {run_id} is already running in another kbpilot"
        )
        super().__init__(
            f"{running}; wait for it to finish, then `kbpilot run show {run_id}` shows its result"
        )


_local = threading.Lock()
_held: set[Path] = set()


class ActionLocks:
    """The runs' lock files in one folder (`<data dir>/run-locks/`)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @contextmanager
    def hold(self, run_id: str, holder: Holder) -> Iterator[None]:
        """Hold the run's lock for the block; `ActionInFlight` at once when another holds it."""
        path = self.folder / f"{run_id}.lock"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a+", encoding="utf-8") as handle:
            if not _acquire(handle, path):
                raise ActionInFlight(run_id, _read_holder(path))
            try:
                handle.truncate(0)
                handle.write(json.dumps(asdict(holder)))
                handle.flush()
                yield
            finally:
                handle.truncate(0)
                handle.flush()
                _release(handle, path)

    def holder(self, run_id: str) -> Holder | None:
        """Who is acting on the run now (`run show` says an action is in progress, not that its
        outcome is unknown); None when nobody is."""
        found = _read_holder(self.folder / f"{run_id}.lock")
        return found if found is not None and _alive(found.pid) else None


def _acquire(handle: IO[str], path: Path) -> bool:
    with _local:
        if path in _held:
            return False
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
        _held.add(path)
        return True


def _release(handle: IO[str], path: Path) -> None:
    with _local:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_UN)
        _held.discard(path)


def _alive(pid: int) -> bool:
    """Whether the process is still there (without `fcntl` only this one is known)."""
    if pid == os.getpid():
        return True
    if fcntl is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _read_holder(path: Path) -> Holder | None:
    """The holder the file names; None while the new holder has not written it yet."""
    try:
        return Holder(**json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None
