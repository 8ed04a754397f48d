"""Trainee sessions, the preview screen's reloading, and the empty and error states."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList, TextArea

from kbpilot.integrations import factory
from kbpilot.integrations.credentials import CredentialSource, read_keyring
from kbpilot.ui.app import make_app
from kbpilot.ui.screens.notice import NoticeScreen
from kbpilot.ui.screens.preview import PreviewScreen
from kbpilot.ui.screens.run import RunScreen
from kbpilot.ui.screens.sandbox_offer import SandboxOfferScreen
from kbpilot.ui.screens.search import SearchScreen
from kbpilot.ui.screens.too_small import TooSmallScreen
from kbpilot.ui.services import UiSettings, open_services
from kbpilot.ui.widgets.article_tree import ArticleTree
from kbpilot.ui.widgets.practice_banner import PracticeBanner
from tests.support import AppFactory, settle, start_offboarding

pytestmark = pytest.mark.anyio
OFFBOARDING = "articles/workflow-offboarding-a-customer.txt"


async def test_a_trainee_never_reaches_a_real_client(
    sample_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class SandboxOnly(CredentialSource):
        def lookup(self, name: str) -> tuple[str | None, str | None]:
            if self.keyring_reader is read_keyring:
                raise AssertionError("a trainee session looked for real credentials")
            return super().lookup(name)

    monkeypatch.setattr(factory, "CredentialSource", SandboxOnly)
    settings = UiSettings(role="trainee", sandbox=False, kb_dir=str(sample_kb))
    app = make_app(settings, open_services(settings))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        assert screen.query_one(PracticeBanner).display
        assert "practice" in str(screen.sub_title)
        await pilot.press("r")
        await settle(pilot)
        run = app.services.runs.get(screen.run_id)
        assert run.practice and run.sandbox and run.ticket is not None
        assert app.services.runs.sandbox


async def test_preview_reloads_when_the_file_is_saved(
    build_app: AppFactory, sample_kb: Path
) -> None:
    article = sample_kb / OFFBOARDING
    app = build_app(preview=article)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen) and screen.loads == 1
        tree = screen.query_one(ArticleTree)
        text = article.read_text("utf-8")
        article.write_text(text.replace("Create a new ticket", "Create a fresh ticket"), "utf-8")
        for _ in range(20):
            await pilot.pause(0.05)
            await settle(pilot)
            if screen.loads > 1:
                break
        assert screen.loads == 2
        steps = [str(n.label) for n in tree.root.children[0].children]
        assert "Create a fresh ticket" in steps[0]


async def test_the_diagnostics_are_reached_with_tab_and_move_the_source_to_their_line(
    build_app: AppFactory, sample_kb: Path
) -> None:
    """At 80x24, from the keyboard alone (the footer says how): Tab reaches the diagnostics, and
    the highlighted one puts the source's cursor on its line."""
    article = sample_kb / "articles" / "broken.md"
    article.write_text(
        "# Broken\n\n1. Create a new ticket\n\n" + "text\n" * 60 + "\n3. Jump\n2. Back\n"
    )
    app = build_app(preview=article)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, PreviewScreen) and screen.article is not None
        lines = [d.line for d in screen.article.diagnostics if d.line]
        assert lines
        assert "Next pane" in [b.binding.description for b in screen.active_bindings.values()]
        diagnostics = screen.query_one("#diagnostics", OptionList)
        for _ in range(3):
            if diagnostics.has_focus:
                break
            await pilot.press("tab")
        assert diagnostics.has_focus
        await pilot.press("end")
        await settle(pilot)
        source = screen.query_one("#preview-source", TextArea)
        assert source.cursor_location[0] == lines[-1] - 1


async def test_no_kb_says_how_to_point_at_one(tmp_path: Path) -> None:
    settings = UiSettings(kb_dir=str(tmp_path), sandbox=True)
    app = make_app(settings, open_services(settings))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticeScreen)
        assert "--kb DIR" in app.screen.problem.advice


async def test_an_empty_kb_says_so(tmp_path: Path) -> None:
    (tmp_path / "articles").mkdir()
    settings = UiSettings(kb_dir=str(tmp_path), sandbox=True)
    app = make_app(settings, open_services(settings))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, NoticeScreen)
        assert app.screen.problem.title == "This knowledge base is empty"


async def test_missing_credentials_offer_the_sandbox(build_app: AppFactory) -> None:
    app = build_app(sandbox=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SandboxOfferScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.services.runs.sandbox and app.sub_title == "sandbox · Sam Rivera"


async def test_a_small_terminal_is_covered_until_it_grows(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(70, 20)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)


async def test_the_runs_screen_resumes_a_run(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await start_offboarding(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RunScreen) and app.screen.run_id == screen.run_id
