"""The step rules' shortcuts give what their general paths give, and keep the rules linear.

Each shortcut skips work whose result is known (a run of numbered paragraphs not tried again
where it cannot start, the prose-and-code rule not read in a section with no code, the
paragraphs of a prose-steps section read only while they can still make a procedure, the
items of a list read only until the share of instructions among them is known, an ASCII
title made an id without decomposing it); each is
checked here against the general path it replaces, on block sequences drawn from the shapes
the rules tell apart, and the rules' work is counted (calls, not time) for an article n and
4n blocks long.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbpilot.model import slugify
from kbpilot.parsing.blocks import Block, ListBlock, ListItem, Paragraph
from kbpilot.parsing.steps import numbered_paragraphs, prose_and_code, prose_steps
from kbpilot.parsing.steps.filters import instructions_exceed
from kbpilot.parsing.steps.language import is_instruction, opens_with_instruction
from kbpilot.parsing.steps.numbered_paragraphs import normalise
from kbpilot.parsing.steps.sections import Found
from kbpilot.parsing.steps.typed_bullets import read_typed_bullets

_GROWTH = 4
_LINEAR_BOUND = 1.5 * _GROWTH  # a quadratic count grows 16 times


def _ordered(line: int, start: int) -> ListBlock:
    items = [ListItem("Open the console", line, start), ListItem("Save", line, start + 1)]
    return ListBlock(True, line, items)


# Block makers, given the block's line (a fresh block each call: normalise nests typed
# bullets into the list before them).
_MAKERS: list[Callable[[int], Block]] = [
    lambda line: Paragraph("1. Open the admin console", line),
    lambda line: Paragraph("2. Select the user", line),
    lambda line: Paragraph("3) Save the change", line),
    lambda line: Paragraph("5. Restart the service", line),
    lambda line: Paragraph("Step 2: Reboot", line),
    lambda line: Paragraph("(4) Sign out", line),
    lambda line: Paragraph("The console lists every user.", line),
    lambda line: Paragraph("Do the following:", line),
    lambda line: Paragraph("restart-service --now", line, kind="code"),
    lambda line: Paragraph("Wait for the job.", line, kind="note"),
    lambda line: Paragraph("• Check the log", line),
    lambda line: _ordered(line, 1),
    lambda line: _ordered(line, 3),
    lambda line: ListBlock(False, line, [ListItem("Check the log", line)]),
]


# Prose the prose-and-code rule tells apart: steps, lead-ins, alternatives, examples, output,
# announcements and descriptions.
_PROSE = [
    "Stop the service:",
    "Copy the backup to the new server.",
    "If prompted, enter the administrator password.",
    "Open the DNS manager of your domain's host.",
    "To reset the password with the task:",
    "The syntax is:",
    "Or, run the script with -WhatIf:",
    "For example, restart it:",
    "You should see the output below:",
    "If you work offline, here is how to do it.",
    "Save them to the current directory. Obtain the signing key:",
    "It listens on port 80.",
]
_PROSE_MAKERS: list[Callable[[int], Block]] = [
    *(lambda line, text=text: Paragraph(text, line) for text in _PROSE),
    lambda line: Paragraph("Wait for the job.", line, kind="note"),
]


def _blocks(picks: list[int]) -> list[Block]:
    return [_MAKERS[pick](line) for line, pick in enumerate(picks, 1)]


def _normalised_trying_every_block(blocks: list[Block]) -> list[Block]:
    """normalise's general path: a run tried at every block that no run took."""
    blocks = read_typed_bullets(blocks)
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        run, end = numbered_paragraphs._run_at(blocks, index)
        if run is None:
            out.append(blocks[index])
            index += 1
        else:
            out.append(run)
            index = end
    return out


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(0, len(_MAKERS) - 1), max_size=40))
def test_numbered_runs_are_found_as_when_every_block_is_tried(picks: list[int]) -> None:
    assert normalise(_blocks(picks)) == _normalised_trying_every_block(_blocks(picks))


def _counted(monkeypatch: pytest.MonkeyPatch, run: Callable[[], object]) -> int:
    calls = 0
    numbered = numbered_paragraphs.numbered

    def counting(block: Block) -> tuple[int, str] | None:
        nonlocal calls
        calls += 1
        return numbered(block)

    monkeypatch.setattr(numbered_paragraphs, "numbered", counting)
    run()
    monkeypatch.setattr(numbered_paragraphs, "numbered", numbered)
    return calls


@pytest.mark.parametrize(
    "paragraph",
    ["1. Open the admin console", "Step 1: Open the admin console", "(1) Open the admin console"],
)
def test_many_first_steps_in_a_row_are_read_in_linear_time(
    monkeypatch: pytest.MonkeyPatch, paragraph: str
) -> None:
    def article(n: int) -> list[Block]:
        return [Paragraph(paragraph, line) for line in range(n)]

    small = _counted(monkeypatch, lambda: normalise(article(200)))
    large = _counted(monkeypatch, lambda: normalise(article(200 * _GROWTH)))
    assert large / small < _LINEAR_BOUND, f"{_GROWTH}x the blocks took {large / small:.1f}x"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, len(_PROSE_MAKERS) - 1), max_size=30))
def test_prose_with_no_code_holds_no_prose_and_code_procedure(picks: list[int]) -> None:
    blocks = [_PROSE_MAKERS[pick](line) for line, pick in enumerate(picks, 1)]
    found = Found()
    assert not prose_and_code._read_part("Restore", blocks, 0, len(blocks), found)
    assert found.procedures == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PROSE), max_size=30))
def test_prose_steps_are_the_instructions_when_they_are_two_and_half_the_prose(
    texts: list[str],
) -> None:
    prose = [Paragraph(text, line) for line, text in enumerate(texts, 1)]
    steps = [paragraph for paragraph in prose if opens_with_instruction(paragraph.text)]
    enough = len(steps) >= 2 and 2 * len(steps) >= len(prose)
    assert prose_steps._instruction_paragraphs(prose) == (steps if enough else None)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["", *_PROSE]), max_size=12),
    st.sampled_from([0.0, 0.25, 1 / 3, 0.5, 2 / 3, 0.75, 1.0]),
)
def test_a_list_has_more_than_a_share_of_instructions_as_its_counted_share_says(
    texts: list[str], share: float
) -> None:
    items = [ListItem(text, line) for line, text in enumerate(texts, 1)]
    written = [item for item in items if item.text]
    count = sum(is_instruction(item.text, first_sentence=True) for item in written)
    counted = count / len(written) if written else 0.0
    assert instructions_exceed(ListBlock(False, 1, items), share) == (counted > share)


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_an_ascii_title_makes_the_id_its_decomposed_form_makes(title: str) -> None:
    decomposed = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    assert decomposed == title
    assert slugify(title) == slugify(title + "\u0301")  # a combining accent takes the other path
