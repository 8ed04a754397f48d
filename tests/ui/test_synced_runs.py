"""The run screen of a synced IT Glue SOP: it links back to the document and says what changed
in the steps since the last run of the procedure."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from kbpilot.integrations.factory import Integrations
from kbpilot.integrations.itglue.documentation import ITGlueDocumentation
from kbpilot.integrations.sandbox.app import Sandbox
from kbpilot.sources.itglue.settings import ITGlueSourceSettings
from kbpilot.sources.itglue.source import ITGlueSource
from kbpilot.sources.sync import Sync, SyncOptions
from kbpilot.ui.screens.run import RunScreen
from kbpilot.workspace import open_workspace
from tests.support import AppFactory, settle, until

pytestmark = pytest.mark.anyio
SOP = "bluebird-managed-it-send-offboarding-customer-their-runbook-from-itg"


def sync(kb: Path, clients: Integrations) -> None:
    source = ITGlueSource(ITGlueDocumentation(clients.itglue), ITGlueSourceSettings())
    assert Sync(open_workspace(kb), source, SyncOptions("itglue")).run().problems == []


async def test_the_run_screen_links_back_and_shows_the_changes(
    build_app: AppFactory,
    sample_kb: Path,
    clients: Integrations,
    sandbox: Sandbox,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sync(sample_kb, clients)
    app = build_app()
    app.services.runs.start(SOP, "Northwind Traders", "Ana Trujillo")
    with sandbox.state.transaction() as state:
        records = state["itglue"]["records"]
        records["document_sections"]["650007"]["content"] = "<p>Send the runbook from IT Glue</p>"
        records["documents"]["630101"]["updated-at"] = "2026-11-29T08:00:00.000Z"
    sync(sample_kb, clients)
    run = app.services.runs.start(SOP, "Northwind Traders", "Ana Trujillo")
    notified: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        notified.append(message)
        notify(message, **options)

    monkeypatch.setattr(app, "notify", recording)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = RunScreen(run.id)
        await app.push_screen(screen)
        await until(pilot, lambda: len(notified) >= 2)
        await settle(pilot)
    assert "Source: itglue https://bluebird.itglue.com/2389000/docs/630101" in notified
    [changes] = [m for m in notified if m.startswith("Changed since the last run")]
    assert "step 4 reworded" in changes and "Send the runbook from IT Glue (10 min)" in changes
