"""Shapes of Markdown from docs platforms (issue 10), read the way a technician reads the page.

Each fixture in fixtures/md-* is an invented MSP article written in the syntax of one platform
(DocFX, MkDocs, Liquid/GitHub docs, Hugo, MDX, Pelican); the tests assert the blocks the Markdown
reader makes of it, and where the shape is a procedure, the procedure the pipeline finds.
"""

from __future__ import annotations

from pathlib import Path

from kbpilot.formats import FORMAT_BY_SUFFIX, is_article_name
from kbpilot.model import Link
from kbpilot.parsing.blocks import Document, Heading, ListBlock, Paragraph
from kbpilot.parsing.markdown import read_markdown
from tests.support import all_text, outline, procedure_shapes
from tests.support import section_outline as section

FIXTURES = Path(__file__).parent / "fixtures"


def read(name: str) -> Document:
    return read_markdown((FIXTURES / name).read_text(encoding="utf-8"))


def counts(name: str) -> list[tuple[int, int]]:
    """(steps, nested steps) of each procedure the pipeline finds in a fixture."""
    return [(steps, nested) for _, steps, nested, _ in procedure_shapes(FIXTURES / name)]


# DocFX: monikers, zone pivots, :::image:::, > [!NOTE] between steps, [!INCLUDE]


def test_docfx_front_matter_with_comment_lines_gives_the_title() -> None:
    document = read("md-docfx-monikers-and-callouts.md")
    assert document.title == "Enroll a Windows device in the RMM agent policy"
    assert document.meta["ms.topic"] == "how-to"


def test_docfx_note_between_steps_stays_in_the_list_and_repeated_monikers_show_once() -> None:
    steps = section(read("md-docfx-monikers-and-callouts.md"), "Enroll the device")
    assert steps == [
        (
            "ol",
            [
                (1, "Sign in to the RMM console with your technician account.", []),
                (2, "Select Devices > Policies > Agent policies.", []),
                (
                    3,
                    "Select the customer's site, then select Add device.",
                    [
                        (
                            "note",
                            "Devices that were enrolled by another MSP keep their old agent "
                            "until it is uninstalled.",
                        )
                    ],
                ),
                (
                    4,
                    "Enter the device's serial number and asset tag.",
                    [
                        (
                            "note",
                            "The serial number is on the sticker under the keyboard, or run "
                            "wmic bios get serialnumber.",
                        )
                    ],
                ),
                (
                    5,
                    "Choose the deployment package for the device's operating system:",
                    [("text", "Select Windows 11 x64 (MSI) and select Next.")],
                ),
                (6, "Select Create, then copy the installer link.", []),
            ],
        )
    ]


def test_docfx_zone_pivots_keep_the_first_and_callouts_are_notes_without_markers() -> None:
    document = read("md-docfx-monikers-and-callouts.md")
    assert section(document, "Run the installer on the device") == [
        ("text", "Open an elevated PowerShell window and run:"),
        ("code", r"msiexec /i C:\Temp\AgentSetup.msi /qn SITE=contoso"),
        ("note", "Do not restart the device until the agent shows Online in the console."),
        ("note", "Wait at least five minutes."),
        ("note", "Refresh the device list."),
        ("text", "Assign the patch policy"),
    ]
    text = all_text(document)
    for marker in (":::", "moniker", "[!", "alt-text", "The dialog shows the link"):
        assert marker not in text
    assert ("text", "rmm prerequisites") in outline(document.blocks)


def test_docfx_procedure_shape() -> None:
    assert counts("md-docfx-monikers-and-callouts.md")[0] == (6, 0)


# MkDocs: admonitions, content tabs, closed ATX headings, bold-only paragraphs


def test_mkdocs_admonitions_are_notes_with_their_title() -> None:
    document = read("md-mkdocs-admonitions.md")
    assert section(document, "Before you start") == [
        ("note", "Ticket required"),
        (
            "note",
            "Only reset MFA for a user who has an open ticket and whose identity you verified by "
            "a call-back to the number in the PSA.",
        ),
        ("note", "Write the call-back time in the ticket."),
    ]


