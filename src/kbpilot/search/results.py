"""What a search returns: hits best first, a did-you-mean, notices about how the query was read."""

from __future__ import annotations

from typing import Any, NamedTuple

from kbpilot.search.snippets import Snippet


class Hit(NamedTuple):
    """One matching article; `step` is the dotted number of the step the snippet shows a match
    in, `systems` the systems its steps' actions act on (`autotask`, `itglue`, `form`...), sorted,
    `alias` the article's alias the query matched (when it matched the title less)."""

    id: str
    title: str
    category: str | None
    score: float
    snippet: Snippet
    step: str | None
    source: str
    format: str
    systems: tuple[str, ...]
    alias: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """DESIGN's hit shape; matched words in the snippet are between `**`."""
        return {
            "id": self.id,
            "title": self.title,
            "category": self.category,
            "score": round(self.score, 3),
            "snippet": self.snippet.marked(),
            "step": self.step,
            "alias": self.alias,
        }


class SearchResult(NamedTuple):
    """The answer to one query."""

    query: str
    hits: list[Hit]
    suggestion: str | None
    notices: list[str]

    def to_dict(self) -> dict[str, Any]:
        """DESIGN's `kbpilot search --json` shape."""
        return {
            "query": self.query,
            "suggestion": self.suggestion,
            "hits": [hit.to_dict() for hit in self.hits],
        }
