"""Which Autotask zone serves a user: the zoneInformation answer, cached per user.

The cache is keyed by the discovery URL and the API user name (neither is secret) and kept in
the data dir, so each kbpilot command does not rediscover; it holds at most `MAX_ENTRIES`.
"""

from __future__ import annotations

import threading
from pathlib import Path

from kbpilot import paths
from kbpilot.integrations.files import read_json, write_json

MAX_ENTRIES = 32


def zone_cache_path() -> Path:
    return paths.data_dir() / "autotask-zones.json"


class ZoneCache:
    """API base URLs per (discovery URL, user); in memory, and in a file when given one."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._zones: dict[str, str] = self._load()

    @staticmethod
    def key(discovery_url: str, username: str) -> str:
        return f"{discovery_url.rstrip('/').lower()} {username.lower()}"

    def get(self, discovery_url: str, username: str) -> str | None:
        with self._lock:
            return self._zones.get(self.key(discovery_url, username))

    def put(self, discovery_url: str, username: str, url: str) -> None:
        with self._lock:
            self._zones.pop(self.key(discovery_url, username), None)
            self._zones[self.key(discovery_url, username)] = url
            while len(self._zones) > MAX_ENTRIES:
                self._zones.pop(next(iter(self._zones)))
            self._save()

    def forget(self, discovery_url: str, username: str) -> None:
        with self._lock:
            if self._zones.pop(self.key(discovery_url, username), None) is not None:
                self._save()

    def _load(self) -> dict[str, str]:
        data = read_json(self.path) if self.path is not None else None
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _save(self) -> None:
        if self.path is not None:
            write_json(self.path, self._zones)
