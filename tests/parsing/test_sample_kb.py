"""Every sample article's JSON, as `kbpilot preview --json` prints it, pinned as a snapshot.

A KB editor reads the snapshot diff (`__snapshots__/`) to see what a wording change did.
Update with `pytest tests/parsing/test_sample_kb.py --snapshot-update`, then read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension

from kbpilot.model import Level
from kbpilot.workspace import KnowledgeBase, open_workspace
from tests.support import REPO

ARTICLES = sorted((REPO / "articles").iterdir())


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return open_workspace(REPO).load()


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_article_json(kb: KnowledgeBase, path: Path, snapshot: SnapshotAssertion) -> None:
    article = next(a for a in kb.articles if a.source == f"articles/{path.name}")
    assert article.to_dict() == snapshot.use_extension(JSONSnapshotExtension)


def test_the_sample_kb_lints_clean(kb: KnowledgeBase) -> None:
    problems = [
        (a.source, d.line, d.message)
        for a in kb.articles
        for d in a.diagnostics
        if d.level is not Level.INFO
    ]
    assert problems == []


def test_every_reference_between_sample_articles_resolves(kb: KnowledgeBase) -> None:
    unresolved = [(a.id, r.title) for a in kb.articles for r in a.references() if not r.article]
    assert unresolved == []


def test_sample_kb_binds_the_workflow_actions(kb: KnowledgeBase) -> None:
    offboarding = kb.by_id["workflow-offboarding-a-customer"]
    runbook = kb.by_id["send-offboarding-customer-their-runbook-from-itg"]
    assert [a.name for a in offboarding.actions()] == [
        "autotask.create_ticket",
        "autotask.set_ticket_category",
        "autotask.apply_checklist_library",
        "form.required_information",
        "notify.scheduling_link",
    ]
    assert "itglue.send_runbook" in [a.name for a in runbook.actions()]
    form = offboarding.procedures[0].find("4")
    assert form is not None
    assert [f.key for f in form.fields] == [
        "termination_date",
        "new_provider",
        "billing_contact_email",
    ]
