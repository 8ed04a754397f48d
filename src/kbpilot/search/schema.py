"""The index's fields: what of a parsed article is searchable, filterable and stored for hits.

`SCHEMA_VERSION` names this layout; an index written with another version is rebuilt.
"""

from __future__ import annotations

from kbpilot.search.analysis import TermSplitter
from kbpilot.search.engine import ID, KEYWORD, STORED, TEXT, Schema

SCHEMA_VERSION = 9

# Searched for plain words, with their weight in the BM25F score. `body` holds every word of the
# article (title, text, aliases, category, tags, actions): its terms are the index's vocabulary.
# No field keeps positions: a phrase is checked on `STEMS`, the body's terms as indexed, stored.
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
BODY = "body"
STEMS = "stems"
DICTIONARY = "dictionary"


def build_schema() -> Schema:
    """A fresh schema object (whoosh schemas are mutable; never share one).

    No field keeps positions (whoosh stores them in each block of postings, and a query reading
    a block's weights unpickles its positions too: 15x the time for `body`); `dictionary` is
    looked up, never scored, so it keeps no frequencies or lengths."""
    analyzer = TermSplitter()
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
        dictionary=KEYWORD(),
        display=STORED(),
        stems=STORED(),
        **searchable,
        **named,
    )
