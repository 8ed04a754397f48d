"""Reading one system's table of kb/kbpilot.toml (`[autotask]`, ...) into its settings dataclass.

Each system declares a frozen dataclass of its settings with defaults; `read_section` checks the
table's keys and types against it (an unknown key, or a string where seconds are expected, is a
`ConfigError` naming the table and key) and builds it.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any, TypeVar

from kbpilot.errors import ConfigError

SETTINGS_FILE = "kb/kbpilot.toml"
S = TypeVar("S")
_NUMBERS = ("float", "float | None", "int", "int | None")


def read_section(raw: dict[str, Any], name: str, kind: type[S]) -> S:
    """`kind` built from the `[name]` table of the raw settings (defaults when it is absent)."""
    section = raw.get(name, {})
    if not isinstance(section, dict):
        raise ConfigError(SETTINGS_FILE, f"[{name}] must be a table")
    known = {field.name: field.type for field in fields(kind)}  # type: ignore[arg-type]
    values: dict[str, Any] = {}
    for key, value in section.items():
        if key not in known:
            choices = ", ".join(sorted(known))
            raise ConfigError(
                SETTINGS_FILE, f"[{name}] has no setting {key!r}; its settings are: {choices}"
            )
        kind_name = str(known[key])
        numeric = kind_name in _NUMBERS
        if numeric and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ConfigError(SETTINGS_FILE, f"[{name}] {key} must be a number")
        if not numeric and not isinstance(value, str):
            raise ConfigError(SETTINGS_FILE, f"[{name}] {key} must be a string")
        if numeric:
            value = int(value) if kind_name.startswith("int") else float(value)
        values[key] = value
    return kind(**values)
