"""Hits made from the index's stored fields, for one generation of the index.

The TUI searches on every keystroke, and consecutive keystrokes mostly list the same articles
with the same query words: each article's stored fields and its text as snippets read it
(`Passages`) are kept for the last `MAX_ARTICLES` articles listed, and what a hit shows of an
article for a set of query words (snippet, step, alias) for the last `MAX_SHOWN`. A generation's
stored fields never change, so neither do these; a new generation gets new `Hits`.
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

MAX_ARTICLES = 256
MAX_SHOWN = 1024

# A hit's snippet, the step it shows a match in, the alias that matched.
Shown = tuple[Snippet, str | None, str | None]


def _article(stored: Any, doc: int) -> tuple[dict[str, Any], Passages]:
    fields: dict[str, Any] = stored(doc)
    display = fields["display"]
    return fields, Passages.of(display["text"], display["steps"])


def _shown(article: Any, doc: int, pattern: Matcher | None) -> Shown:
    fields, passages = article(doc)
    display = fields["display"]
    shown = passages.snippet(pattern)
    alias = matching_alias(display["title"], display.get("aliases", ()), pattern)
    return shown, passages.step(shown, pattern), alias


class Hits:
    """Makes the hits of one generation of the index; keep it as long as that generation."""

    def __init__(self, stored: Callable[[int], dict[str, Any]]) -> None:
        """`stored(doc)`: the stored record of the document numbered `doc` in the index."""
        # Functions of the stored fields, cached without a reference back to this object.
        self._article = lru_cache(MAX_ARTICLES)(partial(_article, stored))
        self._shown = lru_cache(MAX_SHOWN)(partial(_shown, self._article))

    def hit(self, doc: int, score: float, pattern: Matcher | None) -> Hit:
        """The hit of the document numbered `doc` in the index, its query words `pattern`."""
        fields, _ = self._article(doc)
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
