"""The IT Glue simulator: JSON:API routes for organizations, their records, and exports.

Checks `x-api-key` (any non-empty key), a rolling rate limit (429 with Retry-After), filters
and sorts in snake_case or kebab-case, `page[size]` up to 1000 with kebab-case `meta`, and
answers unknown routes with an HTML 404 as the real service does. Exports complete
`export_seconds` after creation; their download URL is a signed link served by the sandbox
without any key.
"""

from __future__ import annotations

import json
import math
import secrets
import threading
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route

from kbpilot.integrations.clock import Clock, monotonic
from kbpilot.integrations.itglue import wire
from kbpilot.integrations.sandbox.faults import (
    ASGIApp,
    FaultMiddleware,
    FaultPlan,
    Receive,
    Scope,
    Send,
    json_answer,
)
from kbpilot.integrations.sandbox.state import SandboxState

JSONAPI = "application/vnd.api+json"
DOWNLOADS = "/_downloads/exports"
FILTERS = {
    "organizations": {
        "id",
        "name",
        "organization_type_id",
        "organization_status_id",
        "psa_id",
        "psa_integration_type",
        "primary",
    },
    "contacts": {
        "id",
        "first_name",
        "last_name",
        "title",
        "important",
        "primary_email",
        "organization_id",
        "psa_id",
    },
    "configurations": {
        "id",
        "name",
        "organization_id",
        "configuration_type_name",
        "serial_number",
        "archived",
        "psa_id",
    },
    "documents": {"document_folder_id"},
    "document_folders": {"name", "parent_id"},
    "flexible_assets": {"flexible_asset_type_id", "organization_id", "name"},
    "flexible_asset_types": {"id", "name"},
    "exports": {"id"},
}
SORTS = {
    "organizations": {"name", "id", "created_at", "updated_at", "short_name"},
    "contacts": {"first_name", "last_name", "id", "created_at", "updated_at"},
    "configurations": {"name", "id", "created_at", "updated_at"},
    "documents": {"name", "id", "created_at", "updated_at"},
    "document_folders": {"name", "id", "created_at", "updated_at"},
    "flexible_assets": {"name", "created_at", "updated_at"},
    "flexible_asset_types": {"name", "id"},
    "exports": {"created_at", "updated_at", "id"},
}
INCLUDES = {"configurations": {"configuration_interfaces"}}
TYPES = {kind: kind.replace("_", "-") for kind in FILTERS} | {
    "configuration_interfaces": "configuration-interfaces"
}


class Invalid(Exception):
    """A JSON:API error answer: status, title and detail (and the pointer when known)."""

    def __init__(
        self, status: int, title: str, detail: str | None = None, pointer: str | None = None
    ):
        super().__init__(title)
        self.status, self.title, self.detail, self.pointer = status, title, detail, pointer

    def body(self) -> dict[str, Any]:
        error: dict[str, Any] = {"status": self.status, "title": self.title}
        if self.detail:
            error["detail"] = self.detail
        error["source"] = {"pointer": self.pointer}
        return {"errors": [error]}


def error_body(status: int, message: str) -> dict[str, Any]:
    return Invalid(status, message).body()


async def request_data(request: Request) -> Any:
    """The `data` member of a request's JSON:API body (None without one); 400 when not JSON."""
    try:
        body = json.loads(await request.body())
    except ValueError:
        raise Invalid(400, "Bad Request", "the body is not JSON", None) from None
    return body.get("data") if isinstance(body, dict) else None


def refuse_unknown(attributes: dict[str, Any], allowed: set[str]) -> None:
    """422 naming the attributes a request may not set."""
    unknown = sorted(set(attributes) - allowed)
    if unknown:
        raise Invalid(
            422,
            "Unprocessable Entity",
            f"unknown attributes: {', '.join(unknown)}",
            "data/attributes",
        )


def stamp() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _kebab(key: str) -> str:
    return key.replace("_", "-")


class RateLimit:
    """At most `limit` requests per `window` seconds, for every key together."""

    def __init__(self, limit: int, window: float, clock: Clock = monotonic) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._times: deque[float] = deque()
        self._lock = threading.Lock()

    def wait_needed(self) -> float:
        """0 when the request may go on (and is counted); else seconds until it could."""
        with self._lock:
            current = self.clock()
            while self._times and self._times[0] <= current - self.window:
                self._times.popleft()
            if len(self._times) >= self.limit:
                return self._times[0] + self.window - current
            self._times.append(current)
            return 0.0


