"""The index's fields: what of a parsed article is searchable, filterable and stored for hits.

`SCHEMA_VERSION` names this layout; an index written with another version is rebuilt.
"""

from __future__ import annotations

from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from kbpilot.search.analysis import field_analyzer

SCHEMA_VERSION = 6

# Searched for plain words, with their weight in the BM25F score. `body` holds every word of the
# article (title, text, aliases, category, tags, actions): its terms are the index's vocabulary.
FIELD_BOOSTS = {
    "title": 6.0,
    "aliases": 5.0,
    "meta": 2.5,
    "steps": 1.5,
    "body": 1.0,
}
# Searched only when named (`heading:`, `action:`); their words are in `body` too.
NAMED_ONLY = ("headings", "actions")
# `name:value` filters in a query and the field each reads.
FILTERS = {
    "system": "system",
    "category": "category",
    "tag": "tag",
    "tags": "tag",
    "format": "format",
    "heading": "headings",
    "action": "actions",
}
PHRASES = "phrases"
BODY = "body"
DICTIONARY = "dictionary"


def build_schema() -> Schema:
    """A fresh schema object (whoosh schemas are mutable; never share one)."""
    analyzer = field_analyzer()
    searchable = {
        name: TEXT(analyzer=analyzer, phrase=False, field_boost=boost)
        for name, boost in FIELD_BOOSTS.items()
    }
    named = {name: TEXT(analyzer=analyzer, phrase=False) for name in NAMED_ONLY}
    return Schema(
        path=ID(stored=True, unique=True),
        id=ID(stored=True),
        format=ID(),
        category=ID(),
        tag=KEYWORD(lowercase=True, commas=True, scorable=True),
        system=KEYWORD(lowercase=True, scorable=True),
        phrases=TEXT(analyzer=analyzer, phrase=False),
        dictionary=TEXT(analyzer=analyzer, phrase=False),
        display=STORED(),
        **searchable,
        **named,
    )
