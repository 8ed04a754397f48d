"""The simulators' seed data: loaded, checked by each system's simulator, and turned into a
fresh state.

A KB may bring its own (kb/sandbox.json); any other KB gets the built-in one
(src/kbpilot/defaults/sandbox.json: Northwind Traders, Ana Trujillo, the offboarding checklist
library, ...), so the sandbox works on every KB, a trainee's included. A system whose section
the seed lacks gets its simulator's own `DEFAULT_SEED`, when it has one.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from kbpilot.errors import ConfigError
from kbpilot.integrations import registry

SEED_FILE = Path("kb") / "sandbox.json"


def seed_path(kb_root: Path) -> Path:
    """The KB's own seed file when it has one, else the built-in seed."""
    own = kb_root / SEED_FILE
    return own if own.is_file() else default_seed_path()


def default_seed_path() -> Path:
    """The seed kbpilot ships with."""
    return Path(str(resources.files("kbpilot.defaults").joinpath("sandbox.json")))


def load_seed(path: Path) -> dict[str, Any]:
    """The seed file's content, each section checked by its simulator; missing sections are
    the simulators' own defaults."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(str(path), "the sandbox seed file does not exist") from None
    except ValueError as error:
        raise ConfigError(str(path), f"not valid JSON: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(str(path), "must be a JSON object with one object per system")
    for name in registry.packages():
        simulator = registry.simulator(name)
        section = data.get(name)
        if section is None:
            section = getattr(simulator, "DEFAULT_SEED", None)
        if not isinstance(section, dict):
            raise ConfigError(str(path), f"needs the object {name!r}")
        simulator.check_seed(path, section)
        data[name] = section
    return data


def check_records(path: Path, where: str, records: Any) -> None:
    """A list of objects with unique integer ids, or a `ConfigError` saying what is wrong."""
    if not isinstance(records, list):
        raise ConfigError(str(path), f"{where} must be a list")
    ids = [record.get("id") if isinstance(record, dict) else None for record in records]
    if any(not isinstance(record_id, int) for record_id in ids):
        raise ConfigError(str(path), f"every record of {where} needs an integer id")
    if len(set(ids)) != len(ids):
        raise ConfigError(str(path), f"{where} has duplicate ids")


def initial_state(seed: dict[str, Any]) -> dict[str, Any]:
    """A fresh simulator state: each system's, from its section of the seed."""
    return {
        name: registry.simulator(name).initial_state(seed[name]) for name in registry.packages()
    }


def records_by_id(records: list[dict[str, Any]]) -> dict[str, Any]:
    return {str(record["id"]): record for record in records}


def next_id(records: dict[str, Any]) -> int:
    return max((int(key) for key in records), default=0) + 1
