"""The errors kbpilot reports to a user: a message that says what and where, no traceback."""

from __future__ import annotations


class KbpilotError(Exception):
    """An error with a message fit to show a user as it is."""


class ParseError(KbpilotError):
    """A reader could not make sense of a file; carries the 1-based line when known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class ConfigError(KbpilotError):
    """A settings or rules file is wrong; the message names the file, the line and the field."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
        self.path = path
        self.line = line
        self.message = message
