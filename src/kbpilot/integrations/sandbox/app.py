"""Every system's simulator as one ASGI app, with the fault controls.

    <each system's sandbox_path>...  that system's simulator (Autotask's in any case); a
                                     simulator may answer more prefixes (IT Glue's signed
                                     export downloads under /_downloads/)
    /_sandbox/faults                 GET the fault plan, POST a fault (JSON), DELETE all faults

`Sandbox` ties a state file, a fault plan and the simulators together; `BaseUrls.at(origin)`
gives each system's base URL for any origin (a loopback server, or the in-process origin).
Each system's package has a `simulator` module with `build(state, faults, options)` returning
a `Simulator`; the registry says which systems there are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from kbpilot import paths
from kbpilot.integrations import registry
from kbpilot.integrations.clock import Clock, monotonic
from kbpilot.integrations.sandbox.faults import ASGIApp, Fault, FaultPlan, Receive, Scope, Send
from kbpilot.integrations.sandbox.seed import load_seed
from kbpilot.integrations.sandbox.state import SandboxState

IN_PROCESS_ORIGIN = "http://kbpilot-sandbox.invalid"


class BaseUrls(dict[str, str]):
    """System name -> the base URL a client of its simulator is given."""

    @classmethod
    def at(cls, origin: str) -> BaseUrls:
        return cls({system.name: system.sandbox_url(origin) for system in registry.systems()})


@dataclass
class SandboxOptions:
    """How the simulators behave where the real services are slow or limited; `limits`
    overrides a system's request limits (`{"itglue": {"requests": 10, "window": 60}}`), and
    `clock` is the time they count requests by (tests move it by hand)."""

    export_seconds: float = 1.0
    limits: dict[str, dict[str, float]] = field(default_factory=dict)
    clock: Clock = monotonic


@dataclass
class Simulator:
    """One system's simulator: the path prefixes it answers (lowercase) and its app; `parts`
    exposes what tests look into (a request budget, ...)."""

    prefixes: tuple[str, ...]
    app: ASGIApp
    parts: dict[str, Any] = field(default_factory=dict)


@dataclass
class Sandbox:
    """Every simulator over one persisted state and one fault plan."""

    state: SandboxState
    faults: FaultPlan = field(default_factory=FaultPlan)
    options: SandboxOptions = field(default_factory=SandboxOptions)

    def __post_init__(self) -> None:
        self.simulators: dict[str, Simulator] = {
            system.name: registry.simulator(system.name).build(
                self.state, self.faults, self.options
            )
            for system in registry.systems()
        }
        control = Starlette(
            routes=[Route("/_sandbox/faults", self._faults, methods=["GET", "POST", "DELETE"])]
        )
        self.app: ASGIApp = _Dispatch(list(self.simulators.values()), control)

    @classmethod
    def open(cls, seed_file: Path, options: SandboxOptions | None = None) -> Sandbox:
        """The sandbox on the data dir's state file, seeded from `seed_file` when it is new."""
        state = SandboxState(paths.sandbox_state_path(), load_seed(seed_file))
        return cls(state, options=options or SandboxOptions())

    def part(self, system: str, name: str) -> Any:
        """Something a simulator exposes for tests (`part("autotask", "budget")`)."""
        return self.simulators[system].parts[name]

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
    """Sends a request to the simulator whose prefix its path starts with (any case), and
    everything else to the sandbox's own routes."""

    def __init__(self, simulators: list[Simulator], rest: ASGIApp) -> None:
        self.simulators, self.rest = simulators, rest

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "").lower()
        if scope["type"] == "http":
            for simulator in self.simulators:
                if any(path.startswith(prefix) for prefix in simulator.prefixes):
                    await simulator.app(scope, receive, send)
                    return
        await self.rest(scope, receive, send)
