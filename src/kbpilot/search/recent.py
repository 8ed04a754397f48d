"""A mapping that keeps its most recently used values up to a total size, for the caches a
searcher keeps for one generation of the index (a term's postings, a clause's scores)."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """Values by key; past `capacity` (the sum of `size` over the values), the least recently
    used are dropped (the last one put is always kept)."""

    def __init__(self, capacity: int, size: Callable[[V], int]) -> None:
        self.capacity = capacity
        self._size = size
        self._values: OrderedDict[K, V] = OrderedDict()
        self.total = 0

    def get(self, key: K) -> V | None:
        found = self._values.get(key)
        if found is not None:
            self._values.move_to_end(key)
        return found

    def put(self, key: K, value: V) -> None:
        old = self._values.pop(key, None)
        if old is not None:
            self.total -= self._size(old)
        self._values[key] = value
        self.total += self._size(value)
        while self.total > self.capacity and len(self._values) > 1:
            _, dropped = self._values.popitem(last=False)
            self.total -= self._size(dropped)

    def clear(self) -> None:
        self._values.clear()
        self.total = 0
