"""The CLI's output boundary: whatever a command writes reaches the terminal as text.

`guard_streams` puts `PrintableStream` in front of stdout and stderr for a command's run, so
`click.echo`, `print` and JSON escape control characters (`kbpilot.text_safety.printable`).
rich consoles write to the stream behind the guard, since their own colours are escape
sequences; `kbpilot.cli.printable_console` escapes what they render of the data instead. Together no
escape sequence from an article, a customer, a user or a server reaches the terminal.
"""

from __future__ import annotations

import sys
from typing import IO, Any

from kbpilot.text_safety import printable


class PrintableStream:
    """A text stream that writes `printable(text)` to the stream it guards."""

    def __init__(self, guarded: IO[str]) -> None:
        self.guarded = guarded

    def write(self, text: str) -> int:
        self.guarded.write(printable(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.guarded, name)


def guard_streams() -> None:
    """Guard sys.stdout and sys.stderr (once) for the rest of the process."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, PrintableStream):
            setattr(sys, name, PrintableStream(stream))


def unguarded(stream: IO[str]) -> IO[str]:
    """The stream behind a guard, for rich, which escapes what it renders itself."""
    return stream.guarded if isinstance(stream, PrintableStream) else stream
