"""How many hits a search returns by default, how long searching waits for another process that
holds the index's write lock, how large an indexing batch is worth a progress bar, and how much
of one article is indexed: shared by the searcher, the search process, the CLI and the TUI,
whoosh-free."""

from __future__ import annotations

DEFAULT_LIMIT = 10
# Briefly before searching the last complete index; long when there is no index yet to search.
BUSY_WAIT = 2.0
FIRST_BUILD_WAIT = 600.0
# Indexing fewer articles than this is too quick to show progress for.
PROGRESS_MIN = 50
# Of an article's text and of its steps' text, this many characters are indexed (the largest
# real KB articles hold about 20 KB): a runaway file of 100,000 steps indexes in seconds, and a
# search still finds it by everything in its first pages.
MAX_INDEXED_CHARS = 200_000
# This many steps are stored for a hit's step snippets.
MAX_STORED_STEPS = 2_000
