"""A Rich renderable laid out ahead of time, off the UI thread: drawing it is a copy of lines.

The preview pane shows a whole article as Rich Markdown. Textual lays a renderable out twice on
the UI thread (once to measure its height, once to draw it), which for a long article took longer
than a keystroke may. `prerender()` lays it out once, in a worker, at the width the pane will
give it; `Prerendered` then hands those lines to Textual. Asked for another width (the terminal
was resized), it lays the original out again there.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.console import Console, ConsoleOptions, RenderableType
from rich.measure import Measurement
from rich.segment import Segment


@dataclass(frozen=True)
class Prerendered:
    """`renderable` laid out `width` cells wide as `lines`."""

    renderable: RenderableType
    width: int
    lines: list[list[Segment]]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        if options.max_width != self.width:
            yield from console.render(self.renderable, options)
            return
        newline = Segment.line()
        for line in self.lines:
            yield from line
            yield newline

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


def prerender(
    renderable: RenderableType, console: Console, options: ConsoleOptions, width: int
) -> Prerendered:
    """`renderable` laid out `width` cells wide (`options` as the app renders with)."""
    lines = console.render_lines(renderable, options.update_width(width), pad=False)
    return Prerendered(renderable, width, lines)


def prerender_to_fit(
    renderable: RenderableType,
    console: Console,
    options: ConsoleOptions,
    width: int,
    scrollbar: int,
    height: int,
) -> Prerendered:
    """`renderable` laid out for a pane `width` x `height` whose vertical scrollbar (`scrollbar`
    cells) shows only when the lines do not fit: narrower by the scrollbar when they do not."""
    narrow = prerender(renderable, console, options, max(1, width - scrollbar))
    if len(narrow.lines) > height:
        return narrow
    return prerender(renderable, console, options, width)
