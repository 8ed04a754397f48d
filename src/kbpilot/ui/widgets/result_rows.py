"""The entries of the results list as they are drawn, kept from one keystroke to the next.

As the user types, most of the hits a keystroke lists were listed for the keystroke before (about
two in three, typing the bench's queries into a 10,000-article KB). A `Row` is an entry's prompt,
made into Textual content when first needed (a row out of view may never be), with its height
and its drawn lines kept per width and style, so an entry listed again costs a lookup;
`KeptRows` hands out the same `Row` for the same prompt. A row is drawn through Textual's own
content, so it looks exactly like an `OptionList` option.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, cast

from textual.cache import LRUCache
from textual.content import Content
from textual.visual import Visual

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style
    from textual.widget import Widget

# A few screens of typing: the rows of the last keystrokes stay, older ones go.
KEPT = 200


class Row:
    """One entry's prompt: its content, its height and its lines per width (and style), made
    once each, when first asked for."""

    def __init__(self, prompt: Callable[[], Text], console: Console) -> None:
        self._prompt = prompt
        self._console = console
        self._content: Content | None = None
        self._heights: dict[int, int] = {}
        self._drawn: dict[tuple[int, Style], list[Strip]] = {}

    @property
    def content(self) -> Content:
        """The prompt as Textual content."""
        if self._content is None:
            self._content = Content.from_rich_text(self._prompt(), console=self._console)
        return self._content

    def height(self, widget: Widget, width: int) -> int:
        """Lines the prompt takes wrapped at `width` cells (in `widget`'s text styles)."""
        height = self._heights.get(width)
        if height is None:
            rules = cast("RulesMap", widget.styles)
            height = self._heights[width] = self.content.get_height(rules, width)
        return height

    def lines(self, widget: Widget, width: int, style: Style) -> list[Strip]:
        """The prompt drawn for `widget` at `width` cells in `style`, each line filled out to the
        width in that style."""
        key = (width, style)
        drawn = self._drawn.get(key)
        if drawn is None:
            strips = Visual.to_strips(widget, self.content, width, None, style)
            fill = style.rich_style
            drawn = self._drawn[key] = [strip.extend_cell_length(width, fill) for strip in strips]
        return drawn


class KeptRows:
    """The rows of recent fills of the list, by a key that stands for everything they show."""

    def __init__(self, console: Callable[[], Console]) -> None:
        self._console = console
        self._kept: LRUCache[Hashable, Row] = LRUCache(KEPT)

    def row(self, key: Hashable, prompt: Callable[[], Text]) -> Row:
        """The row kept for `key`, else a new one showing `prompt()`."""
        row = self._kept.get(key)
        if row is None:
            row = self._kept[key] = Row(prompt, self._console())
        return row
