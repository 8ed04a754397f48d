"""The entries of the results list as they are drawn, kept from one keystroke to the next.

As the user types, most of the hits a keystroke lists were listed for the keystroke before (about
two in three, typing the bench's queries into a 10,000-article KB), and of the others most show
an article listed before with another snippet. A `Row` is an entry's pieces (a hit's title line,
its snippet), each a `Piece`: made into Textual content when first needed (a row out of view may
never be), with its height and its drawn lines kept per width and style, so a piece shown again
costs a lookup. `KeptRows` hands out the same `Row` for the same entry, made of the same `Piece`
for the same piece. A piece is drawn through Textual's own content, so a row looks exactly like
an `OptionList` option.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, cast

from textual.cache import LRUCache
from textual.content import Content
from textual.visual import RenderOptions

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text
    from textual.css.styles import RulesMap
    from textual.strip import Strip
    from textual.style import Style
    from textual.widget import Widget

# A few screens of typing: the rows (and pieces) of the last keystrokes stay, older ones go.
KEPT = 200

Prompt = Callable[[], "Text"]


class Piece:
    """Some lines of an entry: their content, their height and their lines per width (and
    style), made once each, when first asked for."""

    def __init__(self, prompt: Prompt, console: Console) -> None:
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
        """Lines the piece takes wrapped at `width` cells (in `widget`'s text styles): those it
        was drawn in at that width, else drawn in the widget's own style (which a row out of
        the highlight is drawn in), so that the text is wrapped once."""
        height = self._heights.get(width)
        if height is None:
            height = len(self.lines(widget, width, widget.get_visual_style()))
        return height

    def lines(self, widget: Widget, width: int, style: Style) -> list[Strip]:
        """The piece drawn for `widget` at `width` cells in `style`, each line filled out to the
        width in that style. The content is drawn as `Visual.to_strips` draws it, less what
        never applies to a hit or a run: a text selection, link styles, alignment."""
        key = (width, style)
        drawn = self._drawn.get(key)
        if drawn is None:
            options = RenderOptions(widget._get_style, cast("RulesMap", widget.styles))
            strips = self.content.render_strips(width, None, style, options)
            fill = style.rich_style
            drawn = self._drawn[key] = [strip.extend_cell_length(width, fill) for strip in strips]
            self._heights[width] = len(drawn)
        return drawn


class Row:
    """One entry: its pieces, one under the other."""

    def __init__(self, pieces: Sequence[Piece]) -> None:
        self._pieces = pieces
        self._drawn: dict[tuple[int, Style], list[Strip]] = {}

    def height(self, widget: Widget, width: int) -> int:
        """Lines the entry takes wrapped at `width` cells (in `widget`'s text styles)."""
        return sum(piece.height(widget, width) for piece in self._pieces)

    def lines(self, widget: Widget, width: int, style: Style) -> list[Strip]:
        """The entry drawn for `widget` at `width` cells in `style`."""
        key = (width, style)
        drawn = self._drawn.get(key)
        if drawn is None:
            drawn = self._drawn[key] = [
                line for piece in self._pieces for line in piece.lines(widget, width, style)
            ]
        return drawn


def single_row(prompt: Prompt, console: Console) -> Row:
    """A row of one piece, kept nowhere."""
    return Row([Piece(prompt, console)])


class KeptRows:
    """The rows of recent fills of the list, and their pieces, by keys that stand for everything
    they show."""

    def __init__(self, console: Callable[[], Console]) -> None:
        self._console = console
        self._rows: LRUCache[Hashable, Row] = LRUCache(KEPT)
        self._pieces: LRUCache[Hashable, Piece] = LRUCache(2 * KEPT)

    def row(self, pieces: Sequence[tuple[Hashable, Prompt]]) -> Row:
        """The row kept for `pieces` (each a key and the prompt it stands for), else a new one
        of the pieces kept for those keys, or new ones."""
        key = tuple(key for key, _ in pieces)
        row = self._rows.get(key)
        if row is None:
            row = self._rows[key] = Row([self._piece(key, prompt) for key, prompt in pieces])
        return row

    def _piece(self, key: Hashable, prompt: Prompt) -> Piece:
        piece = self._pieces.get(key)
        if piece is None:
            piece = self._pieces[key] = Piece(prompt, self._console())
        return piece
