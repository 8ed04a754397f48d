"""Adding a referenced article to a run as a sub-checklist, by the technician's choice.

Only an article the run's article refers to (see also, related articles) may be included, and
each at most once; `include_steps` checks both and gives the steps to append.
"""

from __future__ import annotations

from typing import Any

from kbpilot.errors import KbpilotError
from kbpilot.model import Article
from kbpilot.runs.addresses import next_top
from kbpilot.runs.model import RunStep
from kbpilot.runs.snapshot import included_steps
from kbpilot.workspace import KnowledgeBase

INCLUDED = "step.included"


def referenced_articles(article: Article, kb: KnowledgeBase) -> list[Article]:
    """The articles of the KB that `article` refers to, see-also first, each once."""
    ids = dict.fromkeys(r.article for r in article.references() if r.article in kb.by_id)
    return [kb.by_id[article_id] for article_id in ids if article_id]


def _referenced(article: Article, kb: KnowledgeBase, given: str) -> Article:
    """The referenced article `given` names by id, title, alias or file."""
    candidates = referenced_articles(article, kb)
    found = kb.find(given)
    if found is not None and any(c.id == found.id for c in candidates):
        return found
    listed = "; ".join(f"{c.title} ({c.id})" for c in candidates) or "none"
    named = f"{found.title!r}" if found is not None else f"{given!r}"
    raise KbpilotError(
        f"{named} is not an article {article.title!r} refers to; "
        f"it can include its see-also and related articles: {listed}"
    )


def include_steps(
    steps: list[RunStep], article: Article, kb: KnowledgeBase, given: str
) -> tuple[list[RunStep], dict[str, Any]]:
    """The steps including `given` appends after `steps`, and the data of its event."""
    target = _referenced(article, kb, given)
    already = next((s for s in steps if s.source == target.id and "." not in s.path), None)
    if already is not None:
        raise KbpilotError(f"{target.title!r} is already in the run as step {already.path}")
    added = included_steps(target, next_top([s.path for s in steps], len(article.procedures)))
    data = {"article": target.id, "title": target.title, "steps": [s.path for s in added]}
    return added, data
