"""What the index holds, file by file: size, mtime, content hash, article id, settings stamp.

Written next to the index after every commit (atomically, under the write lock), so a run can tell
what changed on disk without opening or re-parsing anything.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

MANIFEST_NAME = "manifest.json"


class Entry(NamedTuple):
    """One indexed article file as it was when indexed (a tuple: 10,000 load fast)."""

    size: int
    mtime_ns: int
    hash: str
    id: str
    settings: str


@dataclass
class Manifest:
    """The indexed files by KB-relative path, and the stamps the whole index depends on."""

    version: str = ""
    rules: str = ""
    written_ns: int = 0
    files: dict[str, Entry] = field(default_factory=dict)

    def save(self, folder: Path) -> None:
        """Replace the manifest file atomically."""
        self.written_ns = time.time_ns()
        data = {
            "version": self.version,
            "rules": self.rules,
            "written_ns": self.written_ns,
            "files": {key: list(entry) for key, entry in self.files.items()},
        }
        temporary = folder / f".{MANIFEST_NAME}.{os.getpid()}"
        temporary.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        temporary.replace(folder / MANIFEST_NAME)


def load_manifest(folder: Path) -> Manifest:
    """The manifest in an index folder; an empty one when missing or unreadable."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        return Manifest(
            version=str(data["version"]),
            rules=str(data["rules"]),
            written_ns=int(data["written_ns"]),
            files={key: Entry._make(row) for key, row in data["files"].items()},
        )
    except (OSError, ValueError, KeyError, TypeError):
        return Manifest()
