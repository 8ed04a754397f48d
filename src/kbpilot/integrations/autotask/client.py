"""The Autotask operations of kbpilot's workflow: lookups by name, tickets, checklists, notes.

Everything here is built on `AutotaskApi`; creates carry a reconciliation lookup so that a
timeout after the server committed never makes a duplicate (see `integrations.http`). Each
change an action makes is a pair: `prepare_...` builds the `PreparedCall` (picklist labels
resolved to values) that the step's plan shows, `send_...` sends exactly that call; the plain
method (`create_ticket`, ...) does both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from kbpilot.integrations.autotask.api import AutotaskApi
from kbpilot.integrations.autotask.lookup import only_one
from kbpilot.integrations.autotask.models import (
    ChecklistItem,
    ChecklistLibrary,
    Company,
    Contact,
    FieldInfo,
    Resource,
    Ticket,
    TicketCategory,
    TicketNote,
)
from kbpilot.integrations.autotask.query import Field, Node, Query, all_of, any_of
from kbpilot.integrations.autotask.settings import AutotaskSettings
from kbpilot.integrations.autotask.wire import SERVICE, STATUS_COMPLETE
from kbpilot.integrations.errors import LookupFailed, NotFoundError, ValidationError
from kbpilot.integrations.prepared import PreparedCall

# How far back a reconciliation looks for a record this client may have created; wide enough
# for clock skew between kbpilot and the Autotask zone.
RECONCILE_WINDOW = timedelta(minutes=10)
SUGGESTIONS = 5


def _since(started: datetime) -> str:
    return (started - RECONCILE_WINDOW).strftime("%Y-%m-%dT%H:%M:%S")


def _split_name(name: str) -> tuple[str, str]:
    first, _, last = name.strip().rpartition(" ")
    return (first, last) if first else (last, "")


@dataclass(frozen=True)
class TicketDraft:
    """A ticket to create; unset status/priority/queue take the `[autotask]` defaults.

    `extra` holds more wire fields by their API name (e.g. required fields of the tenant).
    """

    company_id: int
    title: str
    description: str = ""
    contact_id: int | None = None
    category_id: int | None = None
    status: str | None = None
    priority: str | None = None
    queue: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class AutotaskClient:
    """Autotask as the workflow sees it; `api` is the entity-agnostic layer below."""

    def __init__(self, api: AutotaskApi, settings: AutotaskSettings | None = None) -> None:
        self.api = api
        self.settings = settings or AutotaskSettings()

    def __repr__(self) -> str:
        return f"AutotaskClient({self.api!r})"

    def close(self) -> None:
        self.api.close()

    # lookups --------------------------------------------------------------------------------

    def companies(self, query: Query, *, limit: int | None = None) -> list[Company]:
        return [Company.from_item(item) for item in self.api.query("Companies", query, limit=limit)]

    def company(self, company_id: int) -> Company:
        item = self.api.get("Companies", company_id)
        if item is None:
            raise NotFoundError(SERVICE, f"no Autotask company with id {company_id}")
        return Company.from_item(item)

    def company_by_name(self, name: str) -> Company:
        """The active company of that name (case-insensitive)."""
        matches = self.companies(Query.where(Field("companyName").eq(name.strip())))
        active = [company for company in matches if company.is_active]
        if matches and not active:
            raise LookupFailed(SERVICE, f"the company {matches[0].name!r} is inactive")
        return only_one(
            "company",
            name,
            active,
            lambda company: f"{company.name} (id {company.id})",
            suggestions=lambda: self.companies(
                Query.where(
                    Field("companyName").contains(name.strip()), Field("isActive").eq(True)
                ),
                limit=SUGGESTIONS,
            ),
        )

    def contacts(self, company_id: int) -> list[Contact]:
        query = Query.where(Field("companyID").eq(company_id), Field("isActive").eq(1))
        return [Contact.from_item(item) for item in self.api.query("Contacts", query)]

    def contact_by_name(self, company_id: int, name: str) -> Contact:
        """An active contact of the company, by "First Last" or e-mail address."""
        first, last = _split_name(name)
        by_name = [Field("firstName").eq(first)] + ([Field("lastName").eq(last)] if last else [])
        query = Query.where(
            Field("companyID").eq(company_id),
            Field("isActive").eq(1),
            any_of(all_of(*by_name), Field("emailAddress").eq(name.strip())),
        )
        matches = [Contact.from_item(item) for item in self.api.query("Contacts", query)]
        return only_one(
            "contact",
            name,
            matches,
            lambda contact: f"{contact.name} <{contact.email}> (id {contact.id})",
            suggestions=lambda: self.contacts(company_id)[:SUGGESTIONS],
        )

    def resource_by_name(self, name: str) -> Resource:
        """An active resource by first name, full name, user name or e-mail."""
        text = name.strip()
        first, last = _split_name(text)
        options: list[Node] = [
            Field("firstName").eq(text),
            Field("userName").eq(text),
            Field("email").eq(text),
        ]
        if last:
            options.append(all_of(Field("firstName").eq(first), Field("lastName").eq(last)))
        query = Query.where(Field("isActive").eq(True), any_of(*options))
        matches = [Resource.from_item(item) for item in self.api.query("Resources", query)]
        return only_one(
            "resource", name, matches, lambda resource: f"{resource.name} (id {resource.id})"
        )

    def ticket_categories(self) -> list[TicketCategory]:
        query = Query.where(Field("isActive").eq(True))
        return [
            TicketCategory.from_item(item) for item in self.api.query("TicketCategories", query)
        ]

    def category_by_name(self, name: str) -> TicketCategory:
        categories = self.ticket_categories()
        wanted = name.strip().lower()
        return only_one(
            "ticket category",
            name,
            [c for c in categories if wanted in (c.name.lower(), c.nickname.lower())],
            lambda category: f"{category.name} (id {category.id})",
            # A handful of categories: when no name is close, every one is listed.
            suggestions=lambda: (
                [c for c in categories if wanted in c.name.lower()][:SUGGESTIONS] or categories
            ),
        )

    def checklist_libraries(self) -> list[ChecklistLibrary]:
        query = Query.where(Field("isActive").eq(True))
        items = self.api.query("ChecklistLibraries", query)
        return [ChecklistLibrary.from_item(item) for item in items]

    def library_by_name(self, name: str) -> ChecklistLibrary:
        libraries = self.checklist_libraries()
        wanted = name.strip().lower()
        return only_one(
            "checklist library",
            name,
            [library for library in libraries if library.name.lower() == wanted],
            lambda library: f"{library.name} (id {library.id})",
            suggestions=lambda: [lib for lib in libraries if wanted in lib.name.lower()][
                :SUGGESTIONS
            ],
        )

    def library_items(self, library_id: int) -> list[ChecklistItem]:
        items = self.api.children("ChecklistLibraries", library_id, "ChecklistItems")
        return sorted((ChecklistItem.from_item(item) for item in items), key=_position)

    # fields ---------------------------------------------------------------------------------

    def fields(self, entity: str) -> list[FieldInfo]:
        return self.api.fields(entity)

    def field(self, entity: str, name: str) -> FieldInfo:
        for info in self.fields(entity):
            if info.name.lower() == name.lower():
                return info
        raise NotFoundError(SERVICE, f"{entity} has no field {name!r}")

    def picklist_value(self, entity: str, name: str, label_or_value: str | int) -> str:
        """The wire value of a picklist choice given by its label (or value)."""
        info = self.field(entity, name)
        choice = info.choice(label_or_value)
        if choice is None:
            labels = ", ".join(value.label for value in info.picklist if value.is_active)
            raise LookupFailed(
                SERVICE, f"{entity}.{info.name} has no choice {label_or_value!r}; choose: {labels}"
            )
        return choice.value

    def missing_required(self, entity: str, record: dict[str, Any]) -> list[FieldInfo]:
        """The required, writable fields the record leaves empty."""
        lowered = {key.lower(): value for key, value in record.items()}
        return [
            info
            for info in self.fields(entity)
            if info.is_required
            and not info.is_read_only
            and lowered.get(info.name.lower()) in (None, "")
        ]

    # tickets --------------------------------------------------------------------------------

    def ticket(self, ticket_id: int) -> Ticket:
        item = self.api.get("Tickets", ticket_id)
        if item is None:
            raise NotFoundError(SERVICE, f"no Autotask ticket with id {ticket_id}")
        return Ticket.from_item(item)

    def create_ticket(self, draft: TicketDraft) -> Ticket:
        """Create the ticket (once, even when the answer is lost) and read it back."""
        return self.send_ticket(self.prepare_ticket(draft))

    def prepare_ticket(self, draft: TicketDraft) -> PreparedCall:
        """`POST /Tickets`, status, priority and queue resolved to their picklist values."""
        settings = self.settings
        body: dict[str, Any] = {
            "companyID": draft.company_id,
            "title": draft.title,
            "description": draft.description or None,
            "contactID": draft.contact_id,
            "ticketCategory": draft.category_id,
            "status": self.picklist_value(
                "Tickets", "status", draft.status or settings.ticket_status
            ),
            "priority": self.picklist_value(
                "Tickets", "priority", draft.priority or settings.ticket_priority
            ),
            **draft.extra,
        }
        queue = draft.queue or settings.ticket_queue
        if queue:
            body["queueID"] = self.picklist_value("Tickets", "queueID", queue)
        return PreparedCall("POST", "/Tickets", {k: v for k, v in body.items() if v is not None})

    def send_ticket(self, call: PreparedCall) -> Ticket:
        """Send a `prepare_ticket` call (once, even when the answer is lost); the ticket."""
        company_id, title = call.body["companyID"], call.body["title"]
        started = datetime.now(UTC)

        def reconcile() -> int | None:
            ids = [ticket.id for ticket in self.recent_tickets(company_id, title, started)]
            return max(ids) if ids else None

        return self.ticket(self.api.create(call.path, call.body, reconcile=reconcile))

    def recent_tickets(self, company_id: int, title: str, since: datetime) -> list[Ticket]:
        """The company's tickets of that title created since `since` (less the skew window)."""
        query = Query.where(
            Field("companyID").eq(company_id),
            Field("title").eq(title),
            Field("createDate").gte(_since(since)),
        )
        return [Ticket.from_item(item) for item in self.api.query("Tickets", query)]

    def ticket_by_number(self, number: str) -> Ticket:
        """The ticket of that number (`T20261130.0001`); `NotFoundError` when there is none."""
        query = Query.where(Field("ticketNumber").eq(number.strip()))
        found = [Ticket.from_item(item) for item in self.api.query("Tickets", query, limit=1)]
        if not found:
            raise NotFoundError(SERVICE, f"no Autotask ticket numbered {number.strip()!r}")
        return found[0]

    def open_tickets(self, company_id: int, *, limit: int = 50) -> list[Ticket]:
        """The company's tickets not complete, newest first."""
        query = Query.where(
            Field("companyID").eq(company_id), Field("status").noteq(int(STATUS_COMPLETE))
        )
        found = [Ticket.from_item(item) for item in self.api.query("Tickets", query)]
        return sorted(found, key=lambda ticket: ticket.id, reverse=True)[:limit]

    def update_ticket(self, ticket_id: int, changes: dict[str, Any]) -> Ticket:
        """PATCH the given wire fields of a ticket and read it back."""
        return self.send_update(self.prepare_update(ticket_id, changes))

    def prepare_update(self, ticket_id: int, changes: dict[str, Any]) -> PreparedCall:
        """`PATCH /Tickets` with the ticket's id and the wire fields to change."""
        return PreparedCall("PATCH", "/Tickets", {"id": ticket_id, **changes})

    def send_update(self, call: PreparedCall) -> Ticket:
        """Send a `prepare_update` call (idempotent) and read the ticket back."""
        changes = {key: value for key, value in call.body.items() if key != "id"}
        self.api.update(call.path, call.body["id"], changes)
        return self.ticket(call.body["id"])

    def set_ticket_category(self, ticket_id: int, category_id: int) -> Ticket:
        return self.update_ticket(ticket_id, {"ticketCategory": category_id})

    # checklists -----------------------------------------------------------------------------

    def ticket_checklist(self, ticket_id: int) -> list[ChecklistItem]:
        items = self.api.children("Tickets", ticket_id, "ChecklistItems")
        return sorted((ChecklistItem.from_item(item) for item in items), key=_position)

    def apply_checklist_library(self, ticket_id: int, library_id: int) -> list[ChecklistItem]:
        """Append a library's items to the ticket's checklist; the items it added."""
        return self.send_library(self.prepare_library(ticket_id, library_id))

    def prepare_library(self, ticket_id: int, library_id: int) -> PreparedCall:
        body = {"ticketID": ticket_id, "checklistLibraryID": library_id}
        return PreparedCall("POST", f"/Tickets/{ticket_id}/ChecklistLibraries", body)

    def send_library(self, call: PreparedCall) -> list[ChecklistItem]:
        """Send a `prepare_library` call (once, even when the answer is lost); the items it
        added to the ticket's checklist."""
        ticket_id, library_id = call.body["ticketID"], call.body["checklistLibraryID"]
        before = len(self.ticket_checklist(ticket_id))
        names = [item.name for item in self.library_items(library_id)]
        limit = self.settings.checklist_item_limit
        if before + len(names) > limit:
            raise ValidationError(
                SERVICE,
                f"ticket {ticket_id} has {before} checklist items and the library adds "
                f"{len(names)}: more than the {limit} a ticket may hold ([autotask] "
                "checklist_item_limit); nothing was sent",
            )

        def added() -> list[ChecklistItem]:
            return self.ticket_checklist(ticket_id)[before:]

        def reconcile() -> dict[str, Any] | None:
            tail = [item.name for item in added()]
            return {"itemId": None} if tail[: len(names)] == names and names else None

        self.api.call(call.method, call.path, json=call.body, creates=True, reconcile=reconcile)
        return added()

    def complete_checklist_item(
        self, ticket_id: int, item_id: int, *, completed: bool = True
    ) -> ChecklistItem:
        self.api.update(f"Tickets/{ticket_id}/ChecklistItems", item_id, {"isCompleted": completed})
        item = self.api.get("TicketChecklistItems", item_id)
        if item is None:
            raise NotFoundError(SERVICE, f"no checklist item {item_id} on ticket {ticket_id}")
        return ChecklistItem.from_item(item)

    # notes ----------------------------------------------------------------------------------

    def add_ticket_note(
        self,
        ticket_id: int,
        title: str,
        description: str,
        *,
        note_type: str | None = None,
        publish: str | None = None,
    ) -> TicketNote:
        """Create a note on the ticket (once, even when the answer is lost)."""
        call = self.prepare_note(
            ticket_id, title, description, note_type=note_type, publish=publish
        )
        return self.send_note(call)

    def prepare_note(
        self,
        ticket_id: int,
        title: str,
        description: str,
        *,
        note_type: str | None = None,
        publish: str | None = None,
    ) -> PreparedCall:
        """`POST /Tickets/{id}/Notes`, note type and publish resolved to picklist values."""
        body = {
            "ticketID": ticket_id,
            "title": title,
            "description": description,
            "noteType": self.picklist_value(
                "TicketNotes", "noteType", note_type or self.settings.note_type
            ),
            "publish": self.picklist_value(
                "TicketNotes", "publish", publish or self.settings.note_publish
            ),
        }
        return PreparedCall("POST", f"/Tickets/{ticket_id}/Notes", body)

    def send_note(self, call: PreparedCall) -> TicketNote:
        """Send a `prepare_note` call (once, even when the answer is lost); the note."""
        started = datetime.now(UTC)

        def reconcile() -> int | None:
            return max((note.id for note in self.notes_like(call, started)), default=None)

        note_id = self.api.create(call.path, call.body, reconcile=reconcile)
        item = self.api.get("TicketNotes", note_id)
        if item is None:
            raise NotFoundError(SERVICE, f"the note {note_id} just created cannot be read")
        return TicketNote.from_item(item)

    def update_ticket_note(
        self, ticket_id: int, note_id: int, title: str, description: str
    ) -> TicketNote:
        """Replace a note's title and text (PATCH is idempotent: sent again, the same note)."""
        changes = {"title": title, "description": description}
        self.api.update(f"Tickets/{ticket_id}/Notes", note_id, changes)
        item = self.api.get("TicketNotes", note_id)
        if item is None:
            raise NotFoundError(SERVICE, f"the note {note_id} just updated cannot be read")
        return TicketNote.from_item(item)

    def ticket_notes(self, ticket_id: int) -> list[TicketNote]:
        """Every note of the ticket, oldest first."""
        query = Query.where(Field("ticketID").eq(ticket_id))
        notes = [TicketNote.from_item(item) for item in self.api.query("TicketNotes", query)]
        return sorted(notes, key=lambda note: (note.created_at or "", note.id))

    def notes_like(self, call: PreparedCall, since: datetime) -> list[TicketNote]:
        """The notes a `prepare_note` call made since `since` (same title and text)."""
        notes = self.recent_notes(call.body["ticketID"], call.body["title"], since)
        return [note for note in notes if note.description == call.body["description"]]

    def recent_notes(self, ticket_id: int, title: str, since: datetime) -> list[TicketNote]:
        """The ticket's notes of that title created since `since` (less the skew window)."""
        query = Query.where(
            Field("ticketID").eq(ticket_id),
            Field("title").eq(title),
            Field("createDateTime").gte(_since(since)),
        )
        return [TicketNote.from_item(item) for item in self.api.query("TicketNotes", query)]


def _position(item: ChecklistItem) -> tuple[int, int]:
    return (item.position, item.id)
