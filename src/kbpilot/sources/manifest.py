"""What the last sync of one source wrote: per document, the article file, the document's
updated-at, and the fingerprint of the bytes written (a file whose bytes differ was edited
locally). Kept in `kb/sync/<source>.json`, beside the KB's settings, so it travels with the
articles it describes; written after every document, so an interrupted sync loses nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from kbpilot.errors import ConfigError
from kbpilot.integrations.files import read_json, write_json

SYNC_DIR = Path("kb") / "sync"
VERSION = 1


@dataclass
class Entry:
    """One synced document. `path` is relative to the KB root; `conflict` the path of the
    platform's newer version kept beside a locally edited article (of `conflict_updated_at`)."""

    path: str
    updated_at: str
    sha256: str
    title: str
    conflict: str | None = None
    conflict_updated_at: str | None = None


class Manifest:
    """The entries of one source, loaded from and saved to its file."""

    def __init__(self, path: Path, entries: dict[str, Entry]) -> None:
        self.path = path
        self.entries = entries

    @classmethod
    def load(cls, kb_root: Path, source: str) -> Manifest:
        path = kb_root / SYNC_DIR / f"{source}.json"
        if not path.exists():
            return cls(path, {})
        data = read_json(path)
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ConfigError(
                str(path),
                "not a sync manifest kbpilot can read; move it aside and sync again "
                "(articles edited since the last sync are then reported as conflicts)",
            )
        try:
            entries = {key: Entry(**value) for key, value in data["documents"].items()}
        except (KeyError, TypeError, AttributeError) as error:
            raise ConfigError(str(path), f"damaged entry ({error}); move it aside") from None
        return cls(path, entries)

    def save(self) -> None:
        documents = {key: asdict(entry) for key, entry in sorted(self.entries.items())}
        write_json(self.path, {"version": VERSION, "documents": documents})
