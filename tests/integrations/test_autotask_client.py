"""The Autotask client against the simulator over real HTTP: lookups, tickets, checklists, notes,
validation, paging and zone discovery."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from kbpilot.integrations.autotask.client import TicketDraft
from kbpilot.integrations.autotask.query import Field, Query
from kbpilot.integrations.autotask.zones import ZoneCache, zone_cache_path
from kbpilot.integrations.errors import AuthError, LookupFailed, ValidationError
from kbpilot.integrations.factory import Integrations
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.sandbox.app import Sandbox

LIBRARY = "[OFFBOARDING] Offboard Managed Services Customer"


def _ticket(clients: Integrations, title: str = "Offboard Northwind") -> int:
    autotask = clients.autotask
    company = autotask.company_by_name("Northwind Traders")
    return autotask.create_ticket(TicketDraft(company_id=company.id, title=title)).id


def test_lookups_by_name_find_exactly_one(clients: Integrations) -> None:
    autotask = clients.autotask
    company = autotask.company_by_name("northwind traders")
    assert (company.name, company.is_active) == ("Northwind Traders", True)
    assert autotask.contact_by_name(company.id, "Ana Trujillo").email.startswith("ana.trujillo@")
    assert autotask.resource_by_name("Matthew").name == "Matthew Fuller"
    assert autotask.category_by_name("Administrative Change/Request").nickname == "ACR"
    assert autotask.library_by_name(LIBRARY).is_active


def test_lookups_explain_none_several_and_inactive(clients: Integrations) -> None:
    autotask = clients.autotask
    with pytest.raises(LookupFailed, match=r"2 companies match 'Litware Inc'.*\(id 180\)"):
        autotask.company_by_name("Litware Inc")
    with pytest.raises(
        LookupFailed, match=r"did you mean: Northwind Traders \(id 174\), Northwind Logistics"
    ):
        autotask.company_by_name("Northwind")
    with pytest.raises(LookupFailed, match="inactive"):
        autotask.company_by_name("Adventure Works Cycles")
    with pytest.raises(LookupFailed, match="no checklist library matches"):
        autotask.library_by_name("[LEGACY] Server Decommission")


def test_ticket_workflow(clients: Integrations, sandbox: Sandbox) -> None:
    autotask = clients.autotask
    company = autotask.company_by_name("Northwind Traders")
    contact = autotask.contact_by_name(company.id, "Ana Trujillo")
    ticket = autotask.create_ticket(
        TicketDraft(
            company_id=company.id, contact_id=contact.id, title="Offboard", queue="Service Desk"
        )
    )
    assert ticket.number.startswith("T") and ticket.status == "1" and ticket.priority == "2"
    assert ticket.queue_id == "29683482"
    category = autotask.category_by_name("Administrative Change/Request")
    assert autotask.set_ticket_category(ticket.id, category.id).category_id == category.id
    added = autotask.apply_checklist_library(ticket.id, autotask.library_by_name(LIBRARY).id)
    assert len(added) == 14 and [item.position for item in added] == list(range(1, 15))
    done = autotask.complete_checklist_item(ticket.id, added[0].id)
    assert done.is_completed and done.completed_by is not None and done.completed_at
    note = autotask.add_ticket_note(ticket.id, "Started", "Offboarding started.")
    assert (note.ticket_id, note.note_type, note.publish) == (ticket.id, "2", "2")
    assert autotask.update_ticket(ticket.id, {"status": 5}).raw["completedDate"]
    with sandbox.state.read() as data:
        assert str(ticket.id) in data["autotask"]["records"]["Tickets"]


def test_required_fields_and_picklists_come_from_entity_information(clients: Integrations) -> None:
    autotask = clients.autotask
    required = {f.name for f in autotask.fields("Tickets") if f.is_required}
    assert required == {"title", "companyID", "status", "priority"}
    assert autotask.picklist_value("Tickets", "priority", "high") == "1"
    sub_issue = autotask.field("Tickets", "subIssueType")
    assert {value.parent_value for value in sub_issue.picklist} == {"10", "11", "12"}
    assert [
        f.name for f in autotask.missing_required("Tickets", {"title": "x", "companyID": 1})
    ] == [
        "status",
        "priority",
    ]
    with pytest.raises(LookupFailed, match="choose: Critical, High, Medium, Low"):
        autotask.picklist_value("Tickets", "priority", "Urgent")


def test_validation_errors_carry_the_service_message(clients: Integrations, transport) -> None:
    api = clients.autotask.api
    with pytest.raises(ValidationError, match="title is required") as missing:
        api.create("Tickets", {"companyID": 174, "status": 1, "priority": 2})
    assert missing.value.status == 500
    with pytest.raises(ValidationError, match=r"existing entity for companyID \. "):
        api.create("Tickets", {"companyID": 999, "title": "x", "status": 1, "priority": 2})
    with pytest.raises(ValidationError, match="not a valid picklist value for status"):
        api.create("Tickets", {"companyID": 174, "title": "x", "status": 99, "priority": 2})
    with pytest.raises(ValidationError, match="assignedResourceRoleID"):
        api.create(
            "Tickets",
            {"companyID": 174, "title": "x", "status": 1, "priority": 2, "assignedResourceID": 4},
        )
    with pytest.raises(ValidationError, match="does not belong to issueType"):
        api.create(
            "Tickets",
            {
                "companyID": 174,
                "title": "x",
                "status": 1,
                "priority": 2,
                "issueType": 10,
                "subIssueType": 111,
            },
        )
    posts = [
        r for r in transport.requests if r.method == "POST" and r.url.path.endswith("/Tickets")
    ]
    assert len(posts) == 5, "validation failures are never retried"


def test_the_forty_item_checklist_limit(clients: Integrations) -> None:
    autotask = clients.autotask
    ticket_id = _ticket(clients)
    library = autotask.library_by_name(LIBRARY)
    autotask.apply_checklist_library(ticket_id, library.id)
    autotask.apply_checklist_library(ticket_id, library.id)
    with pytest.raises(ValidationError, match=r"more than (the )?40"):
        autotask.apply_checklist_library(ticket_id, library.id)
    assert len(autotask.ticket_checklist(ticket_id)) == 28


def test_queries_follow_next_page_urls(clients: Integrations, transport) -> None:
    api = clients.autotask.api
    everything = list(
        api.query(
            "ChecklistLibraryChecklistItems", Query.where(Field("id").exists(), max_records=5)
        )
    )
    assert len(everything) == 23
    assert [int(item["id"]) for item in everything] == sorted(
        int(item["id"]) for item in everything
    )
    pages = [
        r
        for r in transport.requests
        if r.url.path.lower().endswith("checklistlibrarychecklistitems/query")
    ]
    assert len(pages) == 5 and "paging" in str(pages[-1].url)
    limited = list(api.query("Companies", Query.where(Field("isActive").eq(True)), limit=3))
    assert len(limited) == 3
    assert api.count("Companies", Query.where(Field("isActive").eq(False))) == 1


def test_zone_is_discovered_once_per_user_and_cached(clients: Integrations, transport) -> None:
    clients.autotask.company(174)
    clients.autotask.company(175)
    zone_calls = [r for r in transport.requests if "zoneInformation" in r.url.path]
    assert len(zone_calls) == 1 and zone_calls[0].url.params["user"]
    cache = ZoneCache(zone_cache_path())
    assert cache.get(clients.autotask.api.discovery_url, clients.autotask.api.credentials.username)


def test_missing_credentials_answer_401(server: LoopbackServer, clients: Integrations) -> None:
    url = clients.autotask.api.base_url() + "Companies/174"
    answer = httpx.get(url, headers={"UserName": "x", "Secret": "y"})
    assert answer.status_code == 401 and "ApiIntegrationCode" in answer.json()["errors"][0]
    api = clients.autotask.api
    with pytest.raises(AuthError):
        api.http.call("GET", url, headers={"UserName": "x"})


def test_recent_tickets_and_notes_find_what_was_just_created(clients: Integrations) -> None:
    autotask = clients.autotask
    started = datetime.now(UTC)
    company = autotask.company_by_name("Northwind Traders")
    ticket = autotask.create_ticket(TicketDraft(company_id=company.id, title="Offboarding: NWT"))
    note = autotask.add_ticket_note(ticket.id, "Started", "kbpilot run r1")
    assert [t.id for t in autotask.recent_tickets(company.id, "Offboarding: NWT", started)] == [
        ticket.id
    ]
    assert autotask.recent_tickets(company.id, "Another title", started) == []
    assert [n.id for n in autotask.recent_notes(ticket.id, "Started", started)] == [note.id]
    assert autotask.recent_notes(ticket.id, "Other", started) == []


def test_an_unknown_ticket_category_lists_the_valid_ones(clients: Integrations) -> None:
    with pytest.raises(LookupFailed) as failed:
        clients.autotask.category_by_name("Hardware swap")
    message = str(failed.value)
    assert "no ticket category matches 'Hardware swap'; did you mean:" in message
    assert "Administrative Change/Request (id 2)" in message
