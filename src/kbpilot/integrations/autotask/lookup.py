"""Finding one record by the name a person typed: exactly one match, or an error that helps."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from kbpilot.integrations.autotask.wire import SERVICE
from kbpilot.integrations.errors import LookupFailed

R = TypeVar("R")


def only_one(
    kind: str,
    name: str,
    matches: Sequence[R],
    describe: Callable[[R], str],
    *,
    suggestions: Callable[[], Sequence[R]] = lambda: (),
) -> R:
    """The single match; else LookupFailed naming the matches or, for none, close names."""
    if len(matches) == 1:
        return matches[0]
    if matches:
        listed = ", ".join(describe(match) for match in matches)
        plural = kind[:-1] + "ies" if kind.endswith("y") else kind + "s"
        raise LookupFailed(SERVICE, f"{len(matches)} {plural} match {name!r}: {listed}")
    near = suggestions()
    hint = f"; did you mean: {', '.join(describe(item) for item in near)}" if near else ""
    raise LookupFailed(SERVICE, f"no {kind} matches {name!r}{hint}")