class ITGlueGate:
    """The API key check and the rate limit in front of the IT Glue simulator."""

    def __init__(self, app: ASGIApp, limit: RateLimit) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
            if not headers.get(wire.HEADER_API_KEY, "").strip():
                body = Invalid(401, "Unauthorized", "Unauthorized resource access", "id").body()
                await json_answer(send, 401, body)
                return
            wait = self.limit.wait_needed()
            if wait > 0:
                retry = str(math.ceil(wait)).encode()
                body = Invalid(429, "Too Many Requests", "Rate limit exceeded").body()
                await json_answer(send, 429, body, ((b"retry-after", retry),))
                return
        await self.app(scope, receive, send)


def _matches(kind: str, record: dict[str, Any], key: str, value: str) -> bool:
    if key == "primary_email":
        emails = record.get("contact-emails") or []
        return any(
            e.get("primary") and str(e.get("value")).lower() == value.lower() for e in emails
        )
    actual = record.get("id") if key == "id" else record.get(_kebab(key))
    wanted = [part.strip() for part in value.split(",")] if key == "id" else [value]
    if value == "null":
        return actual is None
    if isinstance(actual, bool):
        return str(actual).lower() in [w.lower() for w in wanted]
    return str(actual if actual is not None else "").lower() in [w.lower() for w in wanted]


