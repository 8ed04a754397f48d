"""Typed bullets: paragraphs that start with a bullet character the author typed are a list.

Text pasted from Word keeps its bullets as characters: "•" or "·" for the first level, a
Courier "o" for the second, "§" or "▪" for the third, and a web page that holds such a paste
shows each as a line of its own (`o Open the document<br/>o Choose Setup Show<br/>`). Two or
more consecutive prose paragraphs that start with the same typed bullet (the characters are
data, `typed_bullets` in defaults/reading.toml) are a bullet list. Right after a list whose
last item leads in to them ("... do the following for each file:"), they are that item's
nested list, as a reader sees them.
"""

from __future__ import annotations

from dataclasses import replace

from kbpilot.parsing.blocks import Block, ListBlock, ListItem, Paragraph, is_prose
from kbpilot.parsing.steps.language import is_lead_in, typed_bullet

_MIN_RUN = 2


def read_typed_bullets(blocks: list[Block]) -> list[Block]:
    """The blocks with each run of typed-bullet paragraphs turned into a bullet list."""
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        items, end = _run_at(blocks, index)
        if len(items) < _MIN_RUN:
            out.append(blocks[index])
            index += 1
            continue
        listed = ListBlock(ordered=False, line=items[0].line, items=items)
        before = out[-1] if out else None
        if isinstance(before, ListBlock) and before.items and is_lead_in(before.items[-1].text):
            out[-1] = _nested_under_last(before, listed)
        else:
            out.append(listed)
        index = end
    return out


def _nested_under_last(before: ListBlock, listed: ListBlock) -> ListBlock:
    """A copy of `before` whose last item holds `listed`; the reader's own list, which the
    article's text is rendered from, keeps its items as written."""
    last = before.items[-1]
    nested = replace(last, children=[*last.children, listed])
    return replace(before, items=[*before.items[:-1], nested])


def _run_at(blocks: list[Block], start: int) -> tuple[list[ListItem], int]:
    """The items of the typed-bullet run starting at `start` (all with its first bullet)."""
    first = _typed(blocks[start])
    if first is None:
        return [], start
    items: list[ListItem] = []
    index = start
    while index < len(blocks):
        found = _typed(blocks[index])
        if found is None or found[0] != first[0]:
            break
        paragraph = blocks[index]
        assert isinstance(paragraph, Paragraph)
        items.append(ListItem(found[1], paragraph.line, links=list(paragraph.links)))
        index += 1
    return items, index


def _typed(block: Block) -> tuple[str, str] | None:
    return typed_bullet(block.text) if is_prose(block) else None
