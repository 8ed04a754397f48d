"""Staying inside a vendor's request budget: a client paces itself before the service refuses.

`RequestPacer` counts this client's requests in a rolling window and, once `margin` of the
allowed number were sent in the window, waits until the oldest leaves it before sending the next.
Limits and margin are settings (`[autotask]`, `[itglue]`); the clock and the sleep are injected,
so tests prove the pacing against the simulators (which enforce the real limits) without waiting.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass, field

from kbpilot.integrations.clock import Clock, Sleep, monotonic
from kbpilot.integrations.secrets import integration_logger

log = integration_logger("budget")
# Waits end this long after the oldest request left the window: the service counts by its own
# clock, and its window may close a moment later than ours.
SAFETY_SECONDS = 1.0


@dataclass
class RequestPacer:
    """At most `margin * limit` requests in any `window` seconds (thread-safe)."""

    limit: int
    window: float
    margin: float = 0.9
    clock: Clock = monotonic
    sleep: Sleep = field(default=time.sleep, repr=False)

    def __post_init__(self) -> None:
        self._sent: deque[float] = deque()
        self._lock = threading.Lock()
        self.waited = 0.0

    @property
    def allowed(self) -> int:
        return max(1, int(self.limit * self.margin))

    def used(self) -> int:
        with self._lock:
            self._expire(self.clock())
            return len(self._sent)

    def take(self) -> None:
        """Count one request, after waiting for room in the window when there is none."""
        while True:
            with self._lock:
                now = self.clock()
                self._expire(now)
                if len(self._sent) < self.allowed:
                    self._sent.append(now)
                    return
                wait = self._sent[0] + self.window - now + SAFETY_SECONDS
            log.info(
                "request budget: %d sent in %gs; waiting %.1fs", self.allowed, self.window, wait
            )
            self.waited += wait
            self.sleep(wait)

    def _expire(self, now: float) -> None:
        while self._sent and self._sent[0] <= now - self.window:
            self._sent.popleft()
