"""Full-text search over a KB: the index in kb/.index/, kept up to date, and the searcher.

The rest of kbpilot uses only what is named here; whoosh never shows outside this package, so the
engine can be swapped without touching callers. `update_index` indexes what changed; `Searcher`
is the long-lived, per-keystroke search API (the TUI's) and what `kbpilot search` uses once.
"""

from __future__ import annotations

from kbpilot.search.index import UpdateReport, index_folder, update_index
from kbpilot.search.results import Hit, SearchResult
from kbpilot.search.searcher import Searcher
from kbpilot.search.snippets import Snippet

__all__ = [
    "Hit",
    "SearchResult",
    "Searcher",
    "Snippet",
    "UpdateReport",
    "index_folder",
    "update_index",
]
