"""IT Glue's wire facts in one place, with the choices made where the reference is uncertain.

Both the client and the simulator read these; docs/integrations.md explains each choice.
"""

from __future__ import annotations

from typing import Any

import httpx

from kbpilot.errors import ConfigError
from kbpilot.integrations.errors import IntegrationError
from kbpilot.integrations.http import json_service_error

SERVICE = "itglue"
REGIONS = {
    "US": "https://api.itglue.com",
    "EU": "https://api.eu.itglue.com",
    "AU": "https://api.au.itglue.com",
}
HEADER_API_KEY = "x-api-key"
CONTENT_TYPE = "application/vnd.api+json"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
# Choice: the server marks every one of these as transient (Celerium retries 504 explicitly).
TRANSIENT_STATUSES = frozenset({500, 502, 503, 504})
# Choice: only "completed" is confirmed; the others are the simulator's invention.
EXPORT_PENDING = "pending"
EXPORT_PROCESSING = "processing"
EXPORT_COMPLETED = "completed"
EXPORT_FAILED = "failed"
EXPORT_RUNNING_MESSAGE = "Please check if there is an existing export!"
RATE_LIMIT_REQUESTS = 3000
RATE_LIMIT_WINDOW_SECONDS = 300.0


def base_url(region: str) -> str:
    """The API base URL of a region (US, EU or AU)."""
    key = region.strip().upper()
    if key not in REGIONS:
        raise ConfigError(
            "[itglue] region or KBPILOT_ITGLUE_REGION",
            f"unknown IT Glue region {region!r}; choose one of {', '.join(REGIONS)}",
        )
    return REGIONS[key]


def error_messages(body: Any) -> tuple[str, ...]:
    """`title: detail` of each JSON:API error object (status may be int or string)."""
    if not isinstance(body, dict) or not isinstance(body.get("errors"), list):
        return ()
    texts = []
    for entry in body["errors"]:
        if not isinstance(entry, dict):
            texts.append(str(entry))
            continue
        title, detail = entry.get("title"), entry.get("detail")
        texts.append(": ".join(str(part) for part in (title, detail) if part) or str(entry))
    return tuple(texts)


def parse_error(response: httpx.Response) -> IntegrationError:
    """The integration error an IT Glue answer stands for; reads the HTTP status, not the body's."""
    return json_service_error(SERVICE, response, error_messages, TRANSIENT_STATUSES)
