"""JSON:API as IT Glue speaks it: resources with kebab-case attributes, documents, query params."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kbpilot.integrations.itglue.wire import MAX_PAGE_SIZE

FilterValue = str | int | bool | None | list[str | int]


@dataclass(frozen=True)
class Resource:
    """One resource object: `id` is a string on the wire, attributes keep their kebab-case names."""

    id: str
    type: str
    attributes: dict[str, Any] = field(default_factory=dict)
    relationships: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Resource:
        return cls(
            id=str(data.get("id")),
            type=str(data.get("type")),
            attributes=dict(data.get("attributes") or {}),
            relationships=dict(data.get("relationships") or {}),
        )

    def related_ids(self, name: str) -> list[tuple[str, str]]:
        """(type, id) of the resources a relationship links to."""
        linkage = (self.relationships.get(name) or {}).get("data")
        entries = linkage if isinstance(linkage, list) else [linkage] if linkage else []
        return [(str(entry["type"]), str(entry["id"])) for entry in entries]


@dataclass(frozen=True)
class Document:
    """A top-level document: primary data (one resource or a list), `included`, `meta`."""

    data: list[Resource]
    single: bool
    included: list[Resource]
    meta: dict[str, Any]

    @classmethod
    def from_json(cls, body: Any) -> Document:
        if not isinstance(body, dict) or "data" not in body:
            raise ValueError("not a JSON:API document: no 'data'")
        raw = body["data"]
        single = not isinstance(raw, list)
        items = [raw] if single and raw is not None else [] if raw is None else raw
        return cls(
            data=[Resource.from_json(item) for item in items],
            single=single,
            included=[Resource.from_json(item) for item in body.get("included") or []],
            meta=dict(body.get("meta") or {}),
        )

    def one(self) -> Resource:
        if not self.data:
            raise ValueError("the document holds no resource")
        return self.data[0]

    def find_included(self, type_: str, id_: str) -> Resource | None:
        for resource in self.included:
            if resource.type == type_ and resource.id == id_:
                return resource
        return None


def _filter_value(value: FilterValue) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return "null" if value is None else str(value)


def query_params(
    *,
    filters: Mapping[str, FilterValue] | None = None,
    sort: str | None = None,
    include: tuple[str, ...] = (),
    page_size: int | None = None,
    page_number: int | None = None,
) -> dict[str, str]:
    """`filter[...]`, `sort`, `include` and `page[...]` parameters (filter keys in snake_case)."""
    params = {
        f"filter[{key.replace('-', '_')}]": _filter_value(value)
        for key, value in (filters or {}).items()
    }
    if sort:
        params["sort"] = sort
    if include:
        params["include"] = ",".join(include)
    if page_size is not None:
        if not 1 <= page_size <= MAX_PAGE_SIZE:
            raise ValueError(f"IT Glue pages hold 1 to {MAX_PAGE_SIZE} records")
        params["page[size]"] = str(page_size)
    if page_number is not None:
        params["page[number]"] = str(page_number)
    return params


def resource_body(type_: str, attributes: Mapping[str, Any]) -> dict[str, Any]:
    """The request body that creates or updates one resource."""
    return {"data": {"type": type_, "attributes": dict(attributes)}}
