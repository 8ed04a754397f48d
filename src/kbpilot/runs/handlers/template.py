"""Filling a KB article that holds placeholders (the offboarding letter) from the run."""

from __future__ import annotations

from datetime import datetime

from kbpilot.errors import KbpilotError
from kbpilot.model import Article
from kbpilot.runs.files import write_text
from kbpilot.runs.handlers.base import ActionContext, Handler
from kbpilot.runs.handlers.notes import find_note, internal, note_request, post_note
from kbpilot.runs.model import Outcome, Plan
from kbpilot.runs.templates import context

YES = ("yes", "true", "1", "y")


def template_source(article: Article) -> str:
    """The article's Markdown without its title heading: the letter starts at its greeting."""
    lines = article.markdown.splitlines()
    if lines and lines[0].lstrip("# ").strip() == article.title:
        lines = lines[1:]
    return "\n".join(lines).strip() + "\n"


class RenderTemplate(Handler):
    """`template.render {template}`: saved as a file; `--field attach=yes` also notes it."""

    name = "template.render"

    def plan(self, ctx: ActionContext) -> Plan:
        name = ctx.param("template")
        article = ctx.kb.find(name)
        if article is None:
            raise KbpilotError(f"step {ctx.step.path}: no article {name!r} to fill in this KB")
        text = ctx.templates.render_source(
            f"{article.source} (template of step {ctx.step.path})",
            template_source(article),
            context(ctx.run),
        )
        path = ctx.output_dir / f"{article.id}.md"
        attach = ctx.options.get("attach", "").lower() in YES
        lines = [f"fill in {article.title!r} from the run", f"save as: {path}"]
        requests = []
        if attach:
            ticket = ctx.ticket()
            requests.append(note_request(ctx, article.title, text, internal(ctx)))
            lines.append(f"attach: as a note on ticket {ticket.number}")
        lines += ["", *text.splitlines()]
        resolved = {"template": article.id, "file": str(path), "text": text}
        return Plan(self.name, lines, requests, resolved)

    def execute(self, ctx: ActionContext, plan: Plan) -> Outcome:
        write_text(ctx.output_dir / f"{plan.resolved['template']}.md", plan.resolved["text"])
        result = {"template": plan.resolved["template"], "file": plan.resolved["file"]}
        if plan.requests:
            result["note_id"] = post_note(ctx, plan.requests[0]).id
        return Outcome(result)

    def reconcile(self, ctx: ActionContext, plan: Plan, since: datetime) -> Outcome | None:
        if not plan.requests:
            return None
        note = find_note(ctx, plan.requests[0], since)
        if note is None:
            return None
        write_text(ctx.output_dir / f"{plan.resolved['template']}.md", plan.resolved["text"])
        return Outcome(
            {
                "template": plan.resolved["template"],
                "file": plan.resolved["file"],
                "note_id": note.id,
            }
        )
