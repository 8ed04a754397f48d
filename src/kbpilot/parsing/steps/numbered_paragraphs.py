"""Rule "numbered paragraphs": steps written as paragraphs that start with their number.

Help-desk and Word exports often number steps by hand: `<p>1. Download the agent</p>`,
`<p>1.Download</p>`, `<p>1: Download</p>`, `Step 3: Reboot`, `STEP 7.`, `(2) Start the
service`. A run of such paragraphs whose numbers go up (a skip of up to three, or a repeat, is
still the run) becomes a list; whatever stands between two of them (notes, code, lists, other
paragraphs) belongs to the step before. After the last one, code, notes, lists and lead-ins
("Two versions exist:") still belong to it, up to the first plain paragraph. A run restarting
at 1 right under a step is that step's nested list (a number that could continue both runs
continues the outer one). A run needs two steps, or one that continues a number from earlier. A
numbered list that starts above 1 ends the run: it is the next steps written as list markup,
never a step's nested list (LibreOffice's "Save as HTML" writes one `<ol start=n>` per item and
types some numbers by hand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kbpilot.parsing.blocks import Block, ListBlock, ListItem, Paragraph, is_prose
from kbpilot.parsing.steps.language import is_lead_in
from kbpilot.parsing.steps.sections import FoundList
from kbpilot.parsing.steps.typed_bullets import read_typed_bullets

FOUND_BY = "numbered paragraphs"
_NUMBERED = re.compile(
    r"(?:step\s+(?P<step>\d{1,3})[a-z]?\s*[:.)–-]\s*"
    r"|\((?P<paren>\d{1,3})\)\s+"
    r"|(?P<plain>\d{1,3})[.):](?:\s+|(?=[A-Z])))"
    r"(?P<text>\S.*)",
    re.IGNORECASE | re.DOTALL,
)
_MAX_SKIP = 3


def numbered(block: Block) -> tuple[int, str] | None:
    """The number and text of a paragraph written as a numbered step, or None."""
    if not isinstance(block, Paragraph) or block.kind != "text":
        return None
    found = _NUMBERED.match(block.text)
    if found is None:
        return None
    number = found["step"] or found["paren"] or found["plain"]
    return int(number), found["text"]


def normalise(blocks: list[Block]) -> list[Block]:
    """The blocks with each run of numbered paragraphs turned into one FoundList (and each
    run of typed bullets into a bullet list)."""
    blocks = read_typed_bullets(blocks)
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        run, end = _run_at(blocks, index)
        if run is None:
            out.extend(blocks[index:end])
        else:
            out.append(run)
        index = end
    return out


def _run_at(blocks: list[Block], start: int) -> tuple[FoundList | None, int]:
    """The run of numbered paragraphs at `start` and the index after it; with no run, the index
    of the first block where one may start. A "1." with no second step read past blocks that
    are each unnumbered or another "1." with no prose before it; a run tried at such a "1."
    would read what follows just as this one did and fail too (a "2." would have made this one
    a run), so none is tried: many "1." paragraphs in a row cost linear time, not quadratic."""
    first = numbered(blocks[start])
    if first is None:
        return None, start + 1
    items = [_item(blocks[start], *first)]
    index = start + 1
    pending: list[Block] = []
    nested = _Nested()
    while index < len(blocks):
        block = blocks[index]
        if continues_in_markup(block):
            break
        found = numbered(block)
        last = items[-1].number or 0
        next_step = found is not None and found[0] == last + 1
        if found is None or (not next_step and nested.continues(found[0])):
            pending.append(block)
            nested.add(block, found)
        elif found[0] != 1 and last <= found[0] <= last + _MAX_SKIP:
            items[-1].children.extend(pending)
            pending = []
            nested = _Nested()
            items.append(_item(block, *found))
        else:
            break
        index += 1
    if len(items) < 2 and first[0] == 1:
        return None, index
    tail = _tail(pending)
    items[-1].children.extend(pending[:tail])
    end = index - (len(pending) - tail)
    for item in items:
        item.children = normalise(item.children)
    return FoundList(ordered=True, line=items[0].line, items=items, found_by=FOUND_BY), end


def continues_in_markup(block: Block) -> bool:
    """Whether a block is a numbered list that starts above 1 (`<ol start="5">`): steps that
    carry on a procedure's numbering, never a nested list."""
    if not isinstance(block, ListBlock) or not block.ordered or not block.items:
        return False
    first = block.items[0]
    return (first.number or 0) > 1 and (first.label is None or first.label.isdigit())


@dataclass
class _Nested:
    """What stands after the last step so far: whether prose that is not numbered does, and
    the number of the last numbered paragraph (kept as blocks are added, so asking is cheap
    however many there are)."""

    prose: bool = False
    last: int | None = None

    def add(self, block: Block, found: tuple[int, str] | None) -> None:
        if found is not None:
            self.last = found[0]
        elif is_prose(block):
            self.prose = True

    def continues(self, number: int) -> bool:
        """Whether a numbered paragraph belongs to a nested run under the last step: a "1."
        with no prose between it and the step, or the next number of such a run."""
        if number == 1:
            return not self.prose
        return self.last is not None and number == self.last + 1


def _tail(pending: list[Block]) -> int:
    """How many of the blocks after the last step still belong to it."""
    for position, block in enumerate(pending):
        if continues_in_markup(block):
            return position
        if isinstance(block, ListBlock) or numbered(block) is not None:
            continue
        if isinstance(block, Paragraph) and (block.kind != "text" or is_lead_in(block.text)):
            continue
        return position
    return len(pending)


def _item(paragraph: Block, number: int, text: str) -> ListItem:
    assert isinstance(paragraph, Paragraph)
    return ListItem(text=text, line=paragraph.line, number=number, links=list(paragraph.links))
