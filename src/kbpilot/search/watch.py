"""Watching a KB's articles folder, so a long-lived searcher (the TUI's) indexes a saved article
at once, by name, without walking the whole KB.

`ArticleWatcher` runs watchfiles in a daemon thread and hands each batch of changed article
files (saved, created, deleted, renamed) to a callback, which indexes them
(`update_index(paths=...)`). watchfiles is imported only when a watcher starts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from kbpilot.formats import is_article_name
from kbpilot.workspace import Workspace

# watchfiles yields once no change has come for STEP_MS, or after DEBOUNCE_MS of changes: an
# editor's save (write, rename, chmod) arrives as one batch.
STEP_MS = 20
DEBOUNCE_MS = 200
# With no change for this long watchfiles yields an empty batch: the first one says the watch is
# in place (`ready`).
QUIET_MS = 500


class ArticleWatcher:
    """Calls `on_change` with the article files that changed, from a thread of its own, until
    `stop()`; `ready` is set once the watch is in place (a change before that may be missed)."""

    def __init__(self, workspace: Workspace, on_change: Callable[[set[Path]], None]) -> None:
        self.folder = workspace.articles_dir
        self.on_change = on_change
        self.ready = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kbpilot-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=2)

    def _run(self) -> None:
        from watchfiles import watch

        for batch in watch(
            self.folder,
            stop_event=self._stop,
            step=STEP_MS,
            debounce=DEBOUNCE_MS,
            rust_timeout=QUIET_MS,
            yield_on_timeout=True,
            raise_interrupt=False,
        ):
            self.ready.set()
            paths = {Path(path) for _, path in batch if is_article_name(Path(path).name)}
            if paths:
                self.on_change(paths)
