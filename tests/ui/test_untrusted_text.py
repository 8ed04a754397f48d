"""The TUI shows what comes from articles, customers and servers as text: markup and emoji codes
as written, control characters escaped, in the result list, the preview pane, the start dialog,
the checklist, the step detail, the header and notifications."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from textual.widgets import OptionList, Static

from kbpilot.integrations.sandbox.seed import default_seed_path
from kbpilot.ui.screens.run import RunScreen
from kbpilot.ui.screens.start_run import StartRunScreen
from kbpilot.ui.widgets.checklist import Checklist
from kbpilot.ui.widgets.result_list import ResultList
from kbpilot.ui.widgets.step_detail import StepDetail
from tests.support import AppFactory, drawn, settle, type_text, until

pytestmark = pytest.mark.anyio

HOSTILE = "[bold red]x[/] :x: \x1b]0;pwned\x07\x1b[2J"
SHOWN = "[bold red]x[/] :x: \\u001b]0;pwned\\u0007\\u001b[2J"
COMPANY = "ACME :x: [b]Ltd[/b]"


@pytest.fixture
def sample_kb(sample_kb: Path) -> Path:
    """The sample KB with a hostile article and a customer named with markup and an emoji code."""
    article = (
        f"# Zebrafish reset {HOSTILE}\n\n"
        + "How the zebrafish console is reset after an alert, step by step. " * 8
        + "\n\n## Procedure\n\n"
        f"1. Open the console {HOSTILE}\n"
        "2. Save the settings\n"
    )
    (sample_kb / "articles" / "zebrafish.md").write_text(article, encoding="utf-8")
    seed = json.loads(default_seed_path().read_text(encoding="utf-8"))
    companies = seed["autotask"]["Companies"]
    acme = {**companies[1], "id": 9901, "companyName": COMPANY, "companyNumber": "ACME-1"}
    companies.append(acme)
    (sample_kb / "kb" / "sandbox.json").write_text(json.dumps(seed), encoding="utf-8")
    return sample_kb


def screen_text(app_screenshot: str) -> str:
    """The text of an SVG screenshot, entities decoded."""
    return html.unescape(app_screenshot).replace("\xa0", " ")


def assert_literal(text: str) -> None:
    assert "\x1b" not in text and "\x07" not in text
    assert "[bold red]x[/] :x:" in text
    assert "\\u001b" in text


async def test_markup_emoji_codes_and_escapes_are_shown_as_text(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        await type_text(pilot, "zebrafish")
        results = app.screen.query_one(ResultList)
        await until(pilot, lambda: results.entries and results.entries[0].hit is not None)
        assert_literal(drawn(results))
        preview = app.screen.query_one("#article-markdown", Static)
        await until(pilot, lambda: "Zebrafish" in drawn(preview))
        assert_literal(drawn(preview))
        assert "\x1b" not in app.export_screenshot()

        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, StartRunScreen))
        assert_literal(drawn(app.screen.query_one(".dialog-title", Static)))
        await type_text(pilot, "ACME")
        matches = app.screen.query_one("#company-matches", OptionList)
        await until(pilot, lambda: matches.option_count == 1)
        assert COMPANY in drawn(matches)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, RunScreen))
        await settle(pilot)

        screen = app.screen
        assert_literal(drawn(screen.query_one(Checklist)))
        detail = "\n".join(drawn(s) for s in screen.query_one(StepDetail).query(Static))
        assert_literal(detail)
        title = drawn(screen.query_one("#run-title", Static))
        assert_literal(title)
        assert COMPANY in title

        app.notify(f"{COMPANY} {HOSTILE}", title=HOSTILE)
        await until(pilot, lambda: "[b]Ltd[/b]" in screen_text(app.export_screenshot()))
        shot = app.export_screenshot()
        assert "\x1b" not in shot and "\x07" not in shot
