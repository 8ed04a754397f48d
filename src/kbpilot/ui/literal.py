"""Untrusted text as widget content: literal (never Textual or Rich markup, never emoji codes),
with control characters shown as escapes (`kbpilot.text_safety.printable`).

Every string that comes from articles, customers, users or servers enters a widget through
`literal`: a `rich.text.Text` is drawn as written by every Textual widget.
"""

from __future__ import annotations

from rich.text import Text

from kbpilot.text_safety import printable


def literal(text: object, style: str = "", *, one_line: bool = False) -> Text:
    """`text` (made a string) as a Text drawn as written, in `style`."""
    return Text(printable(str(text), one_line=one_line), style=style)
