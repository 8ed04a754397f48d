"""The IT Glue client against the simulator over real HTTP: JSON:API documents, paging,
filters, sorting, includes, errors, and exports downloaded without the API key."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from kbpilot.errors import ConfigError
from kbpilot.integrations.errors import AuthError, LookupFailed, NotFoundError, ValidationError
from kbpilot.integrations.factory import Integrations
from kbpilot.integrations.itglue.client import ITGlueClient
from kbpilot.integrations.itglue.credentials import ITGlueCredentials
from kbpilot.integrations.itglue.jsonapi import query_params
from kbpilot.integrations.itglue.wire import base_url
from kbpilot.integrations.secrets import Secret


def test_regions_have_their_own_base_urls() -> None:
    assert base_url("eu") == "https://api.eu.itglue.com"
    assert base_url("AU") == "https://api.au.itglue.com"
    client = ITGlueClient(ITGlueCredentials(Secret("ITG.region-test-key"), region="EU"))
    assert client.base_url == "https://api.eu.itglue.com"
    with pytest.raises(ConfigError, match="unknown IT Glue region"):
        base_url("Mars")


def test_query_params_use_snake_case_filters_and_bound_page_size() -> None:
    params = query_params(
        filters={"organization-id": 5, "archived": False, "id": [1, 2]},
        sort="-updated_at",
        include=("configuration_interfaces",),
        page_size=1000,
        page_number=2,
    )
    assert params == {
        "filter[organization_id]": "5",
        "filter[archived]": "false",
        "filter[id]": "1,2",
        "sort": "-updated_at",
        "include": "configuration_interfaces",
        "page[size]": "1000",
        "page[number]": "2",
    }
    with pytest.raises(ValueError, match="1 to 1000"):
        query_params(page_size=1001)


def test_organizations_and_their_records(clients: Integrations) -> None:
    itglue = clients.itglue
    org = itglue.organization_by_name("northwind traders")
    assert (org.name, org.type_name, org.status_name) == ("Northwind Traders", "Customer", "Active")
    assert {c.name for c in itglue.contacts(org.id)} == {"Ana Trujillo", "Antonio Moreno"}
    assert itglue.contacts(org.id, filters={"primary_email": "ana.trujillo@northwind.example"})[
        0
    ].title
    assert {c.name for c in itglue.configurations(org.id)} >= {"NWT-DC01", "NWT-FW01"}
    assert len(itglue.documents(org.id)) == 4
    root_only = itglue.collect(f"organizations/{org.id}/relationships/documents")
    assert len(list(root_only)) == 3
    assert itglue.document(630001).name == "Network Overview"
    email = next(t for t in itglue.flexible_asset_types() if t.name == "Email")
    assets = itglue.flexible_assets(email.id, organization_id=org.id)
    assert [a.traits["domain"] for a in assets] == ["northwind.example"]
    with pytest.raises(LookupFailed, match="no organization matches 'Nobody'"):
        itglue.organization_by_name("Nobody")


def test_paging_sorting_and_included_resources(clients: Integrations, transport) -> None:
    itglue = clients.itglue
    names = [
        r.attributes["name"] for r in itglue.collect("organizations", sort="-name", page_size=2)
    ]
    assert names == sorted(names, reverse=True) and len(names) == 7
    pages = [r for r in transport.requests if r.url.path.endswith("/organizations")]
    assert [r.url.params["page[number]"] for r in pages] == ["1", "2", "3", "4"]
    document = itglue.get("configurations/520001", {"include": "configuration_interfaces"})
    linked = document.one().related_ids("configuration-interfaces")
    assert len(linked) == 2
    assert document.find_included(*linked[0]).attributes["name"] == "Ethernet0"
    assert document.meta == {}


def test_errors_are_json_api_or_html(clients: Integrations) -> None:
    itglue = clients.itglue
    with pytest.raises(ValidationError, match="flexible asset type ID filter"):
        list(itglue.collect("flexible_assets"))
    with pytest.raises(ValidationError, match="page\\[size\\] must be 1 to 1000"):
        itglue.get("organizations", {"page[size]": "5000"})
    with pytest.raises(NotFoundError):
        itglue.organization(1)
    with pytest.raises(NotFoundError, match="no such resource"):
        itglue.get("no_such_things/1/at/all")
    with pytest.raises(NotFoundError):
        itglue.get("documents")


def test_a_missing_key_answers_401(clients: Integrations) -> None:
    answer = httpx.get(f"{clients.itglue.base_url}/organizations")
    assert answer.status_code == 401
    assert answer.json()["errors"][0]["detail"] == "Unauthorized resource access"
    with pytest.raises(AuthError):
        clients.itglue.http.call("GET", f"{clients.itglue.base_url}/organizations")


def test_export_is_created_polled_and_downloaded_without_the_key(
    clients: Integrations, transport
) -> None:
    itglue = clients.itglue
    org = itglue.organization_by_name("Northwind Traders")
    created = itglue.create_export(org.id)
    assert (created.status, created.download_url) == ("pending", None)
    with pytest.raises(ValidationError, match="unknown attributes: zip-password"):
        itglue.http.call(
            "POST",
            f"{itglue.base_url}/exports",
            headers={"x-api-key": "ITG.test", "Content-Type": "application/vnd.api+json"},
            json={"data": {"type": "exports", "attributes": {"zip-password": "x"}}},
        )
    ready = itglue.wait_for_export(created.id)
    assert ready.status == "completed" and ready.organization_name == "Northwind Traders"
    archive = zipfile.ZipFile(io.BytesIO(itglue.download_export(ready)))
    names = archive.namelist()
    assert "organizations.csv" in names and "email.csv" in names
    assert f"documents/DOC-{org.id}-630001 Network Overview/Network Overview.html" in names
    assert "NWT-DC01" in archive.read("configurations.csv").decode()
    download = [r for r in transport.requests if "/_downloads/" in r.url.path]
    assert download and all("x-api-key" not in r.headers for r in download)
    api_calls = [r for r in transport.requests if r.url.path.startswith("/itglue")]
    assert all(r.headers["x-api-key"] for r in api_calls)
    forged = ready.download_url.split("signature=")[0] + "signature=forged"
    assert httpx.get(forged).status_code == 403


def test_recent_exports_are_one_organizations_newest_first(clients: Integrations) -> None:
    itglue = clients.itglue
    since = datetime.now(UTC)
    north = itglue.organization_by_name("Northwind Traders")
    other = next(org for org in itglue.organizations() if org.id != north.id)
    assert itglue.recent_exports(north.id, since) == []
    first = itglue.create_export(north.id)
    itglue.wait_for_export(first.id)
    itglue.wait_for_export(itglue.create_export(other.id).id)
    second = itglue.create_export(north.id)
    found = itglue.recent_exports(north.id, since)
    assert [e.id for e in found] == [second.id, first.id]
    assert {e.organization_id for e in found} == {north.id}
    assert itglue.recent_exports(north.id, since + timedelta(hours=1)) == []
