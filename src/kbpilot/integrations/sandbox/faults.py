"""Faults injected on demand: rate-limit answers, 5xx, latency and dropped connections.

A `Fault` matches requests by service, method and path pattern, fires with a probability
(`rate`) and at most `times` times, before the request reaches the simulator or `after` it was
processed (so a create is committed and its answer then lost). `FaultMiddleware` applies the
plan in front of one simulator; tests change the plan directly, a served sandbox through
`/_sandbox/faults`.
"""

from __future__ import annotations

import asyncio
import fnmatch
import json
import random
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import asdict, dataclass, field
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
ErrorBody = Callable[[int, str], Any]

KINDS = ("rate_limit", "server_error", "latency", "drop")


class ConnectionDropped(Exception):
    """Raised inside the server after the answer started: the server closes the connection."""


@dataclass
class Fault:
    """One kind of failure for the requests it matches (path patterns use `*`, any case)."""

    kind: str
    service: str = "*"
    method: str = "*"
    path: str = "*"
    rate: float = 1.0
    times: int | None = None
    status: int | None = None
    seconds: float = 0.0
    after: bool = False
    fired: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; choose one of {', '.join(KINDS)}")
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("a fault's rate is a probability between 0 and 1")

    def matches(self, service: str, method: str, path: str) -> bool:
        return (
            self.service in ("*", service)
            and self.method.upper() in ("*", method.upper())
            and fnmatch.fnmatch(path.lower(), self.path.lower())
            and (self.times is None or self.fired < self.times)
        )


@dataclass
class FaultPlan:
    """The faults in force, shared by both simulators (thread-safe, seeded randomness)."""

    faults: list[Fault] = field(default_factory=list)
    seed: int = 0

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._lock = threading.Lock()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def clear(self) -> None:
        with self._lock:
            self.faults.clear()

    def describe(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(fault) for fault in self.faults]

    def draw(self, service: str, method: str, path: str, *, after: bool) -> Fault | None:
        """The fault that fires for this request at this moment: the first matching one that
        fires (counted as fired), so faults added in turn hit successive requests."""
        with self._lock:
            for fault in self.faults:
                if not (fault.after == after and fault.matches(service, method, path)):
                    continue
                if fault.rate >= 1.0 or self._random.random() < fault.rate:
                    fault.fired += 1
                    return fault
        return None


async def _client_gone_within(seconds: float, receive: Receive) -> bool:
    """Wait `seconds`; True as soon as the client disconnects meanwhile."""
    try:
        async with asyncio.timeout(seconds):
            while (await receive())["type"] != "http.disconnect":
                continue
    except TimeoutError:
        return False
    return True


async def json_answer(
    send: Send, status: int, body: Any, headers: tuple[tuple[bytes, bytes], ...] = ()
) -> None:
    """Send a JSON answer from plain ASGI code."""
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), *headers],
        }
    )
    await send({"type": "http.response.body", "body": payload})


async def _drop(send: Send) -> None:
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"4096")]}
    )
    raise ConnectionDropped("fault injected: connection dropped")


class FaultMiddleware:
    """Applies a `FaultPlan` in front of one simulator; `error_body` shapes its error answers."""

    def __init__(self, app: ASGIApp, plan: FaultPlan, service: str, error_body: ErrorBody) -> None:
        self.app = app
        self.plan = plan
        self.service = service
        self.error_body = error_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method, path = scope["method"], scope["path"]
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        body = b""
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        before = self.plan.draw(self.service, method, path, after=False)
        if before is not None and await self._apply(before, receive, send):
            return
        after = self.plan.draw(self.service, method, path, after=True)
        if after is None:
            await self.app(scope, replay, send)
            return
        held: list[Message] = []

        async def hold(message: Message) -> None:
            held.append(message)

        await self.app(scope, replay, hold)
        if await self._apply(after, receive, send):
            return
        for message in held:
            await send(message)

    async def _apply(self, fault: Fault, receive: Receive, send: Send) -> bool:
        """Act out one fault; True when it answered (or dropped) in the request's place."""
        if fault.kind == "latency":
            return await _client_gone_within(fault.seconds, receive)
        if fault.kind == "drop":
            await _drop(send)
        status = fault.status or (429 if fault.kind == "rate_limit" else 503)
        headers = ((b"retry-after", str(fault.seconds).encode()),) if fault.seconds else ()
        text = "Rate limit exceeded" if fault.kind == "rate_limit" else "Service Unavailable"
        await json_answer(send, status, self.error_body(status, text), headers)
        return True
