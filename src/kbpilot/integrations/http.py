"""Sending one request to a service: timeouts, error mapping, retries and reconciliation.

Who calls what: a service client (`autotask.api`, `itglue.client`) builds a `ServiceHttp`
around an `httpx.Client` on whatever transport it was given, with its own `parse_error`
(the service's answer -> one of `integrations.errors`). `ServiceHttp.call()` sends, maps
failures, and asks `RetryPolicy` whether to go again. For a create whose failure leaves it
unknown whether the server acted (a timeout or a dropped connection after sending), the caller
passes `reconcile`: a lookup that returns the created record's answer when it exists. Only when
the lookup proves the record absent is the create sent again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any, TypeVar

import httpx

from kbpilot.integrations.budget import RequestPacer
from kbpilot.integrations.errors import (
    AuthError,
    IntegrationError,
    NotFoundError,
    RateLimitError,
    ServerError,
    ServiceConnectionError,
    ServiceTimeoutError,
    ValidationError,
)
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.secrets import integration_logger

T = TypeVar("T")
ParseError = Callable[[httpx.Response], IntegrationError]
Gate = Callable[[str], AbstractContextManager[object]]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)

log = integration_logger("http")


def timeout_of(seconds: float) -> httpx.Timeout:
    """A request timeout of `seconds`, connecting within at most 10 s of it."""
    return httpx.Timeout(seconds, connect=min(seconds, 10.0))


def _no_gate(_url: str) -> AbstractContextManager[object]:
    return contextlib.nullcontext()


def transport_error(
    service: str, exc: httpx.TransportError, request: httpx.Request
) -> IntegrationError:
    """The integration error for a failure below HTTP; `not_applied` when nothing was sent."""
    where = f"{request.method} {request.url.copy_with(query=None)}"
    not_sent = isinstance(exc, _NOT_SENT)
    if isinstance(exc, httpx.TimeoutException):
        phase = "connecting" if not_sent else "waiting for the answer"
        return ServiceTimeoutError(service, f"timed out {phase}: {where}", not_applied=not_sent)
    phase = "could not connect" if not_sent else "the connection failed"
    return ServiceConnectionError(
        service, f"{phase}: {where}: {type(exc).__name__}", not_applied=not_sent
    )


def retry_after(response: httpx.Response) -> float | None:
    """The Retry-After header in seconds, when the server sent a number."""
    value = response.headers.get("retry-after")
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def answer_facts(
    response: httpx.Response, read_messages: Callable[[Any], tuple[str, ...]]
) -> tuple[int, str, tuple[str, ...]]:
    """(status, "METHOD /path", the service's messages) of an answer; no messages if not JSON."""
    try:
        messages = read_messages(response.json())
    except ValueError:
        messages = ()
    return response.status_code, f"{response.request.method} {response.request.url.path}", messages


def common_error(
    service: str, response: httpx.Response, messages: tuple[str, ...]
) -> IntegrationError | None:
    """The error both services mean by 401/403, 404 and 429; None for any other status."""
    status, where, _ = answer_facts(response, lambda _body: ())
    if status == 429:
        return RateLimitError(
            service,
            f"too many requests: {where}",
            status=status,
            messages=messages,
            retry_after=retry_after(response),
        )
    if status in (401, 403):
        return AuthError(service, f"not authorised: {where}", status=status, messages=messages)
    if status == 404:
        return NotFoundError(
            service, f"no such resource: {where}", status=status, messages=messages
        )
    return None


def json_service_error(
    service: str,
    response: httpx.Response,
    read_messages: Callable[[Any], tuple[str, ...]],
    transient_statuses: frozenset[int],
) -> IntegrationError:
    """The error of a service that means what HTTP says: 401/403, 404 and 429 as both services
    do, 5xx a server error (transient for `transient_statuses`), any other a refused request."""
    status, where, messages = answer_facts(response, read_messages)
    common = common_error(service, response, messages)
    if common is not None:
        return common
    if status >= 500:
        return ServerError(
            service,
            f"server error: {where}",
            status=status,
            messages=messages,
            retry_after=retry_after(response),
            transient=status in transient_statuses,
        )
    return ValidationError(service, f"request refused: {where}", status=status, messages=messages)


class ServiceHttp:
    """One service's requests over one `httpx.Client`, with the shared retry policy."""

    def __init__(
        self,
        service: str,
        client: httpx.Client,
        parse_error: ParseError,
        *,
        policy: RetryPolicy,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        gate: Gate = _no_gate,
        pacer: RequestPacer | None = None,
    ) -> None:
        self.service = service
        self.client = client
        self.parse_error = parse_error
        self.policy = policy
        self.timeout = timeout
        self.gate = gate
        self.pacer = pacer

    @classmethod
    def over(
        cls,
        service: str,
        transport: httpx.BaseTransport | None,
        parse_error: ParseError,
        *,
        policy: RetryPolicy | None,
        timeout: httpx.Timeout,
        gate: Gate = _no_gate,
        pacer: RequestPacer | None = None,
    ) -> ServiceHttp:
        """A ServiceHttp on a new `httpx.Client` over `transport` (None: the network)."""
        client = httpx.Client(transport=transport, timeout=timeout)
        return cls(
            service,
            client,
            parse_error,
            policy=policy or RetryPolicy(),
            timeout=timeout,
            gate=gate,
            pacer=pacer,
        )

    def close(self) -> None:
        self.client.close()

    def __repr__(self) -> str:
        return f"ServiceHttp({self.service!r})"

    def call(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        json: Any = None,
        creates: bool = False,
        reconcile: Callable[[], Any] | None = None,
    ) -> Any:
        """Send until success or a final failure; the answer's JSON (None when empty).

        `creates` marks a request that is not safe to repeat; `reconcile` (for those) returns
        the answer the create would have given when the record exists, else None.
        """

        def attempt() -> Any:
            response = self.send(method, url, headers=headers, params=params, json=json)
            if not response.content:
                return None
            try:
                return response.json()
            except ValueError:
                kind = response.headers.get("content-type", "no content type")
                raise ServerError(
                    self.service,
                    f"{method} {response.request.url.path}: the answer is not JSON ({kind}); "
                    "check the service's base URL, or try again later",
                    status=response.status_code,
                    transient=False,
                ) from None

        return self._retrying(f"{method} {url}", attempt, creates=creates, reconcile=reconcile)

    def download(self, url: str) -> bytes:
        """GET a URL with no service headers at all (a signed download link), with retries."""
        return self._retrying(f"GET {url}", lambda: self.send("GET", url).content, creates=False)

    def send(
        self,
        method: str,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        json: Any = None,
    ) -> httpx.Response:
        """One attempt: the response when it is a success, else the mapped error raised."""
        request = self.client.build_request(
            method, url, headers=headers, params=params, json=json, timeout=self.timeout
        )
        if self.pacer is not None:
            self.pacer.take()
        with self.gate(str(request.url)):
            try:
                response = self.client.send(request)
            except httpx.TransportError as exc:
                raise transport_error(self.service, exc, request) from None
        log.debug("%s %s -> %d", method, request.url.copy_with(query=None), response.status_code)
        if response.is_success:
            return response
        raise self.parse_error(response)

    def _retrying(
        self,
        what: str,
        attempt: Callable[[], T],
        *,
        creates: bool,
        reconcile: Callable[[], T | None] | None = None,
    ) -> T:
        number = 1
        while True:
            try:
                return attempt()
            except IntegrationError as error:
                proven_absent = False
                if creates and error.transient and not error.not_applied and reconcile:
                    log.info("%s failed (%s); looking for the record", what, error)
                    found = reconcile()
                    if found is not None:
                        log.info("%s had succeeded; not sending it again", what)
                        return found
                    proven_absent = True
                if not self.policy.should_retry(
                    error, number, creates=creates, proven_absent=proven_absent
                ):
                    raise
                log.warning("%s attempt %d failed: %s; retrying", what, number, error)
                self.policy.wait(error, number)
                number += 1
