"""Runs on a ticket that already exists: `run start --ticket`, `run attach`, `run tickets`.

Against the sandbox's seed: T20240304.0001 is Northwind Traders' open ticket (In Progress,
contact Antonio Moreno), T20240304.0002 Contoso's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kbpilot.errors import KbpilotError
from kbpilot.integrations.factory import Integrations
from kbpilot.runs.inflight import ActionInFlight, Holder
from kbpilot.runs.model import StepState
from kbpilot.runs.service import RunService
from kbpilot.runs.store import PENDING
from tests.runs.test_cli_runs import kbpilot

ARTICLE = "workflow-offboarding-a-customer"
RUNBOOK = "send-offboarding-customer-their-runbook-from-itg"
NORTHWIND = "T20240304.0001"
CONTOSO = "T20240304.0002"


def test_start_on_a_ticket_takes_its_company_and_contact_and_its_steps_act_on_it(
    service: RunService, clients: Integrations
) -> None:
    run = service.start(ARTICLE, None, ticket=NORTHWIND)
    assert (run.company, run.contact) == ("Northwind Traders", "Antonio Moreno")
    assert run.ticket is not None and (run.ticket.id, run.ticket.number) == (7001, NORTHWIND)
    create = run.step("1")
    assert create.state is StepState.DONE and create.result["attached"] is True
    assert [e.kind for e in run.events] == ["run.started", "ticket.attached"]
    run = service.do(run.id, "2")
    assert clients.autotask.ticket(7001).category_id == run.step("2").result["category_id"]
    assert service.lookups.ticket_view(run.id).number == NORTHWIND


def test_start_on_a_ticket_keeps_a_given_company_and_contact(service: RunService) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo", ticket=NORTHWIND)
    assert (run.contact, run.ticket and run.ticket.number) == ("Ana Trujillo", NORTHWIND)


@pytest.mark.parametrize(
    ("company", "number", "message"),
    [
        ("Northwind Traders", CONTOSO, "belongs to 'Contoso Ltd', not to this run's company"),
        (None, "T19990101.0001", "no Autotask ticket numbered 'T19990101.0001'"),
        (None, "  ", "give the ticket's number"),
    ],
)
def test_start_refuses_a_ticket_it_cannot_work_on(
    service: RunService, company: str | None, number: str, message: str
) -> None:
    with pytest.raises(KbpilotError, match=message):
        service.start(ARTICLE, company, ticket=number)
    assert service.list_runs() == []


def test_a_complete_ticket_is_refused(service: RunService, clients: Integrations) -> None:
    clients.autotask.update_ticket(7001, {"status": 5})
    with pytest.raises(KbpilotError, match=f"ticket {NORTHWIND} is Complete"):
        service.start(ARTICLE, None, ticket=NORTHWIND)
    assert NORTHWIND not in [c.number for c in service.lookups.open_tickets("Northwind Traders")]


def test_the_runbook_article_alone_runs_on_an_attached_ticket(service: RunService) -> None:
    run = service.start(RUNBOOK, "Northwind Traders", "Ana Trujillo")
    with pytest.raises(KbpilotError, match=f"run attach {run.id} NUMBER"):
        service.plan(run.id, "4")
    run = service.attach(run.id, NORTHWIND)
    assert run.ticket is not None and run.ticket.number == NORTHWIND
    assert run.events[-1].kind == "ticket.attached"
    assert f"ticket {NORTHWIND}, customer-visible" in "\n".join(service.plan(run.id, "4").lines)


def test_attach_refuses_a_second_ticket_and_another_companys(service: RunService) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    with pytest.raises(KbpilotError, match="belongs to 'Contoso Ltd'"):
        service.attach(run.id, CONTOSO)
    service.attach(run.id, NORTHWIND)
    with pytest.raises(KbpilotError, match=f"already has ticket {NORTHWIND}"):
        service.attach(run.id, NORTHWIND)
    with pytest.raises(KbpilotError, match=f"already has ticket {NORTHWIND}"):
        service.plan(run.id, "1")


def test_attach_after_a_created_ticket_is_refused(service: RunService) -> None:
    run = service.do(service.start(ARTICLE, "Northwind Traders", "Ana Trujillo").id, "1")
    with pytest.raises(KbpilotError, match="already has ticket"):
        service.attach(run.id, NORTHWIND)


def test_open_tickets_are_the_companys_newest_first(
    service: RunService, clients: Integrations
) -> None:
    run = service.do(service.start(ARTICLE, "Northwind Traders", "Ana Trujillo").id, "1")
    assert run.ticket is not None
    listed = service.lookups.open_tickets("Northwind Traders")
    assert [c.number for c in listed] == [run.ticket.number, NORTHWIND]
    assert listed[1].status == "In Progress" and listed[1].title == "Printer on 2nd floor offline"


def test_cli_start_attach_and_tickets(sample_kb: Path) -> None:
    started = kbpilot(sample_kb, "run", "start", ARTICLE, "--ticket", NORTHWIND, "--json")
    assert started.exit_code == 0, started.output
    data = json.loads(started.stdout)
    assert (data["company"], data["ticket"]["number"]) == ("Northwind Traders", NORTHWIND)
    shown = kbpilot(sample_kb, "run", "show", data["id"])
    assert f"ticket {NORTHWIND}" in shown.stdout
    assert kbpilot(sample_kb, "run", "ticket", data["id"]).exit_code == 0

    other = kbpilot(sample_kb, "run", "start", RUNBOOK, "--company", "Northwind Traders", "--json")
    run_id = json.loads(other.stdout)["id"]
    listed = kbpilot(sample_kb, "run", "tickets", run_id)
    assert f"{NORTHWIND}  In Progress  Printer on 2nd floor offline" in listed.stdout
    attached = kbpilot(sample_kb, "run", "attach", run_id, NORTHWIND)
    assert attached.exit_code == 0 and f"ticket {NORTHWIND}" in attached.stdout
    again = kbpilot(sample_kb, "run", "attach", run_id, NORTHWIND)
    assert again.exit_code == 1 and "already has ticket" in again.stderr

    wrong = kbpilot(
        sample_kb, "run", "start", ARTICLE, "--company", "Northwind Traders", "--ticket", CONTOSO
    )
    assert wrong.exit_code == 1 and "belongs to 'Contoso Ltd'" in wrong.stderr
    neither = kbpilot(sample_kb, "run", "start", ARTICLE)
    assert neither.exit_code == 2 and "--ticket NUMBER" in neither.stderr


def test_attach_is_refused_while_an_action_runs_or_its_outcome_is_unknown(
    service: RunService,
) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    with (
        service.locks.hold(run.id, Holder.now("step 1's action", "Sam Rivera")),
        pytest.raises(ActionInFlight),
    ):
        service.attach(run.id, NORTHWIND)
    pending = {"action_id": "lost", "action": "autotask.create_ticket", "plan": {}}
    service.store.update(run.id, "Sam Rivera", PENDING, lambda _run: ("1", pending))
    with pytest.raises(KbpilotError, match="outcome is unknown"):
        service.attach(run.id, NORTHWIND)
    assert service.get(run.id).ticket is None
