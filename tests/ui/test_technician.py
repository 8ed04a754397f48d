"""Who is at the keyboard, in the TUI: asked once on a first start (the OS user's full name
offered), saved in the user's config file, shown in the header; a run records it."""

from __future__ import annotations

import pytest
from textual.events import Key
from textual.widgets import Input

from kbpilot import technician
from kbpilot.ui.screens.sandbox_offer import SandboxOfferScreen
from kbpilot.ui.screens.search import SearchScreen
from kbpilot.ui.screens.text_prompt import StartupPromptScreen, TextPromptScreen
from tests.support import ARTICLE, AppFactory, settle, start_offboarding, type_text, until

pytestmark = pytest.mark.anyio


async def test_the_first_start_asks_once_and_the_header_shows_the_name(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("KBPILOT_TECHNICIAN")
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, TextPromptScreen))
        box = app.screen.query_one("#prompt-text", Input)
        assert box.value == technician.os_user_name()
        assert app.screen.query_one("#prompt-ok").region.bottom <= 24
        box.value = ""
        await type_text(pilot, "Dana Lee")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        assert app.sub_title == "sandbox · Dana Lee"
        run = await start_offboarding(pilot)
        assert "Dana Lee" in str(run.sub_title)
        assert app.services.runs.get(run.run_id).technician == "Dana Lee"
    assert technician.chosen() == "Dana Lee"

    again = build_app()
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, SearchScreen)
        assert again.sub_title == "sandbox · Dana Lee"


async def test_a_technician_named_by_the_variable_is_not_asked(build_app: AppFactory) -> None:
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SearchScreen)
        assert app.sub_title == "sandbox · Sam Rivera"
    assert not technician.config_file().exists()


async def test_keys_typed_before_the_name_prompt_is_drawn_go_to_the_search_box(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Typed as kbpilot opens, before the prompt is on screen: the search box gets the text, the
    prefilled name stays; once drawn, the prompt has the cursor."""
    monkeypatch.delenv("KBPILOT_TECHNICIAN")
    app = build_app()
    for char in "offboard":
        app.post_message(Key(char, char))
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = app.screen
        assert isinstance(prompt, StartupPromptScreen)
        await until(pilot, lambda: prompt.drawn_at is not None)
        box = prompt.query_one("#prompt-text", Input)
        assert box.value == technician.os_user_name()
        assert box.has_focus
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        assert app.screen.query_one("#query", Input).value == "offboard"
    assert technician.chosen() == technician.os_user_name()


async def test_keys_typed_before_the_sandbox_offer_shows_are_not_its_keys(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both start dialogs: the name prompt on top of the sandbox offer. A search typed right
    after the name's Enter, before the offer is on screen, is not taken as the offer's keys
    (the `s` of "password" would choose the sandbox): it goes to the search box."""
    monkeypatch.delenv("KBPILOT_TECHNICIAN")
    app = build_app(sandbox=False)
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = app.screen
        assert isinstance(prompt, StartupPromptScreen)
        await until(pilot, lambda: prompt.drawn_at is not None)
        covered = app.screen_stack[-2]
        assert isinstance(covered, SandboxOfferScreen) and covered.drawn_at is None
        for key, char in [("enter", "\r"), *((c, c) for c in "password")]:
            app.post_message(Key(key, char))
        await until(pilot, lambda: isinstance(app.screen, SandboxOfferScreen))
        offer = app.screen
        await until(pilot, lambda: offer.drawn_at is not None)
        print(
            "PROMPT",
            repr(prompt.query_one("#prompt-text", Input).value),
            "EARLY",
            repr(offer.typed_early),
            repr(prompt.typed_early),
            repr(app.screen_stack[1].query_one("#query", Input).value),
        )
        assert app.screen is offer and not app.services.sandbox
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        assert app.screen.query_one("#query", Input).value == "password"
        assert not app.services.sandbox
    assert technician.chosen() == technician.os_user_name()


async def test_a_blank_name_refused_keeps_what_was_typed_after_its_enter(
    build_app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Enter on a blank name is refused and the prompt stays: the keys typed right after it are
    the name's, in its box, not kept for the search."""
    monkeypatch.delenv("KBPILOT_TECHNICIAN")
    app = build_app()
    async with app.run_test(size=(80, 24)) as pilot:
        prompt = app.screen
        assert isinstance(prompt, StartupPromptScreen)
        await until(pilot, lambda: prompt.drawn_at is not None)
        box = prompt.query_one("#prompt-text", Input)
        box.value = ""
        for key, char in [("enter", "\r"), *((c, c) for c in "Dana")]:
            app.post_message(Key(key, char))
        await until(pilot, lambda: box.value == "Dana")
        assert app.screen is prompt and prompt.typed_early == ""
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        assert app.screen.query_one("#query", Input).value == ""
    assert technician.chosen() == "Dana"


def test_answering_the_question_keeps_the_open_run_service_and_records_the_new_name(
    build_app: AppFactory,
) -> None:
    """The name is set on the open service: a worker that took it (the recent runs, loading as
    the question is answered) never finds it closed."""
    services = build_app().services
    runs = services.runs
    services.set_technician("Dana Lee")
    assert services.runs is runs
    run = runs.start(ARTICLE, "Northwind Traders", "Ana Trujillo")
    assert run.technician == "Dana Lee"
    services.close()
