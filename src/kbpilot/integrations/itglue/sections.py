"""IT Glue's documentation records as kbpilot syncs them: document folders, documents with their
updated-at and link, and document sections, with the choices made where the reference is unsure.

Facts (shared/reference/itglue/NOTES.md, section 3.2): sections are typed by `resource-type`
(`Document::Text`, `Document::Heading` with a `level` 1-6, `Document::Gallery`, `Document::Step`
with an optional `duration`), ordered by `sort`; `content` is the HTML an editor wrote (inline
images as paths relative to the IT Glue site), `rendered-content` a read-only copy whose images
are temporary signed links. Choices (docs/integrations.md, "Syncing IT Glue documents"):
- `duration` is in whole minutes;
- a step numbering restarts where a Step has `reset-count` true, else it runs on across the
  document's Text, Heading and Gallery sections;
- a gallery's images are read from its `rendered-content` (`<img src alt>`), their signed query
  dropped; Text and Step images from `content`, made absolute against the document's site;
- the sections endpoint is not paged; the documents index is (`page[size]` up to 1,000);
- a document with no sections is one HTML body: its `content` string (or the `content` of each
  object when `content` is a list).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from kbpilot.integrations.itglue.jsonapi import Resource
from kbpilot.integrations.values import as_int, as_str

SECTION_TYPE = "document-sections"
SECTION_SORTS = frozenset({"sort", "id", "created_at", "updated_at"})
TEXT = "Document::Text"
HEADING = "Document::Heading"
GALLERY = "Document::Gallery"
STEP = "Document::Step"
SECTION_KINDS = (TEXT, HEADING, GALLERY, STEP)


@dataclass(frozen=True)
class DocumentFolder:
    id: int
    organization_id: int | None
    name: str
    parent_id: int | None

    @classmethod
    def from_resource(cls, resource: Resource) -> DocumentFolder:
        a = resource.attributes
        return cls(
            id=int(resource.id),
            organization_id=as_int(a.get("organization-id")),
            name=as_str(a.get("name")),
            parent_id=as_int(a.get("parent-id")),
        )


@dataclass(frozen=True)
class DocumentListing:
    """A document as the organization's index lists it: enough to tell whether it changed."""

    id: int
    organization_id: int | None
    organization_name: str
    name: str
    folder_id: int | None
    archived: bool
    updated_at: str
    url: str
    content: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def from_resource(cls, resource: Resource) -> DocumentListing:
        a = resource.attributes
        return cls(
            id=int(resource.id),
            organization_id=as_int(a.get("organization-id")),
            organization_name=as_str(a.get("organization-name")),
            name=as_str(a.get("name")),
            folder_id=as_int(a.get("document-folder-id")),
            archived=bool(a.get("archived")),
            updated_at=as_str(a.get("updated-at")),
            url=as_str(a.get("resource-url")),
            content=a.get("content"),
        )

    def body(self) -> str:
        """The one-body content of a document without sections."""
        if isinstance(self.content, str):
            return self.content
        if isinstance(self.content, list):
            return "".join(
                as_str(part.get("content")) for part in self.content if isinstance(part, dict)
            )
        return ""


@dataclass(frozen=True)
class DocumentSection:
    id: int
    kind: str
    sort: int
    content: str
    rendered: str
    level: int | None
    duration: int | None
    reset_count: bool

    @classmethod
    def from_resource(cls, resource: Resource) -> DocumentSection:
        a = resource.attributes
        return cls(
            id=int(resource.id),
            kind=as_str(a.get("resource-type")),
            sort=as_int(a.get("sort")) or 0,
            content=as_str(a.get("content")),
            rendered=as_str(a.get("rendered-content")),
            level=as_int(a.get("level")),
            duration=as_int(a.get("duration")),
            reset_count=bool(a.get("reset-count")),
        )
