"""Writing documents: parse article files into a whoosh writer, serially or in worker processes.

A large batch (a first build, a rebuild) is split between worker processes; each parses its share
and writes its own segment, so parsing and indexing both run in parallel and no document crosses a
process boundary. The parent, which holds the write lock, then commits all the segments at once
(whoosh's `procs=N, multisegment=True` without sending every document through a queue).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.parsing import parse_file
from kbpilot.search.changes import Stamps
from kbpilot.search.documents import article_document
from kbpilot.search.engine import CLEAR, FileIndex, FileStorage, SegmentWriter
from kbpilot.search.manifest import Entry
from kbpilot.search.walk import FileState
from kbpilot.workspace import Workspace, open_workspace

Progress = Callable[[int, int], None]
PARALLEL_MIN = 400
# A worker's segment is large: buffer it in memory rather than in sorted runs on disk.
WORKER_OPTIONS = {"limitmb": 512}
TICK = 25


def available_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def new_writer(ix: FileIndex) -> SegmentWriter:
    """A writer for an index whose write lock the caller already holds."""
    return SegmentWriter(ix, _lk=False)


def add_file(
    writer: SegmentWriter, workspace: Workspace, state: FileState, stamps: Stamps
) -> Entry:
    """Parse one article file, add its document, and return its manifest entry."""
    article = parse_file(
        Path(state.path),
        source=state.key,
        rules=workspace.rules,
        overrides=workspace.settings.articles,
        max_bytes=workspace.settings.max_article_bytes,
    )
    writer.add_document(**article_document(article))
    settings = stamps.for_article(article.id)
    return Entry(state.size, state.mtime_ns, article.content_hash, article.id, settings)


def add_files(
    writer: SegmentWriter,
    workspace: Workspace,
    states: list[FileState],
    stamps: Stamps,
    progress: Progress | None,
) -> tuple[list[Any], dict[str, Entry]]:
    """Add the files' documents; returns segments written by workers (if any) and the entries."""
    jobs = min(available_cpus(), 4)
    if jobs > 1 and len(states) >= PARALLEL_MIN:
        return _in_workers(workspace, writer.storage, states, stamps, progress, jobs)
    entries = {}
    for done, state in enumerate(states, 1):
        entries[state.key] = add_file(writer, workspace, state, stamps)
        if progress:
            progress(done, len(states))
    return [], entries


def commit(writer: SegmentWriter, segments: list[Any], clear: bool) -> None:
    """Commit the writer's own changes plus the workers' segments as one new index generation;
    `clear` drops every segment the index had before."""
    final = writer._merge_segments(CLEAR if clear else None, False, True)
    final.extend(segments)
    if writer._added:
        final.append(writer._finalize_segment())
    else:
        writer._close_segment()
    writer._commit_toc(final)
    writer._finish()


def _in_workers(
    workspace: Workspace,
    storage: FileStorage,
    states: list[FileState],
    stamps: Stamps,
    progress: Progress | None,
    jobs: int,
) -> tuple[list[Any], dict[str, Entry]]:
    context = multiprocessing.get_context()
    messages = context.Queue()
    folder = str(storage.folder)
    workers = [
        context.Process(
            target=_worker,
            args=(str(workspace.root), folder, states[n::jobs], stamps, messages),
            daemon=True,
        )
        for n in range(jobs)
    ]
    for worker in workers:
        worker.start()
    segments: list[Any] = []
    entries: dict[str, Entry] = {}
    done = finished = 0
    try:
        while finished < len(workers):
            try:
                message = messages.get(timeout=0.5)
            except queue.Empty:
                if any(w.exitcode not in (None, 0) for w in workers):
                    message = "an indexing worker process died; run `kbpilot index` again"
                    raise KbpilotError(message) from None
                continue
            kind, payload = message
            if kind == "error":
                raise KbpilotError(f"indexing failed: {payload}")
            if kind == "done":
                segment, worker_entries = payload
                if segment is not None:
                    segments.append(segment)
                entries.update(worker_entries)
                finished += 1
                done += len(worker_entries) % TICK
            else:
                done += payload
            if progress:
                progress(done, len(states))
    finally:
        for worker in workers:
            worker.join(timeout=5)
            if worker.is_alive():
                worker.kill()
    return segments, entries


def _worker(root: str, folder: str, states: list[FileState], stamps: Stamps, messages: Any) -> None:
    """One worker: parse its files into a segment of its own and hand the segment back (with
    the garbage collector on, even when forked from a `kbpilot search` that runs without it)."""
    gc.enable()
    try:
        workspace = open_workspace(Path(root))
        writer = SegmentWriter(FileStorage(folder).open_index(), _lk=False, **WORKER_OPTIONS)
        entries = {}
        for n, state in enumerate(states, 1):
            entries[state.key] = add_file(writer, workspace, state, stamps)
            if n % TICK == 0:
                messages.put(("tick", TICK))
        if writer._added:
            segment = writer._finalize_segment()
        else:
            writer._close_segment()
            segment = None
        messages.put(("done", (segment, entries)))
    except Exception as error:
        messages.put(("error", f"{type(error).__name__}: {error}"))
