"""Which items of the ticket's checklist stand for which steps of the run: by shared words.

An item and a step match when at least half of the shorter one's significant words (stems of
five letters) are shared and at least two are; each item goes to its best step, each step gets
at most one item.
"""

from __future__ import annotations

import re

from kbpilot.runs.model import ChecklistLink, RunStep

_WORD = re.compile(r"[a-z]+")
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "to",
        "of",
        "for",
        "from",
        "in",
        "on",
        "with",
        "their",
        "them",
        "they",
        "your",
        "our",
        "as",
        "is",
        "be",
        "by",
        "at",
        "or",
        "it",
        "its",
        "every",
        "all",
        "any",
        "if",
        "applicable",
        "this",
        "that",
        "then",
        "into",
    ]
)


def stems(text: str) -> set[str]:
    words = _WORD.findall(text.lower().replace("'s", ""))
    return {word[:5] for word in words if word not in _STOP and len(word) > 1}


def _score(step: RunStep, name: str) -> float:
    a, b = stems(step.text), stems(name)
    shared = len(a & b)
    if shared < 2 or not a or not b:
        return 0.0
    ratio = shared / min(len(a), len(b))
    return ratio if ratio >= 0.5 else 0.0


def link_items(steps: list[RunStep], items: list[tuple[int, str]]) -> list[ChecklistLink]:
    """A link per item, to its matching step (or None)."""
    candidates = sorted(
        (
            (_score(step, name), index, step.path)
            for index, (_, name) in enumerate(items)
            for step in steps
        ),
        reverse=True,
    )
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    for score, index, path in candidates:
        if score and index not in chosen and path not in taken:
            chosen[index] = path
            taken.add(path)
    return [
        ChecklistLink(item_id, name, chosen.get(index))
        for index, (item_id, name) in enumerate(items)
    ]
