"""What a hit shows: the passage of the article where the query matched, the step that passage
shows (none when it lies outside the steps: the intro, the related articles), and the alias the
query matched when it matched the title less.

Matching here is by word start: a stem such as `offboard` marks "offboarding" and "Offboarded".
Cheap by design (one regular expression over stored text), as it runs for every hit on every
keystroke.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from itertools import islice
from typing import NamedTuple

SNIPPET_CHARS = 160
MARK = "**"
MAX_MATCHES = 64
_WORD_START = re.compile(r"\w")


class Snippet(NamedTuple):
    """A passage with the character spans of the matched words in it."""

    text: str
    spans: tuple[tuple[int, int], ...]

    def marked(self) -> str:
        """The passage with each matched word between `**`."""
        out, last = [], 0
        for start, end in self.spans:
            out += [self.text[last:start], MARK, self.text[start:end], MARK]
            last = end
        out.append(self.text[last:])
        return "".join(out)


class Matcher:
    """Finds the words that start with any of a query's stems, in any case.

    Nearly every article's text is ASCII, and so are the stems typed: such a text is searched
    lower-cased, with a pattern whose alternatives each start with a plain character (the word
    boundary checked just after it), which lets the regular expression engine skip to the places
    where one of those characters stands instead of trying the case-insensitive pattern at every
    character: 3-7x faster, and the same matches at the same places (lower-casing ASCII keeps
    every character where it is, and in ASCII only a letter's capital matches it, case aside).

    Equal to a matcher of the same stems: hits are cached by their matcher."""

    def __init__(self, alternatives: tuple[str, ...], lowered: re.Pattern[str] | None) -> None:
        self.alternatives = alternatives
        self.lowered = lowered

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Matcher) and other.alternatives == self.alternatives

    def __hash__(self) -> int:
        return hash(self.alternatives)

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        """The case-insensitive pattern (compiled when a text or a stem is not ASCII)."""
        escaped = "|".join(re.escape(stem) for stem in self.alternatives)
        return re.compile(rf"\b(?:{escaped})\w*", re.IGNORECASE)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches in `text`, in order (their text lower-cased when it is ASCII)."""
        if self.lowered is not None and text.isascii():
            return self.lowered.finditer(text.lower())
        return self.pattern.finditer(text)

    def words(self, text: str) -> set[str]:
        """The distinct words of `text` that match, lower-cased."""
        return {match.group().lower() for match in self.finditer(text)}


def matcher(stems: Iterable[str]) -> Matcher | None:
    """A matcher of the words that start with any of the stems."""
    # Longest first, so that of two stems one of which begins the other, the longer is tried
    # first (which of two unrelated stems is tried first never changes a match).
    alternatives = tuple(sorted({stem for stem in stems if stem}, key=lambda s: (-len(s), s)))
    if not alternatives:
        return None
    lowered = None
    if all(stem.isascii() and _WORD_START.match(stem) for stem in alternatives):
        # After a stem's first character (a word character), no word character before it is
        # the word boundary the case-insensitive pattern asks for before it.
        starts = "|".join(
            rf"{re.escape(stem[0])}(?<!\w.){re.escape(stem[1:])}"
            for stem in (stem.lower() for stem in alternatives)
        )
        lowered = re.compile(rf"(?:{starts})\w*", re.DOTALL)
    return Matcher(alternatives, lowered)


class Passages(NamedTuple):
    """An article's text as its snippets read it: runs of white space as single spaces, and
    where each step's text stands in it (the first place it does)."""

    flat: str
    steps: tuple[tuple[str, int, int], ...]

    @classmethod
    def of(cls, text: str, steps: Iterable[tuple[str, str]]) -> Passages:
        """The passages of an article's text and of its steps (dotted number, text)."""
        flat = _flattened(text)
        spans = []
        for path, step_text in steps:
            step = _flattened(step_text)
            at = flat.find(step)
            if step and at >= 0:
                spans.append((path, at, at + len(step)))
        return cls(flat, tuple(spans))

    def snippet(self, pattern: Matcher | None) -> Snippet:
        """The window of the text holding the most distinct matched words (its start if none)."""
        flat = self.flat
        found = list(islice(pattern.finditer(flat), MAX_MATCHES)) if pattern else []
        best_start, best_count = 0, 0
        # Matches do not overlap, so those ending within a window opened at match n are
        # n..end-1: slide both ends, counting each word in the window.
        texts = [m.group().lower() for m in found]
        counts: dict[str, int] = {}
        end = 0
        for n, first in enumerate(found):
            limit = first.start() + SNIPPET_CHARS
            end = max(end, n)
            while end < len(found) and found[end].end() <= limit:
                counts[texts[end]] = counts.get(texts[end], 0) + 1
                end += 1
            if len(counts) > best_count:
                best_start, best_count = first.start(), len(counts)
            if n < end:
                counts[texts[n]] -= 1
                if not counts[texts[n]]:
                    del counts[texts[n]]
        start = _word_start(flat, max(0, best_start - SNIPPET_CHARS // 4))
        end = _word_end(flat, min(len(flat), start + SNIPPET_CHARS))
        lead = "…" if start > 0 else ""
        tail = "…" if end < len(flat) else ""
        shift = len(lead) - start
        spans = tuple(
            (m.start() + shift, m.end() + shift)
            for m in found
            if m.start() >= start and m.end() <= end
        )
        return Snippet(f"{lead}{flat[start:end]}{tail}", spans)

    def step(self, shown: Snippet, pattern: Matcher | None) -> str | None:
        """The dotted number of the step that the snippet `shown` (cut from this text) shows a
        match of: among the steps lying in its window, the one with the most distinct matched
        words there."""
        if pattern is None:
            return None
        window = shown.text.strip("…")
        start = self.flat.find(window)
        if start < 0:
            return None
        end = start + len(window)
        best, best_count = None, 0
        for path, at, stop in self.steps:
            # A step outside the window has no match in it, so it cannot be the best.
            if at < end and stop > start:
                count = len(pattern.words(self.flat[max(at, start) : min(stop, end)]))
                if count > best_count:
                    best, best_count = path, count
        return best


def matching_alias(title: str, aliases: Iterable[str], pattern: Matcher | None) -> str | None:
    """The alias matching the most distinct query words, when it matches more than the title."""
    if pattern is None:
        return None
    best, best_count = None, len(pattern.words(title))
    for alias in aliases:
        count = len(pattern.words(alias))
        if count > best_count:
            best, best_count = alias, count
    return best


def _flattened(text: str) -> str:
    return " ".join(text.split())


def _word_start(text: str, index: int) -> int:
    """The start of the word at `index` (a window never opens mid-word)."""
    if index == 0:
        return 0
    space = text.rfind(" ", 0, index)
    return space + 1 if space >= 0 else 0


def _word_end(text: str, index: int) -> int:
    """The end of the last whole word before `index`."""
    if index >= len(text):
        return len(text)
    space = text.rfind(" ", 0, index + 1)
    return space if space > 0 else index
