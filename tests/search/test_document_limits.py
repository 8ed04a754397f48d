"""A runaway article (100,000 steps) is indexed by its first pages, not in full."""

from __future__ import annotations

from kbpilot.model import Article, Procedure, Step
from kbpilot.search.documents import article_document
from kbpilot.search.limits import MAX_INDEXED_CHARS, MAX_STORED_STEPS


def _huge(count: int) -> Article:
    steps = [Step(number=n, text=f"Restart service zq{n} on the host") for n in range(1, count)]
    text = "\n".join(step.text for step in steps)
    return Article(
        id="huge",
        title="Huge",
        source="articles/huge.md",
        format="markdown",
        procedures=[Procedure(title=None, steps=steps)],
        text=f"Huge\n{text}",
    )


def test_a_runaway_article_indexes_its_first_pages_only() -> None:
    document = article_document(_huge(100_000))
    text, steps = document["display"]["passages"]
    assert 0 < len(steps) <= MAX_STORED_STEPS and len(text) == MAX_INDEXED_CHARS
    assert "zq1 " in f"{document['body']} " and "zq99999" not in document["body"]
    assert "zq99999" not in document["steps"]


def test_an_article_of_real_size_is_indexed_in_full() -> None:
    document = article_document(_huge(300))
    _, steps = document["display"]["passages"]
    assert [path for path, _, _ in steps] == [str(n) for n in range(1, 300)]
    assert "zq299" in document["steps"] and "zq299" in document["body"]
