"""Shapes of real plain-text exports, read by the text reader (fixtures/text-*.txt).

Each fixture is an invented MSP procedure written in one of the layouts real dumps, READMEs,
INSTALL files and patch notices use; the tests assert the blocks the reader makes of it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kbpilot.parsing.blocks import Block, Heading, ListBlock, Paragraph, block_to_dict
from kbpilot.parsing.text import read_text
from tests.support import procedure_shapes

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> Any:
    return read_text((FIXTURES / name).read_text(encoding="utf-8"))


def outline(blocks: list[Block]) -> list[Any]:
    """A compact view: ("H2", text), ("P", kind, first words), ("OL"/"UL", [items])."""
    out: list[Any] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append((f"H{block.level}", block.text))
        elif isinstance(block, Paragraph):
            out.append(("P", block.kind, _start(block.text)))
        else:
            out.append(_list_outline(block))
    return out


def _list_outline(block: ListBlock) -> tuple[str, list[Any]]:
    items: list[Any] = []
    for item in block.items:
        entry: tuple[Any, ...] = (item.label or item.number, _start(item.text))
        if item.children:
            entry = (*entry, outline(item.children))
        items.append(entry)
    return ("OL" if block.ordered else "UL", items)


def _start(text: str) -> str:
    return " ".join(text.split()[:4])


def section(blocks: list[Block], heading: str) -> list[Block]:
    """The blocks from a heading up to the next heading of its level or above."""
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == heading)
    level = blocks[start].level  # type: ignore[union-attr]
    end = next(
        (
            i
            for i in range(start + 1, len(blocks))
            if isinstance(blocks[i], Heading) and blocks[i].level <= level  # type: ignore[union-attr]
        ),
        len(blocks),
    )
    return blocks[start + 1 : end]


def test_parenthesised_and_dotted_labels_nest_under_their_step() -> None:
    document = read("text-step-labels.txt")
    assert document.title == "Deploy the RMM Agent to a New Site"
    first_steps = [
        ("(1.1)", "Download the site-specific agent"),
        ("(1.2)", "Copy the package to", [("P", "text", "The package name contains")]),
        ("(1.3)", "Check the package signature"),
    ]
    assert outline(document.blocks[1:2]) == [
        (
            "OL",
            [
                (
                    1,
                    "Prepare the installer",
                    [
                        ("OL", first_steps),
                        ("P", "note", "NOTE: If the portal"),
                        ("P", "note", "a) download it again"),
                        ("P", "note", "b) ask the RMM"),
                    ],
                ),
                (
                    2,
                    "Install the agent",
                    [("OL", [("(2.1)", "Log on to the"), ("(2.2)", "Run the installer from")])],
                ),
            ],
        )
    ]


def test_dotted_items_keep_their_label_and_number() -> None:
    first_step = read("text-step-labels.txt").blocks[1].items[0]
    nested = block_to_dict(first_step.children[0])
    assert [(i["number"], i["label"], i["line"]) for i in nested["items"]] == [
        (1, "(1.1)", 10),
        (2, "(1.2)", 13),
        (3, "(1.3)", 19),
    ]
    assert nested["items"][0]["item"] == (
        "Download the site-specific agent package from the RMM portal, Sites > Agent Downloads."
    )


def test_repeated_numbers_alternatives_and_letters_stay_in_one_list() -> None:
    blocks = section(read("text-step-labels.txt").blocks, "Reboot window")
    letters = [
        ("a.", "Open Policies > Maintenance."),
        ("b.", "Choose the customer's site."),
        ("c.", "Enter the start and"),
    ]
    assert outline(blocks) == [
        (
            "OL",
            [
                (1, "Announce the reboot to"),
                (2, "Pause the patch policy"),
                (2, "Wait until the contact"),
                (3, "Set the maintenance window", [("OL", letters)]),
                ("4a)", "Reboot the devices from"),
                ("4b)", "ask the contact to"),
                (5, "Resume the patch policy."),
            ],
        )
    ]
    lettered = blocks[0].items[3].children[0]  # type: ignore[union-attr]
    assert [item.number for item in lettered.items] == [1, 2, 3]


def test_right_aligned_numbers_are_one_list() -> None:
    blocks = section(read("text-step-labels.txt").blocks, "Post-install checks")
    assert len(blocks) == 1
    assert [item.number for item in blocks[0].items] == list(range(1, 11))  # type: ignore[union-attr]


def test_numbered_section_titles_are_headings_and_dotted_items_nest() -> None:
    document = read("text-numbered-sections.txt")
    assert outline(document.blocks) == [
        ("H2", "1 Scope"),
        ("P", "text", "This handbook covers the"),
        ("H3", "1.1 Supported models"),
        ("P", "text", "Only models on the"),
        ("H3", "1.2 Naming"),
        ("P", "text", "Printer queues are named"),
        ("H2", "2 Replacing a toner cartridge"),
        (
            "OL",
            [
                (1, "Check the toner level"),
                (
                    2,
                    "Take a cartridge from",
                    [
                        (
                            "OL",
                            [
                                ("2.1", "Shake it gently before"),
                                ("2.2", "Remove the orange protective"),
                            ],
                        )
                    ],
                ),
                (3, "Insert the cartridge and"),
            ],
        ),
    ]


def test_commands_config_lines_and_screens_are_code_inside_their_step() -> None:
    blocks = read("text-commands-and-screens.txt").blocks
    assert outline(blocks[:2]) == [
        ("P", "text", "These steps assume the"),
        ("UL", [(None, "The mailbox user is"), (None, "The home directory is")]),
    ]
    steps = blocks[2]
    assert isinstance(steps, ListBlock)
    assert {item.number: outline(item.children) for item in steps.items} == {
        1: [],
        2: [("P", "code", "cd mailfilter-2.*")],
        3: [
            ("P", "code", "./configure --prefix=$HOME make make"),
            ("P", "text", "The build prints a"),
        ],
        4: [("P", "code", '"|exec /usr/bin/mailfilter -u jdoe')],
        5: [
            ("P", "code", ":0fw: filter.lock | $HOME/bin/mailfilter"),
            ("P", "text", "To move spam into"),
            ("P", "code", ":0: * ^X-Filter-Verdict: spam"),
            ("P", "text", "See the example file"),
        ],
        6: [("P", "code", "$HOME/bin/mailfilter --test < sample.eml")],
        7: [("P", "code", "Select Console option: ?"), ("P", "code", "1 LOAD PACKAGE 2")],
        8: [],
    }
    assert len(blocks) == 3


def test_drawn_headings_take_levels_by_style_and_the_boxed_title() -> None:
    document = read("text-drawn-headings.txt")
    assert document.title == "Offboarding a Leaver's Laptop"
    assert document.title_line == 6
    assert outline(document.blocks) == [
        ("P", "text", "Internal document of the"),
        ("P", "text", "This runbook is for"),
        ("P", "text", "This procedure applies to"),
        ("H2", "Before the Collection Day"),
        ("OL", [(1, "Confirm the leaver's last"), (2, "Book the courier for")]),
        ("H3", "Wiping the device"),
        ("OL", [(1, "Sign in with the"), (2, "Start the reset from")]),
        ("H2", "After the Collection Day"),
        ("OL", [(1, "Mark the laptop as")]),
        ("H3", "Stock"),
        ("OL", [(1, "Put the laptop on")]),
    ]


def test_steps_in_a_comment_box_are_read_as_text() -> None:
    document = read("text-comment-box.txt")
    assert document.title == "Nightly backup check"
    assert outline(document.blocks) == [
        ("P", "code", "#!/bin/sh"),
        ("P", "text", "Run this script from"),
        ("P", "text", "Before the first run:"),
        ("OL", [(1, "Copy the script to"), (2, "Create the scheduled job"), (3, "Set the job to")]),
        ("P", "code", 'backup_status=$(check_backups --last-night) echo "$backup_status"'),
    ]
    assert document.blocks[3].items[0].line == 8  # type: ignore[union-attr]


def test_task_bullets_notes_and_alternative_lists() -> None:
    blocks = read("text-bullets-and-notes.txt").blocks
    assert outline(blocks) == [
        ("P", "text", "When the maintenance window"),
        (
            "UL",
            [
                (None, "Restart the print spooler"),
                (None, "Clear the temp folders", [("P", "text", "Use the cleanup script")]),
                (None, "Check the free space"),
            ],
        ),
        ("P", "text", "Then check the backups:"),
        ("UL", [(None, "Open the backup console."), (None, "Confirm last night's jobs")]),
        ("P", "note", "NOTE: A job with"),
        ("P", "note", "Warning: Never restart the"),
        ("P", "text", "To restore a single"),
        ("OL", [(1, "Open the backup console."), (2, "Restore the file to")]),
        ("P", "text", "or"),
        ("OL", [(1, "Ask the customer to"), (2, "Pick the latest copy.")]),
        ("P", "text", "Note that the customer"),
    ]
    assert blocks[1].items[0].text == (  # type: ignore[union-attr]
        "Restart the print spooler service on the print server."
    )
    assert blocks[4].text == (  # type: ignore[union-attr]
        "NOTE: A job with warnings still counts as failed for the monthly report. "
        "Open a ticket for it."
    )


def test_patch_notice_header_markers_and_step_paragraphs() -> None:
    document = read("text-patch-notice.txt")
    assert document.title == "Firewall rule base migration"
    assert outline(document.blocks) == [
        ("P", "code", "$TXT Created by PATCHDESK"),
        ("P", "code", "Run Date: MAR 05,"),
        ("P", "text", "Subject: Firewall rule base"),
        ("P", "text", "Category:"),
        ("UL", [(None, "Routine"), (None, "Informational")]),
        ("H2", "Description"),
        ("P", "text", "This notice describes how"),
        ("P", "text", "Components Associated:"),
        ("P", "text", "Component Name Type New/Modified/Deleted"),
        ("H3", "INSTALLATION INSTRUCTIONS"),
        ("P", "note", "NOTE: Export the current"),
        ("P", "text", "STEP 1. Stop the"),
        ("P", "code", "Management Menu PJ Policy"),
        ("P", "text", "STEP 2. Export the"),
        ("P", "code", "Select OPTION NAME: EXPORT"),
        ("P", "text", "STEP 3. Import the"),
        ("H2", "POST INSTALLATION INSTRUCTIONS"),
        ("P", "text", "STEP 4: Check the"),
        (
            "OL",
            [
                ("a.", "Compare the rule count"),
                ("b.", "Check the NAT rules"),
                ("c.", "Push the policy to"),
            ],
        ),
        ("P", "text", "STEP 5: Restart the"),
        ("P", "code", "$END TXT"),
    ]


def shapes(name: str) -> list[tuple[str | None, int, int]]:
    """Each procedure the whole pipeline finds in a fixture: (heading, steps, nested steps)."""
    return [shape[:3] for shape in procedure_shapes(FIXTURES / name)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "text-step-labels.txt",
            [(None, 2, 5), ("Reboot window", 7, 3), ("Post-install checks", 10, 0)],
        ),
        ("text-commands-and-screens.txt", [(None, 8, 0)]),
        (
            "text-patch-notice.txt",
            [("INSTALLATION INSTRUCTIONS", 3, 0), ("POST INSTALLATION INSTRUCTIONS", 2, 3)],
        ),
    ],
)
def test_procedure_shapes_end_to_end(
    name: str, expected: list[tuple[str | None, int, int]]
) -> None:
    assert shapes(name) == expected


def test_a_markdown_heading_in_a_text_file_is_a_heading_and_a_root_prompt_is_not() -> None:
    document = read_text(
        "Upgrading the portal\n====================\n\nBack up the database first.\n\n"
        "### From 1.6\nRun the migration:\n\n    # php manage.php migrate\n\n"
        "## Clean up ##\n# rm -rf setup/\n"
    )
    assert [(b.text, b.level) for b in document.blocks if isinstance(b, Heading)] == [
        ("From 1.6", 3),
        ("Clean up", 2),
    ]
    assert any("# rm -rf setup/" in b.text for b in document.blocks if isinstance(b, Paragraph))
