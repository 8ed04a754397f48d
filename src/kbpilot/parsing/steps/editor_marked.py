"""Rule "editor-marked": the article says which headings hold procedures, and how.

When no heuristic reads an article right, its editor says so, in the front matter (Markdown),
a `<meta name="kbpilot-procedures">` (HTML) or `[articles."id"] procedures` in kb/kbpilot.toml
(any format):

    procedures:
      - heading: Mitigation
        steps: paragraphs

`steps` is one of: `paragraphs` (each prose paragraph under the heading is a step, lists after
it its nested steps), `list` (every list under it, numbered or not, without the checks that
keep lists out), `code` (each paragraph followed by code), `headings` (each heading under it).
A mark may also be written `- Mitigation: paragraphs`. A marked heading is read only this way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kbpilot.model import Link, Procedure, Step
from kbpilot.parsing.blocks import Block, ListBlock, Paragraph
from kbpilot.parsing.steps.convert import nested_steps, steps_of
from kbpilot.parsing.steps.numbered_paragraphs import normalise
from kbpilot.parsing.steps.sections import Found, Section

FOUND_BY = "editor-marked"
STYLES = ("paragraphs", "list", "code", "headings")


@dataclass(frozen=True)
class Mark:
    """One heading an editor marked, and how its steps are written."""

    heading: str
    steps: str = "list"

    @property
    def key(self) -> str:
        return fold(self.heading)


def fold(heading: str) -> str:
    return " ".join(heading.lower().rstrip(":").split())


def parse_marks(value: Any) -> tuple[list[Mark], list[str]]:
    """The marks a `procedures` value gives, and a message for each entry that is wrong."""
    if value is None:
        return [], []
    entries = value if isinstance(value, list) else [value]
    marks: list[Mark] = []
    errors: list[str] = []
    for entry in entries:
        mark = _mark(entry)
        if isinstance(mark, str):
            errors.append(mark)
        else:
            marks.append(mark)
    return marks, errors


def _mark(entry: Any) -> Mark | str:
    if isinstance(entry, str):
        heading, _, style = entry.rpartition(":") if ":" in entry else (entry, "", "list")
        entry = {"heading": heading.strip() or entry, "steps": style.strip() or "list"}
    elif isinstance(entry, dict) and "heading" not in entry and len(entry) == 1:
        ((heading, style),) = entry.items()
        entry = {"heading": str(heading), "steps": style}
    if not isinstance(entry, dict) or not isinstance(entry.get("heading"), str):
        return "procedures: each entry needs a heading (`- heading: Mitigation`)"
    style = str(entry.get("steps", "list")).strip().lower()
    if style not in STYLES:
        return f"procedures: steps {style!r} under {entry['heading']!r} must be one of " + (
            ", ".join(STYLES)
        )
    return Mark(entry["heading"].strip(), style)


def read_marked(sections: list[Section], index: int, mark: Mark, found: Found) -> set[int]:
    """Read the marked section; the indexes of the sections used (deeper ones for headings)."""
    section = sections[index]
    procedure = Procedure(title=section.title, line=section.line, found_by=FOUND_BY)
    used = {index}
    if mark.steps == "headings":
        children = _children(sections, index)
        procedure.steps = [
            Step(
                number=n,
                text=sections[i].title or "",
                line=sections[i].line,
                steps=nested_steps(normalise(sections[i].blocks)),
            )
            for n, i in enumerate(children, 1)
        ]
        used.update(children)
    elif mark.steps == "list":
        procedure.steps = [
            step
            for block in normalise(section.blocks)
            if isinstance(block, ListBlock)
            for step in steps_of(block.items)
        ]
        for number, step in enumerate(procedure.steps, 1):
            step.number = number
    else:
        procedure.steps = _paragraph_steps(section.blocks, code_only=mark.steps == "code")
    found.add(procedure)
    return used


def _children(sections: list[Section], index: int) -> list[int]:
    level = sections[index].level
    children: list[int] = []
    for i in range(index + 1, len(sections)):
        if sections[i].level <= level:
            break
        if not children or sections[i].level <= sections[children[0]].level:
            children.append(i)
    return children


def _paragraph_steps(blocks: list[Block], code_only: bool) -> list[Step]:
    steps: list[Step] = []
    for index, block in enumerate(blocks):
        if isinstance(block, ListBlock) and steps:
            steps[-1].steps.extend(nested_steps([block]))
            continue
        if not isinstance(block, Paragraph) or block.kind != "text":
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if code_only and not (isinstance(following, Paragraph) and following.kind == "code"):
            continue
        links = [Link(link.title, link.target) for link in block.links]
        steps.append(Step(number=len(steps) + 1, text=block.text, line=block.line, links=links))
    return steps
