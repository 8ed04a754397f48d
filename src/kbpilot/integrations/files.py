"""Small file helpers: bytes and JSON written atomically, JSON read forgivingly."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` so that a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    Path(temporary).replace(path)


def write_json(path: Path, data: Any) -> None:
    """`data` as JSON, written atomically."""
    write_atomically(path, json.dumps(data, indent=1, ensure_ascii=False).encode("utf-8"))


def read_json(path: Path) -> Any:
    """The JSON in `path`; None when the file is missing or is not JSON."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
