"""The application: `make_app(settings, services)` builds it for the CLI and for tests alike.

Who calls what: the app picks the first screen (a problem with the KB, the preview of a file, or
search), offers the sandbox when live credentials are missing, asks who is at the keyboard on a
first start (the header shows the name after where actions go; what was typed before those
dialogs were drawn goes to the search box, see `early_keys`), covers the screen while the
terminal is smaller than 80x24, and turns every binding of the current screen into a command of
the palette. Screens call `Services`; errors of the `KbpilotError` family reach `report()`.
The preview of a file (an editor's `kbpilot preview FILE --watch`) asks for neither credentials
nor a name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.events import Resize
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widget import Widget

from kbpilot.errors import KbpilotError
from kbpilot.technician import os_user_name
from kbpilot.text_safety import printable
from kbpilot.ui.messages import shown
from kbpilot.ui.screens.search import SearchScreen
from kbpilot.ui.services import Services, UiSettings

if TYPE_CHECKING:
    from kbpilot.ui.screens.early_keys import KeepsEarlyKeys

MIN_SIZE = (80, 24)


class KbpilotApp(App[None]):
    """kbpilot's TUI on one KB, for one role, against the sandbox or the real services."""

    CSS_PATH = "app.tcss"
    TITLE = "kbpilot"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True)
    ]

    def __init__(self, settings: UiSettings, services: Services) -> None:
        super().__init__()
        self.settings = settings
        self.services = services
        self.sub_title = services.mode_label
        # Whether the terminal was too small at the last resize (the too-small screen covers us).
        self._covered = False

    def on_mount(self) -> None:
        if not self.settings.cursor_blink:
            self.screen_change_signal.subscribe(self, self._watch_focus_of, immediate=True)
        problem = self.services.problem
        if problem is not None:
            from kbpilot.ui.screens.notice import NoticeScreen

            self.push_screen(NoticeScreen(problem))
            return
        if self.settings.preview is not None:
            from kbpilot.ui.screens.preview import PreviewScreen

            self.push_screen(PreviewScreen(self.settings.preview))
            return
        search = SearchScreen()
        self.push_screen(search)
        missing = self.services.missing_credentials()
        if missing:
            from kbpilot.ui.screens.sandbox_offer import SandboxOfferScreen

            offer = SandboxOfferScreen(missing)
            self.push_screen(offer, self._then_type_ahead(offer, search, self._sandbox_chosen))
        if self.services.asks_technician():
            from kbpilot.ui.screens.text_prompt import StartupPromptScreen

            prompt = StartupPromptScreen(
                "Who are you? kbpilot records your name on runs, notes and exports.",
                "Your full name",
                "Save",
                value=os_user_name(),
            )
            self.push_screen(prompt, self._then_type_ahead(prompt, search, self._technician_chosen))

    @staticmethod
    def _then_type_ahead(
        dialog: KeepsEarlyKeys[Any], search: SearchScreen, chosen: Callable[[Any], None]
    ) -> Callable[[Any], None]:
        """`chosen`, then what was typed before the dialog was drawn goes to the search box."""

        def then(result: Any) -> None:
            chosen(result)
            search.type_ahead(dialog.typed_early)

        return then

    def _watch_focus_of(self, screen: Screen) -> None:
        self.watch(screen, "focused", self._steady_cursor, init=False)

    def _steady_cursor(self, focused: Widget | None) -> None:
        """Stop the cursor of a text box (an Input, a TextArea: a widget with a `cursor_blink`)
        from blinking as it takes the focus (before its Focus event, so it is never drawn
        hidden)."""
        if focused is not None and hasattr(focused, "cursor_blink"):
            focused.cursor_blink = False

    def _sandbox_chosen(self, chosen: bool | None) -> None:
        if chosen:
            self.services.use_sandbox()
            self.sub_title = self.services.mode_label
            self.notify("Actions now go to the built-in sandbox.", title="Sandbox")

    def _technician_chosen(self, name: str | None) -> None:
        try:
            self.services.set_technician(name or os_user_name())
        except KbpilotError as error:
            self.report(error)
        self.sub_title = self.services.mode_label

    def on_resize(self, event: Resize) -> None:
        small = event.size.width < MIN_SIZE[0] or event.size.height < MIN_SIZE[1]
        if not small and not self._covered:
            return
        from kbpilot.ui.screens.too_small import TooSmallScreen

        showing = isinstance(self.screen, TooSmallScreen)
        if small and not showing:
            self.push_screen(TooSmallScreen(MIN_SIZE))
        elif not small and showing:
            self.pop_screen()
        self._covered = small

    def report(self, error: KbpilotError, title: str = "Error") -> None:
        """Show an error of the service layer as a notification; the session goes on."""
        self.notify(shown(error), title=title, severity="error", timeout=8)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = False,
    ) -> None:
        """Every notification is literal text: messages carry titles, names and server answers,
        so markup is never read and control characters are escaped (`markup` is ignored)."""
        super().notify(
            printable(message),
            title=printable(title, one_line=True),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def format_title(self, title: str, sub_title: str) -> Content:
        """The header: the screen's title and sub title (a file name, a ticket number) with
        control characters escaped."""
        return super().format_title(
            printable(title, one_line=True), printable(sub_title, one_line=True)
        )

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette lists every binding of the screen, then Textual's own commands."""
        seen: set[str] = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            yield SystemCommand(
                f"{binding.description} ({self.get_key_display(binding)})",
                binding.tooltip or f"Key: {key}",
                lambda action=binding.action, node=active.node: self.run_action(action, node),
            )
        yield from super().get_system_commands(screen)

    def on_unmount(self) -> None:
        self.services.close()


def make_app(settings: UiSettings, services: Services) -> KbpilotApp:
    """The app for a session; the CLI and the tests build it this way."""
    return KbpilotApp(settings, services)
