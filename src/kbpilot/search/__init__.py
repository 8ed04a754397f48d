"""Full-text search over a KB: the index in kb/.index/, kept up to date, and the searcher.

The rest of kbpilot uses only what is named here; whoosh never shows outside this package, so the
engine can be swapped without touching callers. `update_index` indexes what changed; `Searcher`
is the long-lived, per-keystroke search API; `search_once` is what `kbpilot search` does;
`SearchProcess` runs a Searcher in a child process (the TUI's). Each name is imported on first
use, so a caller that needs only results or the search process never loads whoosh.

What a cold `kbpilot search` loads (this package's search and update-check path, and
`kbpilot.workspace`, `kbpilot.settings`, `kbpilot.cli.quick` and `kbpilot.cli.context`) writes
its records as NamedTuples or plain classes, not dataclasses: loading `dataclasses` (with
`inspect`) and the methods it compiles for each class took about a fifth of a cold search at
10,000 articles. tests/test_architecture.py checks that such a search loads neither. (A KB
whose kb/kbpilot.toml declares fields for articles loads the model, which those fields are.)
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kbpilot.search.index import UpdateReport, index_folder, update_index
    from kbpilot.search.process import SearchProcess
    from kbpilot.search.results import Hit, SearchResult
    from kbpilot.search.searcher import Searcher, search_once
    from kbpilot.search.snippets import Snippet

_WHERE = {
    "Hit": "results",
    "SearchResult": "results",
    "SearchProcess": "process",
    "Searcher": "searcher",
    "Snippet": "snippets",
    "UpdateReport": "index",
    "index_folder": "index",
    "update_index": "index",
    "search_once": "searcher",
}
__all__ = [
    "Hit",
    "SearchProcess",
    "SearchResult",
    "Searcher",
    "Snippet",
    "UpdateReport",
    "index_folder",
    "search_once",
    "update_index",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_WHERE[name]}"), name)
