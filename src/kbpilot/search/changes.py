"""Which article files changed since the index was written: a stat per file, a hash when in doubt.

A file whose size and mtime match the manifest is unchanged, unless it was written so close to the
last index run that an edit may have kept its mtime; then, and whenever the stat differs, the
content hash decides.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from kbpilot import __version__
from kbpilot.formats import content_hash, is_article_name
from kbpilot.search.manifest import Entry, Manifest
from kbpilot.search.schema import SCHEMA_VERSION
from kbpilot.settings import Settings
from kbpilot.workspace import RULES_FILE, Workspace

RACY_NS = 2_000_000_000
_STAMPS: dict[int, tuple[Settings, dict[str, str]]] = {}
INDEX_VERSION = f"{SCHEMA_VERSION}:{__version__}"


class FileState(NamedTuple):
    """An article file as found on disk: its path, its key in the index, its stat."""

    path: str
    key: str
    size: int
    mtime_ns: int


@dataclass
class Changes:
    """The difference between the KB on disk and the manifest."""

    added: list[FileState] = field(default_factory=list)
    updated: list[FileState] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    restamped: dict[str, Entry] = field(default_factory=dict)
    unchanged: int = 0

    @property
    def to_index(self) -> list[FileState]:
        return [*self.added, *self.updated]

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.restamped)


@dataclass(frozen=True)
class Stamps:
    """What every document depends on beyond its own file: the rules, and per-article settings."""

    rules: str
    settings: dict[str, str]

    def for_article(self, article_id: str) -> str:
        return self.settings.get(article_id, "")


def current_stamps(workspace: Workspace) -> Stamps:
    """The rules file's hash, and a stamp per article that kb/kbpilot.toml describes."""
    rules_path = workspace.root / RULES_FILE
    try:
        rules = content_hash(rules_path.read_bytes())
    except OSError:
        rules = ""
    return Stamps(rules=f"{INDEX_VERSION}:{rules}", settings=_settings_stamps(workspace.settings))


def _settings_stamps(settings: Settings) -> dict[str, str]:
    """Per-article stamps, computed once per settings object (a long-lived searcher keeps one)."""
    cached = _STAMPS.get(id(settings))
    if cached is not None and cached[0] is settings:
        return cached[1]
    stamps = {
        article_id: hashlib.sha256(repr(value).encode()).hexdigest()[:16]
        for article_id, value in settings.articles.items()
    }
    _STAMPS.clear()
    _STAMPS[id(settings)] = (settings, stamps)
    return stamps


def article_files(workspace: Workspace) -> list[FileState]:
    """Every article file of the KB with its index key (its KB-relative path) and stat.

    The same files as `Workspace.article_paths()` (hidden files and folders skipped), found with
    os.scandir and plain strings: at 10,000 articles, Path objects alone would cost more than the
    whole search.
    """
    found: list[FileState] = []
    top = workspace.articles_dir
    if top.is_dir():
        _walk(str(top), workspace.relative(top), found, workspace.leaves_kb)
    return found


def _walk(folder: str, key: str, found: list[FileState], leaves_kb: Callable[[str], bool]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, f"{key}/{name}", found, leaves_kb)
            elif (
                is_article_name(name)
                and entry.is_file()
                and not (entry.is_symlink() and leaves_kb(entry.path))
            ):
                stat = entry.stat()
                found.append(FileState(entry.path, f"{key}/{name}", stat.st_size, stat.st_mtime_ns))
        except OSError:
            continue


def scan(workspace: Workspace, manifest: Manifest, stamps: Stamps, everything: bool) -> Changes:
    """Compare the files on disk with the manifest; `everything` marks every file as changed."""
    changes = Changes()
    seen = set()
    compare = _comparer(manifest, stamps, changes, everything)
    for state in article_files(workspace):
        seen.add(state.key)
        compare(state)
    changes.removed = [key for key in manifest.files if key not in seen]
    return changes


def scan_paths(
    workspace: Workspace, manifest: Manifest, stamps: Stamps, paths: Iterable[Path]
) -> Changes:
    """Compare only these files (saved, created or deleted) with the manifest, which need hold
    no other file: what an editor or a file watcher reports, without a walk of the KB."""
    changes = Changes()
    compare = _comparer(manifest, stamps, changes, everything=False)
    for path in paths:
        key = workspace.relative(path)
        state = _state(workspace, path, key)
        if state is not None:
            compare(state)
        elif key in manifest.files:
            changes.removed.append(key)
    return changes


def _state(workspace: Workspace, path: Path, key: str) -> FileState | None:
    """The article file at `path` as the KB walk would find it; None when it is not one."""
    inside = key.removeprefix(f"{workspace.relative(workspace.articles_dir)}/")
    if inside == key or not is_article_name(path.name):
        return None
    if any(part.startswith(".") for part in inside.split("/")):
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    if not path.is_file() or (path.is_symlink() and workspace.leaves_kb(str(path))):
        return None
    return FileState(str(path), key, stat.st_size, stat.st_mtime_ns)


def _comparer(
    manifest: Manifest, stamps: Stamps, changes: Changes, everything: bool
) -> Callable[[FileState], None]:
    """Sorts each file it is given into the changes: added, updated, unchanged or restamped."""
    files = manifest.files
    reindex_all = everything or manifest.rules != stamps.rules
    racy_after = manifest.written_ns - RACY_NS

    def compare(state: FileState) -> None:
        entry = files.get(state.key)
        if entry is None:
            changes.added.append(state)
        elif reindex_all or entry.settings != stamps.for_article(entry.id):
            changes.updated.append(state)
        elif (
            entry.size == state.size
            and entry.mtime_ns == state.mtime_ns
            and entry.mtime_ns < racy_after
        ):
            changes.unchanged += 1
        elif _hash(state.path) != entry.hash:
            changes.updated.append(state)
        else:
            changes.unchanged += 1
            changes.restamped[state.key] = entry._replace(size=state.size, mtime_ns=state.mtime_ns)

    return compare


def _hash(path: str) -> str | None:
    try:
        return content_hash(Path(path).read_bytes())
    except OSError:
        return None
