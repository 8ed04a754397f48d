"""The evaluator scores as whoosh does, a document at a time, and keeps the best of every match."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kbpilot.search import Searcher
from kbpilot.search.compile import Compiler
from kbpilot.search.engine import BM25F
from kbpilot.search.engine import Searcher as WhooshSearcher
from kbpilot.search.evaluate import (
    All,
    Alternatives,
    Evaluator,
    Everything,
    Node,
    Terms,
    Without,
)
from kbpilot.search.index import index_folder, open_index
from kbpilot.search.phrases import holds
from kbpilot.search.query import parse_query
from kbpilot.search.schema import STEMS
from kbpilot.search.vocabulary import Vocabulary
from kbpilot.workspace import Workspace

QUERIES = [
    "offboarding customer",
    "offb",
    "ofboarding",
    "ransomware",
    "runbook itg",
    '"offboarding letter"',
    '"workflow rule" autotask',
    "category:security",
    "tag:alerts offline",
    "category:off runbook",
    "customer -letter",
    "-ransomware",
    'offboarding -"offboarding letter"',
    "ransomware OR runbook",
    '"offboarding letter" OR "workflow rule"',
    "heading:procedure customer",
    "action:ticket system:autotask",
]


def reference(whoosh: WhooshSearcher, node: Node) -> dict[int, float]:
    """Every match and its score, through whoosh's own scored matchers, a posting at a time."""
    if isinstance(node, Terms):
        found: dict[int, float] = {}
        for field, text, boost in node.terms:
            if (field, text) not in whoosh.reader():
                continue
            postings = whoosh.postings(field, text)
            while postings.is_active():
                doc = postings.id()
                found[doc] = found.get(doc, 0.0) + postings.score() * boost
                postings.next()
        return found
    if isinstance(node, All):
        parts = [reference(whoosh, part) for part in node.parts]
        return {d: sum(p[d] for p in parts) for d in parts[0] if all(d in p for p in parts)}
    if isinstance(node, Alternatives):
        union: dict[int, float] = {}
        for part in node.parts:
            for doc, score in reference(whoosh, part).items():
                union[doc] = union.get(doc, 0.0) + score
        return union
    if isinstance(node, Without):
        excluded = reference(whoosh, node.excluded)
        return {d: s for d, s in reference(whoosh, node.kept).items() if d not in excluded}
    if isinstance(node, Everything):
        return dict.fromkeys(whoosh.reader().all_doc_ids(), 1.0)
    child = reference(whoosh, node.child)
    return {d: s for d, s in child.items() if holds(whoosh.stored_fields(d)[STEMS], node.phrases)}


@pytest.fixture
def edited(workspace: Workspace) -> Iterator[WhooshSearcher]:
    """The sample KB indexed, then two articles edited (their old documents deleted, not gone)."""
    with Searcher(workspace) as searcher:
        for path in workspace.article_paths()[:2]:
            path.write_text(path.read_text() + "\nCustomer runbook letter.\n", encoding="utf-8")
            searcher.refresh(paths=[path])
    with open_index(index_folder(workspace)).searcher(weighting=BM25F()) as whoosh:
        assert whoosh.reader().has_deletions()
        yield whoosh


@pytest.mark.parametrize("text", QUERIES)
def test_the_top_hits_are_the_best_of_every_match_scored_by_whoosh(
    edited: WhooshSearcher, text: str
) -> None:
    query = Compiler(Vocabulary(edited.reader())).compile(parse_query(text)).query
    assert query is not None
    expected = reference(edited, query)
    assert expected, "the query should match something"
    best = sorted(expected.items(), key=lambda item: (-item[1], item[0]))[:10]
    found = Evaluator(edited).top(query, 10)
    assert [doc for doc, _ in found] == [doc for doc, _ in best]
    assert [score for _, score in found] == pytest.approx([score for _, score in best], rel=1e-9)
