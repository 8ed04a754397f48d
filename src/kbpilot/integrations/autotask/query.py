"""The Autotask filter language as values: conditions, and/or groups, and the query body.

    Query.where(Field("companyName").eq("Northwind Traders"), Field("isActive").eq(True))
    Query.where(any_of(Field("lastName").eq("Smith"), Field("lastName").eq("Jones")))

Top-level conditions are ANDed, as the API does. `Query.to_json()` is the body of
`POST /{Entity}/query`; `ALL` is the idiom for "every record" (the API refuses an empty filter).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from kbpilot.integrations.autotask.wire import MAX_OR_CONDITIONS, MAX_PAGE_SIZE

Scalar = str | int | float | bool | datetime | date


def _wire_value(value: Scalar) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class Condition:
    """One comparison of a field with a value (`exist`/`notExist` carry no value)."""

    op: str
    field: str
    value: Any = None
    udf: bool = False

    def to_json(self) -> dict[str, Any]:
        item: dict[str, Any] = {"op": self.op, "field": self.field}
        if self.op not in ("exist", "notExist"):
            item["value"] = self.value
        if self.udf:
            item["udf"] = True
        return item


@dataclass(frozen=True)
class Group:
    """Conditions joined with `and` or `or`; groups nest."""

    op: Literal["and", "or"]
    items: tuple[Node, ...]

    def to_json(self) -> dict[str, Any]:
        return {"op": self.op, "items": [item.to_json() for item in self.items]}


Node = Condition | Group


@dataclass(frozen=True)
class Field:
    """A field to compare; `udf=True` for a user-defined field."""

    name: str
    udf: bool = False

    def _c(self, op: str, value: Any = None) -> Condition:
        return Condition(op, self.name, value, self.udf)

    def eq(self, value: Scalar) -> Condition:
        return self._c("eq", _wire_value(value))

    def noteq(self, value: Scalar) -> Condition:
        return self._c("noteq", _wire_value(value))

    def gt(self, value: Scalar) -> Condition:
        return self._c("gt", _wire_value(value))

    def gte(self, value: Scalar) -> Condition:
        return self._c("gte", _wire_value(value))

    def lt(self, value: Scalar) -> Condition:
        return self._c("lt", _wire_value(value))

    def lte(self, value: Scalar) -> Condition:
        return self._c("lte", _wire_value(value))

    def begins_with(self, value: str) -> Condition:
        return self._c("beginsWith", value)

    def ends_with(self, value: str) -> Condition:
        return self._c("endsWith", value)

    def contains(self, value: str) -> Condition:
        return self._c("contains", value)

    def exists(self) -> Condition:
        return self._c("exist")

    def not_exists(self) -> Condition:
        return self._c("notExist")

    def in_(self, values: Iterable[Scalar]) -> Condition:
        return self._c("in", [_wire_value(value) for value in values])

    def not_in(self, values: Iterable[Scalar]) -> Condition:
        return self._c("notIn", [_wire_value(value) for value in values])


def all_of(*items: Node) -> Group:
    return Group("and", items)


def any_of(*items: Node) -> Group:
    return Group("or", items)


def _walk(nodes: Iterable[Node]) -> Iterable[Node]:
    for node in nodes:
        yield node
        if isinstance(node, Group):
            yield from _walk(node.items)


@dataclass(frozen=True)
class Query:
    """A filter with the page size (`MaxRecords`) and the fields to return."""

    filter: tuple[Node, ...]
    max_records: int | None = None
    include_fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.filter:
            raise ValueError("an Autotask query needs at least one condition (use ALL)")
        if self.max_records is not None and not 1 <= self.max_records <= MAX_PAGE_SIZE:
            raise ValueError(f"MaxRecords must be between 1 and {MAX_PAGE_SIZE}")
        nodes = list(_walk(self.filter))
        if sum(1 for node in nodes if isinstance(node, Condition) and node.udf) > 1:
            raise ValueError("Autotask allows one user-defined field condition per query")
        ors = sum(len(node.items) for node in nodes if isinstance(node, Group) and node.op == "or")
        if ors > MAX_OR_CONDITIONS:
            raise ValueError(f"Autotask allows at most {MAX_OR_CONDITIONS} 'or' conditions")

    @classmethod
    def where(cls, *conditions: Node, max_records: int | None = None) -> Query:
        return cls(tuple(conditions), max_records)

    def fields(self, names: Sequence[str]) -> Query:
        """The same query returning only `names` (and `id`, needed to page)."""
        wanted = tuple(dict.fromkeys(["id", *names]))
        return Query(self.filter, self.max_records, wanted)

    def limited(self, max_records: int) -> Query:
        return Query(self.filter, max_records, self.include_fields)

    def to_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"filter": [node.to_json() for node in self.filter]}
        if self.max_records is not None:
            body["MaxRecords"] = self.max_records
        if self.include_fields:
            body["IncludeFields"] = list(self.include_fields)
        return body


ALL = Query.where(Field("id").exists())
