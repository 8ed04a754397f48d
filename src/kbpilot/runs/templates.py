"""Rendering with jinja2: a SandboxedEnvironment, StrictUndefined, autoescape for HTML.

Templates are looked up in the KB's `kb/templates/` first, then in kbpilot's own defaults
(`runs/templates/`), so a KB overrides any of them by name. `context()` is the one place that
says what a template may use: company, contact, ticket, fields, technician, today, run.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    FileSystemLoader,
    PackageLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
    UndefinedError,
    select_autoescape,
)
from jinja2.sandbox import SandboxedEnvironment

from kbpilot.errors import KbpilotError
from kbpilot.runs.model import Run

HTML_SUFFIXES = ("html", "html.j2")


class Templates:
    """The templates of one KB, with kbpilot's defaults behind them."""

    def __init__(self, kb_root: Path) -> None:
        self.folder = kb_root / "kb" / "templates"
        loader = ChoiceLoader(
            [FileSystemLoader(self.folder), PackageLoader("kbpilot.runs", "templates")]
        )
        self.env = SandboxedEnvironment(
            loader=loader,
            undefined=StrictUndefined,
            autoescape=select_autoescape(HTML_SUFFIXES, default_for_string=False),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Render a named template; any template problem is a KbpilotError naming it."""
        try:
            return self.env.get_template(name).render(context)
        except TemplateNotFound:
            raise KbpilotError(f"no template {name!r} in {self.folder} or kbpilot's own") from None
        except TemplateError as error:
            raise _explain(f"template {name}", error) from None

    def render_source(self, label: str, source: str, context: dict[str, Any]) -> str:
        """Render template text (an article with placeholders); errors name `label`."""
        try:
            return self.env.from_string(source).render(context)
        except TemplateError as error:
            raise _explain(label, error) from None


def _explain(label: str, error: TemplateError) -> KbpilotError:
    if isinstance(error, UndefinedError):
        return KbpilotError(f"{label}: {error.message}; fill it in the run first")
    if isinstance(error, TemplateSyntaxError):
        return KbpilotError(f"{label}:{error.lineno}: {error.message}")
    return KbpilotError(f"{label}: {error}")


def context(run: Run, today: date | None = None) -> dict[str, Any]:
    """What templates see of a run; `ticket` only once the run has one."""
    first, _, last = (run.contact or "").partition(" ")
    values: dict[str, Any] = {
        "run": {"id": run.id, "article": run.article_title, "practice": run.practice},
        "company": {"name": run.company, "id": run.company_id},
        "contact": {
            "name": run.contact or "",
            "first_name": first,
            "last_name": last,
            "email": run.contact_email or "",
        },
        "fields": run.field_values(),
        "technician": {"name": run.technician},
        "today": (today or date.today()).isoformat(),
    }
    if run.ticket:
        values["ticket"] = run.ticket.to_dict()
    return values
