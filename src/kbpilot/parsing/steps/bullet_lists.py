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

A list whose bullets all name situations ("To turn the library off when it is installed, or",
"To silence the warning when it is missing:") ends in the action that serves them: the
instruction paragraphs under its last bullet are the steps, not the bullets.
"""

from __future__ import annotations

from typing import TypeGuard

from kbpilot.model import Procedure
from kbpilot.parsing.blocks import Block, ListBlock, Paragraph, is_prose
from kbpilot.parsing.steps.convert import step_of, steps_of
from kbpilot.parsing.steps.filters import instructions_exceed, why_not_procedure
from kbpilot.parsing.steps.language import (
    asks_for_what_follows,
    instructs_what_follows,
    is_lead_in,
    names_situation,
    opens_with_instruction,
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
        return _read_situation_lists(section, blocks, found)
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


def _read_situation_lists(section: Section, blocks: list[Block], found: Found) -> bool:
    count = 0
    for index, block in enumerate(blocks):
        actions = _situation_actions(block)
        if not actions:
            continue
        title = section.procedure_title(lead_in_of(blocks, index), count)
        procedure = Procedure(title=title, line=actions[0].line, found_by=FOUND_BY)
        procedure.steps = [step_of(action, number) for number, action in enumerate(actions, 1)]
        found.add(procedure)
        count += 1
    return count > 0


def _situation_actions(block: Block) -> list[Paragraph]:
    """The instruction paragraphs under the last bullet of a list of situations."""
    if not isinstance(block, ListBlock) or block.ordered:
        return []
    if not all(names_situation(item.text) for item in block.items):
        return []
    last = block.items[-1]
    if not is_lead_in(last.text):
        return []
    return [child for child in last.children if _is_instruction_paragraph(child)]


def _is_action_list(blocks: list[Block], index: int, section: Section) -> bool:
    block = blocks[index]
    if not isinstance(block, ListBlock) or block.ordered:
        return False
    lead_in = lead_in_of(blocks, index)
    if len(block.items) < _min_items(lead_in):
        return False
    if not asks_for_what_follows(lead_in) and not instructions_exceed(
        block, _needed_share(lead_in)
    ):
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


def _is_instruction_paragraph(block: Block) -> TypeGuard[Paragraph]:
    return is_prose(block) and opens_with_instruction(block.text)


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
            procedure.steps.append(step_of(block, start))
    found.add(procedure)


def _min_items(lead_in: str | None) -> int:
    return 1 if instructs_what_follows(lead_in) else _MIN_ITEMS


def _needed_share(lead_in: str | None) -> float:
    """More than half the items must be instructions, unless the lead-in instructs."""
    return 0.0 if instructs_what_follows(lead_in) else _MIN_SHARE
