"""The time request limits are counted by: `time.monotonic` in use, a hand-moved one in tests."""

from __future__ import annotations

import time
from collections.abc import Callable

Clock = Callable[[], float]
Sleep = Callable[[float], None]


def monotonic() -> float:
    return time.monotonic()
