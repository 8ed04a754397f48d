"""A Rich renderable laid out ahead of time, off the UI thread: drawing it is a copy of lines.

The preview pane shows a whole article as Rich Markdown. Shown as a Rich renderable, Textual
lays it out on the UI thread, every line of it (once to measure its height, once to draw it),
which for a long article took longer than a keystroke may (30-120 ms at 10,000 articles).
`prerender_to_fit()` lays it out in a worker, at the widths the pane will ask for; `Prerendered`
is a Textual visual whose height is its number of lines and whose lines are those, in the
widget's style (as Textual styles a Rich renderable), made once per style. Asked for another
width (the terminal was resized), it lays the original out again there.

Laying out a long article takes tens of milliseconds of the interpreter's lock, which a keystroke
arriving meanwhile would wait for: the layout asks `keep_going()` every `CHECK_EVERY` segments
and gives up (returns None) as soon as it says no. It renders with `Console.render`, not
`render_lines`, so it never holds the console's lock either.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment
from textual._context import active_app
from textual.strip import Strip
from textual.visual import Visual

if TYPE_CHECKING:
    from rich.style import Style as RichStyle
    from textual.css.styles import RulesMap
    from textual.style import Style
    from textual.visual import RenderOptions

# How many segments are laid out between two questions to `keep_going` (well under a millisecond).
CHECK_EVERY = 64


Lines = list[list[Segment]]


@dataclass(frozen=True, eq=False)
class Prerendered(Visual):
    """`renderable` laid out at some widths: `layouts` maps a width to the lines there."""

    renderable: RenderableType
    layouts: dict[int, Lines]
    _styled: dict[tuple[int, RichStyle], list[Strip]] = field(default_factory=dict, repr=False)

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        """The lines at `width` in `style` (each segment's own style added to it)."""
        base = style.rich_style
        strips = self._styled.get((width, base))
        if strips is None:
            strips = self._styled[width, base] = _styled(self._lines(width), base)
        return strips[:height]

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return container_width

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self._lines(width))

    def _lines(self, width: int) -> Lines:
        """The lines at `width`, laid out now if that width was not foreseen (the terminal was
        resized)."""
        lines = self.layouts.get(width)
        if lines is None:
            app = active_app.get()
            options = app.console_options.update(highlight=False)
            lines = lay_out(self.renderable, app.console, options, width)
            assert lines is not None
            self.layouts[width] = lines
        return lines


def _styled(lines: Lines, base: RichStyle) -> list[Strip]:
    """`lines` as strips, `base` under each segment's style (what Textual does to the lines of
    a Rich renderable)."""
    if not base:
        return [Strip(line) for line in lines]
    add = base.__add__
    return [Strip([Segment(text, add(style)) for text, style, _ in line]) for line in lines]


def _always() -> bool:
    return True


def lay_out(
    renderable: RenderableType,
    console: Console,
    options: ConsoleOptions,
    width: int,
    keep_going: Callable[[], bool] = _always,
) -> Lines | None:
    """`renderable`'s lines `width` cells wide (`options` as the app renders with); None when
    `keep_going()` said no first."""
    stopped = False

    def checked(segments: Iterable[Segment]) -> Iterator[Segment]:
        nonlocal stopped
        for count, segment in enumerate(segments):
            if count % CHECK_EVERY == 0 and not keep_going():
                stopped = True
                return
            yield segment

    rendered = console.render(renderable, options.update_width(width))
    lines = list(
        Segment.split_and_crop_lines(checked(rendered), width, include_new_lines=False, pad=False)
    )
    return None if stopped else lines


def prerender_to_fit(
    renderable: RenderableType,
    console: Console,
    options: ConsoleOptions,
    pane: tuple[int, int, int],
    keep_going: Callable[[], bool] = _always,
) -> Prerendered | None:
    """`renderable` laid out for a pane (`width`, `height`, `scrollbar`) whose vertical scrollbar
    (`scrollbar` cells) shows only when the lines do not fit: at the pane's width (where
    Textual measures it first) and, when the lines do not fit, narrower by the scrollbar (where
    it is drawn). None when `keep_going()` said no first."""
    width, height, scrollbar = pane
    wide = lay_out(renderable, console, options, width, keep_going)
    if wide is None:
        return None
    layouts = {width: wide}
    if len(wide) > height:
        narrower = max(1, width - scrollbar)
        narrow = lay_out(renderable, console, options, narrower, keep_going)
        if narrow is None:
            return None
        layouts[narrower] = narrow
    return Prerendered(renderable, layouts)
