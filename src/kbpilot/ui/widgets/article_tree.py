"""What kbpilot understood of an article, as a tree: procedures (and how each was found), steps,
actions, references."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from kbpilot.model import Article, Step
from kbpilot.ui.literal import literal


def step_text(step: Step) -> Text:
    """`3. text  (condition)  → action {params}`"""
    label = Text.assemble((f"{step.number}. ", "bold"), literal(step.text))
    if step.condition:
        label.append_text(literal(f"  ({step.condition})", "italic yellow"))
    if step.action:
        params = ", ".join(f"{k}: {v}" for k, v in step.action.params.items())
        label.append_text(literal(f"  → {step.action.name}", "cyan"))
        if params:
            label.append_text(literal(f" {{{params}}}", "dim cyan"))
    return label


class ArticleTree(Tree[int]):
    """The parsed article; each node's data is its source line (when known)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("(no article)", id=id)
        self.guide_depth = 2

    def show(self, article: Article) -> None:
        self.clear()
        self.root.set_label(literal(article.title, "bold"))
        for procedure in article.procedures:
            label = Text.assemble(
                literal(procedure.title or "Procedure"),
                literal(f"  found by: {procedure.found_by}", "dim"),
            )
            node = self.root.add(label, data=procedure.line, expand=True)
            self._steps(node, procedure.steps)
        for name, references in (("See also", article.see_also), ("Related", article.related)):
            if references:
                node = self.root.add(name, expand=True)
                for reference in references:
                    found = "" if reference.article else "  (not in the KB)"
                    node.add_leaf(literal(f"{reference.title}{found}"), data=reference.line)
        if not article.procedures:
            self.root.add_leaf("(no numbered procedure found)")
        self.root.expand()

    def _steps(self, parent: TreeNode[int], steps: list[Step]) -> None:
        for step in steps:
            if step.steps:
                node = parent.add(step_text(step), data=step.line, expand=True)
                self._steps(node, step.steps)
            else:
                parent.add_leaf(step_text(step), data=step.line)
            for field in step.fields:
                parent.add_leaf(literal(f"   field {field.key}: {field.type}", "dim"))
