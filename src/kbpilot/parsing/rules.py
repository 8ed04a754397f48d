"""The step rules file (kb/actions.toml and the built-in defaults): loading, checking, compiling.

A `[[condition]]` pattern recognises a conditional step ("If applicable: ...") and captures the
condition. A `[[rule]]` binds an action: it matches a step by `phrases` (plain words) or `match`
(regular expressions), takes parameters from the named groups of its `match` and `extract`
patterns (`{quoted:name}` stands for a value in straight or curly double quotes), adds `params`
defaults, and names the parameters it `requires`; with `when_configured = "table"` it applies
only in a KB whose kb/kbpilot.toml has that table (a system the KB is set up for, such as
`[timezest]`). docs/authoring.md describes the format.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from kbpilot.errors import ConfigError
from kbpilot.parsing.needles import folded, needles
from kbpilot.settings import read_toml

_ACTION_NAME = re.compile(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*")
_QUOTED = re.compile(r"\{quoted:(?P<name>[A-Za-z_]\w*)\}")
_QUOTED_VALUE = r"[\"“”](?P<{name}>[^\"“”]+?)[\"“”]"
_RULE_KEYS = {
    "action",
    "phrases",
    "match",
    "extract",
    "params",
    "requires",
    "fields",
    "hint",
    "when_configured",
}
_CONDITION_KEYS = {"pattern"}
FIELD_SOURCES = ("article",)


@dataclass(frozen=True)
class ConditionRule:
    """A pattern at the start of a step's text whose `condition` group is the condition."""

    pattern: re.Pattern[str]
    origin: str


@dataclass(frozen=True)
class ActionRule:
    """How to recognise one kind of action step and read its parameters."""

    action: str
    triggers: tuple[re.Pattern[str], ...]
    extract: tuple[re.Pattern[str], ...] = ()
    params: dict[str, str] = field(default_factory=dict)
    requires: tuple[str, ...] = ()
    fields: str | None = None
    hint: str | None = None
    when_configured: str | None = None
    origin: str = ""

    def matches(self, text: str) -> bool:
        return any(trigger.search(text) for trigger in self.triggers)

    def read_params(self, text: str) -> dict[str, str]:
        """Defaults, overridden by what the trigger and extract patterns capture."""
        params = dict(self.params)
        for pattern in (*self.triggers, *self.extract):
            found = pattern.search(text)
            if found:
                params.update(
                    {
                        k: " ".join(v.split())
                        for k, v in found.groupdict().items()
                        if v and v.strip()
                    }
                )
        return params


@dataclass(frozen=True)
class RuleSet:
    """Conditions and action rules in the order they are tried (the KB's first, then defaults)."""

    conditions: tuple[ConditionRule, ...] = ()
    actions: tuple[ActionRule, ...] = ()

    def __add__(self, other: RuleSet) -> RuleSet:
        return RuleSet(self.conditions + other.conditions, self.actions + other.actions)

    def configured(self, tables: Iterable[str]) -> RuleSet:
        """The rules that apply in a KB whose kb/kbpilot.toml has these tables; made once per
        set of tables, so its triggers are indexed by their needles once (not once per
        article)."""
        present = frozenset(tables)
        made = self._configured.get(present)
        if made is None:
            kept = tuple(
                rule
                for rule in self.actions
                if rule.when_configured is None or rule.when_configured in present
            )
            made = self._configured[present] = RuleSet(self.conditions, kept)
        return made

    def action_for(self, text: str) -> ActionRule | None:
        """The first action rule that recognises `text`: the rule of the first trigger, in the
        order rules and their triggers are tried, that finds a match. Most steps bind no
        action: the text a trigger needs (`parsing.needles`) rules it out with substring
        tests, and only the triggers whose needles the step holds are searched."""
        triggers = self._triggers
        for index in triggers.candidates(folded(text)):
            rule, trigger = triggers.order[index]
            if trigger.search(text):
                return rule
        return None

    @cached_property
    def _configured(self) -> dict[frozenset[str], RuleSet]:
        return {}

    @cached_property
    def _triggers(self) -> _Triggers:
        return _Triggers.of(self.actions)


