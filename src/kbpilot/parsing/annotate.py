"""Binding steps to meaning: conditions and actions from the rules (kb/actions.toml + defaults)."""

from __future__ import annotations

from kbpilot.model import Action, Article, Diagnostic, Level, Step
from kbpilot.parsing.rules import RuleSet


def bind(article: Article, rules: RuleSet) -> None:
    """Give every step its condition and action; warn where a rule lacks a required parameter."""
    for procedure in article.procedures:
        _bind_steps(article, procedure.steps, "", rules)


def _bind_steps(article: Article, steps: list[Step], prefix: str, rules: RuleSet) -> None:
    """Bind steps and their nested steps depth first, in reading order (`Article.steps`);
    `prefix` is the dotted path of their parent ("2." for the steps under step 2)."""
    for step in steps:
        remainder = _bind_condition(step, rules)
        _bind_action(article, prefix, step, remainder, rules)
        if step.steps:
            _bind_steps(article, step.steps, f"{prefix}{step.number}.", rules)


def _bind_condition(step: Step, rules: RuleSet) -> str:
    """Set the step's condition if one matches; return the text after it."""
    for rule in rules.conditions:
        found = rule.pattern.match(step.text)
        if found and found.end() < len(step.text):
            step.condition = " ".join(found["condition"].split())
            return step.text[found.end() :]
    return step.text


def _bind_action(article: Article, prefix: str, step: Step, text: str, rules: RuleSet) -> None:
    rule = rules.action_for(text)
    if rule is None:
        return
    params = rule.read_params(text)
    missing = [name for name in rule.requires if not params.get(name)]
    if missing:
        path = f"{prefix}{step.number}"
        article.diagnostics.append(
            Diagnostic(
                Level.WARNING,
                f"step {path} looks like {rule.action} but gives no {', '.join(missing)}: "
                + (rule.hint or f"see the rule in {rule.origin}"),
                step.line,
            )
        )
    step.action = Action(rule.action, params)
    if rule.fields == "article":
        step.fields = list(article.fields)
