"""Shapes of real HTML exports (issue 10), read the way a technician reads the page.

Each fixture in fixtures/html-* is an invented MSP article written in the markup of one kind of
export (hand-written numbered paragraphs, Word "Save as HTML", a wiki or help-center page with
its chrome, a code-gallery README with a Markdown header, front matter, code widgets and note
boxes); the tests assert the blocks the HTML reader makes of it, and the procedures the
pipeline then finds.
"""

from __future__ import annotations

from pathlib import Path

from kbpilot.parsing.blocks import Document, Heading, ListBlock, Paragraph
from kbpilot.parsing.html import read_html
from tests.support import all_text, outline, procedure_shapes
from tests.support import section_outline as section

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> Document:
    return read_html((FIXTURES / name).read_text(encoding="utf-8"))


def headings(document: Document) -> list[tuple[str, int, bool, int]]:
    return [(b.text, b.level, b.implied, b.line) for b in document.blocks if isinstance(b, Heading)]


# Numbered paragraphs, <br>-separated steps, bold pseudo-headings, a list broken by images


def test_numbered_paragraphs_stay_paragraphs_with_their_numbers() -> None:
    document = read("html-numbered-paragraphs.html")
    assert section(document, "Enable debug logging on the Windows agent") == [
        ("text", "1. Sign in to the device as a local administrator."),
        ("text", "2.Open the Services console and stop the RMM Agent service."),
        ("text", "Step 3. Edit the agent configuration file and set the log level to debug."),
        ("text", "4. Start the RMM Agent service again."),
        ("text", "5. Wait ten minutes so that the agent writes a full check-in cycle."),
        ("text", "6. Copy the log folder to the ticket's file share."),
    ]


def test_each_br_line_is_a_paragraph_on_its_own_line() -> None:
    document = read("html-numbered-paragraphs.html")
    lines = {b.text[:2]: b.line for b in document.blocks if isinstance(b, Paragraph)}
    assert (lines["4."], lines["5."], lines["6."]) == (12, 13, 14)


def test_bold_only_paragraphs_are_implied_headings_below_the_last_real_one() -> None:
    document = read("html-numbered-paragraphs.html")
    assert headings(document) == [
        ("Enable debug logging on the Windows agent", 2, True, 8),
        ("Enable logging on the Mac client", 2, True, 16),
        ("Send the logs to the vendor", 2, True, 28),
    ]
    assert ("text", "This line is bold but ends like a sentence.") in outline(document.blocks)


def test_images_figures_and_notes_between_items_do_not_split_the_list() -> None:
    document = read("html-numbered-paragraphs.html")
    assert section(document, "Enable logging on the Mac client") == [
        (
            "ol",
            [
                (1, "Open Terminal with an administrator account.", []),
                (
                    2,
                    "Run the agent's log command with the verbose flag.",
                    [("note", "The command asks for the administrator password twice.")],
                ),
                (3, "Zip the log folder on the desktop.", []),
                (4, "Attach the zip file to the ticket.", []),
            ],
        )
    ]
    assert "Figure 2" not in all_text(document)


def test_numbered_paragraph_procedures() -> None:
    assert procedure_shapes(FIXTURES / "html-numbered-paragraphs.html") == [
        ("Enable debug logging on the Windows agent", 6, 0, "numbered paragraphs"),
        ("Enable logging on the Mac client", 4, 0, "ordered list"),
        ("Send the logs to the vendor", 2, 0, "numbered paragraphs"),
    ]


# Word "Save as HTML": typed bullets and numbers, mso-list levels, house list styles, TOC


def test_word_bullets_become_a_nested_bullet_list() -> None:
    document = read("html-word-export.html")
    assert section(document, "1 Before you start") == [
        ("text", "Check the following with the customer:"),
        (
            "ul",
            [
                (
                    None,
                    "The last good backup is less than a day old.",
                    [("ul", [(None, "Look in the appliance portal under Recovery Points.", [])])],
                ),
                (None, "The site has a spare network port near the rack.", []),
            ],
        ),
    ]


def test_mso_list_levels_nest_the_items() -> None:
    document = read("html-word-export.html")
    assert section(document, "Order the replacement") == [
        (
            "ol",
            [
                (
                    1,
                    "Open a replacement request on the vendor portal.",
                    [
                        (
                            "ul",
                            [
                                (None, "Quote the serial number from the appliance label.", []),
                                (None, "Choose next-business-day shipping.", []),
                            ],
                        )
                    ],
                ),
                (2, "Record the RMA number in the ticket.", []),
            ],
        )
    ]