@dataclass(frozen=True)
class _Triggers:
    """Every action trigger in the order they are tried, indexed by the strings they need."""

    order: tuple[tuple[ActionRule, re.Pattern[str]], ...]
    by_needle: dict[str, tuple[int, ...]]
    always: tuple[int, ...]  # the triggers no string is known for: tried on every text

    @classmethod
    def of(cls, rules: tuple[ActionRule, ...]) -> _Triggers:
        order = tuple((rule, trigger) for rule in rules for trigger in rule.triggers)
        by_needle: dict[str, list[int]] = {}
        always: list[int] = []
        for index, (_, trigger) in enumerate(order):
            strings = needles(trigger)
            if strings is None:
                always.append(index)
            for needle in strings or ():
                by_needle.setdefault(needle, []).append(index)
        indexed = {needle: tuple(indexes) for needle, indexes in by_needle.items()}
        return cls(order, indexed, tuple(always))

    def candidates(self, folded_text: str) -> list[int]:
        """The triggers that may find a match in a text (given `folded`), in order."""
        found = [*self.always]
        for needle, indexes in self.by_needle.items():
            if needle in folded_text:
                found.extend(indexes)
        return sorted(set(found)) if found else found


@cache
def default_rules() -> RuleSet:
    """The rules kbpilot ships with (src/kbpilot/defaults/actions.toml), compiled once: a
    RuleSet is immutable."""
    source = resources.files("kbpilot.defaults").joinpath("actions.toml")
    with resources.as_file(source) as path:
        return _compile_file(path, "kbpilot defaults/actions.toml")[0]


def load_rules(path: Path | None) -> RuleSet:
    """The KB's rules followed by the defaults (unless the file says `include_defaults = false`)."""
    if path is None or not path.is_file():
        return default_rules()
    rules, include_defaults = _compile_file(path, str(path))
    return rules + default_rules() if include_defaults else rules


def _compile_file(path: Path, where: str) -> tuple[RuleSet, bool]:
    data = read_toml(path)
    raw_text = path.read_text(encoding="utf-8")
    unknown = set(data) - {"include_defaults", "condition", "rule"}
    if unknown:
        raise ConfigError(where, f"unknown top-level key(s): {', '.join(sorted(unknown))}")
    include_defaults = data.get("include_defaults", True)
    if not isinstance(include_defaults, bool):
        raise ConfigError(where, "include_defaults: must be true or false")
    compiler = _Compiler(where, raw_text)
    conditions = tuple(
        compiler.condition(entry, f"condition[{i}]")
        for i, entry in enumerate(_tables(data, "condition", where))
    )
    actions = tuple(
        compiler.rule(entry, f"rule[{i}]") for i, entry in enumerate(_tables(data, "rule", where))
    )
    return RuleSet(conditions, actions), include_defaults


