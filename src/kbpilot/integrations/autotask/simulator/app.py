"""The Autotask PSA simulator: the REST routes of the workflow's entities, over the sandbox state.

Answers like the real API: `{"item": ...}` (null for a missing id), `{"items", "pageDetails"}`
pages of at most 500 with an absolute `nextPageUrl`, `{"itemId": n}` for writes, and 500 with
`{"errors": [...]}` for a refused request. Routes are lowercase; `AutotaskGate` lowercases the
path first.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kbpilot.integrations.autotask.simulator.filter import FilterError, matches, validate
from kbpilot.integrations.autotask.simulator.gate import (
    HOURLY_THRESHOLD,
    AutotaskGate,
    RequestBudget,
)
from kbpilot.integrations.autotask.simulator.records import AutotaskRecords, Refused
from kbpilot.integrations.autotask.simulator.schema import EntityDef, child_entity, entity
from kbpilot.integrations.autotask.wire import MAX_PAGE_SIZE
from kbpilot.integrations.clock import Clock, monotonic
from kbpilot.integrations.sandbox.faults import ASGIApp, FaultMiddleware, FaultPlan
from kbpilot.integrations.sandbox.state import SandboxState

PREFIX = "/atservicesrest"
V = f"{PREFIX}/v1.0"


def errors(status: int, *messages: str) -> JSONResponse:
    return JSONResponse({"errors": list(messages)}, status_code=status)


def error_body(_status: int, message: str) -> dict[str, Any]:
    return {"errors": [message]}


class NotServed(Exception):
    """The route names an entity or operation the simulator (and the API) does not serve."""


def _entity(name: str) -> EntityDef:
    found = entity(name)
    if found is None:
        raise NotServed(name)
    return found


def _child(parent: str, child: str) -> EntityDef:
    found = child_entity(parent, child)
    if found is None:
        raise NotServed(f"{parent}/{child}")
    return found


async def _json_body(request: Request) -> Any:
    try:
        return json.loads(await request.body() or b"null")
    except ValueError:
        raise Refused("The request body is not valid JSON.") from None


def _lowered(mapping: Any) -> dict[str, Any]:
    if not isinstance(mapping, dict):
        raise Refused("The query must be a JSON object.")
    return {str(key).lower(): value for key, value in mapping.items()}


class AutotaskSimulator:
    """The routes, bound to one sandbox state."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def records(self, data: dict[str, Any], request: Request) -> AutotaskRecords:
        return AutotaskRecords(data["autotask"], request.headers.get("username", ""))

    # unauthenticated ------------------------------------------------------------------------

    async def version(self, request: Request) -> JSONResponse:
        return JSONResponse({"apiVersions": ["1.0"]})

    async def zone(self, request: Request) -> JSONResponse:
        user = request.query_params.get("user", "").strip()
        if not user:
            return errors(500, "Value cannot be null. Parameter name: user")
        origin = str(request.base_url).rstrip("/")
        return JSONResponse(
            {
                "zoneName": "kbpilot sandbox",
                "url": f"{origin}/ATServicesRest/",
                "webUrl": f"{origin}/",
                "ci": 0,
            }
        )

    async def threshold(self, request: Request) -> JSONResponse:
        budget: RequestBudget = request.app.state.budget
        return JSONResponse(
            {
                "externalRequestThreshold": budget.threshold,
                "requestThresholdTimeframe": 60,
                "currentTimeframeRequestCount": budget.used(),
            }
        )

    # entity information ---------------------------------------------------------------------

    def _info(self, entity_def: EntityDef) -> dict[str, Any]:
        access = {"userAccessForCreate": "All", "userAccessForDelete": "All"}
        return {
            "info": {
                "name": entity_def.name[:-1] if entity_def.name.endswith("s") else entity_def.name,
                "canCreate": entity_def.can_create,
                "canDelete": entity_def.can_delete,
                "canQuery": entity_def.can_query,
                "canUpdate": entity_def.can_update,
                **access,
                "userAccessForQuery": "All",
                "userAccessForUpdate": "All",
                "hasUserDefinedFields": entity_def.has_udfs,
                "supportsWebhookCallouts": entity_def.name in ("Companies", "Contacts", "Tickets"),
            }
        }

    def _fields(self, entity_def: EntityDef, records: AutotaskRecords) -> dict[str, Any]:
        described = []
        for field in entity_def.fields:
            choices = records.picklist(entity_def, field) if field.picklist else []
            described.append(
                {
                    "name": field.name,
                    "dataType": field.type,
                    "length": field.length or 0,
                    "isRequired": field.required,
                    "isReadOnly": field.read_only,
                    "isQueryable": True,
                    "isReference": field.reference is not None,
                    "referenceEntityType": (field.reference or "")[:-1] if field.reference else "",
                    "isPickList": field.picklist,
                    "picklistValues": [
                        {
                            "value": str(choice["value"]),
                            "label": choice["label"],
                            "isDefaultValue": bool(choice.get("isDefaultValue")),
                            "sortOrder": int(choice.get("sortOrder", 0)),
                            "parentValue": str(choice.get("parentValue", "")),
                            "isActive": bool(choice.get("isActive", True)),
                            "isSystem": False,
                        }
                        for choice in choices
                    ]
                    if field.picklist
                    else None,
                    "picklistParentValueField": field.picklist_parent or "",
                    "isSupportedWebhookField": False,
                }
            )
        return {"fields": described}

    async def information(self, request: Request) -> JSONResponse:
        entity_def = self._target(request)
        aspect = request.path_params.get("aspect", "")
        if aspect == "":
            return JSONResponse(self._info(entity_def))
        if aspect == "fields":
            with self.state.read() as data:
                return JSONResponse(self._fields(entity_def, self.records(data, request)))
        if aspect == "userdefinedfields":
            return JSONResponse({"fields": []})
        raise NotServed(aspect)

    def _target(self, request: Request) -> EntityDef:
        params = request.path_params
        if "child" in params:
            return _child(params["parent"], params["child"])
        return _entity(params["entity"])

    # reading --------------------------------------------------------------------------------

    async def get_one(self, request: Request) -> JSONResponse:
        entity_def = self._target(request)
        with self.state.read() as data:
            item = self.records(data, request).get(entity_def, int(request.path_params["id"]))
        parent_id = request.path_params.get("pid")
        if item is not None and parent_id is not None and entity_def.parent_field:
            item = item if int(item[entity_def.parent_field]) == int(parent_id) else None
        return JSONResponse({"item": item})

    async def query(self, request: Request) -> JSONResponse:
        entity_def = _entity(request.path_params["entity"])
        if not entity_def.can_query:
            raise NotServed(entity_def.name)
        search = await self._search(request)
        size = self._page_size(search.get("maxrecords"))
        with self.state.read() as data:
            found = [
                record
                for record in self.records(data, request).all(entity_def)
                if matches(entity_def, search["filter"], record)
            ]
        return self._page(request, found, size, search.get("includefields"))

    async def count(self, request: Request) -> JSONResponse:
        entity_def = _entity(request.path_params["entity"])
        search = await self._search(request)
        with self.state.read() as data:
            records = self.records(data, request).all(entity_def)
        total = sum(1 for record in records if matches(entity_def, search["filter"], record))
        return JSONResponse({"queryCount": total})

    async def children(self, request: Request) -> JSONResponse:
        entity_def = self._target(request)
        parent_id = int(request.path_params["pid"])
        with self.state.read() as data:
            records = self.records(data, request).all(entity_def)
        found = [r for r in records if int(r[entity_def.parent_field or "id"]) == parent_id]
        return self._page(request, found, MAX_PAGE_SIZE, None)

    async def _search(self, request: Request) -> dict[str, Any]:
        if request.method == "GET":
            raw = request.query_params.get("search")
            if raw is None:
                raise Refused("The search parameter is required.")
            try:
                search = _lowered(json.loads(raw))
            except ValueError:
                raise Refused("The search parameter is not valid JSON.") from None
        else:
            search = _lowered(await _json_body(request))
        entity_def = _entity(request.path_params["entity"])
        try:
            validate(entity_def, search.get("filter"))
        except FilterError as error:
            raise Refused(str(error)) from None
        return search

    @staticmethod
    def _page_size(value: Any) -> int:
        if value is None:
            return MAX_PAGE_SIZE
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_PAGE_SIZE:
            raise Refused(f"MaxRecords must be an integer between 1 and {MAX_PAGE_SIZE}.")
        return value

    @staticmethod
    def _page(
        request: Request, found: list[dict[str, Any]], size: int, include: Any
    ) -> JSONResponse:
        paging = json.loads(request.query_params.get("paging", "{}") or "{}")
        after = int(paging.get("lastId", -(2**63)))
        remaining = [record for record in found if int(record["id"]) > after]
        page = remaining[:size]
        next_url = None
        if len(remaining) > size:
            cursor = json.dumps({"pageSize": size, "lastId": page[-1]["id"]}, separators=(",", ":"))
            next_url = str(request.url.include_query_params(paging=cursor))
        if include:
            wanted = {str(name).lower() for name in include} | {"id"}
            page = [{k: v for k, v in record.items() if k.lower() in wanted} for record in page]
        details = {
            "count": len(page),
            "requestCount": size,
            "prevPageUrl": None,
            "nextPageUrl": next_url,
        }
        return JSONResponse({"items": page, "pageDetails": details})

    # writing --------------------------------------------------------------------------------

    async def write(self, request: Request) -> JSONResponse:
        entity_def = self._target(request)
        parent_id = request.path_params.get("pid")
        parent = None if parent_id is None else int(parent_id)
        if parent is None and entity_def.parent and request.method != "POST":
            raise Refused(
                f"{entity_def.name} are updated through their parent {entity_def.parent}."
            )
        if parent is None and entity_def.parent and entity_def.name != "TicketChecklistLibraries":
            raise Refused(
                f"{entity_def.name} are created through their parent {entity_def.parent}."
            )
        body = await _json_body(request)
        with self.state.transaction() as data:
            records = self.records(data, request)
            if request.method == "POST":
                item_id = records.create(entity_def, body, parent)
            elif request.method == "PATCH":
                item_id = records.update(entity_def, body, parent)
            else:
                item_id = records.update(entity_def, self._replacement(entity_def, body), parent)
        return JSONResponse({"itemId": item_id})

    @staticmethod
    def _replacement(entity_def: EntityDef, body: Any) -> Any:
        """PUT replaces: every writable field the body leaves out becomes null."""
        if not isinstance(body, dict):
            return body
        given = {str(key).lower() for key in body}
        blanks = {
            field.name: None
            for field in entity_def.fields
            if not field.read_only and field.name.lower() not in given
        }
        return {**blanks, **body}

    async def delete(self, request: Request) -> JSONResponse:
        entity_def = self._target(request)
        parent_id = request.path_params.get("pid")
        with self.state.transaction() as data:
            item_id = self.records(data, request).delete(
                entity_def,
                int(request.path_params["id"]),
                None if parent_id is None else int(parent_id),
            )
        return JSONResponse({"itemId": item_id})


