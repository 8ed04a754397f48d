"""Shapes real exports have that the step rules must read as a reader does (issue 10).

Each fixture is an invented MSP article (written for these tests) in the markup one kind of
export produces; each case pins the procedures as (heading, steps, nested steps, how found).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kbpilot.model import Level
from kbpilot.parsing import parse_file
from tests.support import procedure_shapes

FIXTURES = Path(__file__).parent / "fixtures"

CASES = {
    # LibreOffice "Save as HTML": one <OL START=n> per item, two numbers typed by hand.
    "html-writer-one-list-per-item.html": [
        ("Installing the remote support agent", 7, 0, "ordered list")
    ],
    # Word text pasted into a page: "o " lines after <br>, "•" typed into paragraphs.
    "html-typed-bullets.html": [
        ("Before it goes on the wall", 3, 3, "bullet list"),
        ("Clear the old profile", 3, 0, "bullet list"),
    ],
    # The same paste in a plain-text dump: "•" items, indented "o" sub-items.
    "text-typed-bullets.txt": [(None, 3, 2, "bullet list")],
    # A docs-platform page: a list after a passive lead-in ("... are removed automatically:")
    # explains what happens; it is neither sub-steps nor, numbered, a procedure.
    "md-passive-lead-in-lists.md": [("Remove the agent", 3, 2, "numbered paragraphs")],
    # A mailing-list how-to: "1- Title:" items with indented bodies, "a-" sub-steps, and
    # numbered headings boxed in dashed rules.
    "text-hyphen-labels.txt": [
        ("1- Prepare the NAS", 3, 2, "text labels"),
        ("2- Switch the job over", 2, 0, "text labels"),
    ],
    # YFM (Diplodoc) tabs: the first tab's content is shown, its label is not a sub-step.
    "md-yfm-tabs.md": [
        ("Issue the new key", 3, 3, "ordered list"),
        ("Retire the old key", 2, 0, "ordered list"),
    ],
}


@pytest.mark.parametrize("name", CASES)
def test_each_export_shape_reads_as_a_reader_sees_it(name: str) -> None:
    assert procedure_shapes(FIXTURES / name) == CASES[name]


def test_a_numbering_slip_is_warned_once_not_on_every_list_after_it() -> None:
    path = FIXTURES / "html-writer-one-list-per-item.html"
    warnings = [d for d in parse_file(path).diagnostics if d.level is Level.WARNING]
    assert [(d.line, d.message) for d in warnings] == [
        (37, "list continues at 4 after step 5; counted as step 6")
    ]


def test_typed_bullets_nested_under_a_lead_in_show_once_in_the_article_text() -> None:
    article = parse_file(FIXTURES / "html-typed-bullets.html")
    assert article.markdown.count("Open the deck in the editor") == 1
    steps = [step for procedure in article.procedures for step in procedure.steps]
    assert steps[2].steps[0].text == "Open the deck in the editor"
