"""The IT Glue operations kbpilot needs: organizations and their contacts, configurations,
documents and flexible assets, and exports (create, wait, download).

Requests go through `ServiceHttp` (timeouts, errors, retries) on the transport given. The API
key goes into the `x-api-key` header of API requests only: an export's download URL is a
signed link, fetched with no service header at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from kbpilot.integrations.budget import RequestPacer
from kbpilot.integrations.errors import (
    LookupFailed,
    NotFoundError,
    ServerError,
    ServiceTimeoutError,
)
from kbpilot.integrations.http import DEFAULT_TIMEOUT, ServiceHttp
from kbpilot.integrations.itglue import wire
from kbpilot.integrations.itglue.credentials import ITGlueCredentials
from kbpilot.integrations.itglue.jsonapi import (
    Document,
    FilterValue,
    Resource,
    query_params,
    resource_body,
)
from kbpilot.integrations.itglue.models import (
    Configuration,
    Contact,
    Export,
    FlexibleAsset,
    FlexibleAssetType,
    ItgDocument,
    Organization,
)
from kbpilot.integrations.itglue.settings import ITGlueSettings
from kbpilot.integrations.prepared import PreparedCall
from kbpilot.integrations.retry import RetryPolicy

RECONCILE_WINDOW = timedelta(minutes=10)
Filters = Mapping[str, FilterValue]


class ITGlueClient:
    """IT Glue for one API key, in one region (or at an explicit base URL)."""

    def __init__(
        self,
        credentials: ITGlueCredentials,
        *,
        transport: httpx.BaseTransport | None = None,
        base_url: str | None = None,
        settings: ITGlueSettings | None = None,
        policy: RetryPolicy | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
        pacer: RequestPacer | None = None,
    ) -> None:
        self.credentials = credentials
        self.settings = settings or ITGlueSettings()
        region = credentials.region or self.settings.region
        self.base_url = (base_url or wire.base_url(region)).rstrip("/")
        self.http = ServiceHttp.over(
            wire.SERVICE, transport, wire.parse_error, policy=policy, timeout=timeout, pacer=pacer
        )
        self.sleep = sleep

    def __repr__(self) -> str:
        return f"ITGlueClient(base_url={self.base_url!r})"

    def close(self) -> None:
        self.http.close()

    def _headers(self, *, body: bool = False) -> dict[str, str]:
        headers = {
            wire.HEADER_API_KEY: self.credentials.api_key.reveal(),
            "Accept": wire.CONTENT_TYPE,
        }
        if body:
            headers["Content-Type"] = wire.CONTENT_TYPE
        return headers

    # documents ------------------------------------------------------------------------------

    def get(self, path: str, params: Mapping[str, str] | None = None) -> Document:
        """GET one JSON:API document at `path` (relative to the base URL)."""
        answer = self.http.call(
            "GET", f"{self.base_url}/{path}", headers=self._headers(), params=dict(params or {})
        )
        return Document.from_json(answer)

    def collect(
        self,
        path: str,
        *,
        filters: Filters | None = None,
        sort: str | None = None,
        include: tuple[str, ...] = (),
        page_size: int = wire.MAX_PAGE_SIZE,
    ) -> Iterator[Resource]:
        """Every resource of an index, page by page until `meta.next-page` is null."""
        number: int | None = 1
        while number is not None:
            params = query_params(
                filters=filters, sort=sort, include=include, page_size=page_size, page_number=number
            )
            document = self.get(path, params)
            yield from document.data
            next_page = document.meta.get("next-page")
            number = int(next_page) if next_page else None

    # organizations --------------------------------------------------------------------------

    def organizations(
        self, *, filters: Filters | None = None, sort: str | None = "name"
    ) -> list[Organization]:
        resources = self.collect("organizations", filters=filters, sort=sort)
        return [Organization.from_resource(resource) for resource in resources]

    def organization(self, organization_id: int) -> Organization:
        return Organization.from_resource(self.get(f"organizations/{organization_id}").one())

    def organization_by_name(self, name: str) -> Organization:
        """The organization of exactly that name (compared without regard to case)."""
        found = self.organizations(filters={"name": name.strip()})
        matches = [org for org in found if org.name.lower() == name.strip().lower()]
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = ", ".join(f"{org.name} (id {org.id})" for org in matches)
            raise LookupFailed(
                wire.SERVICE, f"{len(matches)} organizations match {name!r}: {listed}"
            )
        raise LookupFailed(wire.SERVICE, f"no organization matches {name!r}")

    # an organization's records --------------------------------------------------------------

    def contacts(self, organization_id: int, *, filters: Filters | None = None) -> list[Contact]:
        resources = self.collect(
            f"organizations/{organization_id}/relationships/contacts", filters=filters
        )
        return [Contact.from_resource(resource) for resource in resources]

    def configurations(
        self, organization_id: int, *, filters: Filters | None = None
    ) -> list[Configuration]:
        resources = self.collect(
            f"organizations/{organization_id}/relationships/configurations", filters=filters
        )
        return [Configuration.from_resource(resource) for resource in resources]

    def documents(self, organization_id: int, *, folder_id: int | None = None) -> list[ItgDocument]:
        """The organization's documents; in one folder, or (folder null) in all of them."""
        resources = self.collect(
            f"organizations/{organization_id}/relationships/documents",
            filters={"document_folder_id": folder_id},
        )
        return [ItgDocument.from_resource(resource) for resource in resources]

    def document(self, document_id: int) -> ItgDocument:
        return ItgDocument.from_resource(self.get(f"documents/{document_id}").one())

    def flexible_asset_types(self) -> list[FlexibleAssetType]:
        resources = self.collect("flexible_asset_types")
        return [FlexibleAssetType.from_resource(resource) for resource in resources]

    def flexible_assets(
        self, type_id: int, *, organization_id: int | None = None
    ) -> list[FlexibleAsset]:
        filters: dict[str, FilterValue] = {"flexible_asset_type_id": type_id}
        if organization_id is not None:
            filters["organization_id"] = organization_id
        resources = self.collect("flexible_assets", filters=filters)
        return [FlexibleAsset.from_resource(resource) for resource in resources]

    # exports --------------------------------------------------------------------------------

    def export(self, export_id: int) -> Export:
        return Export.from_resource(self.get(f"exports/{export_id}").one())

    def _recent_exports(self, organization_id: int, since: datetime) -> Iterator[Resource]:
        oldest = (since - RECONCILE_WINDOW).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
        for resource in self.collect("exports", sort="-created_at", page_size=50):
            export = Export.from_resource(resource)
            if export.created_at < oldest:
                return
            if export.organization_id == organization_id:
                yield resource

    def recent_exports(self, organization_id: int, since: datetime) -> list[Export]:
        """The organization's exports created since `since` (less the skew window), newest
        first. The API filters exports by id only, so the organization is matched here."""
        return [Export.from_resource(r) for r in self._recent_exports(organization_id, since)]

    def create_export(self, organization_id: int, *, include_logs: bool = False) -> Export:
        """Start an export of one organization (once, even when the answer is lost)."""
        return self.send_export(self.prepare_export(organization_id, include_logs=include_logs))

    def prepare_export(self, organization_id: int, *, include_logs: bool = False) -> PreparedCall:
        """`POST /exports` of one organization, as `send_export` sends it."""
        attributes = {"organization-id": organization_id, "include-logs": include_logs}
        return PreparedCall("POST", "/exports", resource_body("exports", attributes))

    def send_export(self, call: PreparedCall) -> Export:
        """Send a `prepare_export` call (once, even when the answer is lost); the export."""
        organization_id = call.body["data"]["attributes"]["organization-id"]
        started = datetime.now(UTC)

        def reconcile() -> dict[str, Any] | None:
            resource = next(self._recent_exports(organization_id, started), None)
            if resource is None:
                return None
            return {
                "data": {
                    "id": resource.id,
                    "type": resource.type,
                    "attributes": resource.attributes,
                }
            }

        answer = self.http.call(
            call.method,
            f"{self.base_url}/{call.path}",
            headers=self._headers(body=True),
            json=call.body,
            creates=True,
            reconcile=reconcile,
        )
        return Export.from_resource(Document.from_json(answer).one())

    def wait_for_export(self, export_id: int) -> Export:
        """Poll the export until it is completed with a download URL."""
        deadline = time.monotonic() + self.settings.export_wait_seconds
        while True:
            export = self.export(export_id)
            if export.status == wire.EXPORT_COMPLETED and export.download_url:
                return export
            if export.status == wire.EXPORT_FAILED:
                raise ServerError(wire.SERVICE, f"export {export_id} failed")
            if time.monotonic() >= deadline:
                raise ServiceTimeoutError(
                    wire.SERVICE,
                    f"export {export_id} is still {export.status or 'not ready'} after "
                    f"{self.settings.export_wait_seconds:g} s",
                    not_applied=False,
                )
            self.sleep(self.settings.export_poll_seconds)

    def download_export(self, export: Export) -> bytes:
        """The export's zip, fetched from its signed URL without the API key."""
        if not export.download_url:
            raise NotFoundError(wire.SERVICE, f"export {export.id} has no download URL yet")
        return self.http.download(export.download_url)
