"""Options of a list whose layout is kept from one fill of the list to the next.

As the user types, most of the hits a keystroke lists were listed for the keystroke before (about
two in three, typing the bench's queries into a 10,000-article KB). An `OptionList` lays each new
option out again: the prompt turned into Textual content, wrapped for its height, wrapped and
styled again to be drawn. `KeptOptions` hands out the same `Option` for the same prompt, and its
`KeptVisual` keeps the lines it was drawn as (per width and style), so a prompt listed again costs
a lookup. Drawing goes through Textual's own content, so a kept option looks exactly like a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from textual.cache import LRUCache
from textual.content import Content
from textual.visual import Visual
from textual.widgets.option_list import Option

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style
    from textual.visual import RenderOptions

# A few screens of typing: the options of the last keystrokes stay, older ones go.
KEPT = 200


class KeptVisual(Visual):
    """`content` that keeps the lines it was drawn as, per width, height and style."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._drawn: dict[tuple[int, int | None, Style], list[Strip]] = {}

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        key = (width, height, style)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = self.content.render_strips(width, height, style, options)
        return drawn

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.content.get_height(rules, width)


class KeptOptions:
    """The options of recent fills, by a key that stands for everything their prompt shows."""

    def __init__(self, console: Callable[[], Console]) -> None:
        self._console = console
        self._kept: LRUCache[Hashable, Option] = LRUCache(KEPT)

    def option(self, key: Hashable, prompt: Callable[[], Text]) -> Option:
        """The option kept for `key`, else a new one showing `prompt()`."""
        option = self._kept.get(key)
        if option is None:
            content = Content.from_rich_text(prompt(), console=self._console())
            option = self._kept[key] = Option(KeptVisual(content))
        return option
