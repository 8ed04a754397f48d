"""The seed article from ../shared/seeds must parse into exactly DESIGN.md's structure."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbpilot.parsing import parse_file
from tests.support import SHARED

SEED = SHARED / "seeds" / "000_659dadbda09bce76.txt"

pytestmark = pytest.mark.skipif(not SEED.is_file(), reason=f"seed not found at {SEED}")

RELATED = [
    "New Prospect and Client Intake Instructions (New Customer)",
    "Customer Offboarding Letter Template",
    "Workflow Rules in Autotask",
    "Customer Cyber Security Incident Response Plan (for Incidents External to GGIT)",
    "Workstation Offline 21 days Workflow",
]


@pytest.fixture(scope="module")
def seed() -> dict:
    return parse_file(Path(SEED), source="seeds/000_659dadbda09bce76.txt").to_dict()


def test_title_is_one_title(seed: dict) -> None:
    assert seed["title"] == "Workflow: Offboarding a Customer"
    assert seed["id"] == "workflow-offboarding-a-customer"
    assert seed["format"] == "text"


def test_one_procedure_of_five_steps_bound_as_designed(seed: dict) -> None:
    assert len(seed["procedures"]) == 1
    procedure = seed["procedures"][0]
    assert procedure["title"] is None
    got = [
        (s["number"], s["text"], s["condition"], s["action"], s["steps"])
        for s in procedure["steps"]
    ]
    assert got == [
        (1, "Create a new ticket", None, {"name": "autotask.create_ticket", "params": {}}, []),
        (
            2,
            'Select "Administrative Change/Request" as the ticket category',
            None,
            {
                "name": "autotask.set_ticket_category",
                "params": {"category": "Administrative Change/Request"},
            },
            [],
        ),
        (
            3,
            'From the checklist library, choose "[OFFBOARDING] Offboard Managed Services Customer"',
            None,
            {
                "name": "autotask.apply_checklist_library",
                "params": {"library": "[OFFBOARDING] Offboard Managed Services Customer"},
            },
            [],
        ),
        (
            4,
            "Fill in required information",
            None,
            {"name": "form.required_information", "params": {}},
            [],
        ),
        (
            5,
            "If applicable: Send scheduling link to ticket contact"
            " for a remote appointment with Matthew",
            "If applicable",
            {
                "name": "notify.scheduling_link",
                "params": {"to": "ticket contact", "with": "Matthew"},
            },
            [],
        ),
    ]


def test_see_also_is_one_list_across_restarts(seed: dict) -> None:
    assert [r["title"] for r in seed["see_also"]] == [
        "Customer Offboarding Letter Template",
        "Send Offboarding Customer their Runbook from ITG",
    ]


def test_five_related_articles_with_excerpts(seed: dict) -> None:
    assert [r["title"] for r in seed["related"]] == RELATED
    for related in seed["related"]:
        assert related["excerpt"].endswith("...")
        assert len(related["excerpt"]) > 100
    assert seed["related"][0]["excerpt"].startswith("This procedure applies to inactive customers")


def test_no_errors_outside_a_kb(seed: dict) -> None:
    assert [d for d in seed["diagnostics"] if d["level"] == "error"] == []
