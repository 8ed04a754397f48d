"""Autotask's REST surface, entity-agnostic: zone discovery, auth headers, CRUD and paging.

Who calls what: `AutotaskClient` (the workflow's operations) calls `AutotaskApi`, which sends
through `ServiceHttp` (timeouts, errors, retries) on the `httpx` transport it was given and
holds each request to Autotask's per-entity concurrency limit (`EntityLimiter`). The API base
comes from zoneInformation for the user, cached (`ZoneCache`); a 401 on a cached zone
rediscovers it once, since a database can move zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx

from kbpilot.integrations.autotask import wire
from kbpilot.integrations.autotask.credentials import AutotaskCredentials
from kbpilot.integrations.autotask.limiter import EntityLimiter
from kbpilot.integrations.autotask.models import FieldInfo
from kbpilot.integrations.autotask.query import Query
from kbpilot.integrations.autotask.zones import ZoneCache
from kbpilot.integrations.budget import RequestPacer
from kbpilot.integrations.errors import AuthError, IntegrationError, ServerError
from kbpilot.integrations.http import DEFAULT_TIMEOUT, ServiceHttp
from kbpilot.integrations.retry import RetryPolicy


class AutotaskApi:
    """Requests to one Autotask database as one API user."""

    def __init__(
        self,
        credentials: AutotaskCredentials,
        *,
        transport: httpx.BaseTransport | None = None,
        discovery_url: str = wire.DEFAULT_DISCOVERY_URL,
        policy: RetryPolicy | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        zone_cache: ZoneCache | None = None,
        limiter: EntityLimiter | None = None,
        pacer: RequestPacer | None = None,
    ) -> None:
        self.credentials = credentials
        self.discovery_url = discovery_url if discovery_url.endswith("/") else discovery_url + "/"
        self.zone_cache = zone_cache or ZoneCache()
        self.limiter = limiter or EntityLimiter()
        self.http = ServiceHttp.over(
            wire.SERVICE,
            transport,
            wire.parse_error,
            policy=policy,
            timeout=timeout,
            gate=self.limiter.slot,
            pacer=pacer,
        )
        self._base: str | None = None
        self._zone_from_cache = False
        self._fields: dict[str, list[FieldInfo]] = {}

    def __repr__(self) -> str:
        return f"AutotaskApi(user={self.credentials.username!r}, zone={self._base!r})"

    def close(self) -> None:
        self.http.close()

    def headers(self) -> dict[str, str]:
        return {
            wire.HEADER_INTEGRATION_CODE: self.credentials.integration_code.reveal(),
            wire.HEADER_USERNAME: self.credentials.username,
            wire.HEADER_SECRET: self.credentials.secret.reveal(),
            "Accept": "application/json",
        }

    # zone -----------------------------------------------------------------------------------

    def zone(self) -> dict[str, Any]:
        """The zoneInformation answer for the API user (not cached: `base_url` caches)."""
        answer = self.http.call(
            "GET",
            f"{self.discovery_url}{wire.VERSION}/zoneInformation",
            headers=self.headers(),
            params={"user": self.credentials.username},
        )
        if not isinstance(answer, dict) or not answer.get("url"):
            raise ServerError(wire.SERVICE, "zoneInformation answered without a url")
        return answer

    def base_url(self) -> str:
        """`<zone url>/V1.0/`, discovered once per user and remembered."""
        if self._base is None:
            url = self.zone_cache.get(self.discovery_url, self.credentials.username)
            self._zone_from_cache = url is not None
            if url is None:
                url = str(self.zone()["url"])
                self.zone_cache.put(self.discovery_url, self.credentials.username, url)
            self._base = f"{url.rstrip('/')}/{wire.VERSION}/"
        return self._base

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        creates: bool = False,
        reconcile: Callable[[], Any] | None = None,
    ) -> Any:
        """A request to `path` under the zone's base, or to an absolute URL (a next page)."""
        absolute = path.startswith(("http://", "https://"))

        def send() -> Any:
            return self.http.call(
                method,
                path if absolute else self.base_url() + path,
                headers={**self.headers(), "Content-Type": "application/json"},
                json=json,
                creates=creates,
                reconcile=reconcile,
            )

        try:
            return send()
        except AuthError:
            if absolute or not self._zone_from_cache:
                raise
            self.zone_cache.forget(self.discovery_url, self.credentials.username)
            self._base = None
            return send()

    # entities -------------------------------------------------------------------------------

    def get(self, entity: str, record_id: int) -> dict[str, Any] | None:
        """One record by id; None when it does not exist (Autotask answers `{"item": null}`)."""
        answer = self.call("GET", f"{entity}/{record_id}")
        return answer.get("item") if isinstance(answer, dict) else None

    def query(self, entity: str, query: Query, *, limit: int | None = None) -> Iterator[dict]:
        """Every record the query matches, page by page (following `nextPageUrl`)."""
        if limit is not None and query.max_records is None:
            query = query.limited(min(limit, wire.MAX_PAGE_SIZE))
        body = query.to_json()
        yield from self._pages(f"{entity}/query", limit, body)

    def count(self, entity: str, query: Query) -> int:
        answer = self.call("POST", f"{entity}/query/count", json=query.to_json())
        return int(answer["queryCount"])

    def children(self, parent: str, parent_id: int, child: str) -> list[dict[str, Any]]:
        """A parent's child collection (`GET /Tickets/7/ChecklistItems`), every page."""
        return list(self._pages(f"{parent}/{parent_id}/{child}", None, None))

    def _pages(self, path: str, limit: int | None, body: dict[str, Any] | None) -> Iterator[dict]:
        method = "GET" if body is None else "POST"
        seen = 0
        url: str | None = path
        while url is not None:
            answer = self.call(method, url, json=body)
            for item in answer.get("items", []):
                if limit is not None and seen >= limit:
                    return
                seen += 1
                yield item
            url = (answer.get("pageDetails") or {}).get("nextPageUrl")

    def create(
        self,
        path: str,
        body: dict[str, Any],
        *,
        reconcile: Callable[[], int | None] | None = None,
    ) -> int:
        """POST a new record (root `Tickets` or child `Tickets/7/Notes`); its id.

        `reconcile` returns the id of the record when an ambiguous failure left it created.
        """

        def found() -> dict[str, int] | None:
            record_id = reconcile() if reconcile else None
            return None if record_id is None else {"itemId": record_id}

        answer = self.call("POST", path, json=_without_nulls(body), creates=True, reconcile=found)
        return _item_id(answer)

    def update(self, path: str, record_id: int, changes: dict[str, Any]) -> int:
        """PATCH the fields in `changes` of record `record_id`; the URL carries no id."""
        answer = self.call("PATCH", path, json={"id": record_id, **changes})
        return _item_id(answer)

    def fields(self, entity: str) -> list[FieldInfo]:
        """entityInformation/fields of an entity (required fields, picklists), cached."""
        key = entity.lower()
        if key not in self._fields:
            answer = self.call("GET", f"{entity}/entityInformation/fields")
            self._fields[key] = [FieldInfo.from_item(item) for item in answer.get("fields", [])]
        return self._fields[key]

    def threshold(self) -> dict[str, Any]:
        """ThresholdInformation: the database's request budget and what is used of it."""
        return self.call("GET", "ThresholdInformation")


def _without_nulls(body: dict[str, Any]) -> dict[str, Any]:
    """Autotask answers 500 to null-valued properties: leave them out."""
    return {key: value for key, value in body.items() if value is not None}


def _item_id(answer: Any) -> int:
    if not isinstance(answer, dict) or answer.get("itemId") is None:
        raise IntegrationError(wire.SERVICE, f"unexpected answer, no itemId: {answer!r:.200}")
    return int(answer["itemId"])
