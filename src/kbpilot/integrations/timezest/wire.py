"""TimeZest's wire facts in one place, each marked with how sure it is.

Both the client and the simulator read these. Marks: [docs] the vendor's documentation
(developer.timezest.com, help.timezest.com); [3rd-party] seen in public clients of the API;
[guess] inferred. ../shared/reference/timezest/NOTES.md gives the sources; docs/integrations.md
("TimeZest: choices on uncertain facts") explains each choice.
"""

from __future__ import annotations

from typing import Any

import httpx

from kbpilot.integrations.errors import IntegrationError
from kbpilot.integrations.http import json_service_error

SERVICE = "timezest"
BASE_URL = "https://api.timezest.com/v1"  # [docs]
HEADER_AUTHORIZATION = "Authorization"  # [docs] "Bearer <key>"

APPOINTMENT_TYPES = "/appointment_types"  # [docs] resource; path [3rd-party]
RESOURCES = "/resources"  # [docs] resource (agents and teams); path [3rd-party]
SCHEDULING_REQUESTS = "/scheduling_requests"  # [docs] resource and path

# [docs] a scheduling request's statuses.
STATUS_NEW = "new"
STATUS_SENT = "sent"
STATUS_SCHEDULED = "scheduled"
STATUS_CANCELLED = "cancelled"
STATUS_CLOSED = "closed"
STATUSES = (STATUS_NEW, STATUS_SENT, STATUS_SCHEDULED, STATUS_CANCELLED, STATUS_CLOSED)
LIVE_STATUSES = (STATUS_NEW, STATUS_SENT, STATUS_SCHEDULED)

# [3rd-party] create body: appointment_type_id, resource_ids (must be an array), end_user_name,
# end_user_email, trigger_mode, associated_entities.
TRIGGER_POD = "pod"  # TimeZest e-mails the link, as "Ask Client to Schedule" does
TRIGGER_GENERATE_URL = "generate_url"  # only the link is made
# [docs] entity types linking a request to the PSA; [3rd-party] the {"type", "id"} shape.
AUTOTASK_TICKET = "autotask/ticket"
AUTOTASK_COMPANY = "autotask/company"
AUTOTASK_CONTACT = "autotask/contact"

# [3rd-party] lists answer {"data": [...], "next_page": URL or null}.
PAGE_DATA = "data"
PAGE_NEXT = "next_page"
# [guess] the request's link to book (the shareable URL's shape is [docs] for ConnectWise:
# https://{tenant}.timezest.com/{agent}/{appointment type}/ticket/{ticket number}).
SCHEDULING_URL = "scheduling_url"
# [3rd-party, unverified] 180 requests per minute per account; the client keeps under it.
RATE_LIMIT_REQUESTS = 180
RATE_LIMIT_WINDOW_SECONDS = 60.0
TRANSIENT_STATUSES = frozenset({502, 503, 504})  # [guess]


def error_messages(body: Any) -> tuple[str, ...]:
    """The texts of an error body: `{"message": ...}` or `{"errors": [...]}` ([guess])."""
    if not isinstance(body, dict):
        return ()
    if isinstance(body.get("errors"), list):
        return tuple(str(entry) for entry in body["errors"])
    return (str(body["message"]),) if body.get("message") else ()


def parse_error(response: httpx.Response) -> IntegrationError:
    """The integration error a TimeZest answer stands for (any status but 2xx)."""
    return json_service_error(SERVICE, response, error_messages, TRANSIENT_STATUSES)
