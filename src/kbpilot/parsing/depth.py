"""How deep lists may nest: deeper items are read one level up, with a diagnostic.

Everything after the readers (procedures, rendering, JSON, the index, the TUI's tree) walks
nested lists recursively; an article nested a thousand levels deep would exhaust Python's
stack. `cap_nesting` flattens, without recursing itself, every list deeper than `MAX_DEPTH`
into the item at that depth, and says where, so the items are still read and counted.
"""

from __future__ import annotations

from kbpilot.model import Diagnostic, Level
from kbpilot.parsing.blocks import Block, Document, ListBlock, ListItem

MAX_DEPTH = 24


def cap_nesting(document: Document, limit: int = MAX_DEPTH) -> None:
    """Flatten, in place, what is nested deeper than `limit` lists; one warning per article."""
    first_line: int | None = None
    pending: list[tuple[list[Block], int]] = [(document.blocks, 0)]
    while pending:
        blocks, depth = pending.pop()
        for block in blocks:
            if not isinstance(block, ListBlock):
                continue
            for item in block.items:
                if depth + 1 < limit:
                    pending.append((item.children, depth + 1))
                elif _flatten(item) and first_line is None:
                    first_line = item.line
    if first_line is not None:
        document.diagnostics.append(
            Diagnostic(
                Level.WARNING,
                f"lists nested more than {limit} levels deep: the deeper items are read as one "
                "list under the item on this line; nest less",
                first_line,
            )
        )


def _flatten(item: ListItem) -> bool:
    """Make everything listed below `item` one flat list of its children; True when it held
    nested lists."""
    lists = [child for child in item.children if isinstance(child, ListBlock)]
    if not any(
        isinstance(child, ListBlock)
        for block in lists
        for sub in block.items
        for child in sub.children
    ):
        return False
    flat: list[ListItem] = []
    stack = [sub for block in reversed(lists) for sub in reversed(block.items)]
    while stack:
        current = stack.pop()
        nested = [c for c in current.children if isinstance(c, ListBlock)]
        current.children = [c for c in current.children if not isinstance(c, ListBlock)]
        flat.append(current)
        stack.extend(sub for block in reversed(nested) for sub in reversed(block.items))
    others = [child for child in item.children if not isinstance(child, ListBlock)]
    item.children = [*others, ListBlock(lists[0].ordered, lists[0].line, flat)]
    return True
