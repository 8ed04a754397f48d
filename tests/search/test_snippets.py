"""What a hit shows: the passage where the query matched, its words marked, and the step."""

from __future__ import annotations

from kbpilot.search.snippets import (
    SNIPPET_CHARS,
    Matcher,
    Passages,
    Snippet,
    matcher,
    matching_alias,
)


def snippet(text: str, pattern: Matcher | None) -> Snippet:
    return Passages.of(text, ()).snippet(pattern)


def matching_step(
    text: str, steps: list[tuple[str, str]], shown: Snippet, pattern: Matcher | None
) -> str | None:
    return Passages.of(text, steps).step(shown, pattern)


TEXT = (
    "Intro words that do not matter at all here. " * 8
    + "Send the customer their runbook from IT Glue, then note the export link. "
    + "Closing words that do not matter either. " * 8
)


def test_the_window_holds_the_matches_and_marks_them() -> None:
    found = snippet(TEXT, matcher(["runbook", "export"]))
    assert found.text.startswith("…") and found.text.endswith("…")
    assert len(found.text) <= SNIPPET_CHARS + 2
    assert "their **runbook** from" in found.marked()
    assert "the **export** link" in found.marked()
    for start, end in found.spans:
        assert found.text[start:end].lower() in ("runbook", "export")


def test_stems_mark_every_form_of_a_word() -> None:
    found = snippet("Offboarding starts when a customer is offboarded.", matcher(["offboard"]))
    assert found.marked() == "**Offboarding** starts when a customer is **offboarded**."


def test_without_a_match_the_snippet_is_the_start() -> None:
    found = snippet(TEXT, matcher(["zebra"]))
    assert found.text.startswith("Intro words") and found.spans == ()
    assert snippet("short", None).marked() == "short"


def test_the_step_matching_most_query_words_in_the_snippet_wins() -> None:
    steps = [
        ("1", "Create a new ticket"),
        ("2", "Send the runbook"),
        ("2.1", "Send the runbook link"),
    ]
    text = "Steps. Create a new ticket. Send the runbook. Send the runbook link. The end."
    pattern = matcher(["runbook", "link"])
    assert matching_step(text, steps, snippet(text, pattern), pattern) == "2.1"
    none = matcher(["zebra"])
    assert matching_step(text, steps, snippet(text, none), none) is None
    assert matching_step(text, steps, snippet(text, None), None) is None


def test_a_snippet_outside_the_steps_names_no_step() -> None:
    steps = [("1", "Open the organization in IT Glue"), ("2", "Export the runbook")]
    intro = "Work this from the offboarding ticket, before the termination date. " * 3
    related = " Related: Offboarding letter, how offboarding works. " * 3
    text = intro + "Procedure " + steps[0][1] + ". " + steps[1][1] + "." + related
    pattern = matcher(["offboard"])
    shown = snippet(text, pattern)
    assert "**offboarding** ticket" in shown.marked()
    assert matching_step(text, steps, shown, pattern) is None
    pattern = matcher(["runbook"])
    assert matching_step(text, steps, snippet(text, pattern), pattern) == "2"


def test_an_alias_is_named_when_it_matches_more_than_the_title() -> None:
    aliases = ["terminate customer", "offboard client"]
    pattern = matcher(["terminat", "customer"])
    assert matching_alias("Offboarding a Customer", aliases, pattern) == "terminate customer"
    pattern = matcher(["offboard"])
    assert matching_alias("Offboarding a Customer", aliases, pattern) is None
