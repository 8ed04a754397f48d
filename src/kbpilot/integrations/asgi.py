"""A synchronous httpx transport onto an ASGI app in this process (for `--sandbox`).

httpx's `ASGITransport` is async-only and kbpilot's clients are synchronous, so this transport
runs `ASGITransport` on a private event loop in a daemon thread and waits for each answer.
It behaves like the network where the clients can tell: the request's read timeout raises
`httpx.ReadTimeout` (and cancels the request in the app, as a closed connection would), and
an app that fails after starting its answer looks like a dropped connection
(`httpx.RemoteProtocolError`), as uvicorn would make it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any

import httpx

from kbpilot.integrations.sandbox.faults import ASGIApp, Message, Receive, Scope, Send


class _AnswerStarted:
    """Wraps an app to remember whether it started its answer before failing."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as error:
            if started:
                raise httpx.RemoteProtocolError("server disconnected mid-answer") from error
            raise


class SyncASGITransport(httpx.BaseTransport):
    """`httpx.ASGITransport` for `httpx.Client`: one private loop thread per transport."""

    def __init__(self, app: ASGIApp) -> None:
        self._transport = httpx.ASGITransport(app=_AnswerStarted(app), raise_app_exceptions=True)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="kbpilot-asgi", daemon=True
        )
        self._thread.start()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        timeout = (request.extensions.get("timeout") or {}).get("read")
        body = request.read()
        forwarded = httpx.Request(
            request.method, request.url, headers=request.headers, content=body
        )
        future = asyncio.run_coroutine_threadsafe(self._send(forwarded), self._loop)
        try:
            status, headers, content = future.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise httpx.ReadTimeout("timed out waiting for the sandbox", request=request) from None
        except httpx.TransportError as error:
            raise type(error)(str(error), request=request) from None
        return httpx.Response(status, headers=headers, content=content, request=request)

    async def _send(self, request: httpx.Request) -> tuple[int, Any, bytes]:
        response = await self._transport.handle_async_request(request)
        content = await response.aread()
        return response.status_code, response.headers, content

    def close(self) -> None:
        if self._loop.is_running():
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        if not self._loop.is_running():
            self._loop.close()
