"""`kbpilot` with no sub-command: the TUI. Textual is imported only here, only when needed."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kbpilot.cli.context import CliContext

if TYPE_CHECKING:
    from kbpilot.ui.app import KbpilotApp
    from kbpilot.ui.services import UiSettings


def open_tui(obj: CliContext, preview: Path | None = None) -> None:
    """Build the app from the global options and run it until the user quits (or the terminal
    goes away)."""
    from kbpilot.ui.hangup import leave_when_terminal_closes
    from kbpilot.ui.services import UiSettings

    settings = UiSettings(role=obj.role, sandbox=obj.sandbox, kb_dir=obj.kb_dir, preview=preview)
    if sys.__stdin__ is not None:
        leave_when_terminal_closes(sys.__stdin__.fileno())
    build_tui(settings).run()


def build_tui(settings: UiSettings) -> KbpilotApp:
    """The app as `kbpilot` starts it: the services first, so the search index loads in the
    background while Textual is imported."""
    from kbpilot.ui.services import open_services

    services = open_services(settings)
    from kbpilot.ui.app import make_app

    return make_app(settings, services)
