"""The step rules of parsing.steps, one fixture article each (written for these tests).

Each case pins the procedures an article holds as (heading, steps, nested steps, how found).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kbpilot.model import Article, Level
from kbpilot.parsing import parse_bytes, parse_file
from kbpilot.settings import ArticleSettings
from tests.support import procedure_shapes

FIXTURES = Path(__file__).parent / "fixtures"

CASES = {
    "rules-ordered-list-interrupted.md": [("Swap the drive", 5, 3, "ordered list")],
    "rules-numbered-paragraphs.html": [("Set up the client", 4, 5, "numbered paragraphs")],
    "rules-step-headings.md": [("Move a mailbox to the new tenant", 3, 6, "step headings")],
    "rules-bullet-list.md": [("Contain", 4, 2, "bullet list")],
    "rules-bullets-between-instructions.html": [("Fill in the placeholders", 7, 0, "bullet list")],
    "rules-single-bullet-after-lead-in.md": [("Download the agent", 1, 0, "bullet list")],
    "rules-prose-and-code.md": [("Mitigation", 3, 0, "prose and code")],
    "rules-prose-announced.txt": [
        (
            "If the server has no internet access, here is how to do it by hand.",
            4,
            0,
            "prose and code",
        )
    ],
    "rules-instructed-paragraphs.html": [("Granting write access", 2, 0, "instructed paragraphs")],
    "rules-situations-then-action.txt": [("Optional components", 1, 0, "bullet list")],
    "rules-numbered-step-headings.md": [("Suspend a portal user", 3, 0, "step headings")],
    "rules-prose-steps.md": [
        ("Prepare the new host", 2, 0, "prose steps"),
        ("Point the agents at it", 2, 0, "prose steps"),
        ("Restore the data", 3, 0, "prose and code"),
    ],
    "rules-editor-marked.md": [("Recovery", 3, 0, "editor-marked")],
    "rules-false-procedures.md": [("Set up", 3, 0, "ordered list")],
    "rules-several-procedures.md": [
        ("Phase 1: Contain", 2, 0, "ordered list"),
        ("Phase 2: Recover", 3, 0, "ordered list"),
        ("For a laptop that held customer data, also do the following:", 2, 0, "ordered list"),
    ],
    "rules-step-table.html": [(None, 4, 0, "numbered paragraphs")],
    "rules-prose-steps-no-heading.html": [(None, 3, 0, "prose steps")],
    "rules-prose-and-code-trailing.html": [
        ("Stop the service and copy the data", 5, 0, "prose and code")
    ],
    "rules-lead-ins-that-instruct.md": [
        ("Copy the volume", 3, 0, "ordered list"),
        ("Create the archive account", 3, 0, "ordered list"),
    ],
    "rules-numbered-colon-paragraphs.html": [("Set up the mail app", 3, 2, "numbered paragraphs")],
    "rules-layout-table.html": [("Restore a backup", 3, 0, "numbered paragraphs")],
    "rules-lettered-lines.md": [("Clear the TPM and add the key back", 3, 5, "ordered list")],
    "rules-wrapped-items.html": [("On a Windows laptop", 4, 1, "ordered list")],
    "rules-divided-steps.txt": [(None, 3, 2, "text labels")],
    "rules-bare-includes.md": [
        ("Reset with a recovery code", 3, 0, "ordered list"),
        ("Reset from the admin console", 5, 0, "ordered list"),
    ],
    "rules-continued-across-headings.txt": [
        ("INSTALLATION", 3, 0, "numbered paragraphs"),
        ("POST INSTALLATION", 2, 0, "numbered paragraphs"),
    ],
}


@pytest.mark.parametrize("name", CASES)
def test_each_rule_reads_its_shape(name: str) -> None:
    assert procedure_shapes(FIXTURES / name) == CASES[name]


def test_a_continued_step_keeps_its_text_and_code_stays_out_of_the_steps() -> None:
    article = parse_file(FIXTURES / "rules-prose-and-code.md")
    texts = [step.text for step in article.procedures[0].steps]
    assert texts[0] == "Stop the spooler service on the print server:"
    assert texts[1].startswith("Next, delete the spooled files")
    assert all("Or," not in text and "output" not in text for text in texts)


def test_sentences_that_each_instruct_are_steps_and_an_example_lead_in_is_not() -> None:
    article = parse_file(FIXTURES / "rules-prose-announced.txt")
    texts = [step.text for step in article.procedures[0].steps]
    assert texts[1:3] == [
        "Copy both files to the server.",
        "Open an elevated command prompt there:",
    ]
    assert not any("such as" in text for text in texts)


def test_a_second_list_under_one_heading_is_diagnosed() -> None:
    article = parse_file(FIXTURES / "rules-several-procedures.md")
    info = [d for d in article.diagnostics if "starts again at 1" in d.message]
    assert [d.line for d in info] == [16]


def _article(text: str, name: str = "a.md") -> Article:
    return parse_bytes(text.encode(), name)


def test_a_repeated_number_is_warned_with_its_line() -> None:
    article = _article(
        "Fix the printer\n\n1. Open the tray\n2. Pull the paper\n2. Close the tray\n", "a.txt"
    )
    warnings = [d for d in article.diagnostics if d.level is Level.WARNING]
    assert [(d.line, "twice" in d.message) for d in warnings] == [(5, True)]


def test_markdown_numbering_is_checked_as_written_and_lazy_numbering_is_fine() -> None:
    written = _article("# T\n\n1. Open the tray\n2. Pull the paper\n2. Close it\n5. Print\n")
    assert [(d.line, d.message.split(";")[0]) for d in written.diagnostics] == [
        (5, "step number 2 is written twice"),
        (6, "numbering jumps from 2 to 5"),
    ]
    lazy = _article("# T\n\n1. Open the tray\n1. Pull the paper\n1. Close it\n")
    assert [len(p.steps) for p in lazy.procedures] == [3]
    assert lazy.diagnostics == []


def test_advice_lists_are_not_procedures() -> None:
    text = "# T\n\n## Best practices\n\n- Use strong passwords\n- Enable MFA\n- Patch monthly\n"
    assert _article(text).procedures == []


def test_a_jump_in_numbered_paragraphs_is_warned() -> None:
    html = "<h2>Do it</h2><p>1. Open the tray</p><p>2. Pull the paper</p><p>4. Close it</p>"
    article = _article(html, "a.html")
    assert [len(p.steps) for p in article.procedures] == [3]
    assert any("jumps from 2 to 4" in d.message for d in article.diagnostics)


def test_an_article_with_no_procedure_says_how_to_mark_one() -> None:
    text = (
        "# Alert: disk almost full\n\n## Mitigation\n\nThe volume fills when logs rotate late.\n\n"
        "Open the monitoring console.\n\nThe console lists volumes by use.\n\n"
        "Delete the old log files on the data volume.\n\nThe alert clears within minutes.\n"
    )
    article = _article(text)
    assert article.procedures == []
    message = next(d.message for d in article.diagnostics if d.level is Level.INFO)
    assert "paragraphs under 'Mitigation'" in message
    assert "procedures:" in message


def test_the_suggested_mark_reads_the_paragraphs_as_steps() -> None:
    text = (
        "---\nprocedures:\n  - Mitigation: paragraphs\n---\n# Alert: disk almost full\n\n"
        "## Mitigation\n\nOpen the monitoring console.\n\nDelete the old log files.\n"
    )
    article = _article(text)
    assert [(p.title, len(p.steps), p.found_by) for p in article.procedures] == [
        ("Mitigation", 2, "editor-marked")
    ]


def test_a_wrong_mark_is_an_error_naming_the_value() -> None:
    text = "---\nprocedures:\n  - heading: Mitigation\n    steps: sentences\n---\n# T\n"
    article = _article(text)
    errors = [d.message for d in article.diagnostics if d.level is Level.ERROR]
    assert errors and "'sentences'" in errors[0] and "paragraphs" in errors[0]


def test_an_html_meta_marks_a_procedure() -> None:
    html = (
        '<html><head><title>Disk full</title><meta name="kbpilot-procedures" '
        'content="Mitigation: paragraphs"></head><body><h2>Mitigation</h2>'
        "<p>Open the monitoring console.</p><p>Delete the old log files.</p></body></html>"
    )
    article = _article(html, "a.html")
    assert [(p.title, len(p.steps), p.found_by) for p in article.procedures] == [
        ("Mitigation", 2, "editor-marked")
    ]


def test_kbpilot_toml_marks_a_plain_text_article() -> None:
    text = "Disk full\n\nMitigation\n\nOpen the monitoring console.\n\nDelete the old log files.\n"
    marks = {"disk-full": ArticleSettings(procedures=("Mitigation: paragraphs",))}
    article = parse_bytes(text.encode(), "disk-full.txt", overrides=marks)
    assert [(p.title, len(p.steps), p.found_by) for p in article.procedures] == [
        ("Mitigation", 2, "editor-marked")
    ]


def test_paragraphs_after_a_lead_in_naming_what_you_need_are_not_steps() -> None:
    article = _article(
        "# Set up the scanner\n\n## Before scanning\n\nTo use the scanner, you need:\n\n"
        "Install the driver from the vendor site.\n\nConnect the scanner by USB.\n"
    )
    assert article.procedures == []


def test_a_list_starting_again_is_titled_by_the_sentence_that_introduces_it() -> None:
    article = _article(
        "# Laptops\n\n## Retire a laptop\n\n"
        "1. Wipe the disk.\n2. Update the asset record.\n\n"
        "The laptop now counts as spare stock and can be lent out. "
        "If it is beyond repair, do the following instead:\n\n"
        "1. Remove the battery.\n2. Book a recycling pickup.\n"
    )
    assert [p.title for p in article.procedures] == [
        "Retire a laptop",
        "If it is beyond repair, do the following instead:",
    ]


SEE_ALSO_HEADINGS = ["## Learn more", "**Related Information**", "## Related links:"]


@pytest.mark.parametrize("heading", SEE_ALSO_HEADINGS)
def test_a_docs_platform_see_also_heading_gives_references_not_a_procedure(heading: str) -> None:
    source = (
        "# Lock a device\n\n## Procedure\n\n1. Find the device.\n2. Click **Lock**.\n\n"
        f"{heading}\n\n[Unlock a device](unlock-device.md)\n\n[Wipe a device](wipe-device.md)\n"
    )
    article = parse_bytes(source.encode(), "lock-device.md")
    assert [(p.title, len(p.steps)) for p in article.procedures] == [("Procedure", 2)]
    assert [reference.title for reference in article.see_also] == [
        "Unlock a device",
        "Wipe a device",
    ]
