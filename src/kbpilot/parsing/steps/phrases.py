"""A list of phrases as one pattern, with a cheap test that rules most texts out first.

A word list of reading.toml ("the output", "you should see", ...) compiles to one
case-insensitive alternation. Searching a paragraph for it costs the regular-expression engine
a try of every phrase at every position, and most paragraphs hold none of the phrases: plain
substring tests on the lower-cased text say so many times faster. The test never rules out a
text the pattern matches: where the pattern matches, the text holds each phrase character or
one the pattern takes for it ignoring case, and `parsing.needles.folded` maps every such
character to the phrase's own lower-case character. A phrase that is not plain ASCII turns
the test off for its list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbpilot.parsing.needles import folded


@dataclass(frozen=True)
class Phrases:
    """Phrases between `before` and `after` (regular expressions), as one pattern."""

    pattern: re.Pattern[str]
    needles: tuple[str, ...] | None

    @classmethod
    def compile(cls, phrases: list[str], before: str, after: str) -> Phrases:
        ordered = sorted(phrases, key=len, reverse=True)
        pattern = re.compile(
            before + "|".join(re.escape(p) for p in ordered) + after, re.IGNORECASE
        )
        plain = all(p.isascii() for p in phrases)
        return cls(pattern, tuple(p.lower() for p in ordered) if plain else None)

    def may_occur(self, text: str) -> bool:
        """False only when no phrase can occur in `text`, so no match can either."""
        if self.needles is None:
            return True
        lowered = folded(text)
        return any(needle in lowered for needle in self.needles)

    def search(self, text: str) -> re.Match[str] | None:
        """The pattern's first match in `text`, as `re.Pattern.search` finds it."""
        return self.pattern.search(text) if self.may_occur(text) else None

    def match(self, text: str) -> re.Match[str] | None:
        """The pattern's match at the start of `text` (anchored: cheap without the test)."""
        return self.pattern.match(text)
