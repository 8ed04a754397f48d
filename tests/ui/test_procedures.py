"""An article with several procedures in the TUI: the start dialog picks them, the run screen
shows each under its heading (P2, P2.1, ...), the preview says how each was found."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import SelectionList

from kbpilot.ui.screens.preview import PreviewScreen
from kbpilot.ui.screens.run import RunScreen
from kbpilot.ui.screens.start_run import StartRunScreen
from kbpilot.ui.widgets.article_tree import ArticleTree
from kbpilot.ui.widgets.checklist import Checklist
from kbpilot.ui.widgets.result_list import ResultList
from tests.support import AppFactory, drawn, settle, type_text

PLAN = "customer-cyber-security-incident-response-plan-for-incidents-external-to-ggit"
PLAN_FILE = "articles/customer-cyber-security-incident-response-plan.html"
SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]


async def open_plan(pilot: Pilot[None]) -> StartRunScreen:
    """search -> the incident response plan -> its start dialog, company and contact chosen."""
    await settle(pilot)
    await type_text(pilot, "incident response")
    entries = pilot.app.screen.query_one(ResultList).entries
    assert entries[0].hit is not None and entries[0].hit.id == PLAN
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, StartRunScreen)
    await type_text(pilot, "Northwind Traders")
    await pilot.press("enter")
    await settle(pilot)
    await type_text(pilot, "Ana")
    return screen


async def phases_two_and_four(pilot: Pilot[None]) -> None:
    """The start dialog with phases 1, 3 and 5 unticked."""
    screen = await open_plan(pilot)
    screen.query_one("#procedures", SelectionList).focus()
    for key in ("space", "down", "down", "space", "down", "down", "space"):
        await pilot.press(key)
    await settle(pilot)


async def run_of_two_phases(pilot: Pilot[None]) -> None:
    await phases_two_and_four(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot)


@pytest.mark.anyio
async def test_the_start_dialog_picks_the_phases_to_follow(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await phases_two_and_four(pilot)
        picker = app.screen.query_one("#procedures", SelectionList)
        assert picker.option_count == 5
        assert sorted(picker.selected) == [2, 4]
        await pilot.press("ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        run = app.services.runs.get(screen.run_id)
        assert [s.path for s in run.steps if "." not in s.path] == ["P2", "P4"]
        checklist = screen.query_one(Checklist)
        assert checklist.paths[:3] == ["P2", "P2.1", "P2.1.1"]
        lines = [line.strip("│ ") for line in drawn(checklist).splitlines()[1:3]]
        assert lines[0] == "[ ] P2 Phase 2: Containment"
        assert lines[1].startswith("[ ] P2.1 ")


@pytest.mark.anyio
async def test_the_start_dialog_starts_every_phase_unless_told(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_plan(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, RunScreen)
        run = app.services.runs.get(screen.run_id)
        assert [s.path for s in run.steps if "." not in s.path] == ["P1", "P2", "P3", "P4", "P5"]


@pytest.mark.anyio
async def test_the_preview_says_how_each_procedure_was_found(
    build_app: AppFactory, sample_kb: Path
) -> None:
    app = build_app(preview=sample_kb / PLAN_FILE)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, PreviewScreen)
        labels = [str(node.label) for node in app.screen.query_one(ArticleTree).root.children]
        assert labels[:2] == [
            "Phase 1: Identification  found by: ordered list",
            "Phase 2: Containment  found by: ordered list",
        ]


@pytest.mark.parametrize("size", SIZES)
def test_start_dialog_with_procedures(snap_compare, build_app: AppFactory, size) -> None:
    """The start dialog of the incident plan: phases 2 and 4 ticked, company and contact typed."""
    assert snap_compare(build_app(), terminal_size=size, run_before=phases_two_and_four)


@pytest.mark.parametrize("size", SIZES)
def test_run_of_several_procedures(snap_compare, build_app: AppFactory, size) -> None:
    """A run of phases 2 and 4: each under its heading, its steps P2.1, P2.1.1, ..."""
    assert snap_compare(build_app(), terminal_size=size, run_before=run_of_two_phases)
