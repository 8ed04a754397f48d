"""A run's own copy of an article's procedure, with the see-also articles that are actions.

Top-level steps of several procedures are numbered on (2nd procedure's first step follows the
1st's last). A see-also reference to an article with placeholders becomes a `template.render`
step; one to an article whose procedure sends something (the runbook) becomes that action's step.
"""

from __future__ import annotations

from kbpilot.model import Article, Step
from kbpilot.runs.model import RunStep
from kbpilot.workspace import KnowledgeBase

FOLLOW_UP_ACTIONS = ("itglue.send_runbook",)


def _copy(step: Step, path: str) -> list[RunStep]:
    action = step.action
    copied = [
        RunStep(
            path=path,
            text=step.text,
            condition=step.condition,
            action_name=action.name if action else None,
            params=dict(action.params) if action else {},
            field_defs=list(step.fields),
        )
    ]
    for child in step.steps:
        copied += _copy(child, f"{path}.{child.number}")
    return copied


def _follow_up(target: Article, number: int) -> RunStep | None:
    if "{{" in target.markdown and not target.procedures:
        return RunStep(
            path=str(number),
            text=f"Prepare the {target.title} for the contact",
            action_name="template.render",
            params={"template": target.title},
            source=target.id,
        )
    action = next((a for a in target.actions() if a.name in FOLLOW_UP_ACTIONS), None)
    if action is None:
        return None
    return RunStep(
        path=str(number),
        text=target.title,
        action_name=action.name,
        params=dict(action.params),
        source=target.id,
    )


def run_steps(article: Article, kb: KnowledgeBase) -> list[RunStep]:
    """The steps a run of `article` follows, in order, with their paths as shown."""
    steps: list[RunStep] = []
    number = 0
    for procedure in article.procedures:
        for step in procedure.steps:
            number += 1
            steps += _copy(step, str(number))
    for reference in article.see_also:
        target = kb.by_id.get(reference.article or "")
        follow_up = _follow_up(target, number + 1) if target else None
        if follow_up is not None:
            number += 1
            steps.append(follow_up)
    return steps
