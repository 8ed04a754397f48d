"""List items to steps: the one place a block-model item becomes a model.Step."""

from __future__ import annotations

from kbpilot.model import Link, Step
from kbpilot.parsing.blocks import Block, ListBlock, ListItem, Paragraph
from kbpilot.parsing.steps.language import names_no_procedure_lead_in


def steps_of(items: list[ListItem], start: int = 1) -> list[Step]:
    """Steps numbered from `start`; an item's nested lists become its nested steps."""
    steps: list[Step] = []
    for item in items:
        if not item.text:
            continue
        step = Step(
            number=start + len(steps),
            text=item.text,
            line=item.line,
            links=[Link(link.title, link.target) for link in item.links] if item.links else [],
        )
        if item.children:
            step.steps = nested_steps(item.children)
        steps.append(step)
    return steps


def step_of(paragraph: Paragraph, number: int, text: str | None = None) -> Step:
    """A prose paragraph (or one sentence of it, `text`) as a step."""
    links = [Link(link.title, link.target) for link in paragraph.links]
    return Step(number=number, text=text or paragraph.text, line=paragraph.line, links=links)


def nested_steps(blocks: list[Block]) -> list[Step]:
    """The nested steps that the lists among `blocks` hold, numbered on across the lists; a
    list whose lead-in says it only explains ("the following features:") holds none."""
    steps: list[Step] = []
    for index, block in enumerate(blocks):
        if not isinstance(block, ListBlock):
            continue
        before = blocks[index - 1] if index else None
        if isinstance(before, Paragraph) and names_no_procedure_lead_in(before.text):
            continue
        steps.extend(steps_of(block.items, start=len(steps) + 1))
    return steps
