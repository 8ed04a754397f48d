"""What changed in a procedure since the last run of it: steps added, removed or reworded.

`RunService.start` compares the new run's steps with those of the article's last run when the
article changed since (its fingerprint differs: a synced document edited in IT Glue, a file
edited by hand) and records the changes in the `run.started` event; the CLI, the TUI and the run
export show them. Steps are matched in order by their text (difflib), so a step inserted at 2 is
"added", not "every step after it reworded"; a replaced step whose text is still alike is
"reworded".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

ALIKE = 0.5


@dataclass(frozen=True)
class StepChange:
    """One step added, removed or reworded; `path` is where it is now (before, when removed)."""

    kind: str
    path: str
    text: str
    before: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "text": self.text, "before": self.before}

    def describe(self) -> str:
        if self.kind == "reworded":
            return f"step {self.path} reworded: {self.before!r} -> {self.text!r}"
        return f"step {self.path} {self.kind}: {self.text!r}"


def compare(before: Sequence[tuple[str, str]], now: Sequence[tuple[str, str]]) -> list[StepChange]:
    """The changes from the (path, text) steps `before` to those `now`, in reading order."""
    changes: list[StepChange] = []
    old_texts, new_texts = [text for _, text in before], [text for _, text in now]
    matcher = SequenceMatcher(a=old_texts, b=new_texts, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changes += _replaced(list(before[i1:i2]), list(now[j1:j2]))
    return changes


def _replaced(old: list[tuple[str, str]], new: list[tuple[str, str]]) -> list[StepChange]:
    """Old steps paired, in order, with the first alike new step; the rest removed or added."""
    pairs: dict[int, int] = {}
    start = 0
    for i, (_, was) in enumerate(old):
        for j in range(start, len(new)):
            if SequenceMatcher(a=was, b=new[j][1]).ratio() >= ALIKE:
                pairs[j], start = i, j + 1
                break
    paired = set(pairs.values())
    changes = [
        StepChange("removed", path, text) for i, (path, text) in enumerate(old) if i not in paired
    ]
    for j, (path, text) in enumerate(new):
        if j in pairs:
            changes.append(StepChange("reworded", path, text, old[pairs[j]][1]))
        else:
            changes.append(StepChange("added", path, text))
    return changes


def from_event(data: dict[str, Any]) -> list[StepChange]:
    """The changes a `run.started` event recorded (none for a run started before they were)."""
    since = data.get("since_last_run") or {}
    return [StepChange(**change) for change in since.get("changes", [])]