def test_mkdocs_tabs_and_indented_admonitions_stay_inside_their_step() -> None:
    steps = section(read("md-mkdocs-admonitions.md"), "Reset the registration")
    listing, *after = steps
    assert listing[0] == "ol"
    assert [number for number, _, _ in listing[1]] == [1, 2, 3, 4, 5]
    assert listing[1][1][2] == [
        ("note", "Removing the last method signs the user out of every device.")
    ]
    assert [kind for kind, _ in listing[1][3][2]] == ["code", "code"]
    assert after == [
        ("note", "If the user has no smartphone"),
        (
            "note",
            "Issue a hardware token from the stock in the office safe and record its serial "
            "number.",
        ),
        ("note", "Note: the user's app passwords are not removed by this reset."),
    ]


def test_closed_atx_headings_and_bold_paragraphs_as_headings() -> None:
    document = read("md-mkdocs-admonitions.md")
    headings = [b for b in document.blocks if isinstance(b, Heading)]
    assert [(h.text, h.level, h.implied) for h in headings] == [
        ("Applies to", 2, True),
        ("Before you start", 2, False),
        ("Reset the registration", 2, False),
        ("Close the ticket", 3, True),
    ]
    assert section(document, "Close the ticket") == [
        ("text", "When the user confirms that sign-in works, set the ticket to Resolved."),
        ("code", "Get-MgUser -UserId $upn | Select-Object DisplayName, UserPrincipalName"),
        ("text", "This last command only confirms the account name."),
    ]


# Liquid (GitHub docs): includes standing for steps, branches, note blocks, raw


def test_liquid_includes_are_steps_in_words_and_else_branches_are_dropped() -> None:
    steps = section(read("md-liquid-includes.md"), "Adding the technician")
    assert steps == [
        (
            "note",
            "Note: The technician needs a company account with two-factor authentication "
            "turned on.",
        ),
        (
            "ol",
            [
                (1, "navigate to repo", []),
                (2, "Under your repository name, click Settings.", []),
                (3, "open collaborators", []),
                (4, "Click Invite teams or people and select the appliance's team.", []),
                (5, "Type the technician's username and select the Write role.", []),
                (6, "Click Add to this repository.", []),
            ],
        ),
    ]


def test_liquid_raw_and_comments_leave_only_what_the_page_shows() -> None:
    document = read("md-liquid-includes.md")
    assert section(document, "Checking the access") == [
        ("text", "Run this from the technician's machine:"),
        ("code", "git ls-remote https://example.com/customer/{{ repo }}.git"),
        ("text", "The command lists the branches when access works."),
    ]
    assert "{%" not in all_text(document)


def test_bare_include_lines_beside_a_list_are_its_steps_and_inline_else_is_dropped() -> None:
    document = read("rules-bare-includes.md")
    assert section(document, "Reset with a recovery code")[1] == (
        "ol",
        [
            (1, "sign in with password", []),
            (2, 'Under "Trouble signing in?", click Use a recovery code.', []),
            (3, "Type one unused code and click Verify.", []),
        ],
    )
    numbered = section(document, "Reset from the admin console")[0]
    assert [(number, text) for number, text, _ in numbered[1]] == [
        (1, "open admin console"),
        (2, "open people"),
        (3, "Select the technician."),
        (4, "Click Reset second factor."),
        (5, "confirm with password"),
    ]
    assert [block.line for block in document.blocks if isinstance(block, ListBlock)] == [10, 17]
    assert not document.diagnostics


def test_an_else_branch_no_line_closes_drops_only_the_rest_of_its_line() -> None:
    document = read_markdown(
        "## Sign in\n\n1. Open the portal.{% else %} Open the old one.\n2. Click **Sign in**.\n"
    )
    assert section(document, "Sign in") == [
        ("ol", [(1, "Open the portal.", []), (2, "Click Sign in.", [])])
    ]


