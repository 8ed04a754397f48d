"""What a technician types, and the article that must come first (the sample KB)."""

from __future__ import annotations

import pytest

from kbpilot.search import Searcher

OFFBOARDING = "workflow-offboarding-a-customer"
RUNBOOK = "send-offboarding-customer-their-runbook-from-itg"
LETTER = "customer-offboarding-letter-template"
INTAKE = "new-prospect-and-client-intake-instructions-new-customer"
INCIDENT = "customer-cyber-security-incident-response-plan-for-incidents-external-to-ggit"
RULES = "workflow-rules-in-autotask"
OFFLINE = "workstation-offline-21-days-workflow"

TABLE = [
    # misspellings
    ("ofboard", OFFBOARDING),
    ("ofboarding customer", OFFBOARDING),
    ("runbok itg", RUNBOOK),
    ("ransomeware", INCIDENT),
    ("wrkflow rules", RULES),
    ("intkae", INTAKE),
    ("offlin workstaton", OFFLINE),
    # partial words, as typed
    ("offb", OFFBOARDING),
    ("incident respo", INCIDENT),
    ("workflow ru", RULES),
    ("termination let", LETTER),
    # plain words and stems
    ("offboarding", OFFBOARDING),
    ("offboarded customer", OFFBOARDING),
    ("offline 21", OFFLINE),
    ("runbook", RUNBOOK),
    ("kickoff call", INTAKE),
    ("datto rmm alert", OFFLINE),
    # synonyms through aliases, tags and categories
    ("terminate customer", OFFBOARDING),
    ("cancel managed services", OFFBOARDING),
    ("new client", INTAKE),
    ("client intake", INTAKE),
    ("ransomware", INCIDENT),
    ("security breach", INCIDENT),
    ("hacked mailbox", INCIDENT),
    ("it glue export", RUNBOOK),
    ("handover letter", LETTER),
    ("device offline", OFFLINE),
    ("ticket automation", RULES),
    # phrases and filters
    ('"offboarding letter"', LETTER),
    ('"workflow rule"', RULES),
    ("system:itglue", RUNBOOK),
    ("category:security", INCIDENT),
    ("category:offboarding runbook", RUNBOOK),
    ("tag:alerts", OFFLINE),
]


@pytest.mark.parametrize(("query", "expected"), TABLE, ids=[q for q, _ in TABLE])
def test_the_right_article_ranks_first(searcher: Searcher, query: str, expected: str) -> None:
    hits = searcher.search(query).hits
    assert hits, f"no hit for {query!r}"
    assert hits[0].id == expected, [hit.id for hit in hits[:3]]


def test_the_table_is_large_enough() -> None:
    assert len(TABLE) >= 25