class ITGlueSimulator:
    """The routes, bound to one sandbox state."""

    def __init__(self, state: SandboxState, export_seconds: float) -> None:
        self.state = state
        self.export_seconds = export_seconds

    # shaping --------------------------------------------------------------------------------

    def resource(self, kind: str, record: dict[str, Any], request: Request) -> dict[str, Any]:
        attributes = {key: value for key, value in record.items() if key not in ("id", "token")}
        if kind == "exports":
            attributes.update(self._export_progress(record, request))
        attributes.setdefault("resource-url", f"{self._origin(request)}/{kind}/{record['id']}")
        return {
            "id": str(record["id"]),
            "type": TYPES[kind],
            "attributes": attributes,
            "relationships": {},
        }

    def _origin(self, request: Request) -> str:
        return str(request.base_url).rstrip("/")

    def _export_progress(self, record: dict[str, Any], request: Request) -> dict[str, Any]:
        created = datetime.fromisoformat(record["created-at"].replace("Z", "+00:00"))
        done = (datetime.now(UTC) - created).total_seconds() >= self.export_seconds
        if not done:
            return {"export-status": wire.EXPORT_PROCESSING, "download-url": None}
        host = str(request.base_url).rstrip("/").removesuffix(request.scope.get("root_path", ""))
        url = f"{host}{DOWNLOADS}/{record['id']}.zip?signature={record['token']}"
        return {"export-status": wire.EXPORT_COMPLETED, "download-url": url}

    def _running(self, exports: list[dict[str, Any]]) -> bool:
        now = datetime.now(UTC)
        return any(
            (now - datetime.fromisoformat(e["created-at"].replace("Z", "+00:00"))).total_seconds()
            < self.export_seconds
            for e in exports
        )

    # listing --------------------------------------------------------------------------------

    def _query(self, request: Request, kind: str) -> tuple[dict[str, str], str | None, int, int]:
        filters: dict[str, str] = {}
        size, number, sort = wire.DEFAULT_PAGE_SIZE, 1, None
        for key, value in request.query_params.multi_items():
            if key.startswith("filter[") and key.endswith("]"):
                name = key[7:-1].replace("-", "_")
                if name not in FILTERS.get(kind, set()):
                    raise Invalid(400, "Bad Request", f"filter {name} is not allowed", key)
                filters[name] = value
            elif key == "page[size]":
                size = self._int(value, key)
                if not 1 <= size <= wire.MAX_PAGE_SIZE:
                    raise Invalid(
                        400, "Bad Request", f"page[size] must be 1 to {wire.MAX_PAGE_SIZE}", key
                    )
            elif key == "page[number]":
                number = self._int(value, key)
            elif key == "sort":
                sort = value
                if value.lstrip("-").replace("-", "_") not in SORTS.get(kind, set()):
                    raise Invalid(400, "Bad Request", f"sort {value} is not allowed", "sort")
            elif key != "include":
                raise Invalid(400, "Bad Request", f"parameter {key} is not allowed", key)
        return filters, sort, size, number

    @staticmethod
    def _int(value: str, key: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise Invalid(400, "Bad Request", f"{key} must be a number", key) from None
        if number < 1:
            raise Invalid(400, "Bad Request", f"{key} must be at least 1", key)
        return number

    def _index(
        self, request: Request, kind: str, scope: dict[str, Any] | None = None
    ) -> JSONResponse:
        filters, sort, size, number = self._query(request, kind)
        with self.state.read() as data:
            rows = list(data["itglue"]["records"][kind].values())
        for key, value in (scope or {}).items():
            rows = [row for row in rows if row.get(key) == value]
        if kind == "documents" and "document_folder_id" not in filters:
            rows = [row for row in rows if row.get("document-folder-id") is None]
        for key, value in filters.items():
            if not (kind == "documents" and value == "null"):
                rows = [row for row in rows if _matches(kind, row, key, value)]
        rows.sort(key=lambda row: int(row["id"]))
        if sort:
            field = "id" if sort.lstrip("-") == "id" else _kebab(sort.lstrip("-"))
            rows.sort(
                key=lambda row: (
                    row.get(field) is None,
                    str(row.get(field) or "").lower() if field != "id" else int(row["id"]),
                ),
                reverse=sort.startswith("-"),
            )
        total_pages = max(1, math.ceil(len(rows) / size))
        page = rows[(number - 1) * size : number * size]
        meta: dict[str, Any] = {
            "current-page": number,
            "next-page": number + 1 if number < total_pages else None,
            "prev-page": number - 1 if number > 1 else None,
            "total-pages": total_pages,
            "total-count": len(rows),
            "filters": {},
        }
        return self._document([self.resource(kind, row, request) for row in page], meta=meta)

    @staticmethod
    def _document(
        data: Any,
        *,
        meta: dict[str, Any] | None = None,
        included: list[Any] | None = None,
        status: int = 200,
    ) -> JSONResponse:
        body: dict[str, Any] = {"data": data}
        if included is not None:
            body["included"] = included
        if meta is not None:
            body["meta"] = meta
        return JSONResponse(body, status_code=status, media_type=JSONAPI)

    def _show(
        self, request: Request, kind: str, record_id: int, scope: dict[str, Any] | None = None
    ) -> JSONResponse:
        includes = [name for name in request.query_params.get("include", "").split(",") if name]
        for name in includes:
            if name not in INCLUDES.get(kind, set()):
                raise Invalid(400, "Bad Request", f"include {name} is not allowed", "include")
        with self.state.read() as data:
            records = data["itglue"]["records"]
            row = records[kind].get(str(record_id))
            if row is None or any(row.get(key) != value for key, value in (scope or {}).items()):
                raise Invalid(404, "Not Found", f"{kind} {record_id} does not exist", "id")
            resource = self.resource(kind, row, request)
            included = []
            for name in includes:
                related = [
                    r for r in records[name].values() if r.get("configuration-id") == record_id
                ]
                resource["relationships"][_kebab(name)] = {
                    "data": [{"type": TYPES[name], "id": str(r["id"])} for r in related]
                }
                included += [self.resource(name, r, request) for r in related]
        return self._document(resource, included=included if includes else None)

    # routes ---------------------------------------------------------------------------------

    async def index(self, request: Request) -> JSONResponse:
        kind = request.path_params["kind"]
        if kind not in FILTERS or kind == "documents":
            raise Invalid(404, "Not Found", f"{kind} has no index", None)
        if (
            kind == "flexible_assets"
            and not request.query_params.get("filter[flexible_asset_type_id]")
            and not request.query_params.get("filter[flexible-asset-type-id]")
        ):
            raise Invalid(
                422,
                "Cannot index flexible assets without providing a flexible asset type ID filter",
            )
        return self._index(request, kind)

    async def show(self, request: Request) -> JSONResponse:
        kind = request.path_params["kind"]
        if kind not in FILTERS:
            raise Invalid(404, "Not Found", f"{kind} does not exist", None)
        return self._show(request, kind, int(request.path_params["id"]))

    async def related_index(self, request: Request) -> JSONResponse:
        org_id, kind = int(request.path_params["org"]), request.path_params["kind"]
        if kind not in ("documents", "configurations", "contacts"):
            raise Invalid(404, "Not Found", f"organizations have no {kind} index", None)
        self._organization(org_id)
        return self._index(request, kind, {"organization-id": org_id})

    async def related_show(self, request: Request) -> JSONResponse:
        org_id, kind = int(request.path_params["org"]), request.path_params["kind"]
        if kind not in ("documents", "configurations", "contacts"):
            raise Invalid(404, "Not Found", f"organizations have no {kind}", None)
        return self._show(
            request, kind, int(request.path_params["id"]), {"organization-id": org_id}
        )

    def _organization(self, org_id: int) -> dict[str, Any]:
        with self.state.read() as data:
            org = data["itglue"]["records"]["organizations"].get(str(org_id))
        if org is None:
            raise Invalid(404, "Not Found", f"organizations {org_id} does not exist", "id")
        return org

    async def create_export(self, request: Request) -> JSONResponse:
        data = await request_data(request)
        if not isinstance(data, dict) or data.get("type") not in ("exports",):
            raise Invalid(
                422, "Unprocessable Entity", "data must be one resource of type exports", "data"
            )
        attributes = data.get("attributes") or {}
        allowed = {
            "organization-id",
            "include-logs",
            "include-passwords",
            "all-flexible-assets",
            "core-assets-types",
            "flexible-assets-types",
        }
        refuse_unknown(attributes, allowed)
        org_id = attributes.get("organization-id")
        org = self._organization(int(org_id)) if org_id is not None else None
        with self.state.transaction() as state:
            itglue = state["itglue"]
            if self._running(list(itglue["records"]["exports"].values())):
                raise Invalid(422, "Unprocessable Entity", wire.EXPORT_RUNNING_MESSAGE, "data")
            export_id = itglue["next_id"]["exports"]
            itglue["next_id"]["exports"] = export_id + 1
            now = stamp()
            record = {
                "id": export_id,
                "organization-id": None if org is None else int(org["id"]),
                "organization-name": None if org is None else org["name"],
                "export-all": org is None,
                "include-logs": bool(attributes.get("include-logs")),
                "include-passwords": bool(attributes.get("include-passwords")),
                "encrypted-status": False,
                "created-at": now,
                "updated-at": now,
                "token": secrets.token_urlsafe(16),
            }
            itglue["records"]["exports"][str(export_id)] = record
        resource = self.resource("exports", record, request)
        resource["attributes"].update({"export-status": wire.EXPORT_PENDING, "download-url": None})
        return self._document(resource, status=201)

    async def delete_export(self, request: Request) -> JSONResponse:
        export_id = request.path_params["id"]
        with self.state.transaction() as state:
            if state["itglue"]["records"]["exports"].pop(str(export_id), None) is None:
                raise Invalid(404, "Not Found", f"exports {export_id} does not exist", "id")
        return self._document(None)


async def _invalid(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, Invalid)
    return JSONResponse(error.body(), status_code=error.status, media_type=JSONAPI)


async def _html_404(_request: Request, _error: Exception) -> HTMLResponse:
    page = "<html><body><h1>The page you were looking for doesn't exist (404)</h1></body></html>"
    return HTMLResponse(page, status_code=404)


def itglue_app(
    state: SandboxState,
    faults: FaultPlan,
    *,
    export_seconds: float = 1.0,
    rate_limit: int = wire.RATE_LIMIT_REQUESTS,
    rate_window: float = wire.RATE_LIMIT_WINDOW_SECONDS,
    clock: Clock = monotonic,
    extra_routes: Callable[[ITGlueSimulator], list[Route]] | None = None,
) -> ASGIApp:
    """The simulator behind its key check, rate limit and the fault plan; `extra_routes` adds
    routes built on it (ahead of its generic ones)."""
    sim = ITGlueSimulator(state, export_seconds)
    routes = [
        *(extra_routes(sim) if extra_routes else []),
        Route("/exports", sim.create_export, methods=["POST"]),
        Route("/exports/{id:int}", sim.delete_export, methods=["DELETE"]),
        Route("/organizations/{org:int}/relationships/{kind}", sim.related_index),
        Route("/organizations/{org:int}/relationships/{kind}/{id:int}", sim.related_show),
        Route("/{kind}", sim.index),
        Route("/{kind}/{id:int}", sim.show),
    ]
    app = Starlette(routes=routes, exception_handlers={Invalid: _invalid, 404: _html_404})
    gated = ITGlueGate(
        FaultMiddleware(app, faults, "itglue", error_body),
        RateLimit(rate_limit, rate_window, clock),
    )
    return gated
