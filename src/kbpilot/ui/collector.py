"""Python's cyclic garbage collector kept off the path from a keystroke to its frame.

Typing 65 keys into the bench's 1,000-article KB, the TUI collected about 250 times (gen0 up to
5 ms, gen1 up to 14 ms) and twice over everything it holds (gen2, 100-120 ms, most of it objects
made at start that live until exit): each one landed in some keystroke's wait for its frame.
Once the search screen is up, what exists is frozen (`freeze`: never examined again, start-up
garbage included, a bounded amount), and from a keystroke until typing pauses after its frame,
collection is held (`hold`, `release`): it catches up in the pause.
"""

from __future__ import annotations

import gc


def freeze() -> None:
    """Leave every object that exists now out of later collections."""
    gc.freeze()


def hold() -> None:
    """No collection until `release`."""
    gc.disable()


def release() -> None:
    """Collect again (what was held is collected at the next allocations)."""
    gc.enable()
