"""Evaluating an Autotask query filter against a record, as the API does.

Field names, operator names and string comparisons are case-insensitive; top-level items are
ANDed; `and`/`or` items nest. A malformed filter raises `FilterError` with the API's wording.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from kbpilot.integrations.autotask.simulator.schema import EntityDef
from kbpilot.integrations.autotask.wire import (
    GROUP_OPERATORS,
    LIST_OPERATORS,
    MAX_OR_CONDITIONS,
    OPERATORS,
    VALUELESS_OPERATORS,
)

_OPS = {op.lower(): op for op in (*OPERATORS, *GROUP_OPERATORS)}


class FilterError(ValueError):
    """The filter cannot be evaluated; the message is what the API would answer."""


def _key(value: Any, type_: str) -> Any:
    """A comparable form of a value of a field type."""
    if value is None:
        return None
    if type_ == "boolean":
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1")
        return bool(value)
    if type_ in ("integer", "long"):
        try:
            return int(value)
        except (TypeError, ValueError) as error:
            raise FilterError(f"Invalid value '{value}' for an integer field") from error
    if type_ == "datetime":
        try:
            return datetime.fromisoformat(str(value).replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError as error:
            raise FilterError(f"Invalid date '{value}'") from error
    return str(value).lower()


def validate(entity: EntityDef, items: Any) -> None:
    """Raise FilterError unless `items` is a usable, non-empty filter for the entity."""
    if not isinstance(items, list) or not items:
        raise FilterError('A filter is required. Use {"op":"exist","field":"id"} for all.')
    udfs = 0
    ors = 0

    def walk(nodes: list[Any]) -> None:
        nonlocal udfs, ors
        for node in nodes:
            if not isinstance(node, dict):
                raise FilterError("Each filter item must be an object.")
            lowered = {str(k).lower(): v for k, v in node.items()}
            op = _OPS.get(str(lowered.get("op", "")).lower())
            if op is None:
                raise FilterError(f"Invalid filter operator '{lowered.get('op')}'.")
            if op in GROUP_OPERATORS:
                children = lowered.get("items")
                if not isinstance(children, list) or not children:
                    raise FilterError(f"The '{op}' operator needs items.")
                if op == "or":
                    ors += len(children)
                walk(children)
                continue
            if lowered.get("udf"):
                udfs += 1
                continue
            field = entity.field(str(lowered.get("field", "")))
            if field is None:
                raise FilterError(
                    f"Unable to find {lowered.get('field')} in the {entity.name} entity."
                )
            if op not in VALUELESS_OPERATORS and "value" not in lowered:
                raise FilterError(f"The '{op}' operator needs a value.")
            if op in LIST_OPERATORS and not isinstance(lowered["value"], list):
                raise FilterError(f"The '{op}' operator needs a list of values.")

    walk(items)
    if udfs > 1:
        raise FilterError("Only one user-defined field can be queried at a time.")
    if ors > MAX_OR_CONDITIONS:
        raise FilterError(
            "Invalid query syntax. Queries are limited to "
            f"{MAX_OR_CONDITIONS} or fewer 'OR' conditions."
        )


def _udf_value(record: dict[str, Any], name: str) -> Any:
    for udf in record.get("userDefinedFields") or []:
        if str(udf.get("name", "")).lower() == name.lower():
            return udf.get("value")
    return None


def _compare(op: str, actual: Any, expected: Any, type_: str) -> bool:
    if op == "exist":
        return actual not in (None, "")
    if op == "notExist":
        return actual in (None, "")
    if op in LIST_OPERATORS:
        found = _key(actual, type_) in {_key(value, type_) for value in expected}
        return found if op == "in" else not found
    left, right = _key(actual, type_), _key(expected, type_)
    if op == "eq":
        return left == right
    if op == "noteq":
        return left != right
    if left is None or right is None:
        return False
    if op in ("beginsWith", "endsWith", "contains"):
        text, part = str(left), str(right)
        return {
            "beginsWith": text.startswith,
            "endsWith": text.endswith,
            "contains": text.__contains__,
        }[op](part)
    return {"gt": left > right, "gte": left >= right, "lt": left < right, "lte": left <= right}[op]


def matches(entity: EntityDef, items: list[Any], record: dict[str, Any]) -> bool:
    """Whether the record satisfies every top-level item (the filter is already validated)."""
    return all(_matches_node(entity, node, record) for node in items)


def _matches_node(entity: EntityDef, node: dict[str, Any], record: dict[str, Any]) -> bool:
    lowered = {str(k).lower(): v for k, v in node.items()}
    op = _OPS[str(lowered["op"]).lower()]
    if op == "and":
        return all(_matches_node(entity, child, record) for child in lowered["items"])
    if op == "or":
        return any(_matches_node(entity, child, record) for child in lowered["items"])
    name = str(lowered.get("field", ""))
    if lowered.get("udf"):
        return _compare(op, _udf_value(record, name), lowered.get("value"), "string")
    field = entity.field(name)
    if field is None:
        raise FilterError(f"Unable to find {name} in the {entity.name} entity.")
    return _compare(op, record.get(field.name), lowered.get("value"), field.type)
