"""Bringing one source's documents into the KB as article files, incrementally and safely.

Who calls what: `kbpilot sync NAME` builds the source (its settings and client), then
`Sync(workspace, source, options).run()`; afterwards the CLI brings the search index up to date.

For each document the source lists (its scope):
- unchanged since the last sync (same updated-at, file present): nothing is fetched;
- new or changed: fetched and rendered; a new one is written under `articles/<folder>/`, a
  changed one replaces its file, unless that file was edited locally since the last sync
  (its bytes no longer match what the sync wrote): then the file is kept and the platform's
  version is written beside the KB's settings (`kb/sync/conflicts/<source>/...`), a conflict
  reported until an editor merges it and deletes that copy;
- a document that cannot be fetched (deleted meanwhile, rate limit or connection lost after
  the client's retries) is reported and left as it is: the next sync tries it again.
Articles whose document is no longer listed are removed, never silently: recorded (moved to
`kb/sync/removed/<source>/...`) or deleted, as `removed` says; an article edited locally is
always recorded, never deleted. When part of the scope could not be listed, nothing is removed.
The manifest is saved after every document, so an interrupted sync loses nothing.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.formats import content_hash
from kbpilot.integrations.errors import IntegrationError
from kbpilot.integrations.files import write_atomically
from kbpilot.sources.base import ArticleSource, Listed, Rendered
from kbpilot.sources.manifest import SYNC_DIR, Entry, Manifest
from kbpilot.workspace import Workspace

REMOVE_MODES = ("record", "delete")
KINDS = ("added", "updated", "removed", "conflicts", "unchanged")
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class SyncOptions:
    """Where a source's articles go, what happens to removed ones, and whether to write."""

    folder: str
    removed: str = "record"
    dry_run: bool = False


@dataclass(frozen=True)
class Change:
    """What the sync did (or would do) to one document's article."""

    kind: str
    key: str
    title: str
    path: str
    detail: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "document": self.key,
            "title": self.title,
            "path": self.path,
            "detail": self.detail,
        }


@dataclass
class SyncReport:
    """The outcome: each document's change, what could not be done (a rerun retries it), and
    what was rendered with something left out."""

    source: str
    dry_run: bool
    changes: list[Change] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for change in self.changes if change.kind == kind)

    def counts(self) -> dict[str, int]:
        return {kind: self.count(kind) for kind in KINDS}

    def to_dict(self) -> dict[str, Any]:
        return {
            **self.counts(),
            "source": self.source,
            "dry_run": self.dry_run,
            "changes": [change.to_dict() for change in self.changes if change.kind != "unchanged"],
            "problems": list(self.problems),
            "warnings": list(self.warnings),
        }


