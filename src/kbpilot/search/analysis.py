"""How text becomes index terms: the word pattern, stop words, stemming.

Words are cut with `WORD_PATTERN`, never whoosh's default (which keeps `*` inside words, so
Markdown's `**Datto RMM**` would index as `**datto`), lower-cased and accent-folded; stop words
and one-letter words are dropped; stems are Porter's (offboarding, offboarded -> offboard).
Each text of an article is analysed once, here; whoosh's fields receive the resulting terms
joined by spaces, one text a line, and only split them (`TermSplitter`): positions run on within
a text and skip one between texts, so a phrase never spans two of them (a title and the body).
Queries go through the same functions, so a typed word and an indexed word always meet as the
same term.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from kbpilot.search.engine import STOP_WORDS, Token, Tokenizer, accent_map, stem

# Letters and digits, joined by inner dots or underscores (2.7.5, first_name); so neither `**`
# nor `__` emphasis, nor a sentence's full stop, ever sticks to a word.
WORD_PATTERN = r"[^\W_]+(?:[._]+[^\W_]+)*"
# "it" and "us" are kept: "IT Glue", "IT provider", "contact us" are searched for.
STOPLIST = STOP_WORDS - {"it", "us"}
_WORD = re.compile(WORD_PATTERN)


class TermSplitter(Tokenizer):
    """What whoosh runs on a field's value: terms made here, split at spaces; a new line starts
    another text (its first position one past the next, so no phrase joins two texts)."""

    def __call__(
        self,
        value: str,
        positions: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, False, removestops=removestops, mode=mode, **kwargs)
        position = start_pos
        for text in value.split("\n"):
            for term in text.split():
                token.text = term
                token.boost = 1.0
                token.stopped = False
                if positions:
                    token.pos = position
                position += 1
                yield token
            position += 1


def folded_words(text: str) -> list[str]:
    """Every word of a text, in order: lower-cased, accent-folded, stop words kept."""
    lowered = text.lower()
    # The folding maps no lower-case ASCII letter to another: only other text needs it.
    if not lowered.isascii():
        lowered = lowered.translate(accent_map())
    found: list[str] = _WORD.findall(lowered)
    return found


def words(text: str) -> list[str]:
    """The vocabulary words of a text, in order: lower-cased, accent-folded, unstemmed."""
    return [word for word in folded_words(text) if len(word) > 1 and word not in STOPLIST]


@lru_cache(maxsize=200_000)
def stem_word(word: str) -> str:
    """The stem of one vocabulary word."""
    return stem(word)


def terms(text: str) -> list[str]:
    """The stemmed terms of a text, in order."""
    return [stem_word(word) for word in words(text)]
