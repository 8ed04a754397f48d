"""`kbpilot` with no sub-command: the TUI. Textual is imported only here, only when needed."""

from __future__ import annotations

from pathlib import Path

from kbpilot.cli.context import CliContext


def open_tui(obj: CliContext, preview: Path | None = None) -> None:
    """Build the app from the global options and run it until the user quits."""
    from kbpilot.ui.app import make_app
    from kbpilot.ui.services import UiSettings, open_services

    settings = UiSettings(role=obj.role, sandbox=obj.sandbox, kb_dir=obj.kb_dir, preview=preview)
    make_app(settings, open_services(settings)).run()
