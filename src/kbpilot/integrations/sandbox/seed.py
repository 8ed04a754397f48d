"""The simulators' seed data: loaded, checked, and turned into a fresh state.

A KB may bring its own (kb/sandbox.json); any other KB gets the built-in one
(src/kbpilot/defaults/sandbox.json: Northwind Traders, Ana Trujillo, the offboarding checklist
library, ...), so the sandbox works on every KB, a trainee's included.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from kbpilot.errors import ConfigError
from kbpilot.integrations.sandbox.autotask_schema import ENTITIES

SEED_FILE = Path("kb") / "sandbox.json"
ITGLUE_KINDS = (
    "organizations",
    "contacts",
    "configurations",
    "configuration_interfaces",
    "documents",
    "flexible_asset_types",
    "flexible_assets",
    "exports",
)


def seed_path(kb_root: Path) -> Path:
    """The KB's own seed file when it has one, else the built-in seed."""
    own = kb_root / SEED_FILE
    return own if own.is_file() else default_seed_path()


def default_seed_path() -> Path:
    """The seed kbpilot ships with."""
    return Path(str(resources.files("kbpilot.defaults").joinpath("sandbox.json")))


def load_seed(path: Path) -> dict[str, Any]:
    """The seed file's content, checked enough that the simulators can rely on its shape."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), "the sandbox seed file does not exist") from None
    except ValueError as error:
        raise ConfigError(str(path), f"not valid JSON: {error}") from None
    autotask, itglue = data.get("autotask"), data.get("itglue")
    if not isinstance(autotask, dict) or not isinstance(itglue, dict):
        raise ConfigError(str(path), "needs the objects 'autotask' and 'itglue'")
    for name, records in autotask.items():
        if name == "picklists":
            continue
        if name.lower() not in ENTITIES:
            raise ConfigError(str(path), f"autotask.{name} is not a simulated entity")
        _check_records(path, f"autotask.{name}", records)
    for name, records in itglue.items():
        if name not in ITGLUE_KINDS:
            raise ConfigError(str(path), f"itglue.{name} is not a simulated resource")
        _check_records(path, f"itglue.{name}", records)
    return data


def _check_records(path: Path, where: str, records: Any) -> None:
    if not isinstance(records, list):
        raise ConfigError(str(path), f"{where} must be a list")
    ids = [record.get("id") if isinstance(record, dict) else None for record in records]
    if any(not isinstance(record_id, int) for record_id in ids):
        raise ConfigError(str(path), f"every record of {where} needs an integer id")
    if len(set(ids)) != len(ids):
        raise ConfigError(str(path), f"{where} has duplicate ids")


def initial_state(seed: dict[str, Any]) -> dict[str, Any]:
    """A fresh simulator state: every entity's records by id, and the next id of each."""
    autotask_seed = seed["autotask"]
    autotask = {
        entity.name: {str(r["id"]): r for r in autotask_seed.get(entity.name, [])}
        for entity in ENTITIES.values()
    }
    itglue = {
        kind: {str(r["id"]): r for r in seed["itglue"].get(kind, [])} for kind in ITGLUE_KINDS
    }
    return {
        "autotask": {
            "picklists": autotask_seed.get("picklists", {}),
            "records": autotask,
            "next_id": {name: _next_id(records) for name, records in autotask.items()},
        },
        "itglue": {
            "records": itglue,
            "next_id": {name: _next_id(records) for name, records in itglue.items()},
        },
    }


def _next_id(records: dict[str, Any]) -> int:
    return max((int(key) for key in records), default=0) + 1
