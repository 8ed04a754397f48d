"""The Autotask simulator's records and rules: validation, creates, updates, checklists.

Works on the `autotask` part of the sandbox state, inside one transaction. A refused request
raises `Refused` with the API's style of messages; the app answers it as 500 `{"errors": [...]}`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from kbpilot.integrations.autotask.simulator.schema import EntityDef, FieldDef, entity
from kbpilot.integrations.autotask.wire import MAX_TICKET_CHECKLIST_ITEMS, STATUS_COMPLETE

ASSIGNMENT_MESSAGE = (
    "When assigning a Resource, you must assign both a assignedResourceID and "
    "assignedResourceRoleID."
)
API_LICENSE_TYPE = 7


class Refused(Exception):
    """The API refuses the request; `messages` go into the `errors` array."""

    def __init__(self, *messages: str) -> None:
        super().__init__("; ".join(messages))
        self.messages = list(messages)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _coerce(field: FieldDef, value: Any) -> Any:
    if value is None:
        return None
    if field.type in ("integer", "long"):
        if isinstance(value, bool):
            raise Refused(f"Invalid value for {field.name}: {value!r} is not an integer.")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise Refused(f"Invalid value for {field.name}: {value!r} is not an integer.") from None
    if field.type == "boolean":
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in ("true", "false"):
            return str(value).strip().lower() == "true"
        raise Refused(f"Invalid value for {field.name}: {value!r} is not a boolean.")
    if field.type == "datetime":
        try:
            datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            raise Refused(f"Invalid value for {field.name}: {value!r} is not a date.") from None
        return str(value)
    text = str(value)
    if field.length is not None and len(text) > field.length:
        raise Refused(f"{field.name} exceeds the maximum length of {field.length} characters.")
    return text


class AutotaskRecords:
    """The records of one state transaction, and the rules that guard them."""

    def __init__(self, data: dict[str, Any], username: str) -> None:
        self.data = data
        self.username = username

    # reading --------------------------------------------------------------------------------

    def table(self, entity_def: EntityDef) -> dict[str, dict[str, Any]]:
        return self.data["records"][entity_def.name]

    def get(self, entity_def: EntityDef, record_id: int) -> dict[str, Any] | None:
        record = self.table(entity_def).get(str(record_id))
        return None if record is None else self.present(entity_def, record)

    def all(self, entity_def: EntityDef) -> list[dict[str, Any]]:
        records = sorted(self.table(entity_def).values(), key=lambda record: int(record["id"]))
        return [self.present(entity_def, record) for record in records]

    def present(self, entity_def: EntityDef, record: dict[str, Any]) -> dict[str, Any]:
        """The record as the API returns it: every field, nulls included."""
        shown = {field.name: record.get(field.name) for field in entity_def.fields}
        if entity_def.has_udfs:
            shown["userDefinedFields"] = list(record.get("userDefinedFields") or [])
        return shown

    def picklist(self, entity_def: EntityDef, field: FieldDef) -> list[dict[str, Any]]:
        return list(self.data["picklists"].get(entity_def.name, {}).get(field.name, []))

    def api_resource_id(self) -> int | None:
        """The resource the API user acts as: by user name or e-mail, else the API licence."""
        resources = self.data["records"]["Resources"].values()
        wanted = self.username.lower()
        for resource in resources:
            if wanted in (
                str(resource.get("userName", "")).lower(),
                str(resource.get("email", "")).lower(),
            ):
                return int(resource["id"])
        api_users = [r for r in resources if r.get("licenseType") == API_LICENSE_TYPE]
        return int(api_users[0]["id"]) if api_users else None

    # writing --------------------------------------------------------------------------------

    def _normalise(self, entity_def: EntityDef, body: Any) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise Refused("The request body must be a JSON object.")
        values: dict[str, Any] = {}
        unknown = []
        for key, value in body.items():
            if key.lower() == "userdefinedfields":
                values["userDefinedFields"] = value
                continue
            field = entity_def.field(key)
            if field is None:
                unknown.append(key)
            elif not field.read_only or field.name == "id":
                values[field.name] = _coerce(field, value)
        if unknown:
            raise Refused(
                *(f"Unable to find {key} in the {entity_def.name} entity." for key in unknown)
            )
        return values

    def _check(self, entity_def: EntityDef, record: dict[str, Any]) -> None:
        errors = []
        for field in entity_def.fields:
            value = record.get(field.name)
            if field.required and not field.read_only and value in (None, ""):
                errors.append(f"{field.name} is required.")
                continue
            if value in (None, ""):
                continue
            if field.reference:
                target = entity(field.reference)
                if target is None or str(value) not in self.table(target):
                    errors.append(
                        f"Value does not reference an existing entity for {field.name} . "
                    )
            if field.picklist:
                errors.extend(self._check_picklist(entity_def, field, record))
        if errors:
            raise Refused(*errors)

    def _check_picklist(
        self, entity_def: EntityDef, field: FieldDef, record: dict[str, Any]
    ) -> list[str]:
        value = str(record[field.name])
        choices = [c for c in self.picklist(entity_def, field) if c.get("isActive", True)]
        choice = next((c for c in choices if str(c["value"]) == value), None)
        if choice is None:
            return [f"Value {value} is not a valid picklist value for {field.name}."]
        if field.picklist_parent and choice.get("parentValue"):
            parent = record.get(field.picklist_parent)
            if str(parent) != str(choice["parentValue"]):
                parent_name = field.picklist_parent
                return [f"Value {value} of {field.name} does not belong to {parent_name} {parent}."]
        return []

    def _new_id(self, entity_def: EntityDef) -> int:
        counters = self.data["next_id"]
        record_id = int(counters.get(entity_def.name, 1))
        counters[entity_def.name] = record_id + 1
        return record_id

    def create(self, entity_def: EntityDef, body: Any, parent_id: int | None = None) -> int:
        if not entity_def.can_create:
            raise Refused(f"Creating {entity_def.name} is not allowed.")
        record = self._normalise(entity_def, body)
        record.pop("id", None)
        if parent_id is not None and entity_def.parent_field:
            record[entity_def.parent_field] = parent_id
        if entity_def.name == "TicketChecklistLibraries":
            return self._apply_library(record)
        self._check(entity_def, record)
        self._before_create(entity_def, record)
        record["id"] = self._new_id(entity_def)
        self.table(entity_def)[str(record["id"])] = record
        return int(record["id"])

    def update(self, entity_def: EntityDef, body: Any, parent_id: int | None = None) -> int:
        if not entity_def.can_update:
            raise Refused(f"Updating {entity_def.name} is not allowed.")
        changes = self._normalise(entity_def, body)
        record_id = changes.pop("id", None)
        if record_id is None:
            raise Refused("id is required to update an entity.")
        existing = self.table(entity_def).get(str(record_id))
        if existing is None or (
            parent_id is not None
            and entity_def.parent_field
            and int(existing[entity_def.parent_field]) != parent_id
        ):
            raise Refused(f"No matching records found for id {record_id}.")
        if entity_def.parent_field:
            changes.pop(entity_def.parent_field, None)
        record = {**existing, **changes}
        self._check(entity_def, record)
        self._before_update(entity_def, existing, record)
        self.table(entity_def)[str(record_id)] = record
        return int(record_id)

    def delete(self, entity_def: EntityDef, record_id: int, parent_id: int | None = None) -> int:
        if not entity_def.can_delete:
            raise Refused(f"Deleting {entity_def.name} is not allowed.")
        existing = self.table(entity_def).get(str(record_id))
        if existing is None or (
            parent_id is not None and int(existing[entity_def.parent_field or "id"]) != parent_id
        ):
            raise Refused(
                "No matching records found. The logged in Resource may not have the required "
                "permissions to delete the data."
            )
        del self.table(entity_def)[str(record_id)]
        return record_id

    # rules ----------------------------------------------------------------------------------

    def _before_create(self, entity_def: EntityDef, record: dict[str, Any]) -> None:
        stamp = now()
        if entity_def.name == "Tickets":
            self._check_ticket(record, creating=True)
            record["ticketNumber"] = self._ticket_number()
            record["createDate"] = stamp
            record["creatorResourceID"] = self.api_resource_id()
            record["lastActivityDate"] = stamp
            if str(record.get("status")) == STATUS_COMPLETE:
                record["completedDate"] = stamp
        elif entity_def.name == "TicketNotes":
            record["createDateTime"] = stamp
            record["creatorResourceID"] = self.api_resource_id()
            record["lastActivityDate"] = stamp
            self._touch_ticket(int(record["ticketID"]))
        elif entity_def.name == "TicketChecklistItems":
            items = self._ticket_items(int(record["ticketID"]))
            if len(items) >= MAX_TICKET_CHECKLIST_ITEMS:
                raise Refused(
                    f"A ticket cannot have more than {MAX_TICKET_CHECKLIST_ITEMS} checklist items."
                )
            record.setdefault("isCompleted", False)
            record.setdefault("isImportant", False)
            self._place(items, record)
            self._complete(record, {})
        elif entity_def.name == "ChecklistLibraryChecklistItems":
            items = [
                item
                for item in self.data["records"][entity_def.name].values()
                if item["checklistLibraryID"] == record["checklistLibraryID"]
            ]
            self._place(items, record)
        elif entity_def.name in ("Companies", "Contacts"):
            record["createDate"] = stamp

    def _before_update(
        self, entity_def: EntityDef, old: dict[str, Any], record: dict[str, Any]
    ) -> None:
        if entity_def.name == "Tickets":
            self._check_ticket(record, creating=False)
            record["lastActivityDate"] = now()
            done = str(record.get("status")) == STATUS_COMPLETE
            record["completedDate"] = (old.get("completedDate") or now()) if done else None
        elif entity_def.name == "TicketChecklistItems":
            self._complete(record, old)

    def _check_ticket(self, record: dict[str, Any], *, creating: bool) -> None:
        company = self.data["records"]["Companies"][str(record["companyID"])]
        if creating and not company.get("isActive"):
            raise Refused(f"The company {company['companyName']} is inactive.")
        contact_id = record.get("contactID")
        if contact_id is not None:
            contact = self.data["records"]["Contacts"][str(contact_id)]
            if int(contact["companyID"]) != int(record["companyID"]):
                raise Refused("The contact must belong to the ticket's company.")
        if (record.get("assignedResourceID") is None) != (
            record.get("assignedResourceRoleID") is None
        ):
            raise Refused(ASSIGNMENT_MESSAGE)
        category_id = record.get("ticketCategory")
        if category_id is not None:
            category = self.data["records"]["TicketCategories"][str(category_id)]
            if not category.get("isActive"):
                raise Refused(f"The ticket category {category['name']} is inactive.")

    def _ticket_number(self) -> str:
        day = datetime.now(UTC).strftime("%Y%m%d")
        prefix = f"T{day}."
        taken = [
            str(ticket.get("ticketNumber", ""))
            for ticket in self.data["records"]["Tickets"].values()
            if str(ticket.get("ticketNumber", "")).startswith(prefix)
        ]
        sequence = max((int(number.split(".")[1]) for number in taken), default=0) + 1
        return f"{prefix}{sequence:04d}"

    def _touch_ticket(self, ticket_id: int) -> None:
        self.data["records"]["Tickets"][str(ticket_id)]["lastActivityDate"] = now()

    def _ticket_items(self, ticket_id: int) -> list[dict[str, Any]]:
        items = self.data["records"]["TicketChecklistItems"].values()
        return [item for item in items if int(item["ticketID"]) == ticket_id]

    @staticmethod
    def _place(siblings: list[dict[str, Any]], record: dict[str, Any]) -> None:
        """Blank position appends; a position inserts above the item now there."""
        ordered = sorted(
            siblings, key=lambda item: (int(item.get("position") or 0), int(item["id"]))
        )
        wanted = record.get("position")
        if wanted is None or not 1 <= int(wanted) <= len(ordered):
            record["position"] = len(ordered) + 1
            return
        for index, item in enumerate(ordered, start=1):
            item["position"] = index + 1 if index >= int(wanted) else index

    def _complete(self, record: dict[str, Any], old: dict[str, Any]) -> None:
        if record.get("isCompleted") and not old.get("isCompleted"):
            record["completedByResourceID"] = self.api_resource_id()
            record["completedDateTime"] = now()
        elif not record.get("isCompleted"):
            record["completedByResourceID"] = None
            record["completedDateTime"] = None

    def _apply_library(self, record: dict[str, Any]) -> int:
        """Copy a library's items after the ticket's existing items (TicketChecklistLibraries)."""
        association = entity("TicketChecklistLibraries")
        assert association is not None
        self._check(association, record)
        ticket_id, library_id = int(record["ticketID"]), int(record["checklistLibraryID"])
        library = self.data["records"]["ChecklistLibraries"][str(library_id)]
        if not library.get("isActive"):
            raise Refused(f"The checklist library {library['name']} is inactive.")
        library_items = sorted(
            (
                item
                for item in self.data["records"]["ChecklistLibraryChecklistItems"].values()
                if int(item["checklistLibraryID"]) == library_id
            ),
            key=lambda item: (int(item.get("position") or 0), int(item["id"])),
        )
        existing = self._ticket_items(ticket_id)
        if len(existing) + len(library_items) > MAX_TICKET_CHECKLIST_ITEMS:
            raise Refused(
                f"Applying this library would give the ticket {len(existing) + len(library_items)} "
                f"checklist items; a ticket cannot have more than {MAX_TICKET_CHECKLIST_ITEMS}."
            )
        items_def = entity("TicketChecklistItems")
        assert items_def is not None
        for offset, item in enumerate(library_items, start=1):
            new_id = self._new_id(items_def)
            self.table(items_def)[str(new_id)] = {
                "id": new_id,
                "ticketID": ticket_id,
                "itemName": item["itemName"],
                "isImportant": bool(item.get("isImportant")),
                "isCompleted": False,
                "position": len(existing) + offset,
                "completedByResourceID": None,
                "completedDateTime": None,
                "knowledgebaseArticleID": item.get("knowledgebaseArticleID"),
            }
        record["id"] = self._new_id(association)
        self.table(association)[str(record["id"])] = record
        self._touch_ticket(ticket_id)
        return int(record["id"])
