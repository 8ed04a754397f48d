"""The TimeZest operations kbpilot needs: appointment types and resources by name, and
scheduling requests linked to an Autotask ticket (prepared, sent once, read back).

Requests go through `ServiceHttp` (timeouts, errors, retries) with the key as a Bearer token.
A scheduling request is sent at most once per ticket: after an ambiguous failure the client
looks for a live request linked to the ticket before sending again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import httpx

from kbpilot.integrations.errors import LookupFailed, NotFoundError
from kbpilot.integrations.http import DEFAULT_TIMEOUT, ServiceHttp
from kbpilot.integrations.prepared import PreparedCall
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.timezest import wire
from kbpilot.integrations.timezest.credentials import TimeZestCredentials
from kbpilot.integrations.timezest.models import AppointmentType, Resource, SchedulingRequest
from kbpilot.integrations.timezest.settings import TimeZestSettings

R = TypeVar("R", AppointmentType, Resource)


def _named(kind: str, name: str, found: Sequence[R], label: Callable[[R], str]) -> R:
    """The one record called `name` (its full name, or its first word), any case."""
    wanted = name.strip().lower()
    matches = [r for r in found if wanted in (r.name.lower(), r.name.lower().split(" ")[0])]
    if len(matches) == 1:
        return matches[0]
    listed = ", ".join(label(r) for r in (matches or found))
    if matches:
        raise LookupFailed(wire.SERVICE, f"{len(matches)} {kind}s match {name!r}: {listed}")
    raise LookupFailed(wire.SERVICE, f"no TimeZest {kind} matches {name!r}; there are: {listed}")


class TimeZestClient:
    """TimeZest for one API key (at `base_url`: the real API unless a simulator's)."""

    def __init__(
        self,
        credentials: TimeZestCredentials,
        *,
        transport: httpx.BaseTransport | None = None,
        base_url: str | None = None,
        settings: TimeZestSettings | None = None,
        policy: RetryPolicy | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
    ) -> None:
        self.credentials = credentials
        self.settings = settings or TimeZestSettings()
        self.base_url = (base_url or wire.BASE_URL).rstrip("/")
        self.http = ServiceHttp.over(
            wire.SERVICE, transport, wire.parse_error, policy=policy, timeout=timeout
        )

    def __repr__(self) -> str:
        return f"TimeZestClient(base_url={self.base_url!r})"

    def close(self) -> None:
        self.http.close()

    def _headers(self) -> dict[str, str]:
        return {
            wire.HEADER_AUTHORIZATION: f"Bearer {self.credentials.api_key.reveal()}",
            "Accept": "application/json",
        }

    def _list(self, endpoint: str) -> Iterator[dict[str, Any]]:
        """Every item of a list endpoint, following `next_page`."""
        url: str | None = f"{self.base_url}{endpoint}"
        while url is not None:
            answer = self.http.call("GET", url, headers=self._headers()) or {}
            yield from answer.get(wire.PAGE_DATA, [])
            url = answer.get(wire.PAGE_NEXT)

    # lookups --------------------------------------------------------------------------------

    def appointment_types(self) -> list[AppointmentType]:
        return [AppointmentType.from_item(i) for i in self._list(wire.APPOINTMENT_TYPES)]

    def resources(self) -> list[Resource]:
        return [Resource.from_item(item) for item in self._list(wire.RESOURCES)]

    def appointment_type_by_name(self, name: str) -> AppointmentType:
        return _named("appointment type", name, self.appointment_types(), lambda t: t.name)

    def resource_by_name(self, name: str) -> Resource:
        return _named("resource", name, self.resources(), lambda r: f"{r.name} ({r.kind})")

    # scheduling requests --------------------------------------------------------------------

    def scheduling_request(self, request_id: str) -> SchedulingRequest:
        answer = self.http.call(
            "GET",
            f"{self.base_url}{wire.SCHEDULING_REQUESTS}/{request_id}",
            headers=self._headers(),
        )
        if not isinstance(answer, dict) or not answer.get("id"):
            raise NotFoundError(wire.SERVICE, f"no TimeZest scheduling request {request_id!r}")
        return SchedulingRequest.from_item(answer)

    def requests_for_ticket(self, ticket_id: int) -> list[SchedulingRequest]:
        """The live (new, sent or scheduled) requests linked to an Autotask ticket."""
        requests = [SchedulingRequest.from_item(i) for i in self._list(wire.SCHEDULING_REQUESTS)]
        return [r for r in requests if r.ticket_id == ticket_id and r.status in wire.LIVE_STATUSES]

    def prepare_scheduling_request(
        self,
        appointment_type: AppointmentType,
        resource: Resource,
        *,
        name: str,
        email: str,
        ticket_id: int,
        company_id: int,
        contact_id: int | None,
    ) -> PreparedCall:
        """`POST /scheduling_requests` for the ticket's contact, linked to the ticket, company
        and contact, as `send_scheduling_request` sends it."""
        entities = [
            {"type": wire.AUTOTASK_TICKET, "id": ticket_id},
            {"type": wire.AUTOTASK_COMPANY, "id": company_id},
        ]
        if contact_id is not None:
            entities.append({"type": wire.AUTOTASK_CONTACT, "id": contact_id})
        body = {
            "appointment_type_id": appointment_type.id,
            "resource_ids": [resource.id],
            "end_user_name": name,
            "end_user_email": email,
            "trigger_mode": self.settings.trigger_mode,
            "associated_entities": entities,
        }
        return PreparedCall("POST", wire.SCHEDULING_REQUESTS, body)

    def send_scheduling_request(self, call: PreparedCall) -> SchedulingRequest:
        """Send a prepared request (once per ticket, even when the answer is lost)."""
        ticket_id = next(
            e["id"] for e in call.body["associated_entities"] if e["type"] == wire.AUTOTASK_TICKET
        )

        def reconcile() -> dict[str, Any] | None:
            live = self.requests_for_ticket(ticket_id)
            return {"id": live[-1].id} if live else None

        answer = self.http.call(
            call.method,
            f"{self.base_url}{call.endpoint}",
            headers={**self._headers(), "Content-Type": "application/json"},
            json=call.body,
            creates=True,
            reconcile=reconcile,
        )
        return self.scheduling_request(str(answer["id"]))
