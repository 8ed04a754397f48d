"""The Autotask entities the simulator serves: their fields, parents and allowed operations.

Field names are the API's camelCase wire names (all present in the swagger's models). Picklist
values come from the seed (`autotask.picklists`), as they are tenant data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldDef:
    """One field: its type ("integer", "long", "string", "boolean", "datetime"), rules, links."""

    name: str
    type: str
    required: bool = False
    read_only: bool = False
    length: int | None = None
    reference: str | None = None
    picklist: bool = False
    picklist_parent: str | None = None


@dataclass(frozen=True)
class EntityDef:
    """An entity: its fields, the parent it is created under, and what the API allows on it."""

    name: str
    fields: tuple[FieldDef, ...]
    parent: str | None = None
    parent_field: str | None = None
    child_name: str | None = None
    can_create: bool = False
    can_update: bool = False
    can_delete: bool = False
    can_query: bool = True
    has_udfs: bool = False

    def field(self, name: str) -> FieldDef | None:
        lowered = name.lower()
        return next((f for f in self.fields if f.name.lower() == lowered), None)


def _f(name: str, type_: str = "string", **rules: Any) -> FieldDef:
    return FieldDef(name, type_, **rules)


ID = _f("id", "long", read_only=True)

ENTITIES: dict[str, EntityDef] = {
    entity.name.lower(): entity
    for entity in (
        EntityDef(
            "Companies",
            (
                ID,
                _f("companyName", required=True, length=100),
                _f("companyNumber", length=50),
                _f("companyType", "integer", required=True, picklist=True),
                _f("isActive", "boolean"),
                _f("phone", length=25),
                _f("webAddress", length=255),
                _f("city", length=50),
                _f("ownerResourceID", "integer", reference="Resources"),
                _f("createDate", "datetime", read_only=True),
                _f("lastActivityDate", "datetime", read_only=True),
            ),
            can_create=True,
            can_update=True,
            has_udfs=True,
        ),
        EntityDef(
            "Contacts",
            (
                ID,
                _f("companyID", "integer", required=True, reference="Companies"),
                _f("firstName", required=True, length=50),
                _f("lastName", required=True, length=50),
                _f("emailAddress", length=254),
                _f("phone", length=25),
                _f("title", length=50),
                _f("isActive", "integer", required=True),
                _f("primaryContact", "boolean"),
                _f("createDate", "datetime", read_only=True),
                _f("lastActivityDate", "datetime", read_only=True),
            ),
            parent="Companies",
            parent_field="companyID",
            child_name="Contacts",
            can_create=True,
            can_update=True,
            has_udfs=True,
        ),
        EntityDef(
            "Resources",
            (
                ID,
                _f("firstName", required=True, length=50),
                _f("lastName", required=True, length=50),
                _f("email", required=True, length=50),
                _f("userName", required=True, length=32),
                _f("title", length=50),
                _f("isActive", "boolean"),
                _f("resourceType", length=15),
                _f("licenseType", "integer", picklist=True),
                _f("defaultServiceDeskRoleID", "integer"),
            ),
            can_update=True,
        ),
        EntityDef(
            "TicketCategories",
            (
                ID,
                _f("name", required=True, length=30),
                _f("nickname", required=True, length=3),
                _f("isActive", "boolean"),
                _f("isGlobalDefault", "boolean"),
                _f("isApiOnly", "boolean"),
                _f("displayColorRGB", "integer"),
            ),
            can_update=True,
        ),
        EntityDef(
            "ChecklistLibraries",
            (
                ID,
                _f("name", required=True, length=100),
                _f("description", length=500),
                _f("isActive", "boolean"),
                _f("entityType", "integer", required=True, picklist=True),
            ),
            can_create=True,
            can_update=True,
            can_delete=True,
        ),
        EntityDef(
            "ChecklistLibraryChecklistItems",
            (
                ID,
                _f("checklistLibraryID", "integer", required=True, reference="ChecklistLibraries"),
                _f("itemName", required=True, length=600),
                _f("isImportant", "boolean"),
                _f("position", "integer"),
                _f("knowledgebaseArticleID", "integer"),
            ),
            parent="ChecklistLibraries",
            parent_field="checklistLibraryID",
            child_name="ChecklistItems",
            can_create=True,
            can_update=True,
            can_delete=True,
        ),
        EntityDef(
            "Tickets",
            (
                ID,
                _f("ticketNumber", read_only=True, length=50),
                _f("title", required=True, length=255),
                _f("description", length=8000),
                _f("companyID", "integer", required=True, reference="Companies"),
                _f("contactID", "integer", reference="Contacts"),
                _f("status", "integer", required=True, picklist=True),
                _f("priority", "integer", required=True, picklist=True),
                _f("queueID", "integer", picklist=True),
                _f("ticketCategory", "integer", reference="TicketCategories"),
                _f("ticketType", "integer", picklist=True),
                _f("source", "integer", picklist=True),
                _f("issueType", "integer", picklist=True),
                _f("subIssueType", "integer", picklist=True, picklist_parent="issueType"),
                _f("dueDateTime", "datetime"),
                _f("assignedResourceID", "integer", reference="Resources"),
                _f("assignedResourceRoleID", "integer"),
                _f("createDate", "datetime", read_only=True),
                _f("creatorResourceID", "integer", read_only=True),
                _f("completedDate", "datetime", read_only=True),
                _f("lastActivityDate", "datetime", read_only=True),
            ),
            can_create=True,
            can_update=True,
            has_udfs=True,
        ),
        EntityDef(
            "TicketChecklistItems",
            (
                ID,
                _f("ticketID", "integer", required=True, reference="Tickets"),
                _f("itemName", required=True, length=600),
                _f("isCompleted", "boolean"),
                _f("isImportant", "boolean"),
                _f("position", "integer"),
                _f("completedByResourceID", "integer", read_only=True),
                _f("completedDateTime", "datetime", read_only=True),
                _f("knowledgebaseArticleID", "integer"),
            ),
            parent="Tickets",
            parent_field="ticketID",
            child_name="ChecklistItems",
            can_create=True,
            can_update=True,
            can_delete=True,
        ),
        EntityDef(
            "TicketChecklistLibraries",
            (
                ID,
                _f("ticketID", "integer", required=True, reference="Tickets"),
                _f("checklistLibraryID", "integer", required=True, reference="ChecklistLibraries"),
            ),
            parent="Tickets",
            parent_field="ticketID",
            child_name="ChecklistLibraries",
            can_create=True,
            can_query=False,
        ),
        EntityDef(
            "TicketNotes",
            (
                ID,
                _f("ticketID", "integer", required=True, reference="Tickets"),
                _f("title", required=True, length=250),
                _f("description", required=True, length=32000),
                _f("noteType", "integer", required=True, picklist=True),
                _f("publish", "integer", required=True, picklist=True),
                _f("createDateTime", "datetime", read_only=True),
                _f("creatorResourceID", "integer", read_only=True),
                _f("lastActivityDate", "datetime", read_only=True),
            ),
            parent="Tickets",
            parent_field="ticketID",
            child_name="Notes",
            can_create=True,
            can_update=True,
        ),
    )
}


def entity(name: str) -> EntityDef | None:
    return ENTITIES.get(name.lower())


def child_entity(parent: str, child_name: str) -> EntityDef | None:
    """The entity served at `/{parent}/{id}/{child_name}` (e.g. Tickets + Notes -> TicketNotes)."""
    for candidate in ENTITIES.values():
        if (
            candidate.parent
            and candidate.parent.lower() == parent.lower()
            and candidate.child_name
            and candidate.child_name.lower() == child_name.lower()
        ):
            return candidate
    return None
