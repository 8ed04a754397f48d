"""The index on disk (kb/.index/): opening it, and bringing it up to date under the write lock.

`update_index` is the only writer: it takes whoosh's write lock (the same lock file whoosh's own
writers use), compares the KB with the manifest, re-indexes what was added, changed or removed, and
commits one new generation; readers in other processes keep the generation they opened until they
refresh. An index that cannot be opened, or was written by another version, is rebuilt and the
report says why. The writer's side (`batch`: the readers, whoosh's writer, worker processes) is
imported only when there is something to index, so opening an up-to-date index stays fast.
"""

from __future__ import annotations

import time
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from kbpilot.errors import KbpilotError
from kbpilot.search import prewalk, walk
from kbpilot.search.changes import (
    INDEX_VERSION,
    Changes,
    Stamps,
    current_stamps,
    scan,
    scan_paths,
    unchanged_files,
)
from kbpilot.search.engine import (
    TOC,
    EmptyIndexError,
    FileIndex,
    FileStorage,
    IndexVersionError,
    try_for,
)
from kbpilot.search.manifest import Entry, Manifest, load_manifest
from kbpilot.search.schema import build_schema
from kbpilot.search.walk import Walk
from kbpilot.workspace import INDEX_FOLDER, Workspace

if TYPE_CHECKING:
    from kbpilot.search.batch import Progress

INDEX_NAME = "MAIN"
LOCK_NAME = f"{INDEX_NAME}_WRITELOCK"
_KEEP = {LOCK_NAME, ".gitignore"}
# More files named at once than this (a branch checked out), and the whole KB is compared.
MAX_NAMED_PATHS = 200


class UpdateReport:
    """What one update did: counts of documents, the time it took, and why it rebuilt, if it did."""

    def __init__(
        self,
        *,
        added: int = 0,
        updated: int = 0,
        removed: int = 0,
        unchanged: int = 0,
        rebuilt: str | None = None,
        busy: bool = False,
    ) -> None:
        self.added = added
        self.updated = updated
        self.removed = removed
        self.unchanged = unchanged
        self.seconds = 0.0
        self.rebuilt = rebuilt
        self.busy = busy

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def index_folder(workspace: Workspace) -> Path:
    return workspace.root / INDEX_FOLDER


def open_index(folder: Path) -> FileIndex:
    """The committed index in a folder, for reading."""
    try:
        return FileStorage(str(folder)).open_index()
    except EmptyIndexError:
        raise KbpilotError(f"no search index at {folder}; run `kbpilot index`") from None


def update_index(
    workspace: Workspace,
    *,
    rebuild: bool = False,
    wait: float = 60.0,
    progress: Progress | None = None,
    verify: bool = True,
    paths: Collection[Path] | None = None,
) -> UpdateReport:
    """Bring the KB's index up to date (or rebuild it); `busy` when another process held the
    write lock for longer than `wait` seconds. Without `verify`, an index this version wrote is
    not opened when no article changed: the caller opens it next and calls again with `verify`
    if it cannot (a damaged index is then rebuilt). With `paths` (files an editor saved or a
    watcher saw change, created or deleted), only those are looked at, not every file of the KB,
    unless the index needs more than that (none yet, another version, changed rules)."""
    started = time.perf_counter()
    folder = index_folder(workspace)
    storage = _storage(folder)
    lock = storage.lock(LOCK_NAME)
    taken = early = prewalk.take(workspace)
    try:
        if not lock.acquire():
            # A walk made before the lock was free would be older than one made under it.
            early = None
            if not try_for(lock.acquire, timeout=wait, delay=0.05):
                return UpdateReport(busy=True)
        try:
            report = None
            if paths is not None and len(paths) <= MAX_NAMED_PATHS and not rebuild:
                report = _update_paths(workspace, storage, folder, paths)
            if report is None:
                found = early if early is not None else walk.walk_articles(workspace)
                report = _update_locked(
                    workspace, storage, folder, found, rebuild, verify, progress
                )
        finally:
            lock.release()
    finally:
        if taken is not None:
            taken.close()
    report.seconds = time.perf_counter() - started
    return report


def _update_paths(
    workspace: Workspace, storage: FileStorage, folder: Path, paths: Collection[Path]
) -> UpdateReport | None:
    """Index what changed of the named files; None when the whole KB must be looked at."""
    stamps = current_stamps(workspace)
    manifest = load_manifest(folder, [workspace.relative(path) for path in paths])
    if manifest.version != INDEX_VERSION or manifest.rules != stamps.rules:
        return None
    changes = scan_paths(workspace, manifest, stamps, paths)
    report = UpdateReport(
        added=len(changes.added),
        updated=len(changes.updated),
        removed=len(changes.removed),
        unchanged=changes.unchanged,
    )
    if changes:
        try:
            ix = storage.open_index()
        # Damaged or missing: the whole update rebuilds it and says why.
        except Exception:
            return None
        # Only the named files were looked at: the next walk of the whole KB records a summary.
        manifest.summary = ""
        _write(workspace, ix, folder, manifest, changes, stamps, None, False)
    return report


