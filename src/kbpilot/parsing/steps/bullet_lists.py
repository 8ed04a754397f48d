"""Rule "bullet list": a bulleted list of actions under a heading with no numbered procedure.

Some procedures are written with bullets ("Contain": disable the account, reset the password,
...). A bullet list counts when its section has no numbered procedure, it has at least two
items, more than half of them are instructions (an instruction verb opens a clause) or, after
a lead-in that is itself an instruction ("To back out the patch, do the following:"), at least
one, and no filter says otherwise (prerequisites, features, links).
"""

from __future__ import annotations

from kbpilot.model import Procedure
from kbpilot.parsing.blocks import Block, ListBlock
from kbpilot.parsing.steps.convert import steps_of
from kbpilot.parsing.steps.filters import instruction_share, why_not_procedure
from kbpilot.parsing.steps.language import is_instruction, is_lead_in
from kbpilot.parsing.steps.ordered_lists import lead_in_of
from kbpilot.parsing.steps.sections import Found, Section

FOUND_BY = "bullet list"
_MIN_ITEMS = 2
_MIN_SHARE = 0.5


def read_bullet_lists(section: Section, blocks: list[Block], found: Found) -> bool:
    """Add the section's bullet-list procedures to `found`; whether there were any."""
    count = 0
    for index, block in enumerate(blocks):
        if not isinstance(block, ListBlock) or block.ordered:
            continue
        lead_in = lead_in_of(blocks, index)
        if len(block.items) < _MIN_ITEMS or instruction_share(block) <= _needed_share(lead_in):
            continue
        if why_not_procedure(block, section.title, lead_in):
            continue
        title = section.procedure_title(lead_in, count)
        procedure = Procedure(title=title, line=block.line, found_by=FOUND_BY)
        procedure.steps = steps_of(block.items)
        found.add(procedure)
        count += 1
    return count > 0


def _needed_share(lead_in: str | None) -> float:
    """More than half the items must be instructions, unless the lead-in instructs."""
    if lead_in and is_lead_in(lead_in) and is_instruction(lead_in):
        return 0.0
    return _MIN_SHARE
