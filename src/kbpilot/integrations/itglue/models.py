"""IT Glue records as kbpilot uses them, read from JSON:API resources.

Each keeps every attribute in `attributes` (kebab-case, as sent); the typed fields are the ones
the workflow needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kbpilot.integrations.itglue.jsonapi import Resource
from kbpilot.integrations.values import as_int, as_str


@dataclass(frozen=True)
class Organization:
    id: int
    name: str
    type_name: str
    status_name: str
    short_name: str
    attributes: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_resource(cls, resource: Resource) -> Organization:
        a = resource.attributes
        return cls(
            id=int(resource.id),
            name=as_str(a.get("name")),
            type_name=as_str(a.get("organization-type-name")),
            status_name=as_str(a.get("organization-status-name")),
            short_name=as_str(a.get("short-name")),
            attributes=a,
        )


@dataclass(frozen=True)
class Contact:
    id: int
    organization_id: int | None
    name: str
    title: str
    primary_email: str
    attributes: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_resource(cls, resource: Resource) -> Contact:
        a = resource.attributes
        emails = a.get("contact-emails") or []
        primary = next((e for e in emails if e.get("primary")), emails[0] if emails else {})
        name = (
            a.get("name") or f"{as_str(a.get('first-name'))} {as_str(a.get('last-name'))}".strip()
        )
        return cls(
            id=int(resource.id),
            organization_id=as_int(a.get("organization-id")),
            name=as_str(name),
            title=as_str(a.get("title")),
            primary_email=as_str(primary.get("value")),
            attributes=a,
        )


@dataclass(frozen=True)
class Configuration:
    id: int
    organization_id: int | None
    name: str
    hostname: str
    type_name: str
    status_name: str
    attributes: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_resource(cls, resource: Resource) -> Configuration:
        a = resource.attributes
        return cls(
            id=int(resource.id),
            organization_id=as_int(a.get("organization-id")),
            name=as_str(a.get("name")),
            hostname=as_str(a.get("hostname")),
            type_name=as_str(a.get("configuration-type-name")),
            status_name=as_str(a.get("configuration-status-name")),
            attributes=a,
        )


@dataclass(frozen=True)
class ItgDocument:
    """An IT Glue document (the organization's documentation, not a JSON:API document)."""

    id: int
    organization_id: int | None
    name: str
    folder_id: int | None
    published: bool
    archived: bool
    attributes: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_resource(cls, resource: Resource) -> ItgDocument:
        a = resource.attributes
        return cls(
            id=int(resource.id),
            organization_id=as_int(a.get("organization-id")),
            name=as_str(a.get("name")),
            folder_id=as_int(a.get("document-folder-id")),
            published=bool(a.get("published")),
            archived=bool(a.get("archived")),
            attributes=a,
        )


@dataclass(frozen=True)
class FlexibleAsset:
    id: int
    organization_id: int | None
    type_id: int | None
    type_name: str
    name: str
    traits: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_resource(cls, resource: Resource) -> FlexibleAsset:
        a = resource.attributes
        return cls(
            id=int(resource.id),
            organization_id=as_int(a.get("organization-id")),
            type_id=as_int(a.get("flexible-asset-type-id")),
            type_name=as_str(a.get("flexible-asset-type-name")),
            name=as_str(a.get("name")),
            traits=dict(a.get("traits") or {}),
        )


@dataclass(frozen=True)
class FlexibleAssetType:
    id: int
    name: str

    @classmethod
    def from_resource(cls, resource: Resource) -> FlexibleAssetType:
        return cls(id=int(resource.id), name=as_str(resource.attributes.get("name")))


@dataclass(frozen=True)
class Export:
    id: int
    organization_id: int | None
    organization_name: str
    status: str
    download_url: str | None
    created_at: str

    @classmethod
    def from_resource(cls, resource: Resource) -> Export:
        a = resource.attributes
        return cls(
            id=int(resource.id),
            organization_id=as_int(a.get("organization-id")),
            organization_name=as_str(a.get("organization-name")),
            status=as_str(a.get("export-status")),
            download_url=a.get("download-url") or None,
            created_at=as_str(a.get("created-at")),
        )
