"""Which items of the ticket's checklist stand for which steps of the run: by shared words.

An item and a step match when at least half of the shorter one's significant words (stems of
five letters) are shared, at least two are, and the shared ones include the first significant
word of one of them (its verb or its subject: "Find the customer's organization in IT Glue" is
not "Archive the customer's IT Glue organization"); each item goes to its best step, each step
gets at most one item. A step with nested steps gets none (its nested steps are what is done).
Items no step matched may match the steps of an article included later.
"""

from __future__ import annotations

import re
from dataclasses import replace

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


def stems(text: str) -> list[str]:
    """The significant words' stems of a text, in order, each once."""
    words = _WORD.findall(text.lower().replace("'s", ""))
    return list(dict.fromkeys(word[:5] for word in words if word not in _STOP and len(word) > 1))


def _score(step: RunStep, name: str) -> float:
    first, second = stems(step.text), stems(name)
    shared = set(first) & set(second)
    if len(shared) < 2 or (first[0] not in shared and second[0] not in shared):
        return 0.0
    ratio = len(shared) / min(len(first), len(second))
    return ratio if ratio >= 0.5 else 0.0


def _leaves(steps: list[RunStep]) -> list[RunStep]:
    parents = {step.path.rpartition(".")[0] for step in steps}
    return [step for step in steps if step.path not in parents]


def link_items(steps: list[RunStep], items: list[tuple[int, str]]) -> list[ChecklistLink]:
    """A link per item, to its matching step (or None)."""
    candidates = sorted(
        (
            (_score(step, name), index, step.path)
            for index, (_, name) in enumerate(items)
            for step in _leaves(steps)
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


def link_new_steps(links: list[ChecklistLink], steps: list[RunStep]) -> list[ChecklistLink]:
    """`links` with their open items that have no step matched against new `steps`."""
    free = [index for index, link in enumerate(links) if link.step is None and not link.completed]
    matched = link_items(steps, [(links[i].item_id, links[i].name) for i in free])
    linked = list(links)
    for index, link in zip(free, matched, strict=True):
        linked[index] = replace(links[index], step=link.step)
    return linked
