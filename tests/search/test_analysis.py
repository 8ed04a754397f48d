"""The analyzer: an explicit word pattern (Markdown emphasis never sticks to words), stems."""

from __future__ import annotations

from kbpilot.search.analysis import terms, words
from kbpilot.search.distance import edit_distance
from kbpilot.search.engine import accent_map


def test_markdown_emphasis_never_sticks_to_a_word() -> None:
    assert words("**Datto RMM**, *IT Glue* or __Autotask__ `first_name`") == [
        "datto",
        "rmm",
        "it",
        "glue",
        "autotask",
        "first_name",
    ]


def test_stems_join_the_forms_of_a_word() -> None:
    assert terms("offboard offboarding offboarded") == ["offboard"] * 3


def test_dotted_words_stay_whole_and_sentence_dots_do_not() -> None:
    assert words("Version 2.7.5 is current.") == ["version", "2.7.5", "current"]


def test_stop_words_go_but_it_stays() -> None:
    assert words("Send the runbook from IT Glue to the customer") == [
        "send",
        "runbook",
        "it",
        "glue",
        "customer",
    ]


def test_accents_fold() -> None:
    assert words("Café résumé") == ["cafe", "resume"]


def test_the_folding_leaves_lower_case_ascii_as_it_is() -> None:
    """What lets `folded_words` skip the folding of ASCII text (and loading it at all)."""
    ascii_lower = "".join(map(chr, range(128))).lower()
    assert ascii_lower.translate(accent_map()) == ascii_lower


def test_edit_distance_counts_a_transposition_as_one() -> None:
    assert edit_distance("intkae", "intake", 2) == 1
    assert edit_distance("ofboard", "offboard", 2) == 1
    assert edit_distance("runbook", "ransomware", 2) == 3
