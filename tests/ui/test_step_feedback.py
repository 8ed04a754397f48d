"""What the run screen says after a key: a refusal is not a failure, a done step is not run again,
a trainee reading someone else's run is offered no key that changes it, the summary is posted
once, the summary dialog says why steps do not apply and their notes, and a sub-checklist is
announced by its own number (issue 11.5)."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.ui.app import KbpilotApp
from kbpilot.ui.screens.run import RunScreen
from kbpilot.ui.screens.summary import SummaryScreen
from kbpilot.ui.widgets.reference_panel import ReferencePanel
from kbpilot.ui.widgets.step_detail import StepDetail
from tests.support import (
    ARTICLE,
    AppFactory,
    records,
    select_step,
    settle,
    start_offboarding,
)

pytestmark = pytest.mark.anyio


def recorded_notifications(app: KbpilotApp, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    notified: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        notified.append(message)
        notify(message, **options)

    monkeypatch.setattr(app, "notify", recording)
    return notified


def detail_text(screen: RunScreen) -> str:
    return "\n".join(str(part.render()) for part in screen.query_one(StepDetail).query("Static"))


def run_label(screen: RunScreen) -> str:
    return str(screen.query_one("#do-step").label)


async def press(pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


async def test_an_empty_form_is_refused_in_the_tui_s_words_and_nothing_failed(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app()
    notified = recorded_notifications(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        await press(pilot, "r")
        await select_step(pilot, screen, "4")
        await press(pilot, "r")
        text = detail_text(screen)
        assert "--field" not in text and not any("--field" in n for n in notified)
        assert "Fill in Termination date" in text and "Not sent" in text
        assert "Last attempt failed" not in text
        assert run_label(screen) == "Run"
        assert app.services.runs.get(screen.run_id).step("4").state == "todo"


async def test_r_on_a_done_step_says_so_and_creates_nothing(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app()
    notified = recorded_notifications(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        await press(pilot, "r")
        assert sum("created" in n for n in notified) == 1
        await press(pilot, "r")
        assert sum("created" in n for n in notified) == 1
        assert "Step 1 is already done: nothing to run." in notified
        assert "Last attempt failed" not in detail_text(screen)
        assert "Not sent" not in detail_text(screen)


async def test_a_trainee_reads_someone_else_s_run(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    technician = build_app()
    run = technician.services.runs.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    technician.services.close()
    app = build_app(role="trainee")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.push_screen(RunScreen(run.id))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen) and screen.run is not None
        offered = {binding.binding.action for binding in screen.active_bindings.values()}
        assert not offered & {"do_step", "check_step", "skip_step", "note", "include"}
        assert {"finish", "back", "open_ticket"} <= offered
        assert "planning" not in detail_text(screen)
        assert "Read only: Sam Rivera's run" in detail_text(screen)
        await press(pilot, "r")
        assert app.services.runs.get(run.id).ticket is None


async def test_p_twice_updates_the_summary_note(build_app: AppFactory, sandbox: Sandbox) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        await press(pilot, "r")
        await press(pilot, "f")
        await press(pilot, "p")
        await press(pilot, "p")
        ticket = app.services.runs.get(screen.run_id).ticket
        assert ticket is not None
        notes = [
            note
            for note in records(sandbox, "TicketNotes")
            if note["ticketID"] == ticket.id and note["title"] == "kbpilot run summary"
        ]
        assert len(notes) == 1
        status = str(app.screen.query_one("#summary-status", Static).render())
        assert status == f"Summary updated on ticket {ticket.number}."


async def test_a_sub_checklist_is_announced_by_its_own_number(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = build_app()
    notified = recorded_notifications(app, monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        await press(pilot, "s")
        while "Runbook" not in screen.query_one(ReferencePanel).current.title:
            await pilot.press("down")
        await press(pilot, "i")
        run = app.services.runs.get(screen.run_id)
        assert run.steps[-1].path.startswith("6.")
        assert "Added as step 6." in notified


async def test_the_summary_shows_n_a_reasons_and_notes(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        runs = app.services.runs
        runs.add_note(screen.run_id, "1", "called Ana first")
        runs.skip(screen.run_id, "5", "customer declined a remote session")
        screen.load()
        await settle(pilot)
        await press(pilot, "f")
        assert isinstance(app.screen, SummaryScreen)
        shown = [str(part.render()) for part in app.screen.query("#summary-steps Static")]
        assert "    note (Sam Rivera): called Ana first" in shown
        assert "    not applicable: customer declined a remote session" in shown
