"""Everything a technician needs fits at 80x24: whole steps with their badges, the contact above
the checklist, Quit and Back in the footer, the form one key away with its keys in the footer,
and every column of the runs list (a practice run marked) at 80 and 100 columns."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

from kbpilot.ui.app import KbpilotApp
from kbpilot.ui.screens.runs import RunsScreen
from kbpilot.ui.widgets.checklist import Checklist
from tests.support import AppFactory, drawn, select_step, settle, start_offboarding

pytestmark = pytest.mark.anyio


def footer_keys(app: KbpilotApp) -> list[str]:
    """The footer's keys that are wholly on screen, as drawn (`^q Quit`)."""
    width = app.size.width
    return [
        " ".join(drawn(key).split())
        for key in app.screen.query("FooterKey")
        if key.display and key.region.x >= 0 and key.region.right <= width
    ]


async def test_a_run_at_80x24_shows_whole_steps_the_contact_and_the_keys(
    build_app: AppFactory,
) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_offboarding(pilot)
        await settle(pilot)
        assert "Ana Trujillo" in " ".join(drawn(screen.query_one("#run-title", Static)).split())
        steps = " ".join(drawn(screen.query_one(Checklist)).replace("│", " ").split())
        assert '⟨Autotask⟩ From the checklist library, choose "[OFFBOARDING] Offboard' in steps
        assert "Managed Services Customer" in steps
        assert "⟨notify⟩ If applicable: Send scheduling link to ticket contact for a" in steps
        assert "remote appointment with Matthew" in steps
        keys = footer_keys(app)
        assert {"r Run", "esc Back", "^q Quit"} <= set(keys)

        await select_step(pilot, screen, "4")
        await pilot.press("enter")
        await settle(pilot)
        focused = app.focused
        assert isinstance(focused, Input) and focused.id == "field-termination_date"
        assert focused.region.bottom <= 24, "the field is scrolled into view"
        assert {"tab Next field", "shift+tab Previous"} <= set(footer_keys(app))
        await pilot.press("escape")
        assert screen.query_one(Checklist).has_focus and app.screen is screen


async def test_the_runs_list_fits_80_and_100_columns_and_marks_practice_runs(
    build_app: AppFactory,
) -> None:
    app = build_app(role="trainee")
    async with app.run_test(size=(80, 24)) as pilot:
        await start_offboarding(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, RunsScreen)
        table = app.screen.query_one(DataTable)
        for width in (80, 100):
            await pilot.resize_terminal(width, 24)
            await settle(pilot)
            shown = drawn(table).splitlines()
            assert shown[0].split() == ["Run", "Article", "Company", "Steps", "Ticket", "State"]
            assert "practice: Work" in shown[1] and shown[1].rstrip().endswith("in progress")
            assert "0/5" in shown[1]
