"""A run's own copy of an article's procedures, and the step an included article adds.

An article with one procedure gives its steps as numbered ("1", "2.1"); one with several gives
each chosen procedure as a step "PN" titled by its heading, its steps below it ("PN.1", ...), as
`addresses` tells. An included article becomes one more top-level step N titled by the article:
its procedures' steps nested below it (N.1, N.2, ..., numbered on across its procedures), or, for
a document with placeholders and no procedure (a letter template), N itself is the
`template.render` step.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from kbpilot.errors import KbpilotError
from kbpilot.model import Article, Step
from kbpilot.runs.addresses import procedure_path
from kbpilot.runs.model import RunStep
from kbpilot.runs.selection import chosen, heading

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


def run_steps(article: Article, procedures: Sequence[str] = ()) -> list[RunStep]:
    """The steps a run of `article` follows, in order, with their paths as shown; `procedures`
    names those to follow by heading or number (`selection`), all when empty."""
    numbers = chosen(article, procedures)  # names checked even when there is one procedure
    steps: list[RunStep] = []
    if len(article.procedures) == 1:
        for number, step in _numbered(article):
            steps += _copy(step, str(number))
        return steps
    for number in numbers:
        procedure = article.procedures[number - 1]
        top = procedure_path(number)
        steps.append(RunStep(path=top, text=heading(procedure, number)))
        for position, step in enumerate(procedure.steps, 1):
            steps += _copy(step, f"{top}.{position}")
    return steps


def included_steps(target: Article, top: str) -> list[RunStep]:
    """Top-level step `top` ("7", "P6") standing for `target`, then its nested steps."""
    first = RunStep(path=top, text=target.title, source=target.id)
    if target.procedures:
        steps = [first]
        for position, step in _numbered(target):
            steps += _copy(step, f"{top}.{position}", target.id)
        return steps
    if is_template(target):
        first.action_name, first.params = TEMPLATE_ACTION, {"template": target.title}
        return [first]
    raise KbpilotError(
        f"{target.title!r} has no numbered procedure to follow and no placeholders to fill, "
        "so there is nothing to add to the run; read it in the side panel instead"
    )
