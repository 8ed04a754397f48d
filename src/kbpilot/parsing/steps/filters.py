"""False procedures: numbered or bulleted lists that a reader does not follow as steps.

A list is not a procedure when it is navigation (every item only a link: breadcrumbs, a table
of contents, a "jump to" menu), when its heading or lead-in says what it is (prerequisites,
features, fixed issues, further reading: the phrases are in defaults/reading.toml), or when
it was not written as a list (numbered paragraphs) or has one item, and no item tells the
reader to do anything ("1. Query window", "2. Toolstrip": a description of a screen), or when
it stands under a heading such as Troubleshooting and most items are not instructions.
"""

from __future__ import annotations

from kbpilot.parsing.blocks import ListBlock, ListItem, is_only_link
from kbpilot.parsing.steps.language import (
    is_doubtful_heading,
    is_instruction,
    names_no_procedure_heading,
    names_no_procedure_lead_in,
)
from kbpilot.parsing.steps.sections import FoundList

_DOUBTFUL_SHARE = 0.5


def why_not_procedure(block: ListBlock, heading: str | None, lead_in: str | None) -> str | None:
    """Why a list is not a procedure ("navigation", "prerequisites", ...), or None when it is
    one as far as these checks can tell."""
    if is_link_list(block):
        return "every item is a link (navigation or contents)"
    if names_no_procedure_heading(heading):
        return f"its heading {heading!r} names what it lists"
    if lead_in and names_no_procedure_lead_in(lead_in):
        return "its lead-in names what it lists"
    guessed = isinstance(block, FoundList) or len(block.items) == 1
    if guessed and not any(is_instruction(item.text) for item in block.items):
        return "no item tells the reader to do something"
    if is_doubtful_heading(heading) and not instructions_exceed(block, _DOUBTFUL_SHARE):
        return f"under {heading!r}, most items describe problems rather than steps"
    return None


def is_link_list(block: ListBlock) -> bool:
    """Every item is nothing but a link: navigation (breadcrumbs, a table of contents)."""
    return all(_only_link(item) for item in block.items)


def _only_link(item: ListItem) -> bool:
    return is_only_link(item.text, item.links) and not any(
        isinstance(child, ListBlock) for child in item.children
    )


def instructions_exceed(block: ListBlock, share: float) -> bool:
    """Whether the items whose first sentence is an instruction make up more than `share` of
    a list's items (none when it has none). Items are read until the rest cannot change the
    answer: the count so far over the items is already above `share`, or would not be even if
    every item left were an instruction."""
    items = [item for item in block.items if item.text]
    count = 0
    for position, item in enumerate(items, 1):
        count += is_instruction(item.text, first_sentence=True)
        if count / len(items) > share:
            return True
        if (count + len(items) - position) / len(items) <= share:
            return False
    return share < 0.0  # no items: a share of none
