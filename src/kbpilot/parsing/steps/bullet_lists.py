"""Rule "bullet list": a bulleted list of actions under a heading with no numbered procedure.

Some procedures are written with bullets ("Contain": disable the account, reset the password,
...). A bullet list counts when its section has no numbered procedure, it has at least two
items, more than half of them are instructions (an instruction verb opens a clause) or, after
a lead-in that is itself an instruction ("To back out the patch, do the following:"), at least
one, and no filter says otherwise (prerequisites, features, links). After such an instructing
lead-in ("To download the current version:") a single bullet that is an instruction is a
one-step procedure.

READMEs pasted from Word often mix the two: "Open the client project." then a few bullets
("Replace the text [domain] with ..."), "Open the service project." then more bullets. When
instruction paragraphs stand before or between a section's bullet lists of actions, the
section holds one procedure: each such paragraph is a step and so is each bullet, in reading
order. Paragraphs after the last list (how to run the result) are not part of it.
"""

from __future__ import annotations

from kbpilot.model import Link, Procedure, Step
from kbpilot.parsing.blocks import Block, ListBlock, Paragraph
from kbpilot.parsing.steps.convert import steps_of
from kbpilot.parsing.steps.filters import instruction_share, why_not_procedure
from kbpilot.parsing.steps.language import (
    describes_outcome,
    is_alternative,
    is_example,
    is_instruction,
    is_lead_in,
    is_purpose_lead_in,
)
from kbpilot.parsing.steps.ordered_lists import lead_in_of
from kbpilot.parsing.steps.sections import Found, Section

FOUND_BY = "bullet list"
_MIN_ITEMS = 2
_MIN_SHARE = 0.5


def read_bullet_lists(section: Section, blocks: list[Block], found: Found) -> bool:
    """Add the section's bullet-list procedures to `found`; whether there were any."""
    lists = [index for index, block in enumerate(blocks) if _is_action_list(blocks, index, section)]
    if not lists:
        return False
    between = _instruction_paragraphs(blocks, lists)
    if between:
        _add_interleaved(section, blocks, lists, between, found)
        return True
    for count, index in enumerate(lists):
        block = blocks[index]
        assert isinstance(block, ListBlock)
        title = section.procedure_title(lead_in_of(blocks, index), count)
        procedure = Procedure(title=title, line=block.line, found_by=FOUND_BY)
        procedure.steps = steps_of(block.items)
        found.add(procedure)
    return True


def _is_action_list(blocks: list[Block], index: int, section: Section) -> bool:
    block = blocks[index]
    if not isinstance(block, ListBlock) or block.ordered:
        return False
    lead_in = lead_in_of(blocks, index)
    if len(block.items) < _min_items(lead_in) or instruction_share(block) <= _needed_share(lead_in):
        return False
    return why_not_procedure(block, section.title, lead_in) is None


def _instruction_paragraphs(blocks: list[Block], lists: list[int]) -> list[int]:
    """The instruction paragraphs from the section's start to its last list of actions that
    are not a list's own lead-in."""
    lead_ins = {index - 1 for index in lists}
    return [
        index
        for index, block in enumerate(blocks[: lists[-1]])
        if index not in lead_ins and _is_instruction_paragraph(block)
    ]


def _is_instruction_paragraph(block: Block) -> bool:
    if not isinstance(block, Paragraph) or block.kind != "text":
        return False
    text = block.text
    if is_alternative(text) or is_example(text) or describes_outcome(text):
        return False
    return is_instruction(text, first_sentence=True) and not is_lead_in(text)


def _add_interleaved(
    section: Section, blocks: list[Block], lists: list[int], between: list[int], found: Found
) -> None:
    first = min(between[0], lists[0])
    procedure = Procedure(title=section.title, line=blocks[first].line, found_by=FOUND_BY)
    for index in sorted([*between, *lists]):
        block = blocks[index]
        start = len(procedure.steps) + 1
        if isinstance(block, ListBlock):
            procedure.steps.extend(steps_of(block.items, start=start))
        elif isinstance(block, Paragraph):
            links = [Link(link.title, link.target) for link in block.links]
            procedure.steps.append(
                Step(number=start, text=block.text, line=block.line, links=links)
            )
    found.add(procedure)


def _instructs(lead_in: str | None) -> bool:
    """A lead-in that tells the reader to do what follows: "To reset it, do the following:"."""
    if not lead_in or not is_lead_in(lead_in):
        return False
    return is_instruction(lead_in) or is_purpose_lead_in(lead_in)


def _min_items(lead_in: str | None) -> int:
    return 1 if _instructs(lead_in) else _MIN_ITEMS


def _needed_share(lead_in: str | None) -> float:
    """More than half the items must be instructions, unless the lead-in instructs."""
    return 0.0 if _instructs(lead_in) else _MIN_SHARE
