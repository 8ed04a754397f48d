"""Rule "prose steps": a section written as one instruction per paragraph, with no list.

Wiki pages and help-centre exports often read "Open the DNS manager of your domain's host."
then "Change the three A records to the new server's address." under a heading, one action a
paragraph, with no list markup and no commands. Under a heading with no list and no code
(the other rules read those), when at least two paragraphs open with an instruction and they
make up at least half of the section's prose, each of them is a step; the paragraphs between
them (a pointer to another page, a remark) are not. An article with no heading below its title
(a help-centre fragment: "Start the mail client and click File." / screenshot / "Click Add
Account." ...) is read the same way as one section. A heading that names what it holds
("Before you begin", "Troubleshooting") keeps its paragraphs as prose, so does a section with
a lead-in naming what it lists ("To use the scanner, you need:"), and so does a single
instruction among descriptions.
"""

from __future__ import annotations

from kbpilot.model import Procedure
from kbpilot.parsing.blocks import Block, ListBlock, Paragraph, is_prose
from kbpilot.parsing.steps.convert import step_of
from kbpilot.parsing.steps.language import (
    is_doubtful_heading,
    is_lead_in,
    names_no_procedure_heading,
    names_no_procedure_lead_in,
    opens_with_instruction,
)
from kbpilot.parsing.steps.sections import Found, Section

FOUND_BY = "prose steps"
_MIN_STEPS = 2


def read_prose_steps(
    section: Section, blocks: list[Block], found: Found, whole_article: bool = False
) -> bool:
    """Add the section's prose-steps procedure to `found`; whether there was one. Text before
    the first heading is read only when it is the `whole_article`."""
    if section.title is None and not whole_article:
        return False
    if section.title is not None and _names_no_procedure(section.title):
        return False
    if any(
        isinstance(b, ListBlock) or (isinstance(b, Paragraph) and b.kind == "code") for b in blocks
    ):
        return False
    prose = [block for block in blocks if is_prose(block)]
    if any(is_lead_in(p.text) and names_no_procedure_lead_in(p.text) for p in prose):
        return False
    steps = _instruction_paragraphs(prose)
    if steps is None:
        return False
    procedure = Procedure(title=section.title, line=steps[0].line, found_by=FOUND_BY)
    procedure.steps = [step_of(step, number) for number, step in enumerate(steps, 1)]
    found.add(procedure)
    return True


def _names_no_procedure(title: str) -> bool:
    return names_no_procedure_heading(title) or is_doubtful_heading(title)


def _instruction_paragraphs(prose: list[Paragraph]) -> list[Paragraph] | None:
    """The paragraphs that open with an instruction when there are at least two and they make
    up half the prose or more; None otherwise, said as soon as the paragraphs left cannot
    make up the number."""
    needed = max(_MIN_STEPS, (len(prose) + 1) // 2)
    steps: list[Paragraph] = []
    for position, paragraph in enumerate(prose):
        if len(steps) + len(prose) - position < needed:
            return None
        if opens_with_instruction(paragraph.text):
            steps.append(paragraph)
    return steps if len(steps) >= needed else None
