"""How articles look on a terminal: the preview tree, the plain checklist, lint lines."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text
from rich.tree import Tree

from kbpilot.errors import ConfigError
from kbpilot.model import Article, Diagnostic, Level, Reference, Step

_LEVEL_STYLE = {Level.ERROR: "bold red", Level.WARNING: "yellow", Level.INFO: "dim"}


def diagnostic_line(source: str, diagnostic: Diagnostic) -> str:
    """`file:line: level: message`, the format editors and CI annotate from."""
    where = f"{source}:{diagnostic.line}" if diagnostic.line else source
    return f"{where}: {diagnostic.level}: {diagnostic.message}"


def config_error_line(error: ConfigError) -> str:
    where = f"{error.path}:{error.line}" if error.line else error.path
    return f"{where}: error: {error.message}"


def preview_tree(article: Article) -> RenderableType:
    """The article as kbpilot understood it, for `kbpilot preview`."""
    head = Text.assemble((article.title, "bold"), "  ", (f"{article.id} · {article.format}", "dim"))
    tree = Tree(head)
    facts = [f"source: {article.source}"]
    if article.category:
        facts.append(f"category: {article.category}")
    if article.tags:
        facts.append("tags: " + ", ".join(article.tags))
    if article.aliases:
        facts.append("aliases: " + ", ".join(article.aliases))
    tree.add(Text(" · ".join(facts), style="dim"))
    for procedure in article.procedures:
        branch = tree.add(
            Text.assemble(
                (f"Procedure: {procedure.title or '(untitled)'}", "bold cyan"),
                (f"  found by: {procedure.found_by}", "dim"),
            )
        )
        for step in procedure.steps:
            _add_step(branch, step, str(step.number))
    if not article.procedures:
        tree.add(Text("no numbered procedure", style="dim italic"))
    _add_references(tree, "See also", article.see_also, excerpts=False)
    _add_references(tree, "Related articles", article.related, excerpts=True)
    if article.diagnostics:
        branch = tree.add(Text("Diagnostics", style="bold"))
        for diagnostic in article.diagnostics:
            line = f"line {diagnostic.line}: " if diagnostic.line else ""
            branch.add(
                Text(
                    f"{diagnostic.level}: {line}{diagnostic.message}",
                    _LEVEL_STYLE[diagnostic.level],
                )
            )
    return Group(tree, Text(""))


def _add_step(parent: Tree, step: Step, path: str) -> None:
    label = Text(f"{path}. ", style="bold")
    if step.condition:
        label.append(f"[{step.condition}] ", style="magenta")
    label.append(strip_condition(step))
    node = parent.add(label)
    if step.action:
        params = ", ".join(f"{k}={v!r}" for k, v in step.action.params.items())
        node.add(Text(f"→ {step.action.name}" + (f" ({params})" if params else ""), "green"))
    if step.fields:
        node.add(Text("fields: " + ", ".join(f"{f.label} ({f.type})" for f in step.fields), "blue"))
    for link in step.links:
        target = (
            f" → {link.article}" if link.article else f" ({link.target})" if link.target else ""
        )
        node.add(Text(f"link: {link.title}{target}", "dim"))
    for child in step.steps:
        _add_step(node, child, f"{path}.{child.number}")


def _add_references(tree: Tree, title: str, references: list[Reference], excerpts: bool) -> None:
    if not references:
        return
    branch = tree.add(Text(title, style="bold"))
    for reference in references:
        resolved = (
            Text(f" → {reference.article}", "green")
            if reference.article
            else Text(" (not in this KB)", "yellow")
        )
        node = branch.add(Text.assemble(reference.title, resolved))
        if excerpts and reference.excerpt:
            node.add(Text(reference.excerpt, "dim italic"))


def checklist_lines(article: Article) -> list[str]:
    """The article's procedures as a plain-text checklist, for `kbpilot show`."""
    lines = [article.title, "=" * len(article.title)]
    for procedure in article.procedures:
        lines.append("")
        if procedure.title:
            lines.append(procedure.title)
        for path, step in procedure.walk():
            indent = "    " * path.count(".")
            condition = f"({step.condition}) " if step.condition else ""
            action = f"  [{step.action.name}]" if step.action else ""
            lines.append(f"{indent}[ ] {path}. {condition}{strip_condition(step)}{action}")
    if not article.procedures:
        lines.extend(["", "(no numbered procedure in this article)"])
    for heading, references in (("See also", article.see_also), ("Related", article.related)):
        if references:
            lines.extend(["", f"{heading}:"])
            lines.extend(
                f"  - {r.title}" + (f" ({r.article})" if r.article else "") for r in references
            )
    return lines


def strip_condition(step: Step) -> str:
    """The step's text without its leading condition, which the checklist shows apart."""
    if step.condition and step.text.lower().startswith(step.condition.lower()):
        return step.text[len(step.condition) :].lstrip(" :,.-–")
    return step.text
