"""Every request the Autotask client sends, checked against the swagger subset in ../shared:
path and method exist, required headers are present, body and filter field names are known."""

from __future__ import annotations

import json
from typing import Any

import pytest

from kbpilot.integrations.autotask.client import TicketDraft
from kbpilot.integrations.autotask.query import Field, Query
from kbpilot.integrations.autotask.simulator.schema import ENTITIES
from kbpilot.integrations.factory import Integrations
from tests.support import SHARED

from .conftest import RecordingTransport

SPEC_FILE = SHARED / "reference" / "autotask" / "openapi-subset.json"


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    if not SPEC_FILE.exists():
        pytest.skip(f"the Autotask swagger subset is not at {SPEC_FILE} (../shared is absent)")
    return json.loads(SPEC_FILE.read_text(encoding="utf-8"))


def _same_path(template: str, path: str) -> bool:
    """Whether a concrete path fits a swagger template (segments compared without case)."""
    want, have = template.strip("/").split("/"), path.strip("/").split("/")
    return len(want) == len(have) and all(
        w.startswith("{") or w.lower() == h.lower() for w, h in zip(want, have, strict=True)
    )


def _operation(spec: dict[str, Any], method: str, path: str) -> dict[str, Any] | None:
    """The swagger operation for a request path under basePath, if there is one."""
    base = spec["basePath"].lower()
    if not path.lower().startswith(base):
        return None
    for template, operations in spec["paths"].items():
        if _same_path(template, path[len(base) :]) and method.lower() in operations:
            return operations[method.lower()]
    return None


def _model_fields(spec: dict[str, Any], operation: dict[str, Any]) -> set[str] | None:
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "body":
            name = parameter["schema"]["$ref"].rsplit("/", 1)[-1]
            return {prop.lower() for prop in spec["definitions"][name]["properties"]}
    return None


def _filter_fields(items: list[dict[str, Any]]) -> list[str]:
    names = []
    for item in items:
        lowered = {k.lower(): v for k, v in item.items()}
        if "items" in lowered:
            names += _filter_fields(lowered["items"])
        elif not lowered.get("udf"):
            names.append(str(lowered["field"]).lower())
    return names


MODELS = {
    "companies": "CompanyModel",
    "contacts": "ContactModel",
    "resources": "ResourceModel",
    "tickets": "TicketModel",
    "ticketcategories": "TicketCategoryModel",
    "checklistlibraries": "ChecklistLibraryModel",
    "checklistlibrarychecklistitems": "ChecklistLibraryChecklistItemModel",
    "ticketchecklistitems": "TicketChecklistItemModel",
    "ticketchecklistlibraries": "TicketChecklistLibraryModel",
    "ticketnotes": "TicketNoteModel",
}


def _model(spec: dict[str, Any], entity: str) -> set[str]:
    properties = spec["definitions"][MODELS[entity.lower()]]["properties"]
    return {prop.lower() for prop in properties}


def _workflow(clients: Integrations) -> None:
    autotask = clients.autotask
    company = autotask.company_by_name("Northwind Traders")
    contact = autotask.contact_by_name(company.id, "Ana Trujillo")
    autotask.resource_by_name("Matthew")
    autotask.contacts(company.id)
    ticket = autotask.create_ticket(
        TicketDraft(company_id=company.id, contact_id=contact.id, title="T")
    )
    autotask.set_ticket_category(
        ticket.id, autotask.category_by_name("Administrative Change/Request").id
    )
    library = autotask.library_by_name("[OFFBOARDING] Offboard Managed Services Customer")
    items = autotask.apply_checklist_library(ticket.id, library.id)
    autotask.complete_checklist_item(ticket.id, items[0].id)
    autotask.add_ticket_note(ticket.id, "Note", "Text")
    autotask.api.count("Tickets", Query.where(Field("companyID").eq(company.id)))
    autotask.api.threshold()
    list(
        autotask.api.query(
            "ChecklistLibraryChecklistItems", Query.where(Field("id").exists(), max_records=10)
        )
    )


def test_every_autotask_request_matches_the_swagger(
    spec: dict[str, Any], clients: Integrations, transport: RecordingTransport
) -> None:
    _workflow(clients)
    sent = [r for r in transport.requests if "/atservicesrest/" in r.url.path.lower()]
    assert len(sent) > 20
    for request in sent:
        path = request.url.path
        where = f"{request.method} {path}"
        operation = _operation(spec, request.method, path)
        assert operation is not None, f"not in the swagger: {where}"
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "header" and parameter.get("required"):
                assert request.headers.get(parameter["name"]), f"{where} lacks {parameter['name']}"
            if parameter["in"] == "query" and parameter.get("required"):
                assert parameter["name"] in request.url.params, (
                    f"{where} lacks ?{parameter['name']}"
                )
        if not request.content:
            continue
        body = json.loads(request.content)
        if path.lower().endswith(("/query", "/query/count")):
            query_keys = {prop.lower() for prop in spec["definitions"]["QueryModel"]["properties"]}
            assert {key.lower() for key in body} <= query_keys, where
            entity = path.lower().split("/v1.0/")[1].split("/")[0]
            unknown = set(_filter_fields(body["filter"])) - _model(spec, entity)
            assert not unknown, f"{where} filters on unknown fields {unknown}"
            continue
        known = _model_fields(spec, operation)
        assert known is not None, f"{where} sends a body the swagger does not take"
        unknown = {key.lower() for key in body} - known
        assert not unknown, f"{where} sends unknown fields {unknown}"


def test_the_simulators_fields_all_exist_in_the_swagger(spec: dict[str, Any]) -> None:
    for entity in ENTITIES.values():
        known = _model(spec, entity.name)
        missing = {field.name for field in entity.fields if field.name.lower() not in known}
        assert not missing, f"{entity.name}: {missing}"
