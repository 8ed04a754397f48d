"""A compiled query evaluated on the index: the documents it matches, their scores, the top hits.

The query is a small tree (`Terms`, `All`, `Alternatives`, `Without`, `Everything`, `Phrases`).
Each term's postings are read a block at a time (`engine.posting_blocks`) and scored a clause at
a time with whoosh's BM25F and its statistics over the whole index (idf, average field length),
so a score is the one whoosh's own search gives. whoosh evaluates a document at a time through a
tree of matchers, a few Python calls per posting and field, and its short cuts for top hits lose
hits: on the bench's realistic articles the top 10 of 6 (1,000 articles) and 9 (10,000) of its
36 queries left out or misordered a document (its AndMaybe matcher, swapped in for a union
mid-search, drops a field's score after a skip; its block-quality skips pass over documents).
Here every match is scored.

A phrase is checked on a document's stored stems (`phrases`); for the outermost query's phrases,
only on the best-scoring candidates, in order, until the hits are full. Without phrases, the best
of each segment are taken, then the best of those.

An evaluator lives as long as its generation of the index, and keeps for the next queries (the
next keystroke's mostly repeat the last one's) each term's postings scored, each `Terms` clause's
scores and each query's best documents, the least recently used dropped past a size: all of it
exact, as the generation never changes. It also keeps the last stored records it unpickled
(`stored`), which the hits made of the same documents read again (`hits.Hits` shares it).
"""

from __future__ import annotations

import heapq
from array import array
from functools import lru_cache
from math import inf
from operator import neg
from typing import TypeAlias

from kbpilot.search.engine import (
    BM25F,
    IndexReader,
    Searcher,
    byte_to_length,
    length_codes,
    posting_blocks,
)
from kbpilot.search.phrases import holds
from kbpilot.search.recent import Recent
from kbpilot.search.schema import STEMS


