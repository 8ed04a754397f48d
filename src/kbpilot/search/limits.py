"""How many hits a search returns by default, how long searching waits for another process that
holds the index's write lock, and how large an indexing batch is worth a progress bar: shared by
the searcher, the search process, the CLI and the TUI, whoosh-free."""

from __future__ import annotations

DEFAULT_LIMIT = 10
# Briefly before searching the last complete index; long when there is no index yet to search.
BUSY_WAIT = 2.0
FIRST_BUILD_WAIT = 600.0
# Indexing fewer articles than this is too quick to show progress for.
PROGRESS_MIN = 50
