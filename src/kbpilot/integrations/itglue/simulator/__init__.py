"""The IT Glue simulator (imported only by the sandbox): `build()` for the sandbox host with the
signed export downloads, the seed's `itglue` section checked, and its fresh state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route

from kbpilot.errors import ConfigError
from kbpilot.integrations.itglue import wire
from kbpilot.integrations.itglue.simulator.app import DOWNLOADS, itglue_app
from kbpilot.integrations.itglue.simulator.documents import DocumentRoutes
from kbpilot.integrations.itglue.simulator.export_zip import build_export_zip
from kbpilot.integrations.sandbox.app import SandboxOptions, Simulator
from kbpilot.integrations.sandbox.faults import FaultPlan
from kbpilot.integrations.sandbox.seed import check_records, next_id, records_by_id
from kbpilot.integrations.sandbox.state import SandboxState

PREFIX = "/itglue"
KINDS = (
    "organizations",
    "contacts",
    "configurations",
    "configuration_interfaces",
    "document_folders",
    "documents",
    "document_sections",
    "flexible_asset_types",
    "flexible_assets",
    "exports",
)


def build(state: SandboxState, faults: FaultPlan, options: SandboxOptions) -> Simulator:
    limits = options.limits.get("itglue", {})
    api = itglue_app(
        state,
        faults,
        export_seconds=options.export_seconds,
        rate_limit=int(limits.get("requests", wire.RATE_LIMIT_REQUESTS)),
        rate_window=float(limits.get("window", wire.RATE_LIMIT_WINDOW_SECONDS)),
        clock=options.clock,
        extra_routes=lambda simulator: DocumentRoutes(simulator).routes(),
    )

    async def download(request: Request) -> Response:
        """An export's signed download link: the zip, with no API key needed."""
        export_id = request.path_params["id"]
        with state.read() as data:
            records = data["itglue"]["records"]
            export = records["exports"].get(str(export_id))
            if export is None or request.query_params.get("signature") != export["token"]:
                return Response(
                    "<Error><Code>AccessDenied</Code></Error>", 403, media_type="application/xml"
                )
            archive = build_export_zip(records, export.get("organization-id"))
        return Response(archive, media_type="application/zip")

    app = Starlette(routes=[Route(f"{DOWNLOADS}/{{id:int}}.zip", download), Mount(PREFIX, app=api)])
    return Simulator((PREFIX + "/", DOWNLOADS + "/"), app)


def check_seed(path: Path, section: dict[str, Any]) -> None:
    for name, records in section.items():
        if name not in KINDS:
            raise ConfigError(str(path), f"itglue.{name} is not a simulated resource")
        check_records(path, f"itglue.{name}", records)


def initial_state(section: dict[str, Any]) -> dict[str, Any]:
    records = {kind: records_by_id(section.get(kind, [])) for kind in KINDS}
    return {
        "records": records,
        "next_id": {name: next_id(found) for name, found in records.items()},
    }
