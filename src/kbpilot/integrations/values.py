"""Reading loosely typed JSON values (ids as strings, booleans as "true") into Python types."""

from __future__ import annotations

from typing import Any


def as_int(value: Any) -> int | None:
    return int(value) if value not in (None, "") else None


def as_str(value: Any) -> str:
    return "" if value is None else str(value)


def as_bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1")
    return bool(value)
