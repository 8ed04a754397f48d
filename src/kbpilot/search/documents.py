"""One parsed article as the fields of one index document, and as what a hit shows.

Each text is analysed once (`analysis.words`); searchable fields get its stems (`body` all of
them, a text a line: the title, each alias, the text, ...; stored too as `stems`, for phrases),
`dictionary` the distinct unstemmed words of the title, aliases, tags, headings and steps. What a
hit shows is stored as snippets read it (`Passages`: the text's white space flattened, where each
step stands in it), so that listing an article does not flatten its text again.
"""

from __future__ import annotations

from itertools import islice
from typing import Any

from kbpilot.model import Article
from kbpilot.search.analysis import stem_word, words
from kbpilot.search.limits import MAX_INDEXED_CHARS, MAX_STORED_STEPS
from kbpilot.search.snippets import Passages


def article_document(article: Article) -> dict[str, Any]:
    """The field values whoosh indexes and stores for an article (its first
    MAX_INDEXED_CHARS of text and of steps, its first MAX_STORED_STEPS steps)."""
    steps = list(islice(((path, step.text) for path, step in article.steps()), MAX_STORED_STEPS))
    actions = [step.action for _, step in article.steps() if step.action]
    systems = sorted({action.system for action in actions})
    body = _without_title(article.text, article.title)[:MAX_INDEXED_CHARS]
    texts = {
        "title": words(article.title),
        "aliases": words("\n".join(article.aliases)),
        "meta": words(" ".join([article.category or "", *article.tags])),
        "headings": words("\n".join(article.headings)),
        "steps": words("\n".join(text for _, text in steps)[:MAX_INDEXED_CHARS]),
        "actions": words(
            " ".join([*(a.name.replace("_", " ").replace(".", " ") for a in actions), *systems])
        ),
        "body": words(body),
    }
    stems = {name: " ".join(stem_word(word) for word in found) for name, found in texts.items()}
    aliases = [" ".join(stem_word(word) for word in words(alias)) for alias in article.aliases]
    stems["body"] = "\n".join(
        [stems["title"], *aliases, stems["meta"], stems["actions"], stems["body"]]
    )
    passages = Passages.of(body, steps)
    dictionary = {
        word for name in ("title", "aliases", "meta", "headings", "steps") for word in texts[name]
    }
    return {
        "path": article.source,
        "id": article.id,
        "format": article.format,
        "category": (article.category or "").lower(),
        "tag": ",".join(article.tags),
        "system": " ".join(systems),
        **stems,
        "dictionary": " ".join(dictionary),
        "stems": stems["body"],
        "display": {
            "title": article.title,
            "category": article.category,
            "format": article.format,
            "passages": (passages.flat, passages.steps),
            "systems": systems,
            "aliases": list(article.aliases),
        },
    }


def _without_title(text: str, title: str) -> str:
    """The visible text without its first line when that line is the title."""
    first, _, rest = text.partition("\n")
    return rest if first.strip() == title.strip() else text
