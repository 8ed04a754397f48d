"""Autotask's wire facts in one place, with the choices made where the reference is uncertain.

Both the client and the simulator read these, so changing a choice here changes both sides.
See docs/integrations.md ("Autotask: choices on uncertain facts") for the reasoning.
"""

from __future__ import annotations

from typing import Any

import httpx

from kbpilot.integrations.errors import (
    IntegrationError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from kbpilot.integrations.http import answer_facts, common_error, retry_after

SERVICE = "autotask"
DEFAULT_DISCOVERY_URL = "https://webservices.autotask.net/ATServicesRest/"
VERSION = "V1.0"
HEADER_INTEGRATION_CODE = "ApiIntegrationCode"
HEADER_USERNAME = "UserName"
HEADER_SECRET = "Secret"
AUTH_HEADERS = (HEADER_INTEGRATION_CODE, HEADER_USERNAME, HEADER_SECRET)

MAX_PAGE_SIZE = 500
MAX_OR_CONDITIONS = 500
MAX_TICKET_CHECKLIST_ITEMS = 40
THREADS_PER_ENTITY = 3
THREAD_THRESHOLD_CODE = "Itgenatr005"
THREAD_THRESHOLD_MESSAGE = (
    f"{THREAD_THRESHOLD_CODE}: Thread Threshold Exceeded - The Autotask API thread threshold "
    f"of {THREADS_PER_ENTITY} threads has been exceeded."
)
# Choice: the thread threshold answers 429 (the reference does not know the status); the
# client recognises it by its text whatever the status.
THREAD_THRESHOLD_STATUS = 429
# Choice: 500 is Autotask's answer to validation and business-rule failures, so it is never
# retried; these statuses are the transient ones.
TRANSIENT_STATUSES = frozenset({502, 503, 504})

OPERATORS = (
    "eq",
    "noteq",
    "gt",
    "gte",
    "lt",
    "lte",
    "beginsWith",
    "endsWith",
    "contains",
    "exist",
    "notExist",
    "in",
    "notIn",
)
GROUP_OPERATORS = ("and", "or")
VALUELESS_OPERATORS = ("exist", "notExist")
LIST_OPERATORS = ("in", "notIn")

# Ticket status 5 is the system "Complete" value.
STATUS_COMPLETE = "5"


def entity_of(path: str) -> str | None:
    """The thread-limited object endpoint of a URL path: the segment after `V1.0`, lowercased.

    Choice: a child URL (`/Tickets/7/Notes`) counts against its root entity (`tickets`).
    ZoneInformation is exempt and gives None.
    """
    segments = [segment for segment in path.split("/") if segment]
    lowered = [segment.lower() for segment in segments]
    if VERSION.lower() not in lowered:
        return None
    index = lowered.index(VERSION.lower())
    entity = lowered[index + 1] if index + 1 < len(lowered) else None
    return None if entity in (None, "zoneinformation") else entity


def error_messages(body: Any) -> tuple[str, ...]:
    """The texts of an `{"errors": [...]}` body (strings, or objects with a message)."""
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return ()
    texts = []
    for entry in body["errors"]:
        if isinstance(entry, dict):
            texts.append(str(entry.get("message") or entry))
        else:
            texts.append(str(entry))
    return tuple(texts)


def parse_error(response: httpx.Response) -> IntegrationError:
    """The integration error an Autotask answer stands for (any status but 2xx)."""
    status, where, messages = answer_facts(response, error_messages)
    if any("thread threshold" in message.lower() for message in messages):
        return RateLimitError(
            SERVICE,
            f"too many requests: {where}",
            status=status,
            messages=messages,
            retry_after=retry_after(response),
        )
    common = common_error(SERVICE, response, messages)
    if common is not None:
        return common
    if status in TRANSIENT_STATUSES:
        return ServerError(
            SERVICE,
            f"temporarily unavailable: {where}",
            status=status,
            messages=messages,
            retry_after=retry_after(response),
            transient=True,
        )
    if status == 500 or 400 <= status < 500:
        return ValidationError(
            SERVICE, f"request refused: {where}", status=status, messages=messages
        )
    return ServerError(SERVICE, f"server error: {where}", status=status, messages=messages)
