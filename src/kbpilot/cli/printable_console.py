"""rich consoles for the CLI that show untrusted text as text (see `kbpilot.cli.safe_output`).

A console made by `printable_console` reads no emoji codes, and a render hook escapes control
characters in every text segment it renders; rich's own controls (colours, cursor moves) stay.
"""

from __future__ import annotations

from typing import IO

from rich.console import (
    Console,
    ConsoleOptions,
    ConsoleRenderable,
    RenderableType,
    RenderHook,
    RenderResult,
)
from rich.segment import Segment

from kbpilot.text_safety import printable


class _Printable:
    """A renderable whose text segments are made printable."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for segment in console.render(self.renderable, options):
            if segment.control:
                yield segment
            else:
                yield Segment(printable(segment.text), segment.style)


class _PrintableHook(RenderHook):
    def process_renderables(self, renderables: list[ConsoleRenderable]) -> list[ConsoleRenderable]:
        return [_Printable(renderable) for renderable in renderables]


def printable_console(stream: IO[str]) -> Console:
    """A console writing to `stream` (not guarded: its colours are escape sequences)."""
    console = Console(file=stream, highlight=False, emoji=False)
    console.push_render_hook(_PrintableHook())
    return console