def _routes(sim: AutotaskSimulator) -> list[Route]:
    child = f"{V}/{{parent}}/{{pid:int}}/{{child}}"
    return [
        Route(f"{PREFIX}/versioninformation", sim.version),
        Route(f"{V}/zoneinformation", sim.zone),
        Route(f"{V}/thresholdinformation", sim.threshold),
        Route(f"{V}/{{entity}}/entityinformation", sim.information),
        Route(f"{V}/{{entity}}/entityinformation/{{aspect}}", sim.information),
        Route(f"{V}/{{entity}}/query", sim.query, methods=["GET", "POST"]),
        Route(f"{V}/{{entity}}/query/count", sim.count, methods=["GET", "POST"]),
        Route(f"{V}/{{entity}}/{{id:int}}", sim.get_one),
        Route(f"{V}/{{entity}}/{{id:int}}", sim.delete, methods=["DELETE"]),
        Route(f"{V}/{{entity}}", sim.write, methods=["POST", "PATCH", "PUT"]),
        Route(f"{child}/entityinformation", sim.information),
        Route(f"{child}/entityinformation/{{aspect}}", sim.information),
        Route(child, sim.children, methods=["GET"]),
        Route(child, sim.write, methods=["POST", "PATCH", "PUT"]),
        Route(f"{child}/{{id:int}}", sim.get_one),
        Route(f"{child}/{{id:int}}", sim.delete, methods=["DELETE"]),
    ]


async def _refused(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, Refused)
    return errors(500, *error.messages)


async def _not_served(_request: Request, error: Exception) -> JSONResponse:
    return errors(404, f"Resource not found: {error}")


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    status = getattr(error, "status_code", 500)
    return errors(status, "Resource not found: Not Found" if status == 404 else str(error))


def autotask_app(
    state: SandboxState,
    faults: FaultPlan,
    *,
    threshold: int = HOURLY_THRESHOLD,
    clock: Clock = monotonic,
) -> tuple[ASGIApp, RequestBudget]:
    """The simulator behind its gate and the fault plan; and its request budget (for tests)."""
    sim = AutotaskSimulator(state)
    app = Starlette(
        routes=_routes(sim),
        exception_handlers={
            Refused: _refused,
            NotServed: _not_served,
            404: _http_error,
            405: _http_error,
        },
    )
    budget = RequestBudget(threshold, clock)
    app.state.budget = budget
    return AutotaskGate(FaultMiddleware(app, faults, "autotask", error_body), budget), budget
