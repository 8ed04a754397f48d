"""The Autotask PSA simulator (imported only by the sandbox): `build()` for the sandbox host, the
seed's `autotask` section checked, and its fresh state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kbpilot.errors import ConfigError
from kbpilot.integrations.autotask.simulator.app import PREFIX, autotask_app
from kbpilot.integrations.autotask.simulator.gate import HOURLY_THRESHOLD
from kbpilot.integrations.autotask.simulator.schema import ENTITIES
from kbpilot.integrations.sandbox.app import SandboxOptions, Simulator
from kbpilot.integrations.sandbox.faults import FaultPlan
from kbpilot.integrations.sandbox.seed import check_records, next_id, records_by_id
from kbpilot.integrations.sandbox.state import SandboxState


def build(state: SandboxState, faults: FaultPlan, options: SandboxOptions) -> Simulator:
    limits = options.limits.get("autotask", {})
    app, budget = autotask_app(
        state,
        faults,
        threshold=int(limits.get("requests", HOURLY_THRESHOLD)),
        clock=options.clock,
    )
    return Simulator((PREFIX + "/",), app, {"budget": budget})


def check_seed(path: Path, section: dict[str, Any]) -> None:
    for name, records in section.items():
        if name == "picklists":
            continue
        if name.lower() not in ENTITIES:
            raise ConfigError(str(path), f"autotask.{name} is not a simulated entity")
        check_records(path, f"autotask.{name}", records)


def initial_state(section: dict[str, Any]) -> dict[str, Any]:
    records = {
        entity.name: records_by_id(section.get(entity.name, [])) for entity in ENTITIES.values()
    }
    return {
        "picklists": section.get("picklists", {}),
        "records": records,
        "next_id": {name: next_id(found) for name, found in records.items()},
    }