def test_house_list_styles_letters_nest_under_numbers_with_code_and_captures() -> None:
    document = read("html-word-export.html")
    assert section(document, "2 Swap the appliance") == [
        ("text", "Do these steps on site, after the replacement has arrived."),
        (
            "ol",
            [
                (
                    1,
                    "Pause the backup jobs in the appliance portal.",
                    [
                        (
                            "ol",
                            [
                                ("a.", "Select every protected machine.", []),
                                (
                                    "b.",
                                    "Choose Pause from the actions menu.",
                                    [("code", ">Get-BackupJob | Suspend-BackupJob")],
                                ),
                            ],
                        )
                    ],
                ),
                (
                    2,
                    "Power off the old appliance and move the disks across.",
                    [
                        ("code", "Bay 1: DISK-A Bay 2: DISK-B"),
                        ("note", "NOTE: Keep the disks in the same bay order."),
                    ],
                ),
                (
                    3,
                    "Power on the new appliance and resume the jobs.",
                    [("code", "Get-BackupJob | Resume-BackupJob")],
                ),
            ],
        ),
        ("text", "When the first backup has finished, close the RMA in the vendor portal."),
        (
            "ul",
            [
                (None, "Ship the old appliance back within ten days.", []),
                (None, "Wipe its disks first if the contract asks for it.", []),
            ],
        ),
    ]


def test_word_toc_and_captions_are_dropped_and_items_keep_their_lines() -> None:
    document = read("html-word-export.html")
    text = all_text(document)
    assert "Order the replacement1" not in text and "Figure 1" not in text
    assert all_text(document).count("Before you start") == 1
    lists = [b for b in document.blocks if isinstance(b, ListBlock)]
    assert [(b.line, [i.line for i in b.items]) for b in lists] == [
        (25, [25, 27]),
        (31, [31, 34]),
        (40, [40, 45, 53]),
        (58, [58, 59]),
    ]


def test_word_export_procedures() -> None:
    assert procedure_shapes(FIXTURES / "html-word-export.html")[:2] == [
        ("Order the replacement", 2, 2, "ordered list"),
        ("2 Swap the appliance", 3, 2, "ordered list"),
    ]


# Site chrome: banner, breadcrumbs, menus, metadata, language selector, TOC, top links,
# permalinks, include lines shown as text, sidebars, "Parent topic", comments, footer


def test_site_chrome_is_dropped_and_the_article_stays() -> None:
    document = read("html-site-chrome.html")
    assert document.title == "Unlock a locked-out AD account"
    assert outline(document.blocks) == [
        ("text", "Use this when a user calls because Windows says the account is locked."),
        ("H2", "Find the lockout source"),
        (
            "ol",
            [
                (1, "Open the Account Lockout Status tool on the management server.", []),
                (
                    2,
                    "Enter the user name and read which domain controller reports the lockout.",
                    [],
                ),
            ],
        ),
        ("H2", "Unlock the account"),
        (
            "ol",
            [
                (1, "In Active Directory Users and Computers, open the user's properties.", []),
                (2, "On the Account tab, tick Unlock account and click OK.", []),
                (3, "Ask the user to sign in again while you stay on the call.", []),
            ],
        ),
        (
            "note",
            "Accounts of service users lock again within minutes if a stale password is saved "
            "on a mapped drive.",
        ),
    ]


def test_a_section_id_made_of_its_heading_words_is_not_chrome() -> None:
    html = (
        '<div class="section" id="navigation-pane"><h2>Navigation pane</h2>'
        "<ol><li>Open the pane.</li><li>Pin the folder.</li></ol></div>"
    )
    assert outline(read_html(html).blocks) == [
        ("H2", "Navigation pane"),
        ("ol", [(1, "Open the pane.", []), (2, "Pin the folder.", [])]),
    ]


def test_site_chrome_procedures() -> None:
    assert procedure_shapes(FIXTURES / "html-site-chrome.html") == [
        ("Find the lockout source", 2, 0, "ordered list"),
        ("Unlock the account", 3, 0, "ordered list"),
    ]


