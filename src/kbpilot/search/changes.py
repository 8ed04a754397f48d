"""Which article files changed since the index was written: a stat per file, a hash when in doubt.

A file whose size and mtime match the manifest is unchanged, unless it was written so close to the
last index run that an edit may have kept its mtime; then, and whenever the stat differs, the
content hash decides.

Comparing every file with its manifest row costs a read of every row (10,000 at 10,000
articles). So each comparison of the whole KB also records a `summary` of what it found: one hash
of every file's key, size and mtime and of the stamps. While the KB is unchanged, the next walk
finds the same summary and `unchanged_files` answers from it and the manifest's stamps alone: the
rows are read only for files too recent to trust, whose content hash decides as above.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path

from kbpilot import __version__
from kbpilot.formats import content_hash, is_article_name
from kbpilot.search.manifest import Entry, Manifest, load_manifest
from kbpilot.search.schema import SCHEMA_VERSION
from kbpilot.search.walk import FileState, Walk
from kbpilot.settings import Settings
from kbpilot.workspace import RULES_FILE, Workspace

RACY_NS = 2_000_000_000
# More files too recent to trust than this, and the whole KB is compared (and restamped).
MAX_RECENT = 50
_STAMPS: dict[int, tuple[Settings, dict[str, str]]] = {}
INDEX_VERSION = f"{SCHEMA_VERSION}:{__version__}"


class Changes:
    """The difference between the KB on disk and the manifest."""

    def __init__(self) -> None:
        self.added: list[FileState] = []
        self.updated: list[FileState] = []
        self.removed: list[str] = []
        self.restamped: dict[str, Entry] = {}
        self.unchanged = 0
        self.summary = ""

    @property
    def to_index(self) -> list[FileState]:
        return [*self.added, *self.updated]

    def __bool__(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.restamped)


class Stamps:
    """What every document depends on beyond its own file: the rules, and per-article settings
    (a stamp per article that kb/kbpilot.toml describes, computed on first use: the same
    settings file, the same stamps)."""

    def __init__(self, rules: str, source: Settings) -> None:
        self.rules = rules
        self.source = source

    @cached_property
    def settings(self) -> dict[str, str]:
        return _settings_stamps(self.source)

    def for_article(self, article_id: str) -> str:
        return self.settings.get(article_id, "")


def current_stamps(workspace: Workspace) -> Stamps:
    """The rules file's hash, and the KB's settings the per-article stamps come from."""
    rules_path = workspace.root / RULES_FILE
    try:
        rules = content_hash(rules_path.read_bytes())
    except OSError:
        rules = ""
    return Stamps(rules=f"{INDEX_VERSION}:{rules}", source=workspace.settings)


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


def summary(walk: Walk, stamps: Stamps) -> str:
    """One hash of the walk's digest (every file's key, size and mtime), the rules and the
    settings file: equal summaries, and a comparison with the same manifest finds the same (the
    settings file's hash stands for every article's settings stamp). The files are taken in the
    walk's order: a folder lists its files in the same order while it is unchanged, and another
    order only costs a full comparison. "" for a file dated beyond what 64 bits of nanoseconds
    hold."""
    if not walk.digest:
        return ""
    head = f"{stamps.rules}\0{stamps.source.digest}\0{walk.digest}"
    return hashlib.sha256(head.encode()).hexdigest()


def unchanged_files(walk: Walk, folder: Path, known: Manifest, stamps: Stamps) -> int | None:
    """The number of article files the KB's `walk` found when none changed since the summary
    `known` (a manifest loaded without its rows) was recorded; None when the whole KB must be
    compared. The rows are read only for the files too recent to trust by their stat, which
    must hash the same."""
    if not known.summary or known.version != INDEX_VERSION or known.rules != stamps.rules:
        return None
    if summary(walk, stamps) != known.summary:
        return None
    recent = walk.since(known.written_ns - RACY_NS)
    if len(recent) > MAX_RECENT:
        return None
    if recent:
        entries = load_manifest(folder, [state.key for state in recent]).files
        for state in recent:
            entry = entries.get(state.key)
            if entry is None or _hash(state.path) != entry.hash:
                return None
    return len(walk)


def scan(walk: Walk, manifest: Manifest, stamps: Stamps, everything: bool) -> Changes:
    """Compare the article files of the KB's `walk` with the manifest; `everything` marks every
    file as changed. Once the changes are written, the manifest agrees with the KB's `summary`."""
    changes = Changes()
    compare = _comparer(manifest, stamps, changes, everything)
    for state in walk.files:
        compare(state)
    seen = set(walk.keys)
    changes.removed = [key for key in manifest.files if key not in seen]
    changes.summary = summary(walk, stamps)
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
