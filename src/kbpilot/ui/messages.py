"""Errors of the service layer as the TUI says them: without the CLI's options."""

from __future__ import annotations

from kbpilot.errors import KbpilotError


def shown(error: KbpilotError) -> str:
    """The error's message for a TUI user (missing form values point at the form)."""
    # Imported here, not with the app: the run forms load the Autotask client (httpx), which
    # the first frame must not wait for.
    from kbpilot.runs.forms import FieldsMissing

    if isinstance(error, FieldsMissing):
        labels = ", ".join(field.label for field in error.fields)
        return f"Fill in {labels} first, in the form below."
    return str(error)
