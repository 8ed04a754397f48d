"""What a hit shows: the passage of the article where the query matched, the step that passage
shows (none when it lies outside the steps: the intro, the related articles), and the alias the
query matched when it matched the title less.

Matching here is by word start: a stem such as `offboard` marks "offboarding" and "Offboarded".
Cheap by design (one regular expression over stored text), as it runs for every hit on every
keystroke.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

SNIPPET_CHARS = 160
MARK = "**"
MAX_MATCHES = 64


@dataclass(frozen=True)
class Snippet:
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


def matcher(stems: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern finding words that start with any of the stems."""
    alternatives = sorted({re.escape(stem) for stem in stems if stem}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(rf"\b(?:{'|'.join(alternatives)})\w*", re.IGNORECASE)


def snippet(text: str, pattern: re.Pattern[str] | None) -> Snippet:
    """The window of the text holding the most distinct matched words (its start if none)."""
    flat = " ".join(text.split())
    found = list(islice(pattern.finditer(flat), MAX_MATCHES)) if pattern else []
    best_start, best_count = 0, 0
    # Matches do not overlap, so those ending within a window opened at match n are n..end-1:
    # slide both ends, counting each word in the window.
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
        (m.start() + shift, m.end() + shift) for m in found if m.start() >= start and m.end() <= end
    )
    return Snippet(f"{lead}{flat[start:end]}{tail}", spans)


def matching_step(
    text: str, steps: list[tuple[str, str]], shown: Snippet, pattern: re.Pattern[str] | None
) -> str | None:
    """The dotted number of the step that the snippet `shown` (cut from `text`) shows a match
    of: among the steps lying in its window, the one with the most distinct matched words there."""
    if pattern is None:
        return None
    flat = " ".join(text.split())
    window = shown.text.strip("…")
    start = flat.find(window)
    if start < 0:
        return None
    end = start + len(window)
    best, best_count = None, 0
    for path, step_text in steps:
        step = " ".join(step_text.split())
        at = flat.find(step)
        if not step or at < 0:
            continue
        inside = flat[max(at, start) : min(at + len(step), end)]
        count = len({m.group().lower() for m in pattern.finditer(inside)})
        if count > best_count:
            best, best_count = path, count
    return best


def matching_alias(
    title: str, aliases: Iterable[str], pattern: re.Pattern[str] | None
) -> str | None:
    """The alias matching the most distinct query words, when it matches more than the title."""
    if pattern is None:
        return None

    def matched(text: str) -> int:
        return len({m.group().lower() for m in pattern.finditer(text)})

    best, best_count = None, matched(title)
    for alias in aliases:
        count = matched(alias)
        if count > best_count:
            best, best_count = alias, count
    return best


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
