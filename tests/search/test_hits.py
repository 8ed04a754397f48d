"""What a hit carries from the index's stored fields, so showing it needs no article parsed."""

from __future__ import annotations

from kbpilot.search import Searcher
from kbpilot.workspace import Workspace


def test_a_hit_names_the_systems_its_steps_act_on(
    indexed_kb: Workspace, searcher: Searcher
) -> None:
    hits = {hit.id: hit for hit in searcher.search("offboarding", limit=20).hits}
    workflow = hits["workflow-offboarding-a-customer"]
    assert {"autotask", "notify"} <= set(workflow.systems)
    assert "itglue" in hits["send-offboarding-customer-their-runbook-from-itg"].systems
    for hit in hits.values():
        article = indexed_kb.parse(indexed_kb.root / hit.source)
        assert hit.systems == tuple(sorted({action.system for action in article.actions()}))


def test_an_article_without_actions_has_no_systems(searcher: Searcher) -> None:
    hits = searcher.search("letter template", limit=20).hits
    letter = next(hit for hit in hits if hit.id == "customer-offboarding-letter-template")
    assert letter.systems == ()
