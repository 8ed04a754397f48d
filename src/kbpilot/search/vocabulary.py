"""The index's own terms, for what a typed word is not quite: a prefix, a typo, a misspelling.

Completions and near terms come from the `body` field, whose stems are every word of every
article; suggestions come from the small `dictionary` field (unstemmed words of titles, aliases,
tags, headings and steps), which is what a did-you-mean should propose.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from kbpilot.search.analysis import stem_word
from kbpilot.search.distance import common_prefix, edit_distance
from kbpilot.search.engine import IndexReader
from kbpilot.search.schema import BODY, DICTIONARY

MAX_SCANNED = 400
MIN_FUZZY_LENGTH = 4
MIN_STEM_PREFIX = 4


def max_typos(word: str) -> int:
    """Edit distance allowed for a typed word: none below 4 letters, 1 up to 5, else 2."""
    if len(word) < MIN_FUZZY_LENGTH:
        return 0
    return 1 if len(word) <= 5 else 2


class Vocabulary:
    """Term lookups on one reader of the index; keep it as long as the reader, as it keeps the
    stems it has listed for near terms (whoosh lists a multi-segment lexicon slowly)."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self._by_initial: dict[str, list[str]] = {}
        self._completions: dict[tuple[str, int], list[str]] = {}

    def frequency(self, stem: str) -> int:
        frequency: int = self.reader.doc_frequency(BODY, stem)
        return frequency

    def completions(self, prefix: str, limit: int) -> list[str]:
        """The most frequent stems of words starting with `prefix`: stems that start with it, or
        else the longest stem it extends ("offboardin" -> offboard); kept, as the words being
        typed come back (a word typed, rubbed out, typed again)."""
        found = self._completions.get((prefix, limit))
        if found is None:
            found = self._completions[(prefix, limit)] = self._complete(prefix, limit)
        return list(found)

    def _complete(self, prefix: str, limit: int) -> list[str]:
        found = [raw.decode("utf-8") for raw in islice(self._expand(prefix), MAX_SCANNED)]
        if not found:
            for end in range(len(prefix) - 1, MIN_STEM_PREFIX - 1, -1):
                if self.frequency(prefix[:end]):
                    return [prefix[:end]]
            return []
        found.sort(key=lambda stem: -self.frequency(stem))
        return found[:limit]

    def near(self, word: str, limit: int) -> list[tuple[str, int]]:
        """Stems within the allowed edit distance of the word or of its stem (first letter kept,
        as typos rarely hit it): closest first, then sharing the longest start, then the most
        frequent."""
        allowed = max_typos(word)
        if not allowed:
            return []
        stem = stem_word(word)
        typed = (word,) if stem == word else (word, stem)
        scored = []
        for candidate in self._starting_with(word[:1]):
            if min(abs(len(candidate) - len(form)) for form in typed) > allowed:
                continue
            distance = min(edit_distance(form, candidate, allowed) for form in typed)
            if distance <= allowed:
                shared = common_prefix(word, candidate)
                scored.append((distance, -shared, -self.frequency(candidate), candidate))
        scored.sort()
        return [(candidate, distance) for distance, _, _, candidate in scored[:limit]]

    def suggestion(self, word: str) -> str | None:
        """The dictionary word closest to a word the index does not know, if any is close."""
        if len(word) < 3 or self.frequency(stem_word(word)):
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

    def _expand(self, prefix: str) -> Iterator[bytes]:
        return self.reader.expand_prefix(BODY, prefix)

    def _starting_with(self, initial: str) -> list[str]:
        """The stems starting with a letter, listed once."""
        found = self._by_initial.get(initial)
        if found is None:
            found = [raw.decode("utf-8") for raw in self._expand(initial)]
            self._by_initial[initial] = found
        return found
