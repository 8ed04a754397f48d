"""What a damaged run store is to a user: a message naming the file, the file kept, a way on.

kbpilot never repairs, truncates or deletes a damaged store: `StoreDamaged` says what is wrong
and that the file is kept, and `move_aside` (the `kbpilot run new-store` command) renames it, with
its WAL and shared-memory files, so that the next command starts a new, empty store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from kbpilot.errors import KbpilotError

_SIDE_FILES = ("-wal", "-shm")
_BUSY = "database is locked"


class RowsDamaged(Exception):
    """A run's rows do not hold what a run is made of (read by the store, reported by it)."""


class StoreDamaged(KbpilotError):
    """The run store cannot be read; the message names it and says what to do."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"the run store {path} is damaged ({detail}). kbpilot keeps it as it is and writes "
            "nothing to it. `kbpilot run new-store` moves it aside (renamed, not deleted) and the "
            "next command starts a new, empty store; the old runs stay readable with sqlite3"
        )
        self.path = path


@contextmanager
def guarded(path: Path) -> Iterator[None]:
    """SQLite's and the rows' damage inside the block becomes `StoreDamaged` naming `path`."""
    try:
        yield
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError) and _BUSY in str(error):
            raise
        if isinstance(error, sqlite3.ProgrammingError):  # a closed connection: kbpilot's fault
            raise
        raise StoreDamaged(path, str(error)) from None
    except RowsDamaged as error:
        raise StoreDamaged(path, str(error)) from None
    except OSError as error:
        raise StoreDamaged(path, error.strerror or str(error)) from None


def move_aside(path: Path, now: datetime | None = None) -> Path | None:
    """Rename the store and its side files to `<name>.damaged-<UTC time>`; None when absent."""
    if not path.exists():
        return None
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    path.rename(target)
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target
