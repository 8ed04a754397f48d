"""Phrases: the documents where a phrase's stems stand at consecutive positions of `body`, read
only where that can change the top hits.

A phrase is matched and scored as the plain terms of its stems in `body` (whoosh's own phrase
query scores the same: the sum of its terms'), and `Phrases` wraps the query of a group of
clauses, keeping only the documents where each of the group's phrases holds. Reading positions is
what costs (whoosh's span matcher read them for every document holding all the words: 130 ms a
phrase at 1,000 articles). With a `Threshold`, which `TopHits` keeps at the lowest score of a
full list of top hits, a document that does not score above it is passed over unread: it could
not enter the hits, phrase or not. Only the outermost query may take a threshold (a group within
an OR adds its score to the other groups'); an inner one checks every document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kbpilot.search.engine import (
    Matcher,
    NullMatcher,
    Query,
    TopCollector,
    WrappingMatcher,
    WrappingQuery,
)
from kbpilot.search.schema import BODY


@dataclass
class Threshold:
    """The score a document must beat to enter the hits (None while the list is not full)."""

    score: float | None = None


class TopHits(TopCollector):
    """whoosh's top-N collector, keeping a `Threshold` at the lowest score of a full list."""

    def __init__(self, limit: int, threshold: Threshold) -> None:
        super().__init__(limit=limit)
        self.threshold = threshold

    def _collect(self, global_docnum: int, score: float) -> Any:
        key = super()._collect(global_docnum, score)
        if len(self.items) >= self.limit:
            self.threshold.score = self.items[0][0]
        return key


class Phrases(WrappingQuery):
    """The documents of `child` in which every phrase (a sequence of stems) stands in `body`."""

    def __init__(
        self,
        child: Query,
        phrases: Sequence[Sequence[str]],
        threshold: Threshold | None = None,
    ) -> None:
        super().__init__(child)
        self.phrases = tuple(tuple(stems) for stems in phrases)
        self.threshold = threshold

    def __repr__(self) -> str:
        return f"Phrases({self.child!r}, {self.phrases!r})"

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Phrases)
            and self.child == other.child
            and self.phrases == other.phrases
        )

    def __hash__(self) -> int:
        return hash((Phrases, self.child, self.phrases))

    def _rewrap(self, child: Query) -> Phrases:
        return Phrases(child, self.phrases, self.threshold)

    def matcher(self, searcher: Any, context: Any = None) -> Matcher:
        child = self.child.matcher(searcher, context)
        reader = searcher.reader()
        if not child.is_active() or any(
            (BODY, stem) not in reader for stems in self.phrases for stem in stems
        ):
            return NullMatcher()
        positions = [[reader.postings(BODY, stem) for stem in stems] for stems in self.phrases]
        return PhraseMatcher(child, positions, self.threshold)


class PhraseMatcher(WrappingMatcher):
    """The child's documents where every phrase holds; `positions` has, per phrase, a matcher of
    each stem's postings in `body`, moved forward alongside the child."""

    def __init__(
        self, child: Matcher, positions: list[list[Matcher]], threshold: Threshold | None
    ) -> None:
        super().__init__(child)
        self._positions = positions
        self._threshold = threshold
        self._scored: tuple[int, float] = (-1, 0.0)
        self._find_next()

    def copy(self) -> PhraseMatcher:
        positions = [[m.copy() for m in stems] for stems in self._positions]
        return PhraseMatcher(self.child.copy(), positions, self._threshold)

    def _replacement(self, newchild: Matcher) -> PhraseMatcher:
        return PhraseMatcher(newchild, self._positions, self._threshold)

    def score(self) -> float:
        doc = self.child.id()
        if self._scored[0] != doc:
            self._scored = (doc, self.child.score())
        return self._scored[1]

    def next(self) -> bool:
        moved = self.child.next()
        return self._find_next() or bool(moved)

    def skip_to(self, id: int) -> bool:
        moved = self.child.skip_to(id)
        return self._find_next() or bool(moved)

    def skip_to_quality(self, minquality: float) -> int:
        skipped: int = self.child.skip_to_quality(minquality)
        self._find_next()
        return skipped

    def all_ids(self) -> Any:
        while self.is_active():
            yield self.id()
            self.next()

    def _find_next(self) -> bool:
        """Move the child to the next document worth returning; true if it entered a new block."""
        child = self.child
        moved = False
        while child.is_active() and not self._wanted(child.id()):
            moved = bool(child.next()) or moved
        return moved

    def _wanted(self, doc: int) -> bool:
        bar = self._threshold.score if self._threshold is not None else None
        if bar is not None and self.score() <= bar:
            return False
        return all(_adjacent(stems, doc) for stems in self._positions)


def _adjacent(stems: list[Matcher], doc: int) -> bool:
    """Whether the stems' postings stand at consecutive positions somewhere in the document."""
    starts: set[int] | None = None
    for offset, postings in enumerate(stems):
        if postings.is_active() and postings.id() < doc:
            postings.skip_to(doc)
        if not postings.is_active() or postings.id() != doc:
            return False
        shifted = {position - offset for position in postings.value_as("positions")}
        starts = shifted if starts is None else starts & shifted
        if not starts:
            return False
    return True
