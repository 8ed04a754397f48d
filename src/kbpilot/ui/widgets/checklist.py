"""The run's steps as a tree: state marks, nesting, condition labels, action badges."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

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


def step_label(step: RunStep) -> Text:
    """`[✓] 2 Text  (If applicable)  ⟨Autotask⟩`; a procedure's heading is bold: `[ ] P2 Phase
    2: Containment`."""
    mark, style = MARKS[step.state]
    text_style = "bold" if is_procedure(step.path) else ""
    label = Text.assemble(
        (mark, style), " ", (step.path, "bold"), " ", literal(step.text, text_style)
    )
    if step.condition:
        label.append_text(literal(f"  ({step.condition})", "italic yellow"))
    if step.action_name:
        system = step.action_name.split(".", 1)[0]
        label.append(f"  ⟨{SYSTEM_LABELS.get(system, system)}⟩", style="cyan")
    return label


class Checklist(Tree[str]):
    """Steps by path; posts which one was selected."""

    @dataclass
    class StepSelected(Message):
        """The cursor moved onto a step."""

        path: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Steps", id=id)
        self.show_root = False
        self.guide_depth = 2
        self.nodes_by_path: dict[str, TreeNode[str]] = {}

    def show(self, run: Run, selected: str | None) -> None:
        """Show the run's steps: labels updated in place, the tree rebuilt when steps were added
        (the cursor kept on `selected`)."""
        if [step.path for step in run.steps] == list(self.nodes_by_path):
            for step in run.steps:
                self.nodes_by_path[step.path].set_label(step_label(step))
            return
        with self.prevent(Tree.NodeHighlighted):
            self._rebuild(run, selected)

    def _rebuild(self, run: Run, selected: str | None) -> None:
        self.clear()
        nodes: dict[str, TreeNode[str]] = {}
        for step in run.steps:
            parent_path = step.path.rpartition(".")[0]
            parent = nodes.get(parent_path, self.root)
            parent.allow_expand = True
            node = parent.add(step_label(step), data=step.path, expand=True, allow_expand=False)
            nodes[step.path] = node
        self.nodes_by_path = nodes
        self.root.expand_all()
        target = nodes.get(selected or "") or next(iter(nodes.values()), None)
        if target is not None:
            self.move_cursor(target)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.StepSelected(event.node.data))

    def on_tree_node_selected(self, event: Tree.NodeSelected[str]) -> None:
        event.stop()
