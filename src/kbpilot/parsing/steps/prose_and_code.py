"""Rule "prose and code": runbooks with no list at all, a sentence and its command per step.

Alert runbooks, restore procedures and admin guides often read "Grant yourself access to the
mailbox:" then a code block, "Next, run the script with -WhatIf:" then another. Under a heading
with no list procedure, each prose paragraph directly followed by code (notes may stand
between) is a step when it is an instruction or a lead-in ending with ":"; a paragraph opening
with "Or, ..." is another way to do the step before, one with "For example" (or ending
"..., such as:") illustrates, and a sentence about output describes: none of those is a step.
Instruction paragraphs with no code of their own ("Copy the backup to the new server.")
are steps too when a step with code follows them, and so are those right after the last
command ("Save the file and exit."), up to the first paragraph that does not instruct or is
nothing but a link (a "next step" button). A paragraph whose sentences are each an
instruction ("Save them to the current directory.
Obtain the signing key:") is one step per sentence. At least one step must open with an
instruction ("Stop the service:", "To reset the password with the task:"), not only lead-ins
("The syntax is:") or descriptions that end in one ("It listens on port 80. To check, open
this address:" is how a manual explains, not a runbook). A paragraph that announces a
procedure ("If you work offline, here is how to do it.") starts a new one, titled by it. A
section that holds any list is not such a runbook: its code illustrates the lists (a command
reference, a list of options).
"""

from __future__ import annotations

from kbpilot.model import Procedure, Step
from kbpilot.parsing.blocks import Block, ListBlock, Paragraph, is_only_link, is_prose
from kbpilot.parsing.steps.convert import step_of
from kbpilot.parsing.steps.language import (
    announces_procedure,
    describes_outcome,
    instruction_sentences,
    is_alternative,
    is_example,
    is_instruction,
    is_lead_in,
    is_purpose_lead_in,
    opens_with_instruction,
)
from kbpilot.parsing.steps.sections import Found, Section

FOUND_BY = "prose and code"


def read_prose_and_code(section: Section, blocks: list[Block], found: Found) -> bool:
    """Add the section's prose-and-code procedures to `found`; whether there were any."""
    if any(isinstance(block, ListBlock) for block in blocks) or not any(map(_is_code, blocks)):
        return False  # with no code, no paragraph is followed by code: no step
    added = False
    title = section.title
    start = 0
    for index, block in enumerate(blocks):
        if is_prose(block) and announces_procedure(block.text):
            added |= _read_part(title, blocks, start, index, found)
            title, start = block.text, index + 1
    return _read_part(title, blocks, start, len(blocks), found) or added


def _read_part(title: str | None, blocks: list[Block], start: int, end: int, found: Found) -> bool:
    steps: list[Step] = []
    pending: list[Paragraph] = []  # prose with no code of its own: a step if it instructs
    instructions = 0
    for index in range(start, end):
        block = blocks[index]
        if not is_prose(block):
            continue
        if not _code_follows(blocks, index + 1, end):
            pending.append(block)
            continue
        text = block.text
        if not (is_lead_in(text) or is_instruction(text)):
            continue
        if is_alternative(text) or is_example(text) or describes_outcome(text):
            continue
        instructions += is_instruction(text, first_sentence=True) or is_purpose_lead_in(text)
        instructing = [paragraph for paragraph in pending if opens_with_instruction(paragraph.text)]
        steps.extend(step_of(paragraph, len(steps) + 1) for paragraph in instructing)
        pending.clear()
        for sentence in instruction_sentences(text) or [text]:
            steps.append(step_of(block, len(steps) + 1, sentence))
    if not instructions:
        return False
    for paragraph in pending:  # after the last command: "Save the file and exit."
        if is_only_link(paragraph.text, paragraph.links):
            break
        if not opens_with_instruction(paragraph.text):
            break
        steps.append(step_of(paragraph, len(steps) + 1))
    procedure = Procedure(title=title, line=steps[0].line, found_by=FOUND_BY)
    procedure.steps = steps
    found.add(procedure)
    return True


def _is_code(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.kind == "code"


def _code_follows(blocks: list[Block], start: int, end: int) -> bool:
    for index in range(start, end):
        block = blocks[index]
        if isinstance(block, Paragraph) and block.kind == "note":
            continue
        return _is_code(block)
    return False
