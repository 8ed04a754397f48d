"""How many hits a search returns by default, and how long searching waits for another process
that holds the index's write lock: shared by the searcher and the search process, whoosh-free."""

from __future__ import annotations

DEFAULT_LIMIT = 10
# Briefly before searching the last complete index; long when there is no index yet to search.
BUSY_WAIT = 2.0
FIRST_BUILD_WAIT = 600.0
