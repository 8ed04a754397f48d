"""The registry: system name -> package, found by looking at `kbpilot.integrations`' subpackages.

A subpackage with a `handlers` module is a system, and its `__init__` exports `SYSTEM` (a
`System`); the others (`sandbox`) are not looked into. Adding a system is adding its package
(docs/integrations.md, "Adding a system"). The UI, the CLI, the sandbox and the run engine learn
the systems here: which credentials exist, which settings tables, which simulators,
which actions (`handlers()`, imported on first use).
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from pathlib import Path
from typing import Any

from kbpilot.errors import ConfigError
from kbpilot.integrations.system import System

PACKAGE = "kbpilot.integrations"


@cache
def packages() -> dict[str, str]:
    """System name -> package, for every subpackage that exports `SYSTEM`."""
    base = importlib.import_module(PACKAGE)
    found = {}
    for info in pkgutil.iter_modules(base.__path__):
        inside = [str(Path(path) / info.name) for path in base.__path__]
        if not info.ispkg or "handlers" not in {m.name for m in pkgutil.iter_modules(inside)}:
            continue
        module = importlib.import_module(f"{PACKAGE}.{info.name}")
        found[module.SYSTEM.name] = module.__name__
    return dict(sorted(found.items()))


def systems() -> list[System]:
    """Every registered `System`, by name."""
    return [_system(package) for package in packages().values()]


def system(name: str) -> System:
    if name not in packages():
        raise KeyError(f"no system {name!r}; known: {', '.join(packages())}")
    return _system(packages()[name])


def _system(package: str) -> System:
    found: System = importlib.import_module(package).SYSTEM
    return found


def used_systems(raw_settings: dict[str, Any]) -> list[System]:
    """The systems a session of a KB with these settings uses (optional ones when configured)."""
    return [system for system in systems() if system.used_by(raw_settings)]


def settings_errors(raw_settings: dict[str, Any]) -> list[ConfigError]:
    """Every system's `[name]` table checked: the errors, none when all are right."""
    errors = []
    for system in systems():
        try:
            system.settings(raw_settings)
        except ConfigError as error:
            errors.append(error)
    return errors


def check_settings(raw_settings: dict[str, Any]) -> None:
    """The first settings error, raised."""
    errors = settings_errors(raw_settings)
    if errors:
        raise errors[0]


def credential_names(raw_settings: dict[str, Any] | None = None) -> list[str]:
    """The credentials of the systems in use (all systems without settings), required first."""
    chosen = systems() if raw_settings is None else used_systems(raw_settings)
    return [name for system in chosen for name in system.credentials] + [
        name for system in chosen for name in system.optional_credentials
    ]


def simulator(name: str) -> Any:
    """A system's simulator module (imports Starlette: only the sandbox calls this)."""
    return importlib.import_module(f"{packages()[name]}.simulator")


def handlers() -> dict[str, Any]:
    """Action name -> handler of every system (their `handlers` modules' `HANDLERS`)."""
    found: dict[str, Any] = {}
    for package in packages().values():
        module = importlib.import_module(f"{package}.handlers")
        found.update({handler.name: handler for handler in module.HANDLERS})
    return found
