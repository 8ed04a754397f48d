"""Autotask's limit of concurrent requests per entity, enforced before a request leaves."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from kbpilot.integrations.autotask.wire import THREADS_PER_ENTITY, entity_of


class EntityLimiter:
    """At most `limit` requests in flight per entity; more wait their turn (thread-safe)."""

    def __init__(self, limit: int = THREADS_PER_ENTITY) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._semaphores: dict[str, threading.BoundedSemaphore] = {}

    def _semaphore(self, entity: str) -> threading.BoundedSemaphore:
        with self._lock:
            if entity not in self._semaphores:
                self._semaphores[entity] = threading.BoundedSemaphore(self.limit)
            return self._semaphores[entity]

    @contextmanager
    def slot(self, url: str) -> Iterator[None]:
        entity = entity_of(httpx.URL(url).path)
        if entity is None:
            yield
            return
        with self._semaphore(entity):
            yield
