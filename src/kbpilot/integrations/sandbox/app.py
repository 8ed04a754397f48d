"""Both simulators as one ASGI app, with the signed export downloads and the fault controls.

    /ATServicesRest/...            Autotask (any case), zoneInformation gives this URL back
    /itglue/...                    IT Glue
    /_downloads/exports/N.zip      an export's signed download link (no key needed)
    /_sandbox/faults               GET the fault plan, POST a fault (JSON), DELETE all faults

`Sandbox` ties a state file, a fault plan and the app together; `base_urls()` gives the two
service URLs for any origin (a loopback server, or the in-process origin).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from kbpilot import paths
from kbpilot.integrations.itglue.wire import RATE_LIMIT_REQUESTS, RATE_LIMIT_WINDOW_SECONDS
from kbpilot.integrations.sandbox.autotask_app import autotask_app
from kbpilot.integrations.sandbox.autotask_gate import HOURLY_THRESHOLD, RequestBudget
from kbpilot.integrations.sandbox.export_zip import build_export_zip
from kbpilot.integrations.sandbox.faults import ASGIApp, Fault, FaultPlan, Receive, Scope, Send
from kbpilot.integrations.sandbox.itglue_app import DOWNLOADS, itglue_app
from kbpilot.integrations.sandbox.seed import load_seed
from kbpilot.integrations.sandbox.state import SandboxState

AUTOTASK_PREFIX = "/atservicesrest"
ITGLUE_PREFIX = "/itglue"
IN_PROCESS_ORIGIN = "http://kbpilot-sandbox.invalid"


@dataclass(frozen=True)
class BaseUrls:
    """Where a client finds each simulator: Autotask's zone URL and IT Glue's API base."""

    autotask: str
    itglue: str

    @classmethod
    def at(cls, origin: str) -> BaseUrls:
        origin = origin.rstrip("/")
        return cls(autotask=f"{origin}/ATServicesRest/", itglue=f"{origin}{ITGLUE_PREFIX}")


@dataclass
class SandboxOptions:
    """How the simulators behave where the real services are slow or limited."""

    export_seconds: float = 1.0
    itglue_rate_limit: int = RATE_LIMIT_REQUESTS
    itglue_rate_window: float = RATE_LIMIT_WINDOW_SECONDS
    autotask_threshold: int = HOURLY_THRESHOLD


@dataclass
class Sandbox:
    """Both simulators over one persisted state and one fault plan."""

    state: SandboxState
    faults: FaultPlan = field(default_factory=FaultPlan)
    options: SandboxOptions = field(default_factory=SandboxOptions)

    def __post_init__(self) -> None:
        autotask, self.autotask_budget = autotask_app(
            self.state, self.faults, threshold=self.options.autotask_threshold
        )
        itglue = itglue_app(
            self.state,
            self.faults,
            export_seconds=self.options.export_seconds,
            rate_limit=self.options.itglue_rate_limit,
            rate_window=self.options.itglue_rate_window,
        )
        self.app: ASGIApp = _Dispatch(autotask, self._support(itglue))

    @classmethod
    def open(cls, seed_file: Path, options: SandboxOptions | None = None) -> Sandbox:
        """The sandbox on the data dir's state file, seeded from `seed_file` when it is new."""
        state = SandboxState(paths.sandbox_state_path(), load_seed(seed_file))
        return cls(state, options=options or SandboxOptions())

    @property
    def budget(self) -> RequestBudget:
        return self.autotask_budget

    def _support(self, itglue: ASGIApp) -> Starlette:
        return Starlette(
            routes=[
                Route(f"{DOWNLOADS}/{{id:int}}.zip", self._download),
                Route("/_sandbox/faults", self._faults, methods=["GET", "POST", "DELETE"]),
                Mount(ITGLUE_PREFIX, app=itglue),
            ]
        )

    async def _download(self, request: Request) -> Response:
        export_id = request.path_params["id"]
        with self.state.read() as data:
            records = data["itglue"]["records"]
            export = records["exports"].get(str(export_id))
            if export is None or request.query_params.get("signature") != export["token"]:
                return Response(
                    "<Error><Code>AccessDenied</Code></Error>", 403, media_type="application/xml"
                )
            archive = build_export_zip(records, export.get("organization-id"))
        return Response(archive, media_type="application/zip")

    async def _faults(self, request: Request) -> JSONResponse:
        if request.method == "POST":
            try:
                fault = Fault(**(await request.json()))
            except (TypeError, ValueError) as error:
                return JSONResponse({"errors": [str(error)]}, status_code=400)
            self.faults.add(fault)
        elif request.method == "DELETE":
            self.faults.clear()
        return JSONResponse({"faults": self.faults.describe()})


class _Dispatch:
    """Sends `/ATServicesRest/...` (any case) to Autotask and everything else on."""

    def __init__(self, autotask: ASGIApp, rest: ASGIApp) -> None:
        self.autotask, self.rest = autotask, rest

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if scope["type"] == "http" and path.lower().startswith(AUTOTASK_PREFIX + "/"):
            await self.autotask(scope, receive, send)
        else:
            await self.rest(scope, receive, send)
