"""The simulators' shared, persisted state: one JSON file in the data dir, safe across processes.

Every request works inside `SandboxState.transaction()` (or `read()`): the file is locked (on
POSIX), re-read when another process changed it, and written back atomically when the request
changed something. So a ticket created by one `kbpilot` command is there for the next, and for
a served sandbox started before or after it.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kbpilot.integrations.files import read_json, write_json
from kbpilot.integrations.sandbox.seed import initial_state

try:
    import fcntl
except ImportError:  # Windows: in-process locking only
    fcntl = None  # type: ignore[assignment]

STATE_VERSION = 2


class SandboxState:
    """The state file at `path`, (re)created from `seed` when missing, reset on request."""

    def __init__(self, path: Path, seed: dict[str, Any]) -> None:
        self.path = path
        self.seed = seed
        self._lock = threading.RLock()
        self._data: dict[str, Any] | None = None
        self._stamp: tuple[int, int] | None = None

    def __repr__(self) -> str:
        return f"SandboxState({str(self.path)!r})"

    def reset(self) -> None:
        """Restore the seed data (drops every ticket, note and export created since)."""
        with self._locked():
            self._write({"version": STATE_VERSION, **initial_state(self.seed)})

    @contextmanager
    def read(self) -> Iterator[dict[str, Any]]:
        """The current data, for reading only."""
        with self._locked():
            yield self._current()

    @contextmanager
    def transaction(self) -> Iterator[dict[str, Any]]:
        """The current data to change; written back when the block ends without an error."""
        with self._locked():
            working = copy.deepcopy(self._current())
            yield working
            if working != self._data:
                self._write(working)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock:
            if fcntl is None:
                yield
                return
            lock_path = self.path.with_name(self.path.name + ".lock")
            lock_path.parent.mkdir(parents=True, exist_ok=True)
            with lock_path.open("a") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)

    def _file_stamp(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return None
        return (stat.st_mtime_ns, stat.st_size)

    def _current(self) -> dict[str, Any]:
        stamp = self._file_stamp()
        if self._data is not None and stamp == self._stamp:
            return self._data
        data = read_json(self.path) if stamp is not None else None
        if not isinstance(data, dict) or data.get("version") != STATE_VERSION:
            data = {"version": STATE_VERSION, **initial_state(self.seed)}
            self._write(data)
        elif any(name not in data for name in self.seed):
            # A system added since the file was written starts from its seed.
            data = {**initial_state(self.seed), **data}
            self._write(data)
        else:
            self._data, self._stamp = data, stamp
        return data

    def _write(self, data: dict[str, Any]) -> None:
        write_json(self.path, data)
        self._data, self._stamp = data, self._file_stamp()
