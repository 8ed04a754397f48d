"""Rendering with jinja2: a sandboxed environment bounded in time and size
(`template_limits`), strict about undefined values, autoescape for HTML.

Templates are looked up in the KB's `kb/templates/` first, then in kbpilot's own defaults
(`runs/templates/`), so a KB overrides any of them by name. `context()` is the one place that
says what a template may use: company, contact, ticket, fields, technician, today, run. A value
the run does not have yet (the ticket, a field of the form) is an error naming the step that
provides it ("do step 4 (Fill in required information) first").
"""

from __future__ import annotations

from collections.abc import Callable
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
    Undefined,
    UndefinedError,
    select_autoescape,
)

from kbpilot.errors import KbpilotError
from kbpilot.runs.model import Run, RunStep
from kbpilot.runs.template_limits import BoundedEnvironment

HTML_SUFFIXES = ("html", "html.j2")


class Templates:
    """The templates of one KB, with kbpilot's defaults behind them."""

    def __init__(self, kb_root: Path) -> None:
        self.folder = kb_root / "kb" / "templates"
        loader = ChoiceLoader(
            [FileSystemLoader(self.folder), PackageLoader("kbpilot.runs", "templates")]
        )
        self.env = BoundedEnvironment(
            loader=loader,
            undefined=NeededUndefined,
            autoescape=select_autoescape(HTML_SUFFIXES, default_for_string=False),
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )

    def render(self, name: str, context: dict[str, Any]) -> str:
        """Render a named template; any template problem is a KbpilotError naming it."""
        try:
            return self.env.render_bounded(self.env.get_template(name), context)
        except TemplateNotFound:
            raise KbpilotError(f"no template {name!r} in {self.folder} or kbpilot's own") from None
        except KbpilotError as error:
            raise KbpilotError(f"template {name}: {error}") from None
        except TemplateError as error:
            raise _explain(f"template {name}", error) from None

    def render_source(self, label: str, source: str, context: dict[str, Any]) -> str:
        """Render template text (an article with placeholders); errors name `label`."""
        try:
            return self.env.render_bounded(self.env.from_string(source), context)
        except KbpilotError as error:
            raise KbpilotError(f"{label}: {error}") from None
        except TemplateError as error:
            raise _explain(label, error) from None


class Needed(dict[str, Any]):
    """Values of the run under a name (`fields`, `ticket`), and how to get one it lacks."""

    def __init__(self, name: str, values: dict[str, Any], hint: Callable[[str], str]) -> None:
        super().__init__(values)
        self.name = name
        self.hint = hint


class NeededUndefined(StrictUndefined):
    """StrictUndefined that, for a value missing from a `Needed`, names the step giving it."""

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        owner = self._undefined_obj
        if isinstance(owner, Needed) and isinstance(self._undefined_name, str):
            key = self._undefined_name
            raise KbpilotError(f"needs {owner.name}.{key}: {owner.hint(key)}")
        return super()._fail_with_undefined_error(*args, **kwargs)


for _name, _value in vars(Undefined).items() | vars(StrictUndefined).items():
    if _value is Undefined._fail_with_undefined_error and _name.startswith("__"):
        setattr(NeededUndefined, _name, NeededUndefined._fail_with_undefined_error)


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
        "fields": Needed("fields", run.field_values(), lambda key: _field_hint(run, key)),
        "technician": {"name": run.technician},
        "today": (today or date.today()).isoformat(),
        "ticket": Needed("ticket", {}, lambda key: _ticket_hint(run)),
    }
    if run.ticket:
        values["ticket"] = run.ticket.to_dict()
    return values


def _do_first(step: RunStep) -> str:
    return f"do step {step.path} ({step.text}) first"


def _ticket_hint(run: Run) -> str:
    maker = next((s for s in run.steps if s.action_name == "autotask.create_ticket"), None)
    return _do_first(maker) if maker else "the run has no ticket and no step that creates one"


def _field_hint(run: Run, key: str) -> str:
    asking = next((s for s in run.steps if any(f.key == key for f in s.field_defs)), None)
    form = next((s for s in run.steps if s.action_name == "form.required_information"), None)
    step = asking or form
    if step is None:
        return f"no step of this run asks for {key}"
    return _do_first(step)
