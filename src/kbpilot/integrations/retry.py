"""The one retry policy of both integrations: which failures are retried, and how long to wait.

Retried: rate limits (429 and Autotask's thread threshold), 5xx answers the service marks as
transient, connection failures and timeouts. Never retried: validation, auth and not-found
errors. A request that creates something is retried only when the failure proves the server
did not act (`IntegrationError.not_applied`); otherwise the caller reconciles first (see
`integrations.http`). Waits grow exponentially with full jitter, honour the server's
Retry-After, and are capped.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from kbpilot.integrations.errors import IntegrationError


@dataclass(frozen=True)
class RetryPolicy:
    """How many attempts a request gets and how long to wait between them (seconds)."""

    max_attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def should_retry(
        self, error: IntegrationError, attempt: int, *, creates: bool, proven_absent: bool = False
    ) -> bool:
        """Whether to send again after `error` ended attempt number `attempt` (1-based).

        A create is sent again only when the error proves the server did not act, or when the
        caller looked and proved the record absent (`proven_absent`).
        """
        if attempt >= self.max_attempts or not error.transient:
            return False
        return error.not_applied or proven_absent or not creates

    def delay(self, error: IntegrationError, attempt: int) -> float:
        """The wait before the next attempt: the server's Retry-After, else jittered backoff."""
        if error.retry_after is not None:
            return min(max(error.retry_after, 0.0), self.max_delay)
        ceiling = min(self.max_delay, self.base_delay * 2 ** (attempt - 1))
        return ceiling * self.random()

    def wait(self, error: IntegrationError, attempt: int) -> None:
        self.sleep(self.delay(error, attempt))
