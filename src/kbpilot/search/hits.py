"""Hits made from the index's stored fields, for one generation of the index.

The TUI searches on every keystroke, and consecutive keystrokes mostly list the same articles
with the same query words: what a hit shows of an article for a set of query words (snippet,
step, alias) is kept for the last `MAX_SHOWN`, and the stored records it is made of are those
the evaluator keeps. The index stores an article's text as snippets read it (`Passages`), so a
hit never flattens it again. A generation's stored fields never change, so neither do these; a
new generation gets new `Hits`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from typing import Any

from kbpilot.search.results import Hit
from kbpilot.search.snippets import (
    Matcher,
    Passages,
    Snippet,
    matching_alias,
)

MAX_SHOWN = 1024

# A hit's snippet, the step it shows a match in, the alias that matched.
Shown = tuple[Snippet, str | None, str | None]


def _shown(stored: Callable[[int], dict[str, Any]], doc: int, pattern: Matcher | None) -> Shown:
    display = stored(doc)["display"]
    flat, steps = display["passages"]
    passages = Passages(flat, steps)
    shown = passages.snippet(pattern)
    alias = matching_alias(display["title"], display.get("aliases", ()), pattern)
    return shown, passages.step(shown, pattern), alias


class Hits:
    """Makes the hits of one generation of the index; keep it as long as that generation."""

    def __init__(self, stored: Callable[[int], dict[str, Any]]) -> None:
        """`stored(doc)`: the stored record of the document numbered `doc` in the index."""
        self._stored = stored
        # Cached without a reference back to this object.
        self._shown = lru_cache(MAX_SHOWN)(partial(_shown, stored))

    def hit(self, doc: int, score: float, pattern: Matcher | None) -> Hit:
        """The hit of the document numbered `doc` in the index, its query words `pattern`."""
        fields = self._stored(doc)
        display = fields["display"]
        shown, step, alias = self._shown(doc, pattern)
        return Hit(
            id=str(fields["id"]),
            title=display["title"],
            category=display["category"],
            score=score,
            snippet=shown,
            step=step,
            alias=alias,
            source=str(fields["path"]),
            format=display["format"],
            systems=tuple(display["systems"]),
        )
