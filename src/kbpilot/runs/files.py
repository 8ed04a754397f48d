"""Files a run writes (letters, runbook summaries, exports): atomically, in the run's folder."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from kbpilot import paths


def run_folder(run_id: str) -> Path:
    """`<data dir>/runs/<run id>/`, created on first use."""
    folder = paths.data_dir() / "runs" / run_id
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_text(path: Path, text: str) -> Path:
    """Write `text` so that a reader sees the old file or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    Path(temporary).replace(path)
    return path