class Sync:
    """One run of one source into one KB."""

    def __init__(self, workspace: Workspace, source: ArticleSource, options: SyncOptions) -> None:
        if options.removed not in REMOVE_MODES:
            raise KbpilotError(
                f"[sources.{source.name}] removed = {options.removed!r}: "
                f"choose one of {', '.join(REMOVE_MODES)}"
            )
        self.workspace, self.source, self.options = workspace, source, options
        self.root = workspace.root
        self.manifest = Manifest.load(self.root, source.name)
        self.report = SyncReport(source.name, options.dry_run)

    def run(self, progress: Progress | None = None) -> SyncReport:
        listing = self.source.list_documents()
        self.report.problems.extend(listing.problems)
        listed = {document.key for document in listing.documents}
        gone = [key for key in self.manifest.entries if key not in listed]
        total = len(listing.documents) + (len(gone) if listing.complete else 0)
        done = 0
        for document in listing.documents:
            if progress:
                progress(done, total, document.title)
            self._document(document)
            done += 1
        if listing.complete:
            for key in gone:
                if progress:
                    progress(done, total, self.manifest.entries[key].title)
                self._remove(key)
                done += 1
        elif gone:
            self.report.problems.append(
                f"{len(gone)} article(s) no longer listed were kept: part of the scope could not "
                "be listed, so nothing is removed until a sync lists it all"
            )
        if progress:
            progress(total, total, "")
        return self.report

    # one document ---------------------------------------------------------------------------

    def _document(self, document: Listed) -> None:
        entry = self.manifest.entries.get(document.key)
        if entry is not None and entry.conflict:
            self._settle_conflict(entry)
        if (
            entry is not None
            and entry.updated_at == document.updated_at
            and (self.root / entry.path).exists()
        ):
            kind = "conflicts" if entry.conflict else "unchanged"
            detail = (
                f"edited locally; the synced version is in {entry.conflict}"
                if entry.conflict
                else ""
            )
            self._change(kind, document.key, document.title, entry.path, detail)
            return
        rendered = self._fetch(document)
        if rendered is None:
            return
        if entry is None:
            self._new(document, rendered)
        else:
            self._changed(document, entry, rendered)

    def _fetch(self, document: Listed) -> Rendered | None:
        try:
            rendered = self.source.render(self.source.fetch(document))
        except (IntegrationError, ValueError) as error:
            what = error if isinstance(error, IntegrationError) else f"unreadable answer ({error})"
            self.report.problems.append(
                f"{document.title} (document {document.key}): not synced: {what}; "
                "the next sync tries again"
            )
            return None
        self.report.warnings.extend(f"{document.title}: {text}" for text in rendered.warnings)
        return rendered

    def _new(self, document: Listed, rendered: Rendered) -> None:
        path = self._new_path(document, rendered.suffix)
        relative = self._relative(path)
        if path.exists():
            entry = Entry(relative, "", content_hash(path.read_bytes()), document.title)
            self._conflict(document, entry, rendered, "a local file already has this name")
            return
        self._write(path, rendered.data)
        self._save(
            document.key,
            Entry(relative, document.updated_at, content_hash(rendered.data), document.title),
        )
        self._change("added", document.key, document.title, relative)

    def _changed(self, document: Listed, entry: Entry, rendered: Rendered) -> None:
        path = self.root / entry.path
        local = path.read_bytes() if path.exists() else None
        if local is not None and content_hash(local) != entry.sha256:
            self._conflict(document, entry, rendered, "edited locally since the last sync")
            return
        kind = "added" if local is None else "unchanged" if local == rendered.data else "updated"
        if kind != "unchanged":
            self._write(path, rendered.data)
        entry.updated_at, entry.sha256 = document.updated_at, content_hash(rendered.data)
        entry.title = document.title
        self._save(document.key, entry)
        detail = "the local file was missing; written again" if local is None else ""
        self._change(kind, document.key, document.title, entry.path, detail)

    def _conflict(self, document: Listed, entry: Entry, rendered: Rendered, why: str) -> None:
        copy = self.root / SYNC_DIR / "conflicts" / self.source.name / self._in_articles(entry.path)
        copy = copy.with_suffix(rendered.suffix)
        self._write(copy, rendered.data)
        entry.conflict, entry.conflict_updated_at = self._relative(copy), document.updated_at
        self._save(document.key, entry)
        self._change(
            "conflicts",
            document.key,
            document.title,
            entry.path,
            f"{why}: kept; the synced version is in {entry.conflict} (merge it, then delete that "
            "copy)",
        )

    def _settle_conflict(self, entry: Entry) -> None:
        """An editor who merged deleted the platform's copy: the local file is the new base."""
        if entry.conflict is None or (self.root / entry.conflict).exists():
            return
        local = self.root / entry.path
        if local.exists():
            entry.sha256 = content_hash(local.read_bytes())
        entry.updated_at = entry.conflict_updated_at or entry.updated_at
        entry.conflict = entry.conflict_updated_at = None

    # removals -------------------------------------------------------------------------------

    def _remove(self, key: str) -> None:
        entry = self.manifest.entries[key]
        path = self.root / entry.path
        local = path.read_bytes() if path.exists() else None
        edited = local is not None and content_hash(local) != entry.sha256
        reason = "no longer listed (deleted, archived or moved out of the synced scope)"
        if local is None:
            detail = f"{reason}; the article was already gone"
        elif self.options.removed == "delete" and not edited:
            detail = f"{reason}; deleted"
            if not self.options.dry_run:
                path.unlink()
        else:
            record = self.root / SYNC_DIR / "removed" / self.source.name
            record = record / self._in_articles(entry.path)
            kept = "; edited locally, so recorded rather than deleted" if edited else ""
            detail = f"{reason}; moved to {self._relative(record)}{kept}"
            if not self.options.dry_run:
                record.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(path, record)
        if entry.conflict and not self.options.dry_run:
            (self.root / entry.conflict).unlink(missing_ok=True)
        if not self.options.dry_run:
            del self.manifest.entries[key]
            self.manifest.save()
        self._change("removed", key, entry.title, entry.path, detail)

    # helpers --------------------------------------------------------------------------------

    def _new_path(self, document: Listed, suffix: str) -> Path:
        base = self.workspace.articles_dir / self.options.folder / document.name
        taken = {entry.path for entry in self.manifest.entries.values()}
        path = base.with_name(base.name + suffix)
        if self._relative(path) in taken:
            path = base.with_name(f"{base.name}-{document.key}{suffix}")
        return path

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def _in_articles(self, relative: str) -> Path:
        path = self.root / relative
        try:
            return path.relative_to(self.workspace.articles_dir)
        except ValueError:
            return Path(path.name)

    def _write(self, path: Path, data: bytes) -> None:
        if not self.options.dry_run:
            write_atomically(path, data)

    def _save(self, key: str, entry: Entry) -> None:
        if not self.options.dry_run:
            self.manifest.entries[key] = entry
            self.manifest.save()

    def _change(self, kind: str, key: str, title: str, path: str, detail: str = "") -> None:
        self.report.changes.append(Change(kind, key, title, path, detail))
