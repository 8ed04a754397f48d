"""The strings a pattern needs (parsing.needles) are in every text it finds a match in, and the
rules tried through them bind what trying each rule in turn binds.

Patterns are drawn from the pieces regular expressions are made of (literals, classes,
optional and repeated parts, alternatives, groups, lookarounds, back-references, flags);
texts from the same words in other cases and with the characters a case-insensitive pattern
takes for ASCII letters (the long s, the dotless i, "İ", the Kelvin sign).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kbpilot.parsing.needles import folded, needles
from kbpilot.parsing.rules import RuleSet, default_rules, load_rules

_WORDS = ["ticket", "note", "it glue", "sk", "is", "a", "K", "ſ", "é"]
_ATOMS = [
    *(re.escape(word) for word in _WORDS),
    r"\b",
    r"\s+",
    r"\w",
    ".",
    ".*",
    "[ab]",
    "[^x]",
    r"\.",
    "^",
    "$",
]
_TEXT_PIECES = [*_WORDS, "TICKET", "NoTe", "IT GLUE", "ſk", "ıs", "İS", "\u212a", "\u0307"]
_TEXT_PIECES += [" ", ".", "-", "a", "b", "x", "\n"]


def _quantified(pattern: str) -> st.SearchStrategy[str]:
    return st.sampled_from(["", "?", "*", "+", "{2}", "{0,2}", "+?"]).map(
        lambda quantifier: f"(?:{pattern}){quantifier}"
    )


def _combined(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.lists(inner, min_size=1, max_size=4).map("".join),
        st.lists(inner, min_size=2, max_size=3).map("|".join).map(lambda p: f"(?:{p})"),
        inner.map(lambda p: f"({p})"),
        inner.flatmap(_quantified),
        inner.map(lambda p: f"(?-i:{p})"),
        inner.map(lambda p: f"(?={p})"),
        inner.map(lambda p: f"(?!{p})"),
        inner.map(lambda p: f"(?P<g>{p})(?P=g)"),
    )


_PATTERNS = st.recursive(st.sampled_from(_ATOMS), _combined, max_leaves=8)
_TEXTS = st.lists(st.sampled_from(_TEXT_PIECES), max_size=12).map("".join)
_FLAGS = st.sampled_from([re.IGNORECASE, re.IGNORECASE | re.DOTALL, 0, re.IGNORECASE | re.ASCII])


@settings(max_examples=800, deadline=None)
@given(_PATTERNS, _FLAGS, st.lists(_TEXTS, min_size=1, max_size=8))
def test_a_text_a_pattern_matches_holds_one_of_its_needles(
    source: str, flags: int, texts: list[str]
) -> None:
    try:
        pattern = re.compile(source, flags)
    except re.error:  # a group name drawn twice
        assume(False)
    strings = needles(pattern)
    for text in texts:
        if strings is not None and pattern.search(text):
            assert any(needle in folded(text) for needle in strings), (source, text, strings)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (r"\b(?:send|prepare|fill in|generate)\b.*\bletter\b", {"letter"}),
        (r"\b(?:send|prepare)\b.*\bon\b", {"send", "prepare"}),
        (r"\bcreate\s+a\s+new\s+ticket\b", {"create"}),
        (r"colou?r", {"colo"}),
        (r"(?:abc)+d", {"abc"}),
        (r"(?:abc)*d", {"d"}),
        (r"[ab]c", {"c"}),
        (r"x*", None),
        (r"straße", {"stra"}),
        (r"(?:one|\w+)", None),
    ],
)
def test_what_a_pattern_needs(source: str, expected: set[str] | None) -> None:
    found = needles(re.compile(source, re.IGNORECASE))
    assert (set(found) if found is not None else None) == expected


def test_every_default_trigger_needs_a_string() -> None:
    """So a step that holds none of them is ruled out without a search."""
    for rule in default_rules().actions:
        for trigger in rule.triggers:
            assert needles(trigger), (rule.action, trigger.pattern)


_KB_RULES = r"""
[[rule]]
action = "psa.call_user"
match = ['call {quoted:user}', '(?s)ring .*back', '\d{3}-\d{4}']
[[rule]]
action = "psa.mail_user"
phrases = ["mail the user", "ſend it"]
match = ['(?P<word>\w+) (?P=word) again', '(?-i:ITG) runbook']
"""
_STEP_PIECES = [
    "Create a new ticket",
    "open a ticket",
    "CHECKLIST LIBRARY",
    "ticket category",
    "send the runbook from IT Glue",
    "ITG",
    "itg",
    "runbook",
    "ſcheduling link",
    "booking link",
    "with Matthew",
    "fill in the required fields",
    "prepare the letter",
    'call "Ann"',
    "ring her back",
    "555-1234",
    "mail the user",
    "SEND IT",
    "check check again",
    "add a note to the ticket",
    " ",
    ", ",
    "\n",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_STEP_PIECES), max_size=5).map("".join), max_size=10))
def test_a_step_binds_the_rule_that_trying_each_in_turn_binds(
    tmp_path_factory: pytest.TempPathFactory, texts: list[str]
) -> None:
    rules = _kb_rules(tmp_path_factory.getbasetemp())
    for text in texts:
        one_by_one = next((rule for rule in rules.actions if rule.matches(text)), None)
        assert rules.action_for(text) is one_by_one, text


def _kb_rules(folder: Path) -> RuleSet:
    path = folder / "needles-actions.toml"
    if not path.exists():
        path.write_text(_KB_RULES, encoding="utf-8")
    return load_rules(path)
