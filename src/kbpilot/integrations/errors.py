"""The one error hierarchy of both integrations: what went wrong, said with the service's own words.

Every error derives from `kbpilot.errors.KbpilotError`, so the CLI and the TUI show it as a
message. The HTTP layer (`integrations.http`) raises them; `integrations.retry` decides from
their class and flags alone whether a request may be sent again.
"""

from __future__ import annotations

from kbpilot.errors import KbpilotError
from kbpilot.integrations.secrets import redact


class IntegrationError(KbpilotError):
    """A call to Autotask or IT Glue failed.

    `service` is "autotask" or "itglue"; `status` the HTTP status when there was an answer;
    `messages` the service's own error texts. `transient` marks a failure worth retrying;
    `not_applied` marks one that proves the server did not act on the request (so even a
    create may be sent again). Text is redacted: no registered secret ever appears in it.
    """

    transient = False
    not_applied = False

    def __init__(
        self,
        service: str,
        summary: str,
        *,
        status: int | None = None,
        messages: tuple[str, ...] = (),
        retry_after: float | None = None,
        transient: bool | None = None,
    ) -> None:
        self.service = service
        if transient is not None:
            self.transient = transient
        self.status = status
        self.messages = tuple(redact(message) for message in messages)
        self.retry_after = retry_after
        self.summary = redact(summary)
        super().__init__(self._text())

    def _text(self) -> str:
        label = {"autotask": "Autotask", "itglue": "IT Glue"}.get(self.service, self.service)
        status = f" (HTTP {self.status})" if self.status is not None else ""
        detail = "; ".join(self.messages)
        return f"{label}{status}: {self.summary}" + (f": {detail}" if detail else "")

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._text()!r})"


class AuthError(IntegrationError):
    """The credentials are missing, wrong, or not allowed to do this (401/403)."""


class NotFoundError(IntegrationError):
    """The record or route does not exist."""


class ValidationError(IntegrationError):
    """The service refused the request's content; sending it again cannot help."""


class RateLimitError(IntegrationError):
    """Too many requests (429, Autotask's thread threshold): the server refused before acting."""

    transient = True
    not_applied = True


class ServerError(IntegrationError):
    """The service failed; `transient` when the service marks the failure as temporary."""


class ServiceConnectionError(IntegrationError):
    """The connection failed; `not_applied` when it failed before the request was sent."""

    transient = True

    def __init__(self, service: str, summary: str, *, not_applied: bool) -> None:
        super().__init__(service, summary)
        self.not_applied = not_applied


class ServiceTimeoutError(IntegrationError):
    """No answer in time; `not_applied` when the time ran out before the request was sent."""

    transient = True

    def __init__(self, service: str, summary: str, *, not_applied: bool) -> None:
        super().__init__(service, summary)
        self.not_applied = not_applied


class LookupFailed(IntegrationError):
    """A name matched no record, or several: the message lists what was found instead."""


class CredentialsMissing(IntegrationError):
    """Credentials are not set; the message names the environment variables to set."""
