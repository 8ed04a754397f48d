"""References across the KB: see-also entries, related articles and step links to article ids."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from kbpilot.model import Article, Diagnostic, Level, normalize_title, slugify


class TitleIndex:
    """Finds an article id by title, alias, id/slug or file name."""

    def __init__(self, articles: Iterable[Article]) -> None:
        self._by_key: dict[str, str] = {}
        for article in articles:
            keys = [article.title, *article.aliases, article.id]
            keys.append(PurePosixPath(article.source).stem)
            for key in keys:
                self._by_key.setdefault(normalize_title(key), article.id)
                self._by_key.setdefault(normalize_title(slugify(key)), article.id)

    def find(self, title: str | None, target: str | None = None) -> str | None:
        for key in (title, _target_stem(target)):
            if key:
                found = self._by_key.get(normalize_title(key))
                if found:
                    return found
        return None


def resolve(article: Article, index: TitleIndex) -> None:
    """Fill in the ids references and links point at; warn about the ones that point nowhere."""
    for reference in article.references():
        reference.article = index.find(reference.title, reference.target)
        if reference.article is None and not _is_external(reference.target):
            article.diagnostics.append(
                Diagnostic(
                    Level.WARNING,
                    f"reference {reference.title!r} matches no article in the KB "
                    "(by title, alias or id); fix the title or add an alias to the article",
                    reference.line,
                )
            )
    for path, step in article.steps():
        for link in step.links:
            link.article = (
                index.find(link.title, link.target) if not _is_external(link.target) else None
            )
            if link.article is None and link.target and not _is_external(link.target):
                article.diagnostics.append(
                    Diagnostic(
                        Level.WARNING,
                        f"step {path}: link {link.target!r} matches no article in the KB",
                        step.line,
                    )
                )


def _is_external(target: str | None) -> bool:
    if not target:
        return False
    parts = urlsplit(target)
    return bool(parts.scheme and parts.scheme not in ("file", "kb")) or target.startswith("#")


def _target_stem(target: str | None) -> str | None:
    if not target or _is_external(target):
        return None
    path = unquote(urlsplit(target).path)
    return PurePosixPath(path).stem or None
