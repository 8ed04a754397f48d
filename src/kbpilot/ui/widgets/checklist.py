"""The run's steps as a list: state marks, nesting, action badges, condition labels.

Each step is one option whose text wraps under itself (never cut), its badge first so a narrow
terminal still shows which system a step acts on: `[ ] 3 ⟨Autotask⟩ From the checklist library,`
and the rest of the text on the lines below, indented past the number.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from kbpilot.runs.addresses import is_procedure
from kbpilot.runs.model import Run, RunStep, StepState
from kbpilot.ui.literal import literal

MARKS = {
    StepState.TODO: ("[ ]", ""),
    StepState.DONE: ("[✓]", "green"),
    StepState.NOT_APPLICABLE: ("[–]", "dim"),
    StepState.FAILED: ("[✗]", "bold red"),
}
SYSTEM_LABELS = {"autotask": "Autotask", "itglue": "IT Glue", "form": "form"}
INDENT = "  "


def step_text(step: RunStep) -> Text:
    """`⟨Autotask⟩ Text  (If applicable)`: the badge first, a procedure's heading bold; the
    condition is left out when the text starts with it."""
    text = Text()
    if step.action_name:
        system = step.action_name.split(".", 1)[0]
        text.append(f"⟨{SYSTEM_LABELS.get(system, system)}⟩ ", style="cyan")
    text.append_text(literal(step.text, "bold" if is_procedure(step.path) else ""))
    if step.condition and not step.text.lower().startswith(step.condition.lower()):
        text.append_text(literal(f"  ({step.condition})", "italic yellow"))
    return text


def step_label(step: RunStep) -> Table:
    """The mark and number in a column of their own (indented by the step's depth), the text
    in a second column that wraps."""
    mark, style = MARKS[step.state]
    depth = step.path.count(".")
    head = Text.assemble(INDENT * depth, (mark, style), " ", (step.path, "bold"))
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    grid.add_row(head, step_text(step))
    return grid


class Checklist(OptionList):
    """Steps by path; posts which one is highlighted, and which one Enter chose."""

    @dataclass
    class StepSelected(Message):
        """The cursor moved onto a step."""

        path: str

    @dataclass
    class StepChosen(Message):
        """Enter (or a click) on a step."""

        path: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paths: list[str] = []

    def show(self, run: Run, selected: str | None) -> None:
        """Show the run's steps: labels replaced in place, the list rebuilt when steps were
        added (the highlight kept on `selected`)."""
        paths = [step.path for step in run.steps]
        if paths == self.paths:
            for step in run.steps:
                self.replace_option_prompt(step.path, step_label(step))
            return
        self.paths = paths
        with self.prevent(OptionList.OptionHighlighted):
            self.set_options(Option(step_label(step), id=step.path) for step in run.steps)
            target = selected if selected in paths else (paths[0] if paths else None)
            if target is not None:
                self.highlighted = self.get_option_index(target)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.StepSelected(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.StepChosen(event.option.id))
