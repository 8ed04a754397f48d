"""The seed workflow end to end against the simulators over HTTP; its rendered outputs (letter,
ticket notes, runbook, exports) are text snapshots in __snapshots__/test_workflow/."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from kbpilot import paths
from kbpilot.errors import KbpilotError
from kbpilot.integrations.factory import Integrations
from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.runs.forms import FieldError
from kbpilot.runs.model import Run
from kbpilot.runs.service import RunService
from kbpilot.workspace import find_workspace
from tests.support import ARTICLE, normalise, records, text_file

LETTER = "Customer Offboarding Letter Template"
RUNBOOK = "Send Offboarding Customer their Runbook from ITG"
RUNBOOK_ID = "send-offboarding-customer-their-runbook-from-itg"


def test_the_seed_workflow_end_to_end(
    service: RunService, sandbox: Sandbox, snapshot: SnapshotAssertion
) -> None:
    run = service.start(ARTICLE, "northwind traders", "Ana Trujillo", include=[LETTER, RUNBOOK])
    assert [(s.path, s.action_name) for s in run.steps if s.source] == [
        ("6", "template.render"),
        ("7", None),
        *((path, None) for path in ("7.1", "7.2", "7.3", "7.3.1", "7.3.2", "7.3.3")),
        ("7.4", "itglue.send_runbook"),
        ("7.5", "autotask.add_ticket_note"),
    ]
    assert [e.kind for e in run.events] == ["run.started", "step.included", "step.included"]
    run = service.do(run.id, "1")
    plan = service.plan(run.id, "2")
    assert "category: Administrative Change/Request (id 2)" in plan.lines
    assert (plan.method, plan.endpoint, plan.body["ticketCategory"]) == ("PATCH", "/Tickets", 2)
    for step in ("2", "3"):
        run = service.do(run.id, step)
    ticket = next(t for t in records(sandbox, "Tickets") if t["id"] == run.ticket.id)
    assert (ticket["ticketCategory"], ticket["contactID"], ticket["status"]) == (2, 30682001, 1)
    items = [i for i in records(sandbox, "TicketChecklistItems") if i["ticketID"] == run.ticket.id]
    assert len(items) == 14
    linked = {link.step: link.name for link in run.checklist if link.step}
    assert linked == {
        "5": "Schedule the remote offboarding appointment with the customer",
        "6": "Send the Customer Offboarding Letter to the primary contact",
        "7.4": "Export the customer's IT Glue documentation and send them their Runbook",
    }
    with pytest.raises(FieldError) as refused:
        service.save_fields(
            run.id, "4", {"termination_date": "31 July", "billing_contact_email": "ap@nw.example"}
        )
    assert list(refused.value.errors) == ["termination_date"]
    assert service.get(run.id).step("4").fields == {"billing_contact_email": "ap@nw.example"}
    run = service.do(run.id, "4", {"termination_date": "2025-07-31"})
    run = service.do(run.id, "5")
    run = service.do(run.id, "6", {"attach": "yes"})
    for step in ("7", "7.1", "7.2", "7.3", "7.3.1", "7.3.2", "7.3.3"):
        run = service.check(run.id, step)
    run = service.do(run.id, "7.4")
    run = service.do(run.id, "7.5")
    assert run.progress == (15, 15)
    notes = {
        n["title"]: n for n in records(sandbox, "TicketNotes") if n["ticketID"] == run.ticket.id
    }
    assert notes["Remote appointment with Matthew"]["publish"] == 1
    export_url = run.step("7.4").result["export_url"]
    assert export_url in notes["Your IT runbook"]["description"]
    assert export_url in notes[f"{run.article_title}: step 7.5"]["description"]
    assert {link.step: link.completed for link in run.checklist if link.step} == dict.fromkeys(
        linked, True
    )
    folder = paths.data_dir()
    letter = Path(run.step("6").result["file"]).read_text(encoding="utf-8")
    for name, suffix, text in [
        ("letter", "md", letter),
        ("note-scheduling-link", "txt", notes["Remote appointment with Matthew"]["description"]),
        ("note-runbook", "txt", notes["Your IT runbook"]["description"]),
        ("note-required-information", "txt", notes["Required information"]["description"]),
        ("runbook", "md", Path(run.step("7.4").result["summary_md"]).read_text(encoding="utf-8")),
        ("export", "md", service.export(run.id, "md")),
        ("export", "html", service.export(run.id, "html")),
    ]:
        golden = snapshot(name=name, extension_class=text_file(suffix))
        assert normalise(text, run.id, folder) == golden
    exported = json.loads(service.export(run.id, "json"))
    assert exported["ticket"]["number"] == run.ticket.number
    assert [s["state"] for s in exported["steps"]] == ["done"] * 15
    run = service.post_summary(run.id)
    assert any(n["title"] == "kbpilot run summary" for n in records(sandbox, "TicketNotes"))


def with_ticket_and_checklist(service: RunService) -> Run:
    """A run of the seed workflow for Northwind with its ticket (step 1) and checklist (step 3)."""
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    for step in ("1", "3"):
        run = service.do(run.id, step)
    return run


def test_a_fresh_run_has_exactly_the_articles_steps(service: RunService) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    assert [s.path for s in run.steps] == ["1", "2", "3", "4", "5"]
    assert all(s.source is None for s in run.steps)
    article = service.knowledge_base().by_id[ARTICLE]
    texts = [step.text for _, step in article.steps()]
    assert [s.text for s in run.steps] == texts


def test_including_after_start_and_after_the_checklist_links_the_new_steps(
    service: RunService,
) -> None:
    run = with_ticket_and_checklist(service)
    assert {link.step for link in run.checklist if link.step} == {"5"}
    run = service.include(run.id, "send runbook")
    assert run.step("6").text == RUNBOOK and run.step("6.3.2").source == RUNBOOK_ID
    assert run.events[-1].kind == "step.included" and run.events[-1].step == "6"
    assert run.events[-1].data["steps"][:3] == ["6", "6.1", "6.2"]
    assert {link.step for link in run.checklist if link.step} == {"5", "6.4"}
    run = service.include(run.id, LETTER)
    assert (run.step("7").action_name, run.step("7").params) == (
        "template.render",
        {"template": LETTER},
    )
    assert {link.step for link in run.checklist if link.step} == {"5", "6.4", "7"}
    run = service.check(run.id, "7")
    assert next(link for link in run.checklist if link.step == "7").completed


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (RUNBOOK, "already in the run as step 6"),
        ("Workflow Rules in Autotask", "no numbered procedure to follow and no placeholders"),
        ("no such article", "'no such article' is not an article 'Workflow: Offboarding"),
        ("terminate customer", r"Customer. is not .* can include .*Runbook from ITG \(send-"),
    ],
)
def test_including_what_is_not_referenced_or_twice_changes_nothing(
    service: RunService, given: str, message: str
) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo", include=[RUNBOOK])
    before = service.get(run.id)
    with pytest.raises(KbpilotError, match=message):
        service.include(run.id, given)
    with pytest.raises(KbpilotError, match=message):
        service.start(ARTICLE, "Northwind Traders", include=[RUNBOOK, given])
    after = service.get(run.id)
    assert after.steps == before.steps and after.events == before.events
    assert len(service.list_runs()) == 1


def test_checklist_items_completed_in_autotask_show_as_done(
    service: RunService, sandbox: Sandbox
) -> None:
    run = with_ticket_and_checklist(service)
    link = next(link for link in run.checklist if link.step == "5")
    service.clients.autotask.complete_checklist_item(run.ticket.id, link.item_id)
    run = service.refresh(run.id)
    assert run.step("5").state == "done" and run.step("5").result["completed_in"] == "Autotask"
    assert run.events[-1].kind == "checklist.synced" and run.events[-1].who == "Autotask"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s, r: s.start("no-such-article", "Northwind Traders"), "no article"),
        (lambda s, r: s.start(ARTICLE, "Litware Inc"), "2 companies match"),
        (lambda s, r: s.start(ARTICLE, "Nowhere Ltd"), "no company matches"),
        (lambda s, r: s.check(r, "9"), "has no step '9'"),
        (lambda s, r: s.do(r, "2"), "do step 1 first"),
        (lambda s, r: s.skip(r, "5", " "), "say why"),
        (lambda s, r: s.save_fields(r, "4", {"termination_date": "soon"}), "not a date"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(
    service: RunService, call, message: str
) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    with pytest.raises(KbpilotError, match=message):
        call(service, run.id)
    after = service.get(run.id)
    assert len(after.events) == 1 and [s.state for s in after.steps] == ["todo"] * 5


def test_a_missing_action_parameter_is_explained(service: RunService, sample_kb: Path) -> None:
    article = sample_kb / "articles" / "workflow-offboarding-a-customer.txt"
    text = article.read_text(encoding="utf-8").replace('"Administrative Change/Request" ', "")
    article.write_text(text, encoding="utf-8")
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    run = service.do(run.id, "1")
    with pytest.raises(KbpilotError, match="needs the parameter 'category'"):
        service.do(run.id, "2")
    assert service.get(run.id).step("2").state == "todo"


def test_resume_after_restart_and_article_change(
    service: RunService, sample_kb: Path, clients
) -> None:
    run = service.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    service.do(run.id, "1")
    service.save_fields(run.id, "4", {"new_provider": "Contoso IT"})
    service.add_note(run.id, "4", "customer wants the letter by post")
    service.close()
    article = sample_kb / "articles" / "workflow-offboarding-a-customer.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\n  6. Close the ticket\n", "utf-8")
    again = RunService.open(service.workspace, sandbox=True, connections=clients)
    resumed = again.list_runs()[0]
    assert resumed.id == run.id and resumed.ticket is not None
    assert resumed.step("4").fields == {"new_provider": "Contoso IT"}
    assert resumed.step("4").notes[0].text == "customer wants the letter by post"
    assert again.article_changed(run.id) and len(resumed.steps) == 5


def test_a_step_without_an_action_is_done_once_its_sub_steps_are_finished(
    service: RunService,
) -> None:
    run = with_ticket_and_checklist(service)
    run = service.include(run.id, "send runbook")
    for path in ("6.1", "6.2", "6.3.1", "6.3.2"):
        run = service.check(run.id, path)
    assert run.step("6.3").is_open and run.step("6").is_open
    run = service.skip(run.id, "6.3.3", "no Microsoft 365 for this customer")
    assert run.step("6.3").state == "done"
    assert (run.events[-1].kind, run.events[-1].step) == ("step.checked", "6.3")
    run = service.skip(run.id, "6.5", "the export link went by email")
    assert run.step("6").is_open  # 6.4 is still to do
    link = next(link for link in run.checklist if link.step == "6.4")
    service.clients.autotask.complete_checklist_item(run.ticket.id, link.item_id)
    run = service.refresh(run.id)
    assert run.step("6.4").state == "done" and run.step("6").state == "done"


@pytest.mark.parametrize("in_sandbox", [False, True], ids=["live", "sandbox"])
def test_the_ticket_as_autotask_holds_it_and_its_link(
    sample_kb: Path, clients: Integrations, in_sandbox: bool
) -> None:
    settings = sample_kb / "kb" / "kbpilot.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + 'ticket_url = "https://at.example/t?id={id}"\n',
        encoding="utf-8",
    )
    service = RunService.open(
        find_workspace(str(sample_kb)), sandbox=in_sandbox, connections=clients
    )
    try:
        run = with_ticket_and_checklist(service)
        run = service.do(run.id, "2")
        run = service.check(run.id, "5")
        run = service.post_summary(run.id)
        view = service.lookups.ticket_view(run.id)
    finally:
        service.close()
    assert run.ticket is not None and view.number == run.ticket.number
    assert (view.status, view.priority) == ("New", "Medium")
    assert view.category == "Administrative Change/Request"
    completed = [name for name, done in view.checklist if done]
    assert completed == ["Schedule the remote offboarding appointment with the customer"]
    assert view.notes == ["kbpilot run summary"]
    expected = None if in_sandbox else f"https://at.example/t?id={run.ticket.id}"
    assert run.ticket.url == view.url == expected


def test_the_plan_shows_the_call_the_client_sends(service: RunService, sandbox: Sandbox) -> None:
    """One owner per wire shape: the plan's call has the picklist values the ticket gets, and
    the pending event records it before anything is sent."""
    run = service.start(ARTICLE, "northwind traders", "Ana Trujillo")
    call = service.plan(run.id, "1").requests[0]
    assert (call.method, call.endpoint) == ("POST", "/Tickets")
    assert (call.body["status"], call.body["priority"]) == ("1", "2")
    run = service.do(run.id, "1")
    pending = next(e for e in run.events if e.kind == "action.pending")
    assert pending.data["plan"]["requests"][0] == call.to_dict()  # type: ignore[index]
    ticket = next(t for t in records(sandbox, "Tickets") if t["id"] == run.ticket.id)
    sent = {key: ticket[key] for key in call.body}
    assert sent == {**call.body, "status": 1, "priority": 2}
