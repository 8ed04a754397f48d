"""The `source` front matter of a synced article: its origin; a wrong one is named."""

from __future__ import annotations

from kbpilot.model import Level
from kbpilot.parsing import parse_bytes

ARTICLE = """---
title: Backup Policy
source: {source}
---
<ol><li>Check the backups</li></ol>
"""


def test_source_front_matter_is_the_origin() -> None:
    text = ARTICLE.format(
        source="{system: itglue, document: 630002, organization: Northwind Traders, "
        "updated_at: '2026-09-14T16:40:00.000Z', url: 'https://x.itglue.com/1/docs/630002'}"
    )
    article = parse_bytes(text.encode(), "a.html")
    assert article.origin is not None
    assert (article.origin.system, article.origin.document) == ("itglue", "630002")
    assert article.to_dict()["origin"]["url"] == "https://x.itglue.com/1/docs/630002"
    assert article.diagnostics == []


def test_a_wrong_source_is_an_error_naming_it() -> None:
    for value, message in (
        ("itglue", "source must be a mapping"),
        ("{system: itglue}", "source needs a system and a document"),
        ("{system: itglue, document: 1, shelf: 2}", "unknown key(s) shelf"),
    ):
        article = parse_bytes(ARTICLE.format(source=value).encode(), "a.html")
        assert article.origin is None
        [error] = [d for d in article.diagnostics if d.level is Level.ERROR]
        assert message in error.message and error.line == 1
    plain = parse_bytes(b"# Title\n\n1. step\n", "b.md")
    assert plain.origin is None and "origin" not in plain.to_dict()