# A Markdown metadata header before the HTML; YAML and {{{ JSON }}} front matter


def test_a_markdown_header_gives_the_title_and_metadata() -> None:
    document = read("html-markdown-header.html")
    assert (document.title, document.title_line) == ("Rotate the SQL service account password", 1)
    assert document.meta == {
        "requires": ["SQL Server Management Studio", "Domain admin rights"],
        "license": ["MIT"],
        "technologies": ["SQL Server", "Active Directory"],
        "updated": ["03/14/2024"],
    }
    assert headings(document)[:3] == [
        ("Description", 2, False, 12),
        ("Introduction", 1, False, 14),
        ("Rotating the password", 1, False, 16),
    ]


def test_a_markdown_header_leaves_the_html_body_as_it_was() -> None:
    document = read("html-markdown-header.html")
    assert section(document, "Rotating the password")[2:6] == [
        ("text", "3. Update the service logon on each SQL node:"),
        ("text", "1. Open SQL Server Configuration Manager"),
        ("text", "2. Enter the new password on the Log On tab"),
        ("text", "3. Restart the service"),
    ]
    assert "## Requires" not in all_text(document)


def test_markdown_header_procedure() -> None:
    assert procedure_shapes(FIXTURES / "html-markdown-header.html") == [
        ("Rotating the password", 4, 3, "numbered paragraphs")
    ]


def test_yaml_front_matter_is_metadata() -> None:
    document = read("html-front-matter-yaml.html")
    assert (document.title, document.title_line) == ("Map a network drive with Group Policy", 2)
    assert document.meta["category"] == "Workstations"
    assert document.meta["tags"] == ["gpo", "drives"]
    assert outline(document.blocks)[0] == ("H2", "Create the drive map")
    assert document.blocks[0].line == 6


def test_json_front_matter_in_triple_braces_is_metadata() -> None:
    document = read("html-front-matter-json.html")
    assert (document.title, document.title_line) == ("Renew the firewall's SSL VPN certificate", 2)
    assert document.meta["tags"] == ["firewall", "certificates"]
    assert outline(document.blocks)[0] == (
        "text",
        "Renew it two weeks before it expires; clients warn users from then on.",
    )
    assert document.blocks[0].line == 6


def test_broken_front_matter_is_a_diagnostic_not_content() -> None:
    document = read_html("---\ntitle: [unclosed\n---\n<p>Restart the spooler.</p>\n")
    assert [d.message.split(":")[0] for d in document.diagnostics] == ["invalid YAML front matter"]
    assert outline(document.blocks) == [("text", "Restart the spooler.")]


def test_front_matter_procedures() -> None:
    assert procedure_shapes(FIXTURES / "html-front-matter-json.html") == [
        ("Renew the certificate", 3, 0, "ordered list")
    ]


# Code blocks, code widgets, note boxes, <li> wrapping <p>, spacers, figure captions


def test_code_stands_in_its_item_and_note_boxes_give_note_paragraphs() -> None:
    document = read("html-code-and-notes.html")
    assert section(document, "Build the package") == [
        (
            "ol",
            [
                (1, "Download the driver bundle and extract it to a working folder.", []),
                (
                    2,
                    "Wrap the folder with the content prep tool:",
                    [
                        ("code", r"IntuneWinAppUtil.exe -c .\driver -s install.cmd -o .\out"),
                        ("text", "The tool writes one .intunewin file."),
                    ],
                ),
                (
                    3,
                    "Write the detection rule.",
                    [
                        ("code", r"reg query HKLM\SOFTWARE\Printers\Driver echo %ERRORLEVEL%"),
                        ("note", "The detection rule must not depend on a user being signed in."),
                    ],
                ),
                (
                    4,
                    "Upload the package in the Intune admin center and assign it to the pilot "
                    "group.",
                    [],
                ),
            ],
        ),
        ("note", "Name the app after the driver version so that updates sort correctly."),
        ("text", "Printing is the most visible service we run."),
    ]


def test_a_list_in_a_note_box_is_note_paragraphs() -> None:
    document = read("html-code-and-notes.html")
    assert outline(document.blocks)[1:4] == [
        ("note", "Test the package on one pilot device first."),
        ("note", "Use a device outside the production group."),
        ("note", "Keep the old driver on the print server until the pilot passes."),
    ]


