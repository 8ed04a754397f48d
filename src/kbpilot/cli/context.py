"""What every sub-command shares: global options, the KB loaded once on demand, output helpers.

rich is imported on first output, not on import: `kbpilot search --json` never needs it; nor
platformdirs and traceback, which only a crash log needs.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from kbpilot.errors import KbpilotError
from kbpilot.workspace import Workspace, find_workspace

if TYPE_CHECKING:
    from rich.console import Console


class CliContext:
    """The global options as given, and the workspace they point at (found on first use)."""

    def __init__(
        self, kb_dir: str | None, role: str, sandbox: bool, workspace: Workspace | None = None
    ) -> None:
        self.kb_dir = kb_dir
        self.role = role
        self.sandbox = sandbox
        self._workspace = workspace

    @property
    def workspace(self) -> Workspace:
        if self._workspace is None:
            self._workspace = find_workspace(self.kb_dir)
        return self._workspace

    @classmethod
    def of(
        cls, kb_dir: str | None, role: str, sandbox: bool, found: Workspace | None = None
    ) -> CliContext:
        """The context of the global options as given (a trainee is always in the sandbox),
        with the workspace they point at when it was `found` already."""
        return cls(kb_dir=kb_dir, role=role, sandbox=sandbox or role == "trainee", workspace=found)

    def require_kb(self) -> Workspace:
        """The workspace, which must be a KB (hold its articles folder): commands that would
        otherwise build an index in any folder refuse, saying how to point at one."""
        workspace = self.workspace
        if not workspace.articles_dir.is_dir():
            raise KbpilotError(
                f"no knowledge base found: {workspace.root} has no "
                f"{workspace.settings.articles_dir}/ folder; use --kb DIR, set KBPILOT_KB, or run "
                "kbpilot inside a KB (a folder holding articles/ and kb/)"
            )
        return workspace


def console(stderr: bool = False) -> Console:
    """A console for this call: it reads the terminal's width (or $COLUMNS) as it is now; it
    never reads emoji codes, and escapes control characters in what it renders."""
    from kbpilot.cli.printable_console import printable_console
    from kbpilot.cli.safe_output import unguarded

    return printable_console(unguarded(sys.stderr if stderr else sys.stdout))


def escape(text: str) -> str:
    """`text` shown as it is in rich markup (its square brackets escaped)."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def print_json(data: Any) -> None:
    """JSON on stdout, UTF-8, stable key order as built."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_crash_log(error: BaseException) -> Path:
    """Append the traceback of an unexpected error to the crash log in the data dir."""
    import traceback  # with textwrap, only for a crash

    from kbpilot import paths  # platformdirs, only for a crash

    path = paths.data_dir() / "crash.log"
    with path.open("a", encoding="utf-8") as log:
        log.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} kbpilot {' '.join(sys.argv[1:])}\n")
        log.write("".join(traceback.format_exception(error)))
    return path


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error for the user and exit."""
    console(stderr=True).print(f"[bold red]error:[/] {escape(message)}", soft_wrap=True)
    sys.exit(code)