class _Node:
    """A node of a compiled query. Nodes key the evaluator's caches, so a node equals (and hashes
    as) a node of its own type with equal fields; never changed once made."""

    __slots__: tuple[str, ...] = ()

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Node)
            and type(other) is type(self)
            and other._fields() == self._fields()
        )

    def __hash__(self) -> int:
        return hash((type(self), self._fields()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._fields()!r}"


class Terms(_Node):
    """Any of the terms (field, text, boost); a document's score is the sum of its terms'."""

    __slots__ = ("terms",)

    def __init__(self, terms: tuple[tuple[str, str, float], ...]) -> None:
        self.terms = terms


class All(_Node):
    """Every part; the scores add up."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Node, ...]) -> None:
        self.parts = parts


class Alternatives(_Node):
    """Any of the parts; the scores of those that match add up."""

    __slots__ = ("parts",)

    def __init__(self, parts: tuple[Node, ...]) -> None:
        self.parts = parts


class Without(_Node):
    """The documents of `kept` not in `excluded`, scored by `kept`."""

    __slots__ = ("excluded", "kept")

    def __init__(self, kept: Node, excluded: Node) -> None:
        self.kept = kept
        self.excluded = excluded


class Everything(_Node):
    """Every document, each scoring 1."""

    __slots__ = ()


class Phrases(_Node):
    """The documents of `child` where each phrase (a sequence of stems) stands in `body`."""

    __slots__ = ("child", "phrases")

    def __init__(self, child: Node, phrases: tuple[tuple[str, ...], ...]) -> None:
        self.child = child
        self.phrases = phrases


Node = Terms | All | Alternatives | Without | Everything | Phrases
Scores = dict[int, float]
# A term's documents in a segment and their scores without its boost.
Postings: TypeAlias = "tuple[array[int], array[float]]"
# What is kept of a generation for the next queries: the terms' postings scored (12 bytes a
# posting, some 18 MB at most), the scores of clauses (some 100 bytes a document, 20 MB at
# most) and the best documents of queries.
MAX_KEPT_POSTINGS = 1_500_000
MAX_KEPT_SCORES = 200_000
MAX_KEPT_TOPS = 64
MAX_KEPT_STORED = 256


class _Segment:
    """One segment of the index: its reader, its first document's number in the whole index, and
    its documents' length codes per field (read on first use)."""

    def __init__(self, reader: IndexReader, offset: int) -> None:
        self.reader = reader
        self.offset = offset
        self._lengths: dict[str, bytes] = {}

    def lengths(self, field: str) -> bytes:
        found = self._lengths.get(field)
        if found is None:
            found = self._lengths[field] = length_codes(self.reader, field)
        return found


class Evaluator:
    """Evaluates queries on one whoosh searcher (one generation of the index); keep it as long as
    the searcher, so each segment's lengths are read once and each term's postings scored once."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.weighting = BM25F()
        self.segments = [
            _Segment(sub.reader(), offset) for sub, offset in searcher.leaf_searchers()
        ]
        self._norms_by_field: dict[str, list[float]] = {}
        self._postings: Recent[tuple[int, str, str], Postings] = Recent(
            MAX_KEPT_POSTINGS, lambda postings: len(postings[0])
        )
        self._clauses: Recent[tuple[int, Terms], Scores] = Recent(MAX_KEPT_SCORES, len)
        self._tops: Recent[tuple[Node, int], list[tuple[int, float]]] = Recent(MAX_KEPT_TOPS, _one)
        # Each document's stored record by its number in the index, unpickled once for the
        # phrase check and the hit made of it (`Hits` shares it).
        self.stored = lru_cache(MAX_KEPT_STORED)(searcher.stored_fields)

    def forget(self) -> None:
        """Drop what was kept of earlier queries (not what was read of the index itself)."""
        self._postings.clear()
        self._clauses.clear()
        self.stored.cache_clear()
        self._tops.clear()

    def read(self, field: str, text: str, segment: int) -> None:
        """Read and score a term's postings in the `segment`-th segment (of `segments`) ahead of
        a query that will need them."""
        self._term(self.segments[segment], field, text)

    def top(self, query: Node, limit: int) -> list[tuple[int, float]]:
        """The best `limit` documents (number in the index, score): highest score first, then
        lowest number, as whoosh orders them."""
        found = self._tops.get((query, limit))
        if found is None:
            found = self._top(query, limit)
            self._tops.put((query, limit), found)
        return list(found)

    def _top(self, query: Node, limit: int) -> list[tuple[int, float]]:
        phrases: tuple[tuple[str, ...], ...] = ()
        if isinstance(query, Phrases):
            phrases = query.phrases
            query = query.child
        if not phrases:
            # The best of the whole index are among the best of each segment.
            best = [
                (doc + segment.offset, score)
                for segment in self.segments
                for doc, score in _best(self._node(query, segment), limit)
            ]
            return sorted(best, key=_rank)[:limit]
        scores = self.scores(query)
        # Best first, each checked until the hits are full: a heap, as few are usually taken.
        heap = list(zip(map(neg, scores.values()), scores.keys(), strict=True))
        heapq.heapify(heap)
        found: list[tuple[int, float]] = []
        stored = self.stored
        while heap and len(found) < limit:
            score, doc = heapq.heappop(heap)
            if holds(stored(doc)[STEMS], phrases):
                found.append((doc, -score))
        return found

    def scores(self, query: Node) -> Scores:
        """Every matching document of the index (by its number in the index) and its score."""
        found: Scores = {}
        for segment in self.segments:
            scores = self._node(query, segment)
            offset = segment.offset
            if offset:
                found.update({doc + offset: score for doc, score in scores.items()})
            else:
                found.update(scores)
        return found

    def _node(self, node: Node, segment: _Segment) -> Scores:
        if isinstance(node, Terms):
            return self._terms(node, segment)
        if isinstance(node, All):
            return _intersection([self._node(part, segment) for part in node.parts])
        if isinstance(node, Alternatives):
            return _union([self._node(part, segment) for part in node.parts])
        if isinstance(node, Without):
            kept = self._node(node.kept, segment)
            if not kept:
                return kept
            kept = dict(kept)  # a clause's scores are kept for the next queries: never changed
            for doc in self._node(node.excluded, segment):
                kept.pop(doc, None)
            return kept
        if isinstance(node, Everything):
            reader = segment.reader
            return dict.fromkeys(reader.all_doc_ids(), 1.0)
        found = self._node(node.child, segment)
        stored = segment.reader.stored_fields
        return {
            doc: score for doc, score in found.items() if holds(stored(doc)[STEMS], node.phrases)
        }

    def _terms(self, node: Terms, segment: _Segment) -> Scores:
        """The sum of the terms' scores, each the term's unboosted score times its boost (a score
        of 1.0 is not multiplied: x * 1.0 is x exactly); kept for the next queries, which must
        not change it."""
        key = (segment.offset, node)
        found = self._clauses.get(key)
        if found is None:
            found = self._sum(node, segment)
            self._clauses.put(key, found)
        return found

    def _sum(self, node: Terms, segment: _Segment) -> Scores:
        """Each document's sum, added up in a list indexed by document number (a quarter
        cheaper than in a dictionary), in the terms' order, so each sum is the same to the bit."""
        sums = [0.0] * segment.reader.doc_count_all()
        matched: set[int] = set()
        for field, text, boost in node.terms:
            ids, unboosted = self._term(segment, field, text)
            matched.update(ids)
            if boost == 1.0:
                for doc, score in zip(ids, unboosted, strict=True):
                    sums[doc] += score
            else:
                for doc, score in zip(ids, unboosted, strict=True):
                    sums[doc] += score * boost
        return {doc: sums[doc] for doc in matched}

    def _term(self, segment: _Segment, field: str, text: str) -> Postings:
        """A term's documents in the segment and their unboosted scores: its weight in a field
        that is not scored, else BM25F's idf * (weight * (K1 + 1)) / (weight + length norm),
        computed in whoosh's order, so each score is the same to the last bit."""
        key = (segment.offset, field, text)
        found = self._postings.get(key)
        if found is not None:
            return found
        ids, scores = array("I"), array("d")
        blocks = posting_blocks(segment.reader, field, text)
        if self.searcher.schema[field].scorable:
            idf = self.searcher.idf(field, text)
            norms = self._norms(field)
            lengths = segment.lengths(field)
            k1 = self.weighting.K1 + 1
            for block_ids, weights in blocks:
                ids.extend(block_ids)
                scores.extend(
                    [
                        idf * ((weight * k1) / (weight + norms[lengths[doc]]))
                        for doc, weight in zip(block_ids, weights, strict=True)
                    ]
                )
        else:
            for block_ids, weights in blocks:
                ids.extend(block_ids)
                scores.fromlist(list(weights))
        found = (ids, scores)
        self._postings.put(key, found)
        return found

    def _norms(self, field: str) -> list[float]:
        """BM25's length term, K1 * ((1 - B) + B * length / average length), for each length code
        of the field: computed as whoosh's `bm25` computes it, so scores are the same to the last
        bit."""
        norms = self._norms_by_field.get(field)
        if norms is None:
            average = self.searcher.avg_field_length(field) or 1
            k1, b = self.weighting.K1, self.weighting.B
            norms = [k1 * ((1 - b) + b * byte_to_length(code) / average) for code in range(256)]
            self._norms_by_field[field] = norms
        return norms


def _best(scores: Scores, limit: int) -> list[tuple[int, float]]:
    """The `limit` highest scores, ties by lowest document number: every document scoring at
    least the `limit`-th highest score, sorted (a heap of plain numbers, then a sort of a few
    pairs, costs a fraction of a heap of (score, document) pairs)."""
    threshold = heapq.nlargest(limit, scores.values())[-1] if len(scores) > limit else -inf
    ranked = sorted((-score, doc) for doc, score in scores.items() if score >= threshold)
    return [(doc, -score) for score, doc in ranked[:limit]]


def _rank(hit: tuple[int, float]) -> tuple[float, int]:
    doc, score = hit
    return -score, doc


def _one(_: object) -> int:
    return 1


def _intersection(parts: list[Scores]) -> Scores:
    if not parts:
        return {}
    parts.sort(key=len)
    found = parts[0]
    for other in parts[1:]:
        found = {doc: score + other[doc] for doc, score in found.items() if doc in other}
    return found


def _union(parts: list[Scores]) -> Scores:
    if not parts:
        return {}
    found = dict(parts[0])
    get = found.get
    for other in parts[1:]:
        for doc, score in other.items():
            found[doc] = get(doc, 0.0) + score
    return found
