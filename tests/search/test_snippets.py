"""What a hit shows: the passage where the query matched, its words marked, and the step."""

from __future__ import annotations

from kbpilot.search.snippets import SNIPPET_CHARS, matcher, matching_step, snippet

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


def test_the_step_matching_most_query_words_wins() -> None:
    steps = [
        ("1", "Create a new ticket"),
        ("2", "Send the runbook"),
        ("2.1", "Send the runbook link"),
    ]
    assert matching_step(steps, matcher(["runbook", "link"])) == "2.1"
    assert matching_step(steps, matcher(["zebra"])) is None
    assert matching_step(steps, None) is None
