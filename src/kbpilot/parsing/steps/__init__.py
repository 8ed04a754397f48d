"""Finding procedures: the step rules, tried in a fixed order on each section of an article.

The rules, each in its own module, with its documented shape (docs/authoring.md shows each):

1. editor-marked (`editor_marked`): headings the article's editor marked, read as marked;
2. step headings (`step_headings`): "## Step 1: ..." sibling headings are one procedure;
3. numbered paragraphs (`numbered_paragraphs`): "1. ..." / "Step 3: ..." paragraphs become
   a list before the next rule reads the section;
4. ordered list / text labels (`ordered_lists`): numbered lists, continued across notes,
   code and prose, with the bullets a reader nests under the last step;
5. bullet list (`bullet_lists`): a list of actions in a section with no numbered procedure;
6. prose and code (`prose_and_code`): instruction sentences each followed by a code block;
7. instructed paragraphs (`instructed_paragraphs`): a lead-in that instructs ("To grant
   access:"), then a paragraph per action;
8. prose steps (`prose_steps`): one instruction per paragraph, no list and no code, under a
   heading or in an article with none.

Rules 4-8 are tried in order on one section and the first that finds something wins. Lists
that are not procedures (navigation, prerequisites, features, lists with no instruction) are
left out by `filters`. `explain_none` says why an article has no procedure and how to mark one.
"""

from __future__ import annotations

from kbpilot.parsing.blocks import is_prose
from kbpilot.parsing.steps.bullet_lists import read_bullet_lists
from kbpilot.parsing.steps.editor_marked import Mark, fold, read_marked
from kbpilot.parsing.steps.instructed_paragraphs import read_instructed_paragraphs
from kbpilot.parsing.steps.language import is_instruction
from kbpilot.parsing.steps.numbered_paragraphs import normalise
from kbpilot.parsing.steps.ordered_lists import read_ordered_lists
from kbpilot.parsing.steps.prose_and_code import read_prose_and_code
from kbpilot.parsing.steps.prose_steps import read_prose_steps
from kbpilot.parsing.steps.sections import Found, Section
from kbpilot.parsing.steps.step_headings import read_step_headings

_MIN_SUGGESTED = 2

__all__ = ["Found", "Mark", "Section", "explain_none", "find_procedures"]


def find_procedures(
    sections: list[Section], fmt: str, article_title: str, marks: list[Mark] | None = None
) -> Found:
    """Every procedure in the sections, in reading order, with the rules' diagnostics."""
    found = Found()
    by_heading = {mark.key: mark for mark in marks or []}
    used: set[int] = set()
    for index, section in enumerate(sections):
        mark = by_heading.get(fold(section.title or ""))
        if mark is not None and index not in used:
            used |= read_marked(sections, index, mark, found)
    used |= read_step_headings(
        [s if i not in used else Section(None) for i, s in enumerate(sections)],
        article_title,
        found,
    )
    for index, section in enumerate(sections):
        if index in used:
            continue
        blocks = normalise(section.blocks)
        (
            read_ordered_lists(section, blocks, fmt, found)
            or read_bullet_lists(section, blocks, found)
            or read_prose_and_code(section, blocks, found)
            or read_instructed_paragraphs(section, blocks, found)
            or read_prose_steps(section, blocks, found, whole_article=len(sections) == 1)
        )
    found.procedures = sorted((p for p in found.procedures if p.steps), key=lambda p: p.line or 0)
    return found


def explain_none(sections: list[Section]) -> str:
    """Why no rule found a procedure, and what an editor can add to mark one."""
    best = max(sections, key=_instruction_paragraphs, default=None)
    base = "no procedure found: no numbered list or numbered paragraphs, no step headings, no list"
    base += " of actions, no instructions followed by code; shown as a document"
    if best is None or not best.title or _instruction_paragraphs(best) < _MIN_SUGGESTED:
        return base
    return (
        f"{base}. If the steps are the paragraphs under {best.title!r}, mark them: "
        f'`procedures: [{{heading: "{best.title}", steps: paragraphs}}]` in the front matter '
        "(see docs/authoring.md, 'Marking procedures')"
    )


def _instruction_paragraphs(section: Section) -> int:
    return sum(1 for block in section.blocks if is_prose(block) and is_instruction(block.text))
