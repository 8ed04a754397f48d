"""The index's own words, for what the typed word is not: a prefix, a typo, a misspelling.

Completions and near words come from the unstemmed `words` field (every word of every article);
suggestions come from the small `dictionary` field (titles, aliases, headings, steps, tags), which
is what a did-you-mean should propose.
"""

from __future__ import annotations

from itertools import islice

from whoosh.reading import IndexReader

from kbpilot.search.distance import common_prefix, edit_distance
from kbpilot.search.schema import DICTIONARY, FIELD_BOOSTS, WORDS

MAX_SCANNED = 400
MIN_FUZZY_LENGTH = 4


def max_typos(word: str) -> int:
    """Edit distance allowed for a typed word: none below 4 letters, 1 up to 5, else 2."""
    if len(word) < MIN_FUZZY_LENGTH:
        return 0
    return 1 if len(word) <= 5 else 2


class Vocabulary:
    """Word lookups on one reader of the index."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader

    def has_stem(self, stem: str) -> bool:
        """Whether any searchable field holds this stemmed term."""
        return any(self.reader.doc_frequency(name, stem) for name in FIELD_BOOSTS)

    def has_word(self, word: str) -> bool:
        return bool(self.reader.doc_frequency(WORDS, word))

    def completions(self, prefix: str, limit: int) -> list[str]:
        """The most frequent words starting with `prefix`."""
        found = [
            raw.decode("utf-8")
            for raw in islice(self.reader.expand_prefix(WORDS, prefix), MAX_SCANNED)
        ]
        found.sort(key=lambda word: -self.reader.doc_frequency(WORDS, word))
        return found[:limit]

    def near(self, word: str, limit: int) -> list[tuple[str, int]]:
        """Words within the allowed edit distance (first letter kept, as typos rarely hit it),
        closest first, then sharing the longest start, then most frequent."""
        allowed = max_typos(word)
        if not allowed:
            return []
        scored = []
        for raw in self.reader.expand_prefix(WORDS, word[:1]):
            candidate = raw.decode("utf-8")
            if abs(len(candidate) - len(word)) > allowed:
                continue
            distance = edit_distance(word, candidate, allowed)
            if distance <= allowed:
                frequency = self.reader.doc_frequency(WORDS, candidate)
                scored.append((distance, -common_prefix(word, candidate), -frequency, candidate))
        scored.sort()
        return [(candidate, distance) for distance, _, _, candidate in scored[:limit]]

    def suggestion(self, word: str) -> str | None:
        """The dictionary word closest to a word the index does not know, if any is close."""
        if self.has_word(word) or len(word) < 3:
            return None
        allowed = min(3, max(1, len(word) // 3))
        best: tuple[int, int, str] | None = None
        for raw in self.reader.lexicon(DICTIONARY):
            candidate = raw.decode("utf-8")
            if abs(len(candidate) - len(word)) > allowed:
                continue
            distance = edit_distance(word, candidate, allowed)
            if distance > allowed:
                continue
            rank = (distance, -self.reader.doc_frequency(DICTIONARY, candidate), candidate)
            if best is None or rank < best:
                best = rank
        return best[2] if best else None
