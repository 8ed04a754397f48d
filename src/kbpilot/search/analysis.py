"""How text becomes index terms: the word pattern, stop words, stemming, word pairs for phrases.

Words are cut with `WORD_PATTERN`, never whoosh's default (which keeps `*` inside words, so
Markdown's `**Datto RMM**` would index as `**datto`), lower-cased and accent-folded; stop words
and one-letter words are dropped; stems are Porter's (offboarding, offboarded -> offboard).
Each text of an article is analysed once, here; whoosh's fields receive the resulting terms and
split them with the same pattern (`field_analyzer`). Queries go through the same functions, so a
typed word and an indexed word always meet as the same term.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from whoosh.analysis import Analyzer, RegexTokenizer
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

# Letters and digits, joined by inner dots or underscores (2.7.5, first_name); so neither `**`
# nor `__` emphasis, nor a sentence's full stop, ever sticks to a word.
WORD_PATTERN = r"[^\W_]+(?:[._]+[^\W_]+)*"
# "it" and "us" are kept: "IT Glue", "IT provider", "contact us" are searched for.
STOPLIST = STOP_WORDS - {"it", "us"}
PAIR_SEPARATOR = "_"
_WORD = re.compile(WORD_PATTERN)


def field_analyzer() -> Analyzer:
    """What whoosh runs on a field's value: the terms made here, split with the word pattern."""
    analyzer: Analyzer = RegexTokenizer(WORD_PATTERN)
    return analyzer


def folded_words(text: str) -> list[str]:
    """Every word of a text, in order: lower-cased, accent-folded, stop words kept."""
    found: list[str] = _WORD.findall(text.lower().translate(accent_map))
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


def pairs(stems: list[str]) -> list[str]:
    """Adjacent terms joined: a phrase matches where all of its pairs do."""
    return [f"{a}{PAIR_SEPARATOR}{b}" for a, b in pairwise(stems)]
