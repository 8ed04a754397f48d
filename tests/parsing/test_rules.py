"""The rules file: defaults, KB rules first, and mistakes reported with file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbpilot.errors import ConfigError
from kbpilot.model import Article, Procedure, Step
from kbpilot.parsing.annotate import bind
from kbpilot.parsing.rules import default_rules, load_rules


def bound(text: str, rules_path: Path | None = None) -> Step:
    step = Step(number=1, text=text, line=1)
    article = Article(id="a", title="A", source="a.txt", format="text")
    article.procedures.append(Procedure(title=None, steps=[step]))
    bind(article, load_rules(rules_path).configured(()))
    return step


def write_rules(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "actions.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_load() -> None:
    rules = default_rules()
    assert {r.action for r in rules.actions} >= {
        "autotask.create_ticket",
        "autotask.set_ticket_category",
        "autotask.apply_checklist_library",
        "form.required_information",
        "notify.scheduling_link",
        "itglue.send_runbook",
    }


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("If applicable: send the link", "If applicable"),
        (
            "If the customer has cyber insurance, notify the carrier",
            "If the customer has cyber insurance",
        ),
        (
            "Only if data exfiltration is suspected, keep the logs",
            "Only if data exfiltration is suspected",
        ),
        ("When the device is retired: archive it", "When the device is retired"),
        ("Install the updates if needed", None),
        ("If applicable:", None),
    ],
)
def test_conditions(text: str, condition: str | None) -> None:
    assert bound(text).condition == condition


@pytest.mark.parametrize(
    ("text", "name", "params"),
    [
        (
            "Create a new ticket for the incident with priority Critical",
            "autotask.create_ticket",
            {"priority": "Critical"},
        ),
        (
            "Set the ticket category to “Security Incident”",
            "autotask.set_ticket_category",
            {"category": "Security Incident"},
        ),
        (
            "Send the customer their runbook from IT Glue",
            "itglue.send_runbook",
            {"to": "ticket contact"},
        ),
        (
            "Send booking link to the customer for a call with Jordan",
            "notify.scheduling_link",
            {"to": "the customer", "with": "Jordan"},
        ),
        ("Add a note to the ticket with the export link", "autotask.add_ticket_note", {}),
    ],
)
def test_default_bindings(text: str, name: str, params: dict[str, str]) -> None:
    step = bound(text)
    assert step.action is not None
    assert (step.action.name, step.action.params) == (name, params)


def test_unbound_step_is_a_manual_step() -> None:
    assert bound("Phone the customer and agree a time").action is None


def test_kb_rules_are_tried_before_the_defaults(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path,
        '[[rule]]\naction = "psa.open_case"\nphrases = ["create a new ticket"]\n',
    )
    assert bound("Create a new ticket", path).action.name == "psa.open_case"  # type: ignore[union-attr]
    assert bound("Fill in required information", path).action.name == "form.required_information"  # type: ignore[union-attr]


_PATTERN_KINDS = r"""
[[rule]]
action = "psa.call_user"
match = ['call {quoted:user}', '(?s)ring .*back']
[[rule]]
action = "psa.mail_user"
match = ['mail {quoted:user}', '(?P<word>\w+) (?P=word) again', '(\w+)-\1']
"""


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ('Call "Ann" now', "psa.call_user"),
        ("Ring the user back", "psa.call_user"),
        ('Mail "Ann" the form', "psa.mail_user"),
        ("Check check again", "psa.mail_user"),
        ("Say bye-bye", "psa.mail_user"),
        ("Check it again", None),
        ("Say bye-now", None),
        ("Create a new ticket", "autotask.create_ticket"),
    ],
)
def test_every_kind_of_pattern_binds_as_tried_one_by_one(
    tmp_path: Path, text: str, name: str | None
) -> None:
    """Steps are first ruled out by the strings the triggers need; patterns of every kind (the
    same group name twice, flags, back-references) still bind the first rule that matches."""
    rules = load_rules(write_rules(tmp_path, _PATTERN_KINDS))
    one_by_one = next((rule for rule in rules.actions if rule.matches(text)), None)
    assert (one_by_one.action if one_by_one else None) == name
    action = bound(text, tmp_path / "actions.toml").action
    assert (action.name if action else None) == name


def test_include_defaults_false_keeps_only_the_kb_rules(tmp_path: Path) -> None:
    path = write_rules(tmp_path, "include_defaults = false\n")
    assert bound("Create a new ticket", path).action is None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (
            "[[rule]]\naction = \"a.b\"\n\nmatch = ['(unclosed']\n",
            4,
            "rule[0] (a.b).match: broken regular expression",
        ),
        ("[[condition]]\npattern = '^if'\n", 2, "needs a (?P<condition>...) group"),
        ('[[rule]]\naction = "Create Ticket"\nphrases = ["x"]\n', None, "rule[0].action"),
        ('[[rule]]\naction = "a.b"\n', None, "give `phrases` or `match`"),
        (
            '[[rule]]\naction = "a.b"\nphrases = ["x"]\nrequires = ["name"]\n',
            None,
            "'name' is neither captured",
        ),
        (
            '[[rule]]\naction = "a.b"\nphrases = ["x"]\nfrobnicate = 1\n',
            None,
            "unknown key(s) frobnicate",
        ),
        ('[[rule]\naction = "a.b"\n', 1, "invalid TOML"),
    ],
    ids=[
        "broken-regex",
        "condition-group",
        "action-name",
        "no-trigger",
        "requires",
        "unknown-key",
        "toml",
    ],
)
def test_mistakes_name_file_line_and_field(
    tmp_path: Path, text: str, line: int | None, words: str
) -> None:
    path = write_rules(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_rules(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert words in caught.value.message


def test_a_rule_when_configured_applies_only_in_a_kb_with_that_table(tmp_path: Path) -> None:
    path = write_rules(
        tmp_path,
        '[[rule]]\naction = "booking.send"\nphrases = ["booking link"]\n'
        'when_configured = "booking"\n\n'
        '[[rule]]\naction = "notify.link"\nphrases = ["booking link"]\n',
    )
    rules = load_rules(path)
    for tables, expected in (({"booking": {}}, "booking.send"), ({}, "notify.link")):
        step = Step(number=1, text="Send the booking link", line=1)
        article = Article(id="a", title="A", source="a.txt", format="text")
        article.procedures.append(Procedure(title=None, steps=[step]))
        bind(article, rules.configured(tables))
        assert step.action is not None and step.action.name == expected
