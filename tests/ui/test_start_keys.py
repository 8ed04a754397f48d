"""The start dialog from the keyboard: a company typed in full starts with Ctrl+S (issue 11.5)."""

from __future__ import annotations

import pytest

from kbpilot.ui.screens.run import RunScreen
from kbpilot.ui.screens.start_run import StartRunScreen
from tests.support import AppFactory, settle, type_text

pytestmark = pytest.mark.anyio


async def test_the_exact_company_name_and_ctrl_s_start_the_run(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_text(pilot, "offboard")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StartRunScreen)
        await type_text(pilot, "northwind traders")
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        assert app.services.runs.get(screen.run_id).company == "Northwind Traders"
