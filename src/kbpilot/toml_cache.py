"""A TOML file's tables as parsed last time, kept as JSON and found by the hash of the file's bytes.

Parsing a large kb/kbpilot.toml (a big KB's per-article settings: 100 KB at 10,000 articles) takes
tens of milliseconds at every start of kbpilot; loading the same tables from JSON takes about one.
The cache holds one file's tables beside the search index (never committed, see
`workspace.INDEX_FOLDER`), only when that folder exists, and only tables that JSON gives back as
they were (a TOML date or time would come back as a string: such a file is parsed every time). A
changed file has another hash, so its old tables are never used, whatever its size or mtime; a
missing, damaged or unwritable cache only means the file is parsed.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

FORMAT = 1


def file_hash(data: bytes) -> str:
    """The hash a file's tables are cached by."""
    return hashlib.sha256(data).hexdigest()


def recall(cache: Path, digest: str) -> dict[str, Any] | None:
    """The tables cached for the file whose bytes have this hash; None when there are none."""
    try:
        stored = json.loads(cache.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        return None
    if stored.get("digest") != digest or not isinstance(stored.get("tables"), dict):
        return None
    tables: dict[str, Any] = stored["tables"]
    return tables


def remember(cache: Path, digest: str, tables: dict[str, Any]) -> None:
    """Cache the tables of the file whose bytes have this hash, if the cache's folder exists and
    JSON can hold them exactly; replaced in one step, so a reader never sees half of it."""
    if not cache.parent.is_dir():
        return
    try:
        text = json.dumps({"format": FORMAT, "digest": digest, "tables": tables})
    except (TypeError, ValueError):
        return
    partial = cache.with_name(f"{cache.name}.{os.getpid()}.{threading.get_native_id()}.tmp")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(cache)
    except OSError:
        partial.unlink(missing_ok=True)
