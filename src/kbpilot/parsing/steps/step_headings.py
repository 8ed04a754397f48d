"""Rule "step headings": steps written as headings ("## Step 2: Create the share").

Two or more sibling headings that start "Step N" (or "Stage N") are the steps of one
procedure, titled by the heading above them (the article's title when there is none). So are
sibling headings numbered as sub-sections ("3.1 Log onto the system", "3.2 Stop the
services") or as a list ("## 1. Find the account", "## 2. Disable it") when most of them
are instructions: a guide's numbered sections that are only
topics ("5.1 Back-out strategy", "5.2 Risks") stay sections. What stands under a step heading,
down to the next sibling, is that step's body: its lists, and numbered paragraphs, are the
step's nested steps.
"""

from __future__ import annotations

import re

from kbpilot.model import Procedure, Step
from kbpilot.parsing.blocks import Block
from kbpilot.parsing.steps.convert import nested_steps
from kbpilot.parsing.steps.language import is_instruction
from kbpilot.parsing.steps.numbered_paragraphs import normalise
from kbpilot.parsing.steps.sections import Found, Section

FOUND_BY = "step headings"
_STEP_HEADING = re.compile(
    r"(?:step|stage)\s+(?P<number>\d{1,3})[a-z]?\b\s*[:.)–—-]?\s*(?P<text>.*)", re.IGNORECASE
)
_NUMBERED_HEADING = re.compile(r"(?P<number>\d{1,3}(?:\.\d{1,3})+\.?|\d{1,3}[.)])\s+(?P<text>\S.*)")
_MIN_STEPS = 2
_MIN_SHARE = 0.5


def read_step_headings(sections: list[Section], article_title: str, found: Found) -> set[int]:
    """Add the procedures written as step headings; the indexes of the sections they used."""
    used: set[int] = set()
    index = 0
    while index < len(sections):
        if _step_text(sections[index]) is None:
            index += 1
            continue
        groups, end = _group(sections, index)
        if len(groups) >= _MIN_STEPS and _are_steps(sections, groups):
            parent = _parent(sections, index)
            title = parent.title if parent else article_title
            first = sections[index]
            procedure = Procedure(title=title, line=first.line, found_by=FOUND_BY)
            procedure.steps = [_step(sections, group, n) for n, group in enumerate(groups, 1)]
            found.add(procedure)
            used.update(i for group in groups for i in group)
        index = max(end, index + 1)
    return used


def _step_text(section: Section) -> str | None:
    """The step a heading names without its label, or None when it is no step heading."""
    if section.heading is None:
        return None
    found = _STEP_HEADING.fullmatch(section.heading.text) or _NUMBERED_HEADING.fullmatch(
        section.heading.text
    )
    if found is None:
        return None
    return found["text"].strip() or section.heading.text


def _are_steps(sections: list[Section], groups: list[list[int]]) -> bool:
    """ "Step N" headings always are; numbered sub-sections when most name an action."""
    heads = [sections[group[0]].heading for group in groups]
    if all(h is not None and _STEP_HEADING.fullmatch(h.text) for h in heads):
        return True
    texts = [_step_text(sections[group[0]]) or "" for group in groups]
    return sum(is_instruction(text) for text in texts) / len(texts) > _MIN_SHARE


def _group(sections: list[Section], start: int) -> tuple[list[list[int]], int]:
    """The step sections from `start` on, each with the deeper sections under it."""
    level = sections[start].level
    groups: list[list[int]] = [[start]]
    index = start + 1
    while index < len(sections):
        section = sections[index]
        if section.level > level:
            groups[-1].append(index)
        elif section.level == level and _same_kind(sections[start], section):
            groups.append([index])
        else:
            break
        index += 1
    return groups, index


def _same_kind(first: Section, other: Section) -> bool:
    """Whether a sibling heading is labelled like the first step heading."""
    assert first.heading is not None and other.heading is not None
    pattern = _STEP_HEADING if _STEP_HEADING.fullmatch(first.heading.text) else _NUMBERED_HEADING
    return pattern.fullmatch(other.heading.text) is not None


def _parent(sections: list[Section], index: int) -> Section | None:
    level = sections[index].level
    return next((s for s in reversed(sections[:index]) if s.level < level and s.heading), None)


def _step(sections: list[Section], group: list[int], number: int) -> Step:
    head = sections[group[0]]
    blocks: list[Block] = [block for i in group for block in sections[i].blocks]
    text = _step_text(head) or ""
    step = Step(number=number, text=text, line=head.line)
    step.steps = nested_steps(normalise(blocks))
    return step
