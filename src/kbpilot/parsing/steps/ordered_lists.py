"""Rules "ordered list" and "text labels": numbered lists, read across what interrupts them.

Under one heading, an ordered list starts a procedure; a list whose numbering continues the
previous one (it starts above 1) continues it, whatever stood between (a note, a screenshot,
code, a paragraph); a list that starts again at 1 starts another procedure, titled by its
lead-in. A bullet list right after the last step belongs to that step when nothing but a
lead-in stands between ("Create the task:" then bullets), as a reader nests it although the
markup does not. Numbering jumps, repeats and restarts are diagnosed with their line.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TypeGuard

from kbpilot.model import Diagnostic, Level, Procedure
from kbpilot.parsing.blocks import Block, ListBlock, ListItem, Paragraph, is_prose
from kbpilot.parsing.steps.convert import steps_of
from kbpilot.parsing.steps.filters import why_not_procedure
from kbpilot.parsing.steps.language import is_lead_in
from kbpilot.parsing.steps.sections import Found, FoundList, Section

_MAX_GAP_PARAGRAPHS = 2
_MAX_GAP_BLOCKS = 8


def read_ordered_lists(section: Section, blocks: list[Block], fmt: str, found: Found) -> bool:
    """Add the section's ordered-list procedures to `found`; whether there were any."""
    current: Procedure | None = None
    last_index = -1
    written = 0
    count = 0
    for index, block in enumerate(blocks):
        if not isinstance(block, ListBlock) or not block.items:
            continue
        if block.ordered:
            first = block.items[0].number
            if current is not None and first is not None and first > 1:
                _note_continuation(current, first, written, block, found)
            else:
                lead_in = lead_in_of(blocks, index)
                if why_not_procedure(block, section.title, lead_in):
                    continue
                title = section.procedure_title(lead_in, count)
                if count:
                    found.diagnostics.append(
                        Diagnostic(
                            Level.INFO,
                            f"a list starts again at 1 under {section.title or 'the same heading'}"
                            f": read as another procedure, {title!r}",
                            block.line,
                        )
                    )
                current = Procedure(title=title, line=block.line, found_by=_found_by(block, fmt))
                found.add(current)
                count += 1
            check_numbering(block, found)
            current.steps.extend(steps_of(block.items, start=len(current.steps) + 1))
            written = _written(block.items[-1]) or 0
            last_index = index
        elif (
            current is not None
            and current.steps
            and index - last_index <= _MAX_GAP_BLOCKS
            and _belongs_to_last_step(blocks[last_index + 1 : index], current)
        ):
            last = current.steps[-1]
            last.steps.extend(steps_of(block.items, start=len(last.steps) + 1))
            last_index = index
    return count > 0


def _found_by(block: ListBlock, fmt: str) -> str:
    if isinstance(block, FoundList):
        return block.found_by
    return "text labels" if fmt == "text" else "ordered list"


def lead_in_of(blocks: list[Block], index: int) -> str | None:
    """The prose paragraph just before a list, if there is one."""
    before = blocks[index - 1] if index > 0 else None
    if is_prose(before):
        return before.text
    return None


def _belongs_to_last_step(gap: list[Block], procedure: Procedure) -> bool:
    """Whether a bullet list after a procedure's last step is that step's nested list: only
    a lead-in between them, and the step has no nested list of its own already."""
    if procedure.steps[-1].steps or not all(isinstance(block, Paragraph) for block in gap):
        return False
    prose = [block for block in gap if is_prose(block)]
    if not prose:
        return True
    if len(prose) > _MAX_GAP_PARAGRAPHS:
        return False
    return is_lead_in(procedure.steps[-1].text) or is_lead_in(prose[-1].text)


def _note_continuation(
    current: Procedure, first: int, written: int, block: ListBlock, found: Found
) -> None:
    """Warn when a continuing list's number is neither the next step's nor the next of the
    numbers written before it (once per slip: lists that go on from a slip are not warned)."""
    expected = len(current.steps) + 1
    if first not in (expected, written + 1):
        found.diagnostics.append(
            Diagnostic(
                Level.WARNING,
                f"list continues at {first} after step {expected - 1}; counted as step {expected}",
                block.line,
            )
        )


def check_numbering(block: ListBlock, found: Found) -> None:
    """Warn where the written numbers of one list jump or repeat."""
    for before, item in pairwise(block.items):
        first, second = _written(before), _written(item)
        if first is None or second is None or second == first + 1:
            continue
        if not _plain(item.label) and item.label != before.label:
            continue
        if second == first:
            message = f"step number {second} is written twice; both are counted, in order"
        else:
            message = f"numbering jumps from {first} to {second}; steps are counted in order"
        found.diagnostics.append(Diagnostic(Level.WARNING, message, item.line))


def _written(item: ListItem) -> int | None:
    """The number the author wrote before an item (its label when that is a plain number)."""
    return int(item.label) if _plain(item.label) else item.number


def _plain(label: str | None) -> TypeGuard[str]:
    return label is not None and label.isdigit()
