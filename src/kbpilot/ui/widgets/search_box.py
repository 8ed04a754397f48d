"""The search box: Textual's `Input`, whose text never changes the screen's layout.

`Input` sets its virtual size to the width of its text at every keystroke, and a virtual size
that changes asks for a layout of the whole screen (about 2 ms of a keystroke's frame at 100x30;
the layout then sets it back to the box's size, which asks for another). The box's size is the
stylesheet's and it scrolls its text itself, so here that change only repaints the box.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchBox(Input):
    """An `Input` whose virtual size changes without a layout of the screen."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
