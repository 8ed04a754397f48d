"""The index's fields: what of a parsed article is searchable, filterable and stored for hits.

`SCHEMA_VERSION` names this layout; an index written with another version is rebuilt.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from kbpilot.search.analysis import bigram_analyzer, text_analyzer, word_analyzer

SCHEMA_VERSION = 1

# Searched for plain words, with their weight in the BM25F score.
FIELD_BOOSTS = {
    "title": 6.0,
    "aliases": 5.0,
    "meta": 2.5,
    "headings": 2.0,
    "steps": 1.5,
    "actions": 1.0,
    "body": 1.0,
}
# `name:value` filters in a query and the field each reads.
FILTERS = {
    "system": "system",
    "category": "category",
    "tag": "tag",
    "tags": "tag",
    "format": "format",
}
PHRASES = "phrases"
WORDS = "words"
DICTIONARY = "dictionary"


def build_schema() -> Schema:
    """A fresh schema object (whoosh schemas are mutable; never share one)."""
    text = text_analyzer()
    vocabulary = word_analyzer()
    searchable = {
        name: TEXT(analyzer=text, phrase=False, field_boost=boost)
        for name, boost in FIELD_BOOSTS.items()
    }
    return Schema(
        path=ID(stored=True, unique=True),
        id=ID(stored=True),
        format=ID(),
        category=ID(),
        tag=KEYWORD(lowercase=True, commas=True, scorable=True),
        system=KEYWORD(lowercase=True, scorable=True),
        phrases=TEXT(analyzer=bigram_analyzer(), phrase=False),
        words=TEXT(analyzer=vocabulary, phrase=False),
        dictionary=TEXT(analyzer=vocabulary, phrase=False),
        display=STORED(),
        **searchable,
    )
