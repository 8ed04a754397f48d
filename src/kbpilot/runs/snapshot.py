"""A run's own copy of an article's procedures, and the step an included article adds.

Top-level steps of several procedures are numbered on (a 2nd procedure's first step follows the
1st's last). An included article becomes one more top-level step N titled by the article: its
procedures' steps nested below it (N.1, N.2, ...), or, for a document with placeholders and no
procedure (a letter template), N itself is the `template.render` step.
"""

from __future__ import annotations

from collections.abc import Iterator

from kbpilot.errors import KbpilotError
from kbpilot.model import Article, Step
from kbpilot.runs.model import RunStep

TEMPLATE_ACTION = "template.render"


def _copy(step: Step, path: str, source: str | None = None) -> list[RunStep]:
    action = step.action
    copied = [
        RunStep(
            path=path,
            text=step.text,
            condition=step.condition,
            action_name=action.name if action else None,
            params=dict(action.params) if action else {},
            field_defs=list(step.fields),
            source=source,
        )
    ]
    for child in step.steps:
        copied += _copy(child, f"{path}.{child.number}", source)
    return copied


def _numbered(article: Article) -> Iterator[tuple[int, Step]]:
    """Every top-level step of every procedure, numbered on across the procedures."""
    number = 0
    for procedure in article.procedures:
        for step in procedure.steps:
            number += 1
            yield number, step


def is_template(article: Article) -> bool:
    """A document with placeholders and no procedure: kbpilot fills it in."""
    return "{{" in article.markdown and not article.procedures


def run_steps(article: Article) -> list[RunStep]:
    """The steps a run of `article` follows, in order, with their paths as shown."""
    steps: list[RunStep] = []
    for number, step in _numbered(article):
        steps += _copy(step, str(number))
    return steps


def included_steps(target: Article, number: int) -> list[RunStep]:
    """Top-level step `number` standing for `target`, then its nested steps."""
    top = RunStep(path=str(number), text=target.title, source=target.id)
    if target.procedures:
        steps = [top]
        for position, step in _numbered(target):
            steps += _copy(step, f"{number}.{position}", target.id)
        return steps
    if is_template(target):
        top.action_name, top.params = TEMPLATE_ACTION, {"template": target.title}
        return [top]
    raise KbpilotError(
        f"{target.title!r} has no numbered procedure to follow and no placeholders to fill, "
        "so there is nothing to add to the run; read it in the side panel instead"
    )
