"""Rule "instructed paragraphs": a lead-in that instructs, then one paragraph per step.

Exports that lost their list markup, and authors who never used it, write "To grant access to
the repository, the chair updates the group in the directory:" and then a paragraph per action
("Go to the roster tool, select the committee, ..."; "If the group is not in the directory,
edit the template file and commit it."). Under a heading with no list, after a lead-in that
instructs (it ends with ":" and is an instruction or says what to do it for), each following
paragraph that opens with an instruction is a step; the first that does not ends the
procedure.
"""

from __future__ import annotations

from kbpilot.model import Procedure
from kbpilot.parsing.blocks import Block, ListBlock, Paragraph, is_prose
from kbpilot.parsing.steps.convert import step_of
from kbpilot.parsing.steps.language import instructs_what_follows, opens_with_instruction
from kbpilot.parsing.steps.sections import Found, Section

FOUND_BY = "instructed paragraphs"


def read_instructed_paragraphs(section: Section, blocks: list[Block], found: Found) -> bool:
    """Add the section's instructed-paragraph procedures to `found`; whether there were any."""
    if any(isinstance(block, ListBlock) for block in blocks):
        return False
    count = 0
    index = 0
    while index < len(blocks):
        lead_in = blocks[index]
        instructs = isinstance(lead_in, Paragraph) and instructs_what_follows(lead_in.text)
        steps = _instructed(blocks, index + 1) if instructs else []
        if isinstance(lead_in, Paragraph) and steps:
            title = section.procedure_title(lead_in.text, count)
            procedure = Procedure(title=title, line=steps[0].line, found_by=FOUND_BY)
            procedure.steps = [step_of(step, number) for number, step in enumerate(steps, 1)]
            found.add(procedure)
            count += 1
            index += len(steps)
        index += 1
    return count > 0


def _instructed(blocks: list[Block], start: int) -> list[Paragraph]:
    steps: list[Paragraph] = []
    for block in blocks[start:]:
        if not (is_prose(block) and opens_with_instruction(block.text)):
            break
        steps.append(block)
    return steps
