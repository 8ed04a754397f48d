"""The bounds of one template rendering: a time limit and a size limit, and the sandboxed
jinja2 environment that keeps them.

A KB's templates (articles with placeholders, `kb/templates/`) are written by editors, not by
kbpilot: a loop inside a loop over `range(100000)` must not hold `run do` for minutes or fill the
memory. `BoundedEnvironment` checks the clock on every call, every `range` item and every piece
of output, caps the text made by `*` and `**`, and the rendering stops with `RenderLimitError`
once it takes longer than `SECONDS` or its output (or a value it makes) passes `CHARACTERS`.
"""

from __future__ import annotations

import operator
import threading
import time
from collections.abc import Iterator
from typing import Any

from jinja2.sandbox import SandboxedEnvironment, safe_range

from kbpilot.errors import KbpilotError

SECONDS = 5.0
CHARACTERS = 1_000_000


class RenderLimitError(KbpilotError):
    """A rendering took too long or made too much text."""


class Budget:
    """The deadline and output size of the rendering under way."""

    def __init__(self, seconds: float, characters: int) -> None:
        self.seconds = seconds
        self.characters = characters
        self.deadline = time.monotonic() + seconds
        self.written = 0

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimitError(
                f"rendering took longer than {self.seconds:g} s (a loop too large?); stopped"
            )

    def size(self, length: int) -> None:
        if length > self.characters:
            raise RenderLimitError(
                f"rendering made more than {self.characters:,} characters; stopped"
            )

    def write(self, piece: str) -> None:
        self.written += len(piece)
        self.size(self.written)
        self.tick()


class BoundedEnvironment(SandboxedEnvironment):
    """A SandboxedEnvironment whose renderings keep to a `Budget`."""

    intercepted_binops = frozenset({"*", "**"})

    def __init__(
        self, *args: Any, seconds: float = SECONDS, characters: int = CHARACTERS, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.seconds = seconds
        self.characters = characters
        self._local = threading.local()
        self.globals["range"] = self._range

    @property
    def budget(self) -> Budget:
        """This thread's rendering budget (a fresh one outside `render_bounded`)."""
        budget = getattr(self._local, "budget", None)
        if budget is None:
            budget = self._local.budget = Budget(self.seconds, self.characters)
        return budget

    def render_bounded(self, template: Any, context: dict[str, Any]) -> str:
        """Render `template` (a jinja2 Template of this environment) within a fresh budget."""
        budget = self._local.budget = Budget(self.seconds, self.characters)
        pieces = []
        for piece in template.generate(context):
            budget.write(piece)
            pieces.append(piece)
        return "".join(pieces)

    def _range(self, *args: int) -> Iterator[int]:
        for number in safe_range(*args):
            self.budget.tick()
            yield number

    def call(self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        self.budget.tick()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        if operator_ == "**":
            if isinstance(right, int) and right > 64 and left not in (0, 1, -1):
                raise RenderLimitError(f"{left} ** {right} is too large a number; stopped")
            return operator.pow(left, right)
        if isinstance(left, int) and not isinstance(right, int):
            left, right = right, left
        if isinstance(right, int) and hasattr(left, "__len__"):
            self.budget.size(len(left) * right)
        return operator.mul(left, right)
