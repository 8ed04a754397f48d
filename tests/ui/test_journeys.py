"""Every user journey of the TUI, asserting the run in the store and the ticket in the simulator."""

from __future__ import annotations

from typing import Any

import pytest
from textual.widgets import Input

from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.runs.files import run_folder
from kbpilot.ui.app import KbpilotApp
from kbpilot.ui.screens.run import RunScreen
from kbpilot.ui.screens.search import SearchScreen
from kbpilot.ui.screens.summary import SummaryScreen
from kbpilot.ui.screens.text_prompt import TextPromptScreen
from kbpilot.ui.screens.ticket import TicketScreen
from kbpilot.ui.widgets.reference_panel import ReferencePanel
from kbpilot.ui.widgets.result_list import ResultList
from kbpilot.ui.widgets.step_detail import StepDetail
from tests.support import (
    ARTICLE,
    AppFactory,
    records,
    select_step,
    settle,
    start_offboarding,
    type_text,
)

pytestmark = pytest.mark.anyio


async def test_offboarding_from_search_to_export(build_app: AppFactory, sandbox: Sandbox) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        runs = app.services.runs
        run = runs.list_runs()[0]
        assert (run.article_id, run.company, run.contact) == (
            ARTICLE,
            "Northwind Traders",
            "Ana Trujillo",
        )
        for path in ("1", "2", "3"):
            await select_step(pilot, screen, path)
            await pilot.press("r")
            await settle(pilot)
        run = runs.get(run.id)
        assert [s.state for s in run.steps[:3]] == ["done"] * 3
        ticket = next(t for t in records(sandbox, "Tickets") if t["id"] == run.ticket.id)
        assert ticket["ticketCategory"] == 2
        assert run.ticket.number in str(screen.sub_title)
        items = [
            i for i in records(sandbox, "TicketChecklistItems") if i["ticketID"] == ticket["id"]
        ]
        assert len(items) == 14

        await select_step(pilot, screen, "4")
        date_box = screen.query_one("#field-termination_date", Input)
        date_box.focus()
        await type_text(pilot, "31 July")
        assert "not a date" in str(screen.query_one("#error-termination_date").render())
        date_box.value = "2025-07-31"
        screen.query_one("#field-billing_contact_email", Input).value = "ap@northwind.example"
        await settle(pilot)
        assert runs.get(run.id).step("4").fields == {
            "termination_date": "2025-07-31",
            "billing_contact_email": "ap@northwind.example",
        }
        await pilot.click("#do-step")
        await settle(pilot)
        assert runs.get(run.id).step("4").state == "done"

        await select_step(pilot, screen, "5")
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, TextPromptScreen)
        await type_text(pilot, "customer declined a remote session")
        await pilot.press("enter")
        await settle(pilot)
        step5 = runs.get(run.id).step("5")
        assert (step5.state, step5.reason) == (
            "not_applicable",
            "customer declined a remote session",
        )

        run = runs.get(run.id)
        assert run.finished

        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("p")
        await settle(pilot)
        notes = [n for n in records(sandbox, "TicketNotes") if n["ticketID"] == run.ticket.id]
        assert any(n["title"] == "kbpilot run summary" for n in notes)
        await pilot.press("e")
        await settle(pilot)
        exported = run_folder(run.id) / "export.md"
        assert run.ticket.number in exported.read_text(encoding="utf-8")


async def test_resume_after_the_app_is_closed_mid_run(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        await pilot.press("r")
        await settle(pilot)
        await select_step(pilot, screen, "4")
        screen.query_one("#field-termination_date", Input).value = "2025-07-31"
        await settle(pilot)
        run_id = screen.run_id
    again = build_app()
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        results = again.screen.query_one(ResultList)
        assert [entry.run.id for entry in results.entries if entry.run] == [run_id]
        results.focus()
        await pilot.press("enter")
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, RunScreen) and screen.run is not None
        assert screen.run.step("1").state == "done" and screen.run.ticket is not None
        await select_step(pilot, screen, "4")
        assert screen.query_one("#field-termination_date", Input).value == "2025-07-31"


async def test_an_api_failure_is_shown_on_the_step_and_the_run_goes_on(
    build_app: AppFactory, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app()
    notified: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        notified.append(message)
        notify(message, **options)

    monkeypatch.setattr(app, "notify", recording)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        await select_step(pilot, screen, "2")
        await pilot.press("r")
        await settle(pilot)
        assert "do step 1 first" in screen.errors["2"]
        assert any("do step 1 first" in message for message in notified)
        detail = screen.query_one(StepDetail)
        assert detail.view.last_error, (detail.view, screen.selected)
        assert [b.label.plain for b in screen.query("#do-step")] == ["Run"]
        await select_step(pilot, screen, "1")
        await pilot.press("r")
        await settle(pilot)
        assert app.services.runs.get(screen.run_id).ticket is not None


def app_screen(app: KbpilotApp) -> SearchScreen:
    assert isinstance(app.screen, SearchScreen)
    return app.screen


async def test_did_you_mean_when_nothing_matches(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await type_text(pilot, "ofbordnig")
        screen = app_screen(app)
        assert screen.result is not None and screen.result.suggestion
        await pilot.press("enter")
        await settle(pilot)
        assert screen.query_one("#query", Input).value == screen.result.query
        assert screen.query_one(ResultList).entries


async def test_a_referenced_procedure_becomes_a_sub_checklist(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        await pilot.press("s")
        await settle(pilot)
        panel = screen.query_one("#references")
        while "Runbook" not in screen.query_one(ReferencePanel).current.title:
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert "Runbook" in str(screen.query_one("#reference-markdown").source)
        await pilot.press("i")
        await settle(pilot)
        run = app.services.runs.get(screen.run_id)
        assert run.steps[5].path == "6" and any(s.path.startswith("6.") for s in run.steps)
        assert panel.has_focus


async def test_the_ticket_dialog_shows_the_ticket_as_the_sandbox_holds_it(
    build_app: AppFactory,
) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        await pilot.press("t")
        await settle(pilot)
        assert app.screen is screen  # no ticket yet: a notification says to run step 1
        for _ in range(2):
            await pilot.press("r")
            await settle(pilot)
            await pilot.press("down")
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, TicketScreen)
        assert screen.run is not None and screen.run.ticket is not None
        assert dialog.ticket.number == screen.run.ticket.number
        assert dialog.ticket.category == "Administrative Change/Request"
        assert dialog.ticket.url is None and dialog.where == "the sandbox"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
