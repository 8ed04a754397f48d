"""SVG snapshots of every screen and dialog at 100x30 and 80x24 (pytest-textual-snapshot).

Deterministic by construction: the text cursor does not blink, run ids are fixed, the sandbox's
clock is stopped where a ticket is created (its number holds the date), no clock in the header,
the technician and the sandbox's state are the tests' own.
`pytest --snapshot-update` rewrites them after a deliberate change.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime, tzinfo
from itertools import count
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable

from kbpilot.integrations.autotask.simulator import records as autotask_records
from kbpilot.runs import service
from kbpilot.ui.app import make_app
from kbpilot.ui.services import UiSettings, open_services
from tests.support import AppFactory, settle, start_offboarding, until

SIZES = [pytest.param((100, 30), id="100x30"), pytest.param((80, 24), id="80x24")]
Steps = Callable[[Pilot], Awaitable[None]]


@pytest.fixture(autouse=True)
def _fixed_run_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    numbers = count(1)
    monkeypatch.setattr(service.uuid, "uuid4", lambda: uuid.UUID(int=next(numbers)))


class StoppedClock(datetime):
    """The sandbox's clock, stopped: ticket numbers and times do not change with the day."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> StoppedClock:
        return cls(2026, 1, 15, 9, 30, tzinfo=tz)


async def press_text(pilot: Pilot, text: str) -> None:
    """Type key by key, each answered before the next: the pictures of the search screen pin
    what that pace shows (the preview of an earlier match, for one)."""
    await pilot.press(*text)
    await settle(pilot)


async def searched(pilot: Pilot) -> None:
    await settle(pilot)
    await press_text(pilot, "offboard")


async def in_run(pilot: Pilot) -> None:
    await start_offboarding(pilot)
    await settle(pilot)


async def start_dialog(pilot: Pilot) -> None:
    await searched(pilot)
    await pilot.press("enter")
    await settle(pilot)
    await press_text(pilot, "Northwind Traders")
    await pilot.press("enter")
    await settle(pilot)


async def runs_list(pilot: Pilot) -> None:
    await in_run(pilot)
    await pilot.press("escape")
    await settle(pilot)
    await pilot.press("f2")
    await settle(pilot)
    # The list fills its table once the run store has been read, which a busy machine does late.
    table = pilot.app.screen.query_one(DataTable)
    await until(pilot, lambda: table.row_count > 0)


def steps_then(*keys: str) -> Steps:
    """The run screen after `keys`, without the toasts they raised: a toast times out after
    a few seconds, so on a busy machine it may or may not still be on screen. They are cleared
    after each key, as Textual clears only the top screen's: a toast left under a dialog that a
    later key opens would show through it."""

    async def steps(pilot: Pilot) -> None:
        await in_run(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
            pilot.app.clear_notifications()
        await settle(pilot)
        await until(pilot, lambda: not any(s.query("Toast") for s in pilot.app.screen_stack))

    return steps


SCREENS: dict[str, Steps] = {
    "search_results": searched,
    "search_empty": settle,
    "search_did_you_mean": lambda pilot: press_text(pilot, "ofbordnig"),
    "start_dialog": start_dialog,
    "run": in_run,
    "run_form": steps_then("down", "down", "down"),
    "run_not_applicable_dialog": steps_then("down", "down", "down", "down", "n"),
    "run_note_dialog": steps_then("o"),
    "run_references_panel": steps_then("s"),
    "run_summary": steps_then("f"),
    "runs": runs_list,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", sorted(SCREENS))
def test_screen(snap_compare, build_app: AppFactory, name: str, size: tuple[int, int]) -> None:
    """Each screen of the technician's journey, in the state its name says."""
    assert snap_compare(build_app(), terminal_size=size, run_before=SCREENS[name])


@pytest.mark.parametrize("size", SIZES)
def test_preview(
    snap_compare, build_app: AppFactory, sample_kb: Path, size: tuple[int, int]
) -> None:
    """The editor's preview of the seed article: source, parsed checklist, diagnostics."""
    app = build_app(preview=sample_kb / "articles" / "workflow-offboarding-a-customer.txt")
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_trainee_banner(snap_compare, sample_kb: Path, size: tuple[int, int]) -> None:
    """A trainee's search screen: the practice banner and the header's label."""
    settings = UiSettings(role="trainee", kb_dir=str(sample_kb), sandbox=True, cursor_blink=False)
    app = make_app(settings, open_services(settings))
    assert snap_compare(app, terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_no_kb(
    snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """No KB found: how to point kbpilot at one."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nowhere-kb").mkdir()
    settings = UiSettings(kb_dir="nowhere-kb", sandbox=True, cursor_blink=False)
    app = make_app(settings, open_services(settings))
    assert snap_compare(app, terminal_size=size, run_before=lambda pilot: pilot.pause())


@pytest.mark.parametrize("size", SIZES)
def test_empty_kb(
    snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """A KB folder without articles: what to add, and where."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty-kb" / "kb").mkdir(parents=True)
    (tmp_path / "empty-kb" / "articles").mkdir()
    settings = UiSettings(kb_dir="empty-kb", sandbox=True, cursor_blink=False)
    app = make_app(settings, open_services(settings))
    assert snap_compare(app, terminal_size=size, run_before=lambda pilot: pilot.pause())


@pytest.mark.parametrize("size", SIZES)
def test_sandbox_offer(snap_compare, build_app: AppFactory, size: tuple[int, int]) -> None:
    """Live session without credentials: the sandbox is offered."""
    assert snap_compare(build_app(sandbox=False), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES)
def test_ticket_dialog(
    snap_compare, build_app: AppFactory, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]
) -> None:
    """The ticket as the sandbox holds it, after steps 1-3."""
    monkeypatch.setattr(autotask_records, "datetime", StoppedClock)
    assert snap_compare(
        build_app(), terminal_size=size, run_before=steps_then("r", "down", "r", "down", "r", "t")
    )


def test_too_small(snap_compare, build_app: AppFactory) -> None:
    """A terminal smaller than 80x24."""
    assert snap_compare(build_app(), terminal_size=(70, 20), run_before=settle)
