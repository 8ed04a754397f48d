"""The fast forms of the vocabulary's patterns answer exactly as the plain forms do.

`steps.phrases` rules texts out with substring tests before it runs a phrase pattern;
`steps.language` writes its sentence pattern so the engine can skip to its first character,
cuts clauses where it finds their marks, and reads an instruction's opening noise and label
where they end instead of cutting them off a copy of the text. Each is checked here against
the plain form it replaces.
"""

from __future__ import annotations

import random
import re
import string
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from kbpilot.parsing.needles import folded
from kbpilot.parsing.steps import language
from kbpilot.parsing.steps.phrases import Phrases

_PLAIN_CLAUSE_BREAK = re.compile(r"[,:;]\s+|\.\s+|\s+[-–—]\s+|\)\s+")
_PLAIN_SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)[.!?]\s+")
_PIECES = ["e.g", "i.e", "E.G", " - ", " – ", "\t—\n", ". ", ", ", ") ", "; ", ": ", "! ", "? "]
_PIECES += ["ſ", "ı", "İ", "K", "\u00a0", "a", "b", "x", " ", ".", "-", "\n"]
_PLAIN_NOISE = re.compile(r"^[\s*_`\"'“”(\[]+")
_PLAIN_LABEL = re.compile(
    r"^(?:step\s+\d+[a-z]?|\(?\d{1,3}[a-z]?[.):]|\(?[a-z][.)])\s*", re.IGNORECASE
)
# What an instruction is made of: labels, noise, openers, verbs, phrasal verbs, other words.
_INSTRUCTION_PIECES = ["Step 3 ", "(2) ", "1. ", "a) ", "**", "“", "[", "\t", "_", ". ", ", "]
_INSTRUCTION_PIECES += [" - ", "e.g. ", "ſ", "İ", "Open", "open ", "OPEN", "If", "if ", "then "]
_INSTRUCTION_PIECES += ["log", " in", "set up", "the", " file", "opening", "Ope", "n", "42", " "]


def test_lower_casing_maps_every_character_a_pattern_takes_for_an_ascii_one_to_it() -> None:
    everything = "".join(
        chr(point) for point in range(sys.maxunicode + 1) if not 0xD800 <= point <= 0xDFFF
    )
    taken = set(re.findall("[a-z]", everything, re.IGNORECASE))  # other ASCII has no case
    assert len(taken) > 52
    for found in taken:
        for wanted in string.ascii_lowercase:
            if re.fullmatch(wanted, found, re.IGNORECASE):
                assert folded(found) == wanted, (wanted, found)


def test_a_phrase_pattern_finds_what_the_plain_pattern_finds() -> None:
    phrases = ["the output", "you should see", "is displayed", "here's how", "as follows"]
    fast = Phrases.compile(phrases, r"(?<!\w)(?:", r")(?!\w)")
    plain = re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE
    )
    texts = ["THE OUTPUT is", "ſee: you ſhould ſee it", "İS DİSPLAYED", "HERE'S HOW", "other"]
    texts += ["the outputs", "as  follows", "you should seen", "théoutput", "Kas follows"]
    for text in texts:
        found, expected = fast.search(text), plain.search(text)
        assert (found and found.span()) == (expected and expected.span()), text


def test_a_list_with_a_phrase_that_is_not_ascii_is_always_searched() -> None:
    fast = Phrases.compile(["straße"], "", "")
    assert fast.needles is None
    assert fast.search("STRASSE") is None and fast.search("Straße") is not None


@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_clauses_and_sentences_are_cut_where_the_plain_patterns_cut(pieces: list[str]) -> None:
    text = "".join(pieces)
    for limit in (0, 1, 8):
        assert language._SENTENCE_END.split(text, limit) == _PLAIN_SENTENCE_END.split(text, limit)
    for limit in (1, 2, 8):
        clauses = list(language._clauses(text, limit))
        assert clauses == _PLAIN_CLAUSE_BREAK.split(text[:600], maxsplit=limit)
    assert list(language._clauses(text, None)) == _PLAIN_CLAUSE_BREAK.split(text[:600])


def test_a_long_text_is_cut_into_clauses_as_the_plain_pattern_cuts_it() -> None:
    pick = random.Random(10).choice
    text = "".join(pick(_PIECES) for _ in range(2_000))
    assert list(language._clauses(text)) == _PLAIN_CLAUSE_BREAK.split(text[:600], maxsplit=8)
    assert language._SENTENCE_END.split(text) == _PLAIN_SENTENCE_END.split(text)


def _plain_is_instruction(text: str, first_sentence: bool = False) -> bool:
    words = language.vocabulary()
    body = _PLAIN_LABEL.sub("", _PLAIN_NOISE.sub("", text), count=1)
    if first_sentence:
        body = _PLAIN_SENTENCE_END.split(body[:601], maxsplit=1)[0]
    for clause in _PLAIN_CLAUSE_BREAK.split(body[:600], maxsplit=8):
        first = re.findall(r"[a-z][a-z'-]*", _PLAIN_NOISE.sub("", clause[:80]).lower())[:3]
        if first and first[0] in words.openers:
            first = first[1:]
        if first and (first[0] in words.verbs or " ".join(first[:2]) in words.phrasal_verbs):
            return True
    return False


# Runs that bring a word to the edge of what is read: a clause's first 80 characters, the
# text's first 600 (601 for its first sentence).
_RUNS = st.builds(
    lambda character, length: character * length,
    st.sampled_from(["9", " ", "(", "x", "-", ", "]),
    st.sampled_from([0, 1, 76, 77, 78, 79, 80, 596, 597, 598, 599, 600]),
)


@settings(max_examples=1000)
@given(st.lists(st.tuples(_RUNS, st.lists(st.sampled_from(_INSTRUCTION_PIECES))), max_size=3))
def test_an_instruction_is_told_as_the_plain_form_tells_it(
    parts: list[tuple[str, list[str]]],
) -> None:
    text = "".join(run + "".join(pieces) for run, pieces in parts)
    for first_sentence in (False, True):
        expected = _plain_is_instruction(text, first_sentence)
        assert language.is_instruction(text, first_sentence) == expected, (text, first_sentence)


@given(st.lists(st.sampled_from(["•", "o", "O", "-", "–", "*", " ", "\t", "\n", "Open", "x"])))
def test_a_typed_bullet_is_read_as_its_pattern_reads_it(pieces: list[str]) -> None:
    text = "".join(pieces)
    found = language.vocabulary().typed_bullets.match(text)
    expected = (found["bullet"], found["text"]) if found else None
    assert language.typed_bullet(text) == expected