def test_a_variable_alone_on_a_line_is_no_step() -> None:
    document = read_markdown("## Sign in\n\n{% data variables.product.name %}\n1. Sign in.\n")
    assert section(document, "Sign in") == [("text", "name"), ("ol", [(1, "Sign in.", [])])]


def test_lettered_lines_under_an_item_are_its_lettered_sub_steps() -> None:
    steps = section(read("rules-lettered-lines.md"), "Clear the TPM and add the key back")
    assert steps[0][1][1] == (
        2,
        "Suspend BitLocker for one reboot.",
        [
            (
                "ol",
                [
                    ("a.", "Run Suspend-BitLocker with a reboot count of 1", []),
                    ("b.", "Reboot the laptop", []),
                ],
            )
        ],
    )
    document = read_markdown("1. Open the console.\n   b. Not a first letter\n")
    assert outline(document.blocks) == [
        ("ol", [(1, "Open the console. b. Not a first letter", [])])
    ]


def test_liquid_procedure_shape() -> None:
    assert counts("md-liquid-includes.md")[0] == (6, 0)


# Hugo: TOML front matter, tabs, details, alert and note shortcodes, ref


def test_hugo_toml_front_matter_is_metadata() -> None:
    document = read("md-hugo-shortcodes.md")
    assert document.title == "Rotate the backup service account password"
    assert document.meta["params"] == {"owner": "infrastructure"}
    assert document.diagnostics == []


def test_hugo_tabs_stay_in_their_step_and_an_alert_does_not_split_the_list() -> None:
    steps = section(read("md-hugo-shortcodes.md"), "Rotate the password")
    listing = steps[0]
    assert listing[0] == "ol"
    assert [(number, text) for number, text, _ in listing[1]] == [
        (1, "Generate a new password in the password manager entry Backup service account."),
        (2, "Update the account in Active Directory:"),
        (3, "Update the credential in the backup console under Credentials and Passwords."),
        (4, "Run the job Nightly - File servers once to test the credential."),
    ]
    assert listing[1][1][2] == [
        ("code", "Set-ADAccountPassword -Identity svc-backup -Reset"),
        ("text", "Right-click the account, select Reset Password, and enter the new password."),
    ]
    assert listing[1][2][2] == [
        ("note", "Running jobs"),
        ("note", "Jobs that are running keep the old credential until they finish."),
    ]
    assert steps[1:] == [
        ("text", "See the credential guide for the other service accounts."),
        ("note", "Record the rotation date in the customer's IT Glue password entry."),
    ]


def test_hugo_details_markers_are_dropped_and_their_content_kept() -> None:
    document = read("md-hugo-shortcodes.md")
    assert outline(document.blocks)[0] == (
        "ul",
        [(None, "Veeam Backup & Replication 12", []), (None, "Windows Server 2019 and later", [])],
    )
    assert "{{" not in all_text(document)


def test_hugo_procedure_shape() -> None:
    assert counts("md-hugo-shortcodes.md") == [(4, 0)]


# MDX: imports, exports, components, raw HTML paragraphs


def test_mdx_statements_are_dropped_and_components_read_as_markdown() -> None:
    document = read("md-mdx-components.mdx")
    text = all_text(document)
    for code in ("import", "export", "cleanupScript", "<", "Screenshot to be added"):
        assert code not in text
    assert section(document, "Disable tamper protection") == [
        (
            "text",
            "Sign in to the old vendor's console and turn off tamper protection for the device.",
        ),
        ("note", "Protection gap"),
        (
            "note",
            "The device is unprotected from now until the EDR agent reports in. Do the whole "
            "procedure in one session.",
        ),
    ]


