"""The TUI on an existing ticket, at 80x24: the start dialog's ticket picker (Ctrl+T) and `a` on
a run without a ticket. The sandbox seed's open ticket of Northwind Traders is T20240304.0001."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, OptionList

from kbpilot.ui.app import KbpilotApp
from kbpilot.ui.screens.run import RunScreen
from kbpilot.ui.screens.start_run import StartRunScreen
from kbpilot.ui.screens.ticket_picker import TicketPickerScreen
from kbpilot.ui.widgets.step_detail import StepDetail
from tests.support import AppFactory, settle, type_text, until

pytestmark = pytest.mark.anyio

NORTHWIND = "T20240304.0001"
RUNBOOK = "send-offboarding-customer-their-runbook-from-itg"


async def picked_from_the_list(pilot: Pilot[None], app: KbpilotApp) -> None:
    """The picker is open, lists the open ticket fully on screen, and Enter picks it."""
    await until(pilot, lambda: isinstance(app.screen, TicketPickerScreen) and app.screen.choices)
    picker = app.screen
    options = picker.query_one("#ticket-choices", OptionList)
    first = str(options.get_option_at_index(0).prompt)
    assert first.startswith(f"{NORTHWIND}  In Progress  Printer on 2nd floor offline")
    region = options.region
    assert region.height > 0 and app.screen.region.contains_region(region)
    await pilot.press("enter")
    await until(pilot, lambda: app.screen is not picker)


async def test_the_start_dialog_starts_the_run_on_a_picked_open_ticket(
    build_app: AppFactory,
) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_text(pilot, "offboard")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StartRunScreen))
        dialog = app.screen
        await type_text(pilot, "Northwind Traders")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(dialog, StartRunScreen) and dialog.company)
        await pilot.press("ctrl+t")
        await picked_from_the_list(pilot, app)
        button = dialog.query_one("#pick-ticket", Button)
        assert str(button.label) == f"Ticket: {NORTHWIND}"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, RunScreen) and app.screen.run)
        run = app.services.runs.list_runs()[0]
        assert run.ticket is not None and run.ticket.number == NORTHWIND
        assert run.contact == "Antonio Moreno" and run.step("1").state == "done"
        assert NORTHWIND in str(app.screen.sub_title)


async def test_a_step_that_needs_a_ticket_offers_to_attach_one(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        runs = app.services.runs
        run = runs.start(RUNBOOK, "Northwind Traders", "Ana Trujillo")
        screen = RunScreen(run.id)
        await app.push_screen(screen)
        await until(pilot, lambda: screen.run is not None)
        screen.show_step("5")
        detail = screen.query_one(StepDetail)
        await until(
            pilot, lambda: "attach an open ticket" in str(detail.view and detail.view.plan_error)
        )
        await pilot.press("a")
        await picked_from_the_list(pilot, app)
        await until(pilot, lambda: screen.run is not None and screen.run.ticket is not None)
        assert runs.get(run.id).ticket is not None
        assert NORTHWIND in str(screen.sub_title)
        await pilot.press("a")
        await settle(pilot)
        assert app.screen is screen
