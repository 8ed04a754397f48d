"""The TimeZest simulator (imported only by the sandbox): the real API's paths under the printed
URL (`GET URL/scheduling_requests` with a Bearer key), over the sandbox state.

Answers lists as `{"data": [...], "next_page": null}`, a request as its object; a missing or
empty Bearer key answers 401. A created request is `sent` when TimeZest e-mails it (`pod`), `new`
when only its link is made; its link has the shareable URL's shape. A test books it by setting
its status in the state, as a customer would through the link.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kbpilot.errors import ConfigError
from kbpilot.integrations.sandbox.app import SandboxOptions, Simulator
from kbpilot.integrations.sandbox.faults import FaultMiddleware, FaultPlan
from kbpilot.integrations.sandbox.state import SandboxState
from kbpilot.integrations.timezest import wire

PREFIX = "/timezest/v1"
TENANT_URL = "https://sandbox.timezest.com"
KINDS = ("appointment_types", "resources", "scheduling_requests")
DEFAULT_SEED: dict[str, Any] = {
    "appointment_types": [
        {"id": "at-remote", "internal_name": "Remote Support", "duration_mins": 60},
        {"id": "at-onsite", "internal_name": "Onsite Visit", "duration_mins": 120},
    ],
    "resources": [
        {"id": "res-matthew", "name": "Matthew Fuller", "resource_type": "agent"},
        {"id": "res-desk", "name": "Service Desk", "resource_type": "team"},
    ],
    "scheduling_requests": [],
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def error_body(status: int, message: str) -> dict[str, Any]:
    return {"message": message}


def _refused(status: int, message: str) -> JSONResponse:
    return JSONResponse(error_body(status, message), status_code=status)


class TimeZestSimulator:
    """The routes, bound to one sandbox state."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state

    def _authorised(self, request: Request) -> bool:
        scheme, _, key = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and bool(key.strip())

    async def index(self, request: Request) -> JSONResponse:
        if not self._authorised(request):
            return _refused(401, "Unauthorized")
        kind = request.path_params["kind"]
        if kind not in KINDS:
            return _refused(404, "Not Found")
        with self.state.read() as data:
            items = list(data["timezest"][kind].values())
        return JSONResponse({wire.PAGE_DATA: items, wire.PAGE_NEXT: None})

    async def show(self, request: Request) -> JSONResponse:
        if not self._authorised(request):
            return _refused(401, "Unauthorized")
        with self.state.read() as data:
            found = data["timezest"]["scheduling_requests"].get(request.path_params["id"])
        return JSONResponse(found) if found else _refused(404, "Not Found")

    async def create(self, request: Request) -> JSONResponse:
        if not self._authorised(request):
            return _refused(401, "Unauthorized")
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _refused(400, "The body is not JSON.")
        if not isinstance(body, dict):
            return _refused(400, "The body must be an object.")
        if not isinstance(body.get("resource_ids"), list):
            return _refused(422, "The resource IDs parameter must be an array.")
        if body.get("trigger_mode") not in (wire.TRIGGER_POD, wire.TRIGGER_GENERATE_URL):
            return _refused(422, "trigger_mode must be pod or generate_url.")
        with self.state.transaction() as data:
            records = data["timezest"]
            kind = records["appointment_types"].get(str(body.get("appointment_type_id")))
            agents = [records["resources"].get(str(i)) for i in body["resource_ids"]]
            if kind is None or not agents or None in agents:
                return _refused(422, "Unknown appointment type or resource.")
            ticket = next(
                (
                    e.get("id")
                    for e in body.get("associated_entities") or []
                    if e.get("type") == wire.AUTOTASK_TICKET
                ),
                None,
            )
            request_id = f"sr-{uuid.uuid4().hex[:12]}"
            link = f"{TENANT_URL}/{_slug(agents[0]['name'])}/{_slug(kind['internal_name'])}"
            record = {
                **body,
                "id": request_id,
                "status": wire.STATUS_SENT
                if body["trigger_mode"] == wire.TRIGGER_POD
                else wire.STATUS_NEW,
                wire.SCHEDULING_URL: f"{link}/ticket/{ticket}" if ticket else link,
            }
            records["scheduling_requests"][request_id] = record
        return JSONResponse(record, status_code=201)


def build(state: SandboxState, faults: FaultPlan, options: SandboxOptions) -> Simulator:
    sim = TimeZestSimulator(state)
    app = Starlette(
        routes=[
            Route(f"{PREFIX}/scheduling_requests", sim.create, methods=["POST"]),
            Route(f"{PREFIX}/scheduling_requests/{{id}}", sim.show),
            Route(f"{PREFIX}/{{kind}}", sim.index),
        ]
    )
    return Simulator((PREFIX + "/",), FaultMiddleware(app, faults, wire.SERVICE, error_body))


def check_seed(path: Path, section: dict[str, Any]) -> None:
    for name, records in section.items():
        if name not in KINDS:
            raise ConfigError(str(path), f"timezest.{name} is not a simulated resource")
        ids = [r.get("id") if isinstance(r, dict) else None for r in records or []]
        if not isinstance(records, list) or not all(isinstance(i, str) and i for i in ids):
            raise ConfigError(str(path), f"every record of timezest.{name} needs a string id")


def initial_state(section: dict[str, Any]) -> dict[str, Any]:
    return {kind: {r["id"]: r for r in section.get(kind, [])} for kind in KINDS}