def test_mdx_indented_component_body_is_markdown_not_a_code_block() -> None:
    assert section(read("md-mdx-components.mdx"), "Uninstall the agent") == [
        ("text", "Run the vendor's removal tool from an elevated prompt:"),
        ("code", r"& 'C:\Temp\AVRemover.exe' /silent /norestart"),
        ("text", "Open Apps & features, select the agent and select Uninstall."),
        ("note", "Restart the device before you continue."),
        ("text", "If files remain, delete the program folder:"),
        ("code", r"Remove-Item 'C:\Program Files\LegacyAV' -Recurse -Force"),
        ("text", "Then remove the service entry:"),
        ("code", "sc.exe delete LegacyAVService"),
    ]


def test_mdx_files_are_markdown_articles() -> None:
    assert FORMAT_BY_SUFFIX[".mdx"] == FORMAT_BY_SUFFIX[".mkd"] == "markdown"
    assert is_article_name("remove-legacy-av.mdx")


# Pelican header, under-indented bullets, images, code between steps


def test_pelican_header_is_metadata_not_content() -> None:
    document = read("md-pelican-lazy-bullets.md")
    assert document.title == "Regain access to the remote support tool"
    assert document.title_line == 1
    assert document.meta["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert "Author" not in all_text(document)


def test_under_indented_bullets_are_nested_under_their_item() -> None:
    listing = outline(read("md-pelican-lazy-bullets.md").blocks)[1]
    assert listing == (
        "ol",
        [
            (
                1,
                "Use a recovery code saved when you set up the account.",
                [("ul", [(None, 'Open the sign-in page and select "Use a recovery code".', [])])],
            ),
            (
                2,
                "Ask the service desk to verify you.",
                [
                    (
                        "ul",
                        [
                            (
                                None,
                                "Call the service desk from your registered phone number, or "
                                "open a ticket from the customer portal.",
                                [],
                            ),
                            (None, "Have your employee number ready.", []),
                        ],
                    )
                ],
            ),
        ],
    )


def test_images_are_dropped_and_code_between_steps_is_emitted_as_written() -> None:
    document = read("md-pelican-lazy-bullets.md")
    assert outline(document.blocks)[2] == (
        "text",
        "When you are signed in again, register a new authenticator under Profile Security.",
    )
    assert "Portal button" not in all_text(document)
    assert "Sign-in page" not in all_text(document)
    assert section(document, "Unlock the account") == [
        ("ol", [(1, "Open the admin console.", []), (2, "Search for the user.", [])]),
        ("code", "unlock-user --name jdoe"),
        ("ol", [("3", "Select Unlock.", []), ("5", "Tell the user to sign in again.", [])]),
    ]


def test_every_block_keeps_its_source_line() -> None:
    document = read("md-mdx-components.mdx")
    lines = (FIXTURES / "md-mdx-components.mdx").read_text(encoding="utf-8").splitlines()
    for block in document.blocks:
        if isinstance(block, Paragraph) and block.kind == "text":
            assert block.text.split()[0] in lines[block.line - 1]


def test_pelican_procedure_shapes() -> None:
    assert counts("md-pelican-lazy-bullets.md") == [(2, 3), (4, 0)]


# JSON front matter, raw HTML links, angle-bracket placeholders


def test_json_front_matter_is_metadata() -> None:
    document = read("md-json-front-matter.md")
    assert document.title == "Renew the VPN gateway certificate"
    assert document.title_line == 2
    assert document.meta["tags"] == ["network", "certificates"]
    assert "owner" not in all_text(document)


def test_raw_html_links_are_links() -> None:
    document = read("md-json-front-matter.md")
    first = document.blocks[0]
    assert isinstance(first, Paragraph)
    assert first.links == [
        Link("certificate calendar", "https://docs.example.com/network/certificate-calendar")
    ]
    listing = next(b for b in document.blocks if isinstance(b, ListBlock))
    assert listing.items[1].links == [Link("internal PKI portal", "https://pki.example.com/")]


def test_a_placeholder_line_is_not_a_component() -> None:
    assert section(read("md-json-front-matter.md"), "Renew the certificate")[1:] == [
        ("code", "import-cert gateway.crt restart-service vpn"),
        ("ol", [(4, "Check that clients connect with the new certificate.", [])]),
    ]
