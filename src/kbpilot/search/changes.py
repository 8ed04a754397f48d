"""Which article files changed since the index was written: a stat per file, a hash when in doubt.

A file whose size and mtime match the manifest is unchanged, unless it was written so close to the
last index run that an edit may have kept its mtime; then, and whenever the stat differs, the
content hash decides.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from kbpilot import __version__
from kbpilot.parsing import ARTICLE_SUFFIXES, content_hash
from kbpilot.search.manifest import Entry, Manifest
from kbpilot.search.schema import SCHEMA_VERSION
from kbpilot.workspace import RULES_FILE, Workspace

RACY_NS = 2_000_000_000
INDEX_VERSION = f"{SCHEMA_VERSION}:{__version__}"


@dataclass(frozen=True)
class FileState:
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
    rules_path = workspace.root / RULES_FILE
    try:
        rules = content_hash(rules_path.read_bytes())
    except OSError:
        rules = ""
    settings = {
        article_id: hashlib.sha256(repr(value).encode()).hexdigest()[:16]
        for article_id, value in workspace.settings.articles.items()
    }
    return Stamps(rules=f"{INDEX_VERSION}:{rules}", settings=settings)


def article_files(workspace: Workspace) -> list[FileState]:
    """Every article file of the KB with its index key (its KB-relative path) and stat.

    The same files as `Workspace.article_paths()` (hidden files and folders skipped), found with
    os.scandir and plain strings: at 10,000 articles, Path objects alone would cost more than the
    whole search.
    """
    found: list[FileState] = []
    top = workspace.articles_dir
    if top.is_dir():
        _walk(str(top), workspace.relative(top), found)
    return found


def _walk(folder: str, key: str, found: list[FileState]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _walk(entry.path, f"{key}/{entry.name}", found)
            elif entry.name.lower().endswith(ARTICLE_SUFFIXES) and entry.is_file():
                stat = entry.stat()
                found.append(
                    FileState(entry.path, f"{key}/{entry.name}", stat.st_size, stat.st_mtime_ns)
                )
        except OSError:
            continue


def scan(workspace: Workspace, manifest: Manifest, stamps: Stamps, everything: bool) -> Changes:
    """Compare the files on disk with the manifest; `everything` marks every file as changed."""
    changes = Changes()
    seen = set()
    reindex_all = everything or manifest.rules != stamps.rules
    for state in article_files(workspace):
        seen.add(state.key)
        entry = manifest.files.get(state.key)
        if entry is None:
            changes.added.append(state)
        elif reindex_all or entry.settings != stamps.for_article(entry.id):
            changes.updated.append(state)
        elif _same_stat(entry, state) and not _racy(entry, manifest):
            changes.unchanged += 1
        else:
            digest = _hash(state.path)
            if digest != entry.hash:
                changes.updated.append(state)
            else:
                changes.unchanged += 1
                changes.restamped[state.key] = Entry(
                    state.size, state.mtime_ns, entry.hash, entry.id, entry.settings
                )
    changes.removed = [key for key in manifest.files if key not in seen]
    return changes


def _same_stat(entry: Entry, state: FileState) -> bool:
    return entry.size == state.size and entry.mtime_ns == state.mtime_ns


def _racy(entry: Entry, manifest: Manifest) -> bool:
    """Written within the mtime resolution of the last index run: an edit may not show in mtime."""
    return entry.mtime_ns + RACY_NS >= manifest.written_ns


def _hash(path: str) -> str | None:
    try:
        return content_hash(Path(path).read_bytes())
    except OSError:
        return None
