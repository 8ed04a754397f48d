"""How a session opens: a company typed in full starts the run with Ctrl+S; the preview of a file
(an editor's) opens on the file, without the credentials dialog (issue 11.5)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbpilot.ui.screens.preview import PreviewScreen
from kbpilot.ui.screens.run import RunScreen
from kbpilot.ui.screens.start_run import StartRunScreen
from tests.support import AppFactory, settle, type_text

pytestmark = pytest.mark.anyio
OFFBOARDING = "articles/workflow-offboarding-a-customer.txt"


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


async def test_the_preview_of_a_file_asks_for_no_credentials(
    build_app: AppFactory, sample_kb: Path
) -> None:
    app = build_app(sandbox=False, preview=sample_kb / OFFBOARDING)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.services.missing_credentials()
        assert isinstance(app.screen, PreviewScreen)
