"""Sections: the body of an article cut at its headings, the unit the step rules read.

A section is a heading (None for the text before the first one) and the blocks under it up to
the next heading of any level. `level` orders sections into a tree for the rules that read
headings as steps; reference sections (see also, related) never reach the step rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kbpilot.model import Diagnostic, Procedure
from kbpilot.parsing.blocks import Block, Heading, ListBlock
from kbpilot.parsing.steps.language import last_sentence


@dataclass
class FoundList(ListBlock):
    """A list a step rule made from blocks that were not written as a list (numbered
    paragraphs, step headings), remembering which rule made it."""

    found_by: str = "numbered paragraphs"


@dataclass
class Section:
    """One heading and the body blocks under it."""

    heading: Heading | None
    blocks: list[Block] = field(default_factory=list)

    @property
    def title(self) -> str | None:
        return self.heading.text if self.heading else None

    @property
    def level(self) -> int:
        return self.heading.level if self.heading else 0

    @property
    def line(self) -> int | None:
        return self.heading.line if self.heading else None

    def procedure_title(self, lead_in: str | None, earlier: int) -> str | None:
        """The title of a procedure found here: the heading for the first; a later one (a
        list that starts again under the same heading) is titled by its lead-in's last
        sentence, the one that introduces it."""
        if earlier and lead_in:
            return last_sentence(lead_in)
        return self.title


@dataclass
class Found:
    """What the rules found in an article: procedures (in reading order) and diagnostics."""

    procedures: list[Procedure] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def add(self, procedure: Procedure) -> None:
        """Keep a procedure; one that ends up with no step is dropped at the end."""
        self.procedures.append(procedure)
