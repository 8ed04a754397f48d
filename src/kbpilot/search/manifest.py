"""What the index holds, file by file: size, mtime, content hash, article id, settings stamp.

A small SQLite file next to the index, written after every commit under the write lock. Only the
rows that changed are written, so indexing one edited article costs a row, not the whole list.
Beside the rows, `summary` is what the last walk of the whole KB found the rows to agree with (see
`changes.summary`), so a KB that has not changed since is recognised without reading the rows.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path
from typing import NamedTuple

MANIFEST_NAME = "manifest.sqlite3"
_TABLES = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, "
    "hash TEXT, id TEXT, settings TEXT)",
)


class Entry(NamedTuple):
    """One indexed article file as it was when indexed (a tuple: 10,000 load fast)."""

    size: int
    mtime_ns: int
    hash: str | None
    id: str
    settings: str


class Manifest:
    """The indexed files by KB-relative path, and the stamps the whole index depends on."""

    def __init__(
        self,
        version: str = "",
        rules: str = "",
        written_ns: int = 0,
        summary: str = "",
        files: dict[str, Entry] | None = None,
    ) -> None:
        self.version = version
        self.rules = rules
        self.written_ns = written_ns
        self.summary = summary
        self.files: dict[str, Entry] = files if files is not None else {}

    def save(
        self,
        folder: Path,
        changed: dict[str, Entry],
        removed: Iterable[str],
        replace: bool,
    ) -> None:
        """Record the changed and removed files (every file when `replace`) in one transaction."""
        removed = list(removed)
        for key in removed:
            self.files.pop(key, None)
        self.files.update(changed)
        self.written_ns = time.time_ns()
        meta = {
            "version": self.version,
            "rules": self.rules,
            "written_ns": str(self.written_ns),
            "summary": self.summary,
        }
        with closing(sqlite3.connect(folder / MANIFEST_NAME)) as connection, connection:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            for statement in _TABLES:
                connection.execute(statement)
            if replace:
                connection.execute("DELETE FROM files")
                changed = self.files
            else:
                connection.executemany("DELETE FROM files WHERE key = ?", [(k,) for k in removed])
            connection.executemany(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)",
                [(key, *entry) for key, entry in changed.items()],
            )
            connection.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", meta.items())

    def save_summary(self, folder: Path, summary: str) -> None:
        """Record a new summary of the KB, the rows being unchanged."""
        self.summary = summary
        with closing(sqlite3.connect(folder / MANIFEST_NAME)) as connection, connection:
            connection.execute("INSERT OR REPLACE INTO meta VALUES ('summary', ?)", (summary,))


def _read_only(folder: Path) -> sqlite3.Connection | None:
    """The manifest of an index folder opened for reading; None when there is none."""
    path = folder / MANIFEST_NAME
    if not path.is_file():
        return None
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def read_version(folder: Path) -> str:
    """The version of kbpilot that wrote the index in a folder ("" when unknown), read without
    loading the file list."""
    try:
        connection = _read_only(folder)
        if connection is None:
            return ""
        with closing(connection):
            row = connection.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
    except sqlite3.Error:
        return ""
    return str(row[0]) if row else ""


def load_manifest(folder: Path, keys: Iterable[str] | None = None) -> Manifest:
    """The manifest in an index folder (only the rows of `keys` when given: none for `()`); an
    empty one when missing or unreadable."""
    try:
        connection = _read_only(folder)
        if connection is None:
            return Manifest()
        with closing(connection):
            meta = dict(connection.execute("SELECT key, value FROM meta"))
            if keys is None:
                rows = connection.execute("SELECT * FROM files").fetchall()
            else:
                wanted = list(keys)
                marks = ", ".join("?" * len(wanted))
                query = f"SELECT * FROM files WHERE key IN ({marks})"
                rows = connection.execute(query, wanted).fetchall() if wanted else []
            files = {row[0]: Entry._make(row[1:]) for row in rows}
        return Manifest(
            version=meta["version"],
            rules=meta["rules"],
            written_ns=int(meta["written_ns"]),
            summary=meta.get("summary", ""),
            files=files,
        )
    except (sqlite3.Error, KeyError, ValueError):
        return Manifest()
