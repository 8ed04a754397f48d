"""Phrases: whether a phrase's stems stand at consecutive positions of a document's `body`.

A phrase is matched and scored as the plain terms of its stems (whoosh's own phrase query scores
the same: the sum of its terms'), then its positions are checked here. Reading positions is what
costs (whoosh's span matcher read them for every document holding all the words), so the
evaluator checks only the documents that can enter the hits (`evaluate`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from kbpilot.search.engine import IndexReader, Matcher
from kbpilot.search.schema import BODY


def holds(
    reader: IndexReader, docs: Iterable[int], phrases: Sequence[Sequence[str]]
) -> Iterator[int]:
    """Those of the segment's documents (in increasing order) in which every phrase stands."""
    if any((BODY, stem) not in reader for stems in phrases for stem in stems):
        return
    positions = [[reader.postings(BODY, stem) for stem in stems] for stems in phrases]
    for doc in docs:
        if all(_adjacent(stems, doc) for stems in positions):
            yield doc


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
