"""The snippet matcher finds what one case-insensitive pattern finds, in any text (its ASCII path
searches the lower-cased text with a pattern the engine can skip through); the step of a snippet
is the one a search of every step's text finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kbpilot.search.snippets import Matcher, Passages, Snippet, matcher

# Letters of several cases and scripts, the characters that case-insensitive matching pairs with
# ASCII letters (long s, Kelvin sign, dotted and dotless i), digits, joiners, spaces.
TEXT = st.text(
    alphabet=st.sampled_from([*"abcKkSsIiLl09._-*\n ", "é", "É", "ſ", "K", "İ", "ı", "ß"]),
    max_size=60,
)
STEM = st.text(alphabet=st.sampled_from([*"abcksil09._", "é", "ſ", "ı"]), min_size=1, max_size=4)
STEMS = st.lists(STEM, min_size=1, max_size=4)


def reference(stems: list[str]) -> re.Pattern[str]:
    """The one case-insensitive pattern: words that start with a stem, longest stems first."""
    alternatives = sorted({re.escape(stem) for stem in stems if stem}, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(alternatives)})\w*", re.IGNORECASE)


def found(pattern: Matcher | re.Pattern[str], text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group().lower()) for m in pattern.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(TEXT, STEMS)
def test_the_matches_are_the_case_insensitive_patterns(text: str, stems: list[str]) -> None:
    made = matcher(stems)
    assert made is not None
    assert found(made, text) == found(reference(stems), text)
    assert found(made, text.upper()) == found(reference(stems), text.upper())


def test_plain_words_take_the_ascii_path() -> None:
    made = matcher(["offboard", "runbook", "2.7"])
    assert made is not None and made.lowered is not None
    text = "Offboarding: the RUNBOOK (2.7.5), re-offboarded; unoffboard, v2.7."
    words = ["offboarding", "runbook", "2.7", "offboarded"]
    assert [m.group() for m in made.finditer(text)] == words


def reference_step(
    text: str, steps: list[tuple[str, str]], shown: Snippet, pattern: Matcher
) -> str | None:
    """Every step's text searched in the flattened text, its part inside the window matched."""
    flat = " ".join(text.split())
    window = shown.text.strip("…")
    start = flat.find(window)
    if start < 0:
        return None
    end = start + len(window)
    best, best_count = None, 0
    for path, step_text in steps:
        step = " ".join(step_text.split())
        at = flat.find(step)
        if not step or at < 0:
            continue
        inside = flat[max(at, start) : min(at + len(step), end)]
        count = len({m.group().lower() for m in pattern.finditer(inside)})
        if count > best_count:
            best, best_count = path, count
    return best


WORDS = st.sampled_from(["runbook", "Export", "the", "link", "ticket", "IT", "glue", "runbooks"])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(WORDS, min_size=1, max_size=6), min_size=1, max_size=8),
    st.lists(WORDS, min_size=0, max_size=40),
    st.lists(st.sampled_from(["runbook", "export", "link", "glu"]), min_size=1, max_size=3),
)
def test_the_step_is_the_one_every_steps_search_finds(
    step_words: list[list[str]], filler: list[str], stems: list[str]
) -> None:
    steps = [(str(n), " ".join(words)) for n, words in enumerate(step_words, 1)]
    text = " ".join(filler) + " " + ". ".join(step for _, step in steps) + " " + " ".join(filler)
    pattern = matcher(stems)
    assert pattern is not None
    passages = Passages.of(text, steps)
    shown = passages.snippet(pattern)
    assert passages.step(shown, pattern) == reference_step(text, steps, shown, pattern)