def _update_locked(
    workspace: Workspace,
    storage: FileStorage,
    folder: Path,
    files: Walk,
    rebuild: bool,
    verify: bool,
    progress: Progress | None,
) -> UpdateReport:
    stamps = current_stamps(workspace)
    if not (verify or rebuild):
        unchanged = unchanged_files(files, folder, load_manifest(folder, ()), stamps)
        if unchanged is not None:
            return UpdateReport(unchanged=unchanged)
    manifest = load_manifest(folder)
    changes = None
    if not (verify or rebuild) and manifest.version == INDEX_VERSION:
        changes = scan(files, manifest, stamps, everything=False)
        if not changes:
            _keep_summary(folder, manifest, changes)
            return UpdateReport(unchanged=changes.unchanged)
    ix, reason = _usable(storage, manifest)
    fresh = ix is None
    if ix is None:
        ix = _create(storage, folder)
        manifest = Manifest()
        changes = None
    if changes is None:
        changes = scan(files, manifest, stamps, everything=rebuild)
    report = UpdateReport(
        added=len(changes.added),
        updated=len(changes.updated),
        removed=len(changes.removed),
        unchanged=changes.unchanged,
        rebuilt=reason,
    )
    if not changes and not fresh and not rebuild:
        _keep_summary(folder, manifest, changes)
        return report
    manifest.summary = changes.summary
    _write(workspace, ix, folder, manifest, changes, stamps, progress, fresh or rebuild)
    return report


def _keep_summary(folder: Path, manifest: Manifest, changes: Changes) -> None:
    """After a walk of the whole KB found nothing to change: record what it found, unless the
    manifest holds that already."""
    if manifest.summary != changes.summary:
        manifest.save_summary(folder, changes.summary)


def _write(
    workspace: Workspace,
    ix: FileIndex,
    folder: Path,
    manifest: Manifest,
    changes: Changes,
    stamps: Stamps,
    progress: Progress | None,
    clear: bool,
) -> None:
    """Commit the changes to the index (every document anew when `clear`), then the manifest."""
    entries: dict[str, Entry] = {}
    if changes.to_index or changes.removed or clear:
        from kbpilot.search.batch import add_files, commit, new_writer

        writer = new_writer(ix)
        try:
            if not clear:
                for key in [*(state.key for state in changes.updated), *changes.removed]:
                    writer.delete_by_term("path", key)
            segments, entries = add_files(writer, workspace, changes.to_index, stamps, progress)
            commit(writer, segments, clear)
        except BaseException:
            if not writer.is_closed:
                writer.cancel()
            raise
    manifest.version = INDEX_VERSION
    manifest.rules = stamps.rules
    manifest.save(folder, {**changes.restamped, **entries}, changes.removed, replace=clear)


def _storage(folder: Path) -> FileStorage:
    """The index folder, created with a .gitignore of its own so it is never committed."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
    except OSError as error:
        raise KbpilotError(f"cannot write the search index at {folder}: {error.strerror}") from None
    return FileStorage(str(folder))


def _usable(storage: FileStorage, manifest: Manifest) -> tuple[FileIndex | None, str | None]:
    """The index if it opens and matches this version; else None and why (None: no index yet)."""
    try:
        ix = storage.open_index()
        with ix.reader() as reader:
            reader.doc_count()
    except EmptyIndexError:
        return None, None
    except IndexVersionError:
        return None, "the index was written by another version of whoosh"
    # A damaged index can fail in any way while whoosh unpickles and reads it.
    except Exception as error:
        return None, f"the index could not be read ({type(error).__name__})"
    if not manifest.version:
        return None, "the index has no manifest"
    if manifest.version != INDEX_VERSION or set(ix.schema.names()) != set(build_schema().names()):
        return None, "the index was written by another version of kbpilot"
    return ix, None


def _create(storage: FileStorage, folder: Path) -> FileIndex:
    """An empty index in place of whatever the folder held (the lock file stays).

    Its generation number follows the old index's: a reader elsewhere that holds the old one
    then sees a newer generation and reopens, rather than taking the new index for its own.
    """
    generation = TOC._latest_generation(storage, INDEX_NAME) + 1
    for path in folder.iterdir():
        if path.name in _KEEP:
            continue
        if path.is_dir():
            import shutil  # only here: a search that finds the index up to date never needs it

            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    schema = build_schema()
    TOC(schema, [], generation).write(storage, INDEX_NAME)
    return FileIndex(storage, schema, INDEX_NAME)