def _tables(data: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ConfigError(where, f"`{key}` must be written as [[{key}]] tables")
    return value


class _Compiler:
    """Checks and compiles entries, naming the file, the line and the field of any mistake."""

    def __init__(self, where: str, raw_text: str) -> None:
        self.where = where
        self.raw_text = raw_text

    def condition(self, entry: dict[str, Any], name: str) -> ConditionRule:
        self._no_unknown(entry, _CONDITION_KEYS, name)
        pattern = entry.get("pattern")
        if not isinstance(pattern, str) or not pattern:
            raise ConfigError(self.where, f"{name}.pattern: a regular expression is required")
        compiled = self._regex(pattern, f"{name}.pattern")
        if "condition" not in compiled.groupindex:
            raise self._error(f"{name}.pattern: needs a (?P<condition>...) group", pattern)
        return ConditionRule(compiled, f"{self.where} {name}")

    def rule(self, entry: dict[str, Any], name: str) -> ActionRule:
        self._no_unknown(entry, _RULE_KEYS, name)
        action = entry.get("action")
        if not isinstance(action, str) or not _ACTION_NAME.fullmatch(action):
            raise ConfigError(
                self.where, f"{name}.action: needs a name like 'autotask.create_ticket'"
            )
        name = f"{name} ({action})"
        phrases = self._strings(entry, "phrases", name)
        triggers = tuple(_phrase(p) for p in phrases) + tuple(
            self._regex(p, f"{name}.match") for p in self._strings(entry, "match", name)
        )
        if not triggers:
            raise ConfigError(self.where, f"{name}: give `phrases` or `match` to recognise steps")
        extract = tuple(
            self._regex(p, f"{name}.extract") for p in self._strings(entry, "extract", name)
        )
        params = entry.get("params", {})
        if not isinstance(params, dict) or not all(isinstance(v, str) for v in params.values()):
            raise ConfigError(self.where, f"{name}.params: must be a table of strings")
        requires = tuple(self._strings(entry, "requires", name))
        captured = {g for p in (*triggers, *extract) for g in p.groupindex} | set(params)
        for required in requires:
            if required not in captured:
                raise ConfigError(
                    self.where,
                    f"{name}.requires: {required!r} is neither captured by a pattern "
                    "nor given in params",
                )
        fields = entry.get("fields")
        if fields is not None and fields not in FIELD_SOURCES:
            raise ConfigError(self.where, f"{name}.fields: must be one of {FIELD_SOURCES}")
        hint = entry.get("hint")
        if hint is not None and not isinstance(hint, str):
            raise ConfigError(self.where, f"{name}.hint: must be a string")
        when = entry.get("when_configured")
        if when is not None and (not isinstance(when, str) or not when):
            raise ConfigError(
                self.where, f"{name}.when_configured: must name a table of kb/kbpilot.toml"
            )
        return ActionRule(
            action=action,
            triggers=triggers,
            extract=extract,
            params=params,
            requires=requires,
            fields=fields,
            hint=hint,
            when_configured=when,
            origin=f"{self.where} {name}",
        )

    def _regex(self, pattern: str, name: str) -> re.Pattern[str]:
        expanded = _QUOTED.sub(lambda m: _QUOTED_VALUE.format(name=m["name"]), pattern)
        try:
            return re.compile(expanded, re.IGNORECASE)
        except re.error as error:
            raise self._error(f"{name}: broken regular expression: {error.msg}", pattern) from None

    def _strings(self, entry: dict[str, Any], key: str, name: str) -> list[str]:
        value = entry.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ConfigError(self.where, f"{name}.{key}: must be a list of non-empty strings")
        return value

    def _no_unknown(self, entry: dict[str, Any], allowed: set[str], name: str) -> None:
        unknown = set(entry) - allowed
        if unknown:
            raise ConfigError(
                self.where,
                f"{name}: unknown key(s) {', '.join(sorted(unknown))} "
                f"(allowed: {', '.join(sorted(allowed))})",
            )

    def _error(self, message: str, needle: str) -> ConfigError:
        return ConfigError(self.where, message, self._line_of(needle))

    def _line_of(self, needle: str) -> int | None:
        for number, line in enumerate(self.raw_text.splitlines(), start=1):
            if needle in line:
                return number
        return None


def _phrase(phrase: str) -> re.Pattern[str]:
    """A plain phrase matched case-insensitively as whole words, any spacing between them."""
    words = [re.escape(word) for word in phrase.split()]
    body = r"\s+".join(words)
    start = r"\b" if re.match(r"\w", phrase) else ""
    end = r"\b" if re.search(r"\w$", phrase) else ""
    return re.compile(f"{start}{body}{end}", re.IGNORECASE)
