"""The selected step in full: text, links, state, the action's plan, results, notes, buttons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Link, Static

from kbpilot.model import Link as StepLink
from kbpilot.runs.forms import FormField
from kbpilot.runs.model import RunStep, StepState
from kbpilot.text_safety import printable
from kbpilot.ui.literal import literal
from kbpilot.ui.widgets.step_form import StepForm

STATE_TEXT = {
    StepState.TODO: "to do",
    StepState.DONE: "done",
    StepState.NOT_APPLICABLE: "not applicable",
    StepState.FAILED: "failed",
}
SHOWN_RESULTS = ("title", "file", "summary_md", "note_id", "category", "library", "completed_in")


@dataclass
class StepView:
    """Everything the detail shows about one step; `plan` is None until planned."""

    step: RunStep
    links: list[StepLink] = field(default_factory=list)
    plan: list[str] | None = None
    plan_error: str | None = None
    form: list[FormField] | None = None
    last_error: str | None = None
    read_only: bool = False
    owner: str = ""


def _static(text: str, classes: str = "") -> Static:
    return Static(literal(text), classes=classes)


def result_widgets(result: dict[str, Any]) -> list[Widget]:
    """The step's result: the ticket as a link, the IT Glue export link, the status and link of
    what the action made (a scheduling request), other values."""
    widgets: list[Widget] = []
    if "ticket_number" in result:
        number = str(result["ticket_number"])
        url = result.get("url")
        widgets.append(
            Link(f"Ticket {number}", url=url, id="ticket-link")
            if url
            else _static(f"Ticket {number} (t shows it)")
        )
    if result.get("export_url"):
        widgets.append(Link("IT Glue export", url=str(result["export_url"]), id="export-link"))
    if result.get("status"):
        widgets.append(_static(f"status: {result['status']}"))
    if result.get("link"):
        widgets.append(Link(str(result["link"]), url=str(result["link"]), id="result-link"))
    widgets += [_static(f"{key}: {result[key]}", "dim") for key in SHOWN_RESULTS if key in result]
    return widgets


class StepDetail(VerticalScroll):
    """Shows a `StepView`; its buttons' presses bubble up to the run screen."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.view: StepView | None = None

    def show(self, view: StepView) -> None:
        """Replace the content with this view."""
        self.view = view
        step = view.step
        self.remove_children()
        parts: list[Widget] = [_static(f"Step {step.path}", "detail-title")]
        if view.read_only:
            parts.append(_static(f"Read only: {view.owner}'s run, not a practice run.", "warning"))
        if step.condition:
            parts.append(_static(f"Condition: {step.condition}", "condition"))
        parts.append(_static(step.text, "step-text"))
        parts += [
            Link(printable(link.title), url=link.target) for link in view.links if link.target
        ]
        parts.append(_static(self._state_line(step), f"state state-{step.state}"))
        parts.append(self._buttons(view))
        if view.last_error and step.state is not StepState.FAILED:
            parts.append(_static(f"Not sent: {view.last_error}", "warning"))
        if step.action_name:
            parts.append(_static(f"Action: {step.action_name}", "section"))
            if view.plan is not None:
                parts += [_static(f"  {line}", "plan") for line in view.plan]
            elif view.plan_error:
                parts.append(_static(f"  {view.plan_error}", "warning"))
            elif step.is_open and not view.read_only:
                parts.append(_static("  planning…", "dim"))
        parts += result_widgets(step.result)
        if view.form is not None:
            parts.append(_static("Required information (saved as you type)", "section"))
            parts.append(_static("Enter on the step: the first empty field; Tab: the next", "dim"))
            parts.append(StepForm(view.form, step.fields))
        parts += [_static(f"Note ({note.who}): {note.text}", "note") for note in step.notes]
        self.mount_all(parts)

    @staticmethod
    def _state_line(step: RunStep) -> str:
        line = f"State: {STATE_TEXT[step.state]}"
        if step.state is StepState.NOT_APPLICABLE and step.reason:
            line += f" ({step.reason})"
        if step.state is StepState.FAILED and step.error:
            line += f": {step.error}"
        return line

    @staticmethod
    def _buttons(view: StepView) -> Horizontal:
        step = view.step
        run_label = "Retry" if step.state is StepState.FAILED else "Run"
        buttons = [
            Button(
                run_label,
                id="do-step",
                variant="primary",
                disabled=not step.action_name,
                compact=True,
            ),
            Button(
                "Mark done", id="check-step", disabled=step.state is StepState.DONE, compact=True
            ),
            Button("Not applicable", id="skip-step", compact=True),
            Button("Note", id="note-step", compact=True),
        ]
        for button in buttons:
            button.disabled = (
                button.disabled
                or view.read_only
                or (not step.is_open and (button.id in ("do-step", "skip-step")))
            )
        return Horizontal(*buttons, classes="step-buttons")

    def form(self) -> StepForm | None:
        found = self.query(StepForm)
        return found.first() if found else None
