"""One parsed article as the fields of one index document, and as what a hit shows."""

from __future__ import annotations

from typing import Any

from kbpilot.model import Article


def article_document(article: Article) -> dict[str, Any]:
    """The field values whoosh indexes and stores for an article."""
    steps = [(path, step.text) for path, step in article.steps()]
    actions = [step.action for _, step in article.steps() if step.action]
    systems = sorted({action.system for action in actions})
    action_words = " ".join(action.name.replace(".", " ").replace("_", " ") for action in actions)
    meta = " ".join([article.category or "", *article.tags])
    aliases = "\n".join(article.aliases)
    step_text = "\n".join(text for _, text in steps)
    headings = "\n".join(article.headings)
    body = _without_title(article.text, article.title)
    return {
        "path": article.source,
        "id": article.id,
        "format": article.format,
        "category": (article.category or "").lower(),
        "tag": ",".join(article.tags),
        "system": " ".join(systems),
        "title": article.title,
        "aliases": aliases,
        "meta": meta,
        "headings": headings,
        "steps": step_text,
        "actions": f"{action_words} {' '.join(systems)}",
        "body": body,
        "phrases": "\n".join([article.title, aliases, meta, body]),
        "words": "\n".join([article.title, aliases, meta, action_words, body]),
        "dictionary": "\n".join([article.title, aliases, meta, headings, step_text]),
        "display": {
            "title": article.title,
            "category": article.category,
            "format": article.format,
            "text": body,
            "steps": steps,
        },
    }


def _without_title(text: str, title: str) -> str:
    """The visible text without its first line when that line is the title."""
    first, _, rest = text.partition("\n")
    return rest if first.strip() == title.strip() else text