def test_a_code_widget_is_its_code_without_tabs_labels_or_links() -> None:
    document = read("html-code-and-notes.html")
    widget = section(document, "Install script")
    assert widget[0] == (
        "code",
        r'pnputil.exe /add-driver .\driver\*.inf /install Add-PrinterDriver -Name "Office Laser"',
    )
    assert [p for p in document.blocks if isinstance(p, Paragraph) and p.links] == []
    assert "Edit|Remove" not in all_text(document) and "Figure 4" not in all_text(document)
    assert widget[1:] == [
        ("text", "Run the pilot for a week."),
        ("text", "Then assign the app to all workstations."),
    ]


def test_code_and_notes_procedure() -> None:
    assert procedure_shapes(FIXTURES / "html-code-and-notes.html") == [
        ("Build the package", 4, 0, "ordered list")
    ]


def test_an_articles_own_header_keeps_its_summary() -> None:
    html = (
        "<body><header><a href='/'>Help Center</a></header><article><header>"
        "<h1>Reset MFA</h1><p class='lead'>For users with a new phone.</p></header>"
        "<ol><li>Open the admin center.</li></ol></article></body>"
    )
    document = read_html(html)
    assert document.title == "Reset MFA"
    assert outline(document.blocks) == [
        ("text", "For users with a new phone."),
        ("ol", [(1, "Open the admin center.", [])]),
    ]


# Pages saved from a site's templates: server code, named anchors, steps laid out in a table


def test_server_code_is_blanked_and_keeps_the_lines() -> None:
    document = read_html(
        "<?php\n$this->title = 'Mail';\n?>\n<p>Open the client.</p>\n"
        '<p><img src="<?= $dir ?>/1.png">Click <b>Add</b>.</p>\n<?php echo $footer;'
    )
    assert outline(document.blocks) == [("text", "Open the client."), ("text", "Click Add.")]
    assert [b.line for b in document.blocks] == [4, 5]


def test_an_empty_named_anchor_does_not_stop_a_bold_heading() -> None:
    document = read_html(
        '<p><a name="rpm"></a><strong>From a package</strong></p><p>Stop the service.</p>'
        '<p><a href="#top"><strong>Back to the top</strong></a></p>'
    )
    assert headings(document) == [("From a package", 2, True, 1)]


def test_a_row_starting_with_a_step_number_reads_as_a_numbered_paragraph() -> None:
    document = read_html(
        "<table><tr><th>Step</th><th>Screen</th><th>Action</th></tr>"
        '<tr><td> Step 2 </td><td><img src="2.png"></td><td>Tap <b>Wi-Fi</b>.</td></tr>'
        "<tr><td>3.</td><td></td><td>Join the network.</td></tr>"
        "<tr><td>4</td><td>only a note</td><td></td></tr>"
        "<tr><td>Step 5</td><td></td><td></td></tr></table>"
    )
    assert outline(document.blocks) == [
        ("text", "Step | Screen | Action"),
        ("text", "Step 2: Tap Wi-Fi."),
        ("text", "3. Join the network."),
        ("text", "4. only a note"),
        ("text", "Step 5 | |"),
    ]


def test_a_layout_table_is_read_as_its_blocks_and_a_data_table_in_it_by_rows() -> None:
    blocks = outline(read("rules-layout-table.html").blocks)
    assert blocks[:3] == [
        ("H2*", "Restore a backup"),
        ("text", "To restore a backup to a new appliance:"),
        ("text", "1. Sign in to the new appliance as admin."),
    ]
    assert ("text", "Setting | Meaning") in blocks


def test_loose_bold_text_between_blocks_is_a_heading_but_not_in_an_item() -> None:
    document = read_html(
        "<h2>Installation</h2><blockquote><strong>Prerequisites</strong><p/>You need:<p/>"
        "<ol><li><b>A database</b></li><li>A mail server</li></ol>"
        "<b>Install the filter</b><p/><ol><li>Unpack it.</li><li>Run make.</li></ol>"
        "</blockquote>"
    )
    assert [(b.text, b.implied) for b in document.blocks if isinstance(b, Heading)] == [
        ("Installation", False),
        ("Prerequisites", True),
        ("Install the filter", True),
    ]
    assert ("ol", [(1, "A database", []), (2, "A mail server", [])]) in outline(document.blocks)
