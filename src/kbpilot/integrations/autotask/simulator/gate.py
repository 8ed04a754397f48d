"""What the Autotask simulator checks before any route: credentials, and the request limits.

Any non-empty ApiIntegrationCode, UserName and Secret are accepted; a missing one answers 401,
as the real API does. The hourly request threshold is counted (ThresholdInformation reports
it), and a 4th concurrent request for one integration code and entity answers the thread
threshold error. Paths are matched case-insensitively, so the gate lowercases them.
"""

from __future__ import annotations

import threading
from collections import defaultdict, deque

from kbpilot.integrations.autotask.wire import (
    AUTH_HEADERS,
    THREAD_THRESHOLD_MESSAGE,
    THREAD_THRESHOLD_STATUS,
    THREADS_PER_ENTITY,
    entity_of,
)
from kbpilot.integrations.clock import Clock, monotonic
from kbpilot.integrations.sandbox.faults import ASGIApp, Receive, Scope, Send, json_answer

HOURLY_THRESHOLD = 10_000
THRESHOLD_WINDOW_SECONDS = 3600.0
UNAUTHENTICATED = ("/atservicesrest/versioninformation", "/zoneinformation")


class RequestBudget:
    """Requests in the rolling hour, and concurrent requests per (integration code, entity)."""

    def __init__(self, threshold: int = HOURLY_THRESHOLD, clock: Clock = monotonic) -> None:
        self.threshold = threshold
        self.clock = clock
        self._times: deque[float] = deque()
        self._lock = threading.Lock()
        self.in_flight: dict[tuple[str, str], int] = defaultdict(int)
        self.peak: dict[tuple[str, str], int] = defaultdict(int)

    def used(self) -> int:
        with self._lock:
            self._expire()
            return len(self._times)

    def spend(self) -> bool:
        """Count one request; False when the hourly threshold is already reached."""
        with self._lock:
            self._expire()
            if len(self._times) >= self.threshold:
                return False
            self._times.append(self.clock())
            return True

    def enter(self, key: tuple[str, str]) -> bool:
        with self._lock:
            if self.in_flight[key] >= THREADS_PER_ENTITY:
                return False
            self.in_flight[key] += 1
            self.peak[key] = max(self.peak[key], self.in_flight[key])
            return True

    def leave(self, key: tuple[str, str]) -> None:
        with self._lock:
            self.in_flight[key] -= 1

    def _expire(self) -> None:
        horizon = self.clock() - THRESHOLD_WINDOW_SECONDS
        while self._times and self._times[0] < horizon:
            self._times.popleft()


class AutotaskGate:
    """Credentials, threshold and thread limit in front of the Autotask simulator."""

    def __init__(self, app: ASGIApp, budget: RequestBudget) -> None:
        self.app = app
        self.budget = budget

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope = {**scope, "path": scope["path"].lower()}
        if scope["path"].rstrip("/").endswith(UNAUTHENTICATED):
            await self.app(scope, receive, send)
            return
        headers = {name.decode().lower(): value.decode() for name, value in scope["headers"]}
        missing = [name for name in AUTH_HEADERS if not headers.get(name.lower(), "").strip()]
        if missing:
            await json_answer(
                send, 401, {"errors": [f"Missing or empty header: {', '.join(missing)}"]}
            )
            return
        if not self.budget.spend():
            await json_answer(
                send, 429, {"errors": ["The API request threshold has been exceeded."]}
            )
            return
        entity = entity_of(scope["path"])
        if entity is None:
            await self.app(scope, receive, send)
            return
        key = (headers["apiintegrationcode"], entity)
        if not self.budget.enter(key):
            await json_answer(send, THREAD_THRESHOLD_STATUS, {"errors": [THREAD_THRESHOLD_MESSAGE]})
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self.budget.leave(key)
