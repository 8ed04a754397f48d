"""Serving an ASGI app with uvicorn on 127.0.0.1, in the foreground or in a background thread.

`kbpilot sandbox serve` runs in the foreground; tests and `kbpilot sandbox demo` start a
`LoopbackServer` on an ephemeral port, talk to it over real HTTP, and stop it.
"""

from __future__ import annotations

import socket
import threading
import time

import uvicorn

from kbpilot.integrations.sandbox.faults import ASGIApp

HOST = "127.0.0.1"


def bind(port: int = 0) -> socket.socket:
    """A listening socket on 127.0.0.1 (port 0: any free port)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, port))
    sock.listen(128)
    return sock


def make_server(app: ASGIApp, log_level: str = "warning") -> uvicorn.Server:
    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="off")
    return uvicorn.Server(config)


def origin_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"http://{host}:{port}"


class LoopbackServer:
    """uvicorn serving `app` on an ephemeral 127.0.0.1 port in a daemon thread."""

    def __init__(self, app: ASGIApp) -> None:
        self._socket = bind(0)
        self.origin = origin_of(self._socket)
        self._server = make_server(app, log_level="critical")
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, daemon=True
        )

    def __enter__(self) -> LoopbackServer:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    @property
    def answering(self) -> int:
        """How many requests the server is answering at this moment."""
        return len(self._server.server_state.tasks)

    def start(self, wait: float = 10.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + wait
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the loopback server did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()
