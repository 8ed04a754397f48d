"""How text becomes index terms: the word pattern, stop words, stemming, bigrams for phrases.

Every analyzer starts from `WORD_PATTERN`, never whoosh's default (which keeps `*` inside words, so
Markdown's `**Datto RMM**` would index as `**datto`). The same analyzers read queries, so a query
word and an indexed word always meet as the same term.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from whoosh.analysis import (
    Analyzer,
    CharsetFilter,
    Filter,
    LowercaseFilter,
    RegexTokenizer,
    StemFilter,
    StopFilter,
)
from whoosh.analysis.acore import Token
from whoosh.analysis.filters import STOP_WORDS
from whoosh.lang.porter import stem
from whoosh.support.charset import accent_map

WORD_PATTERN = r"\w+(?:\.\w+)*"
# "it" and "us" are kept: "IT Glue", "IT provider", "contact us" are searched for.
STOPLIST = STOP_WORDS - {"it", "us"}
BIGRAM_SEPARATOR = " "


class Bigrams(Filter):
    """Each pair of adjacent words as one term ("create new", "new ticket"), for phrases.

    whoosh's BiWordFilter fails on an empty stream; this one emits nothing for fewer than two words.
    """

    def __call__(self, tokens: Iterator[Token]) -> Iterator[Token]:
        previous: str | None = None
        for token in tokens:
            text = token.text
            if previous is not None:
                token.text = f"{previous}{BIGRAM_SEPARATOR}{text}"
                yield token
            previous = text


def _words() -> Analyzer:
    chain: Analyzer = (
        RegexTokenizer(WORD_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOPLIST, minsize=2)
    )
    return chain


def word_analyzer() -> Analyzer:
    """Lower-cased, accent-folded words without stop words, unstemmed: the vocabulary that
    prefixes, typos and did-you-mean are matched against."""
    return _words()


def text_analyzer() -> Analyzer:
    """Stemmed words (offboarding, offboarded -> offboard), for every searchable text field."""
    chain: Analyzer = _words() | StemFilter(cachesize=-1)
    return chain


def bigram_analyzer() -> Analyzer:
    """Adjacent stemmed words joined: phrases match as all of their bigrams."""
    chain: Analyzer = text_analyzer() | Bigrams()
    return chain


@lru_cache(maxsize=65536)
def stem_word(word: str) -> str:
    """The stem of one already lower-cased vocabulary word, as the text analyzer makes it."""
    return stem(word)


def words(text: str) -> list[str]:
    """The vocabulary words of a text, in order."""
    return [token.text for token in _WORDS(text)]


def terms(text: str) -> list[str]:
    """The stemmed terms of a text, in order."""
    return [token.text for token in _TERMS(text)]


_WORDS = word_analyzer()
_TERMS = text_analyzer()
