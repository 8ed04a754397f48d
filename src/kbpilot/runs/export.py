"""A run as a readable record (Markdown, HTML) or as its JSON: steps, who, when, results, notes."""

from __future__ import annotations

import json

from kbpilot.errors import KbpilotError
from kbpilot.runs.model import Run
from kbpilot.runs.templates import Templates
from kbpilot.text_safety import markdown_data, markdown_text, printable_data

FORMATS = ("md", "html", "json")
STATE_LABELS = {
    "todo": "to do",
    "done": "done",
    "not_applicable": "not applicable",
    "failed": "failed",
}


def render_export(run: Run, fmt: str, templates: Templates) -> str:
    if fmt not in FORMATS:
        raise KbpilotError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    data = printable_data(run.to_dict())
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    done, total = run.progress
    labels = STATE_LABELS
    changes = printable_data([change.describe() for change in run.changes_since_last_run()])
    if fmt == "md":
        # Markdown has no autoescape: every value is made literal text, the states too.
        data, changes = markdown_data(data), markdown_data(changes)
        labels = {markdown_text(state): label for state, label in STATE_LABELS.items()}
    return templates.render(
        f"run_export.{fmt}.j2",
        {"run": data, "done": done, "total": total, "labels": labels, "changes": changes},
    )
