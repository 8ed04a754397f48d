"""`python -m kbpilot`: the same as the `kbpilot` command."""

from kbpilot.cli import run

run()
