"""Reading articles: format detection, decoding, the reader per format, procedures, bindings.

`parse_bytes` and `parse_file` always return an Article: a file that cannot be read becomes an
article whose diagnostics say why, so one bad file never stops a KB from loading.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path
from stat import S_ISREG

from kbpilot.errors import ParseError
from kbpilot.formats import FORMAT_BY_SUFFIX, content_hash
from kbpilot.model import Article, Diagnostic, Level, slugify
from kbpilot.parsing.annotate import bind
from kbpilot.parsing.blocks import Document
from kbpilot.parsing.decode import check_size, decode
from kbpilot.parsing.depth import cap_nesting
from kbpilot.parsing.procedures import build_article
from kbpilot.parsing.rules import RuleSet, default_rules
from kbpilot.parsing.steps.editor_marked import parse_marks
from kbpilot.settings import DEFAULT_MAX_BYTES, ArticleSettings

NOT_A_FILE = "cannot read: not a regular file (a pipe, a device, a socket): move it out of the KB"
_READERS = {
    "text": ("kbpilot.parsing.text", "read_text"),
    "markdown": ("kbpilot.parsing.markdown", "read_markdown"),
    "html": ("kbpilot.parsing.html", "read_html"),
}


def detect_format(path: str | Path) -> str:
    """The format a file name says; anything unknown is read as plain text."""
    return FORMAT_BY_SUFFIX.get(Path(path).suffix.lower(), "text")


def reader(fmt: str) -> Callable[[str], Document]:
    """The reader for a format, imported on first use (keeps start-up light)."""
    module, name = _READERS[fmt]
    function: Callable[[str], Document] = getattr(import_module(module), name)
    return function


def parse_bytes(
    data: bytes,
    source: str,
    fmt: str | None = None,
    rules: RuleSet | None = None,
    overrides: dict[str, ArticleSettings] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Parse one article's bytes; `source` is the path shown in diagnostics and JSON."""
    fmt = fmt or detect_format(source)
    fallback = Path(source).stem.replace("-", " ").replace("_", " ").strip() or "untitled"
    if not data.strip():
        return _unreadable(source, fmt, fallback, "the file is empty: write the article", 1, data)
    try:
        decoded = decode(data, max_bytes)
        document = reader(fmt)(decoded.text)
        cap_nesting(document)
        document.diagnostics[:0] = decoded.diagnostics
        article = build_article(document, source, fallback)
        override = (overrides or {}).get(article.id)
        if override is not None and override.procedures:
            article = _with_marks(document, source, fallback, override.procedures)
        _apply_overrides(article, override)
        bind(article, rules if rules is not None else default_rules().configured(()))
    except ParseError as error:
        return _unreadable(source, fmt, fallback, str(error), error.line, data)
    except RecursionError:
        message = "nested too deeply to read (thousands of levels); nest less"
        return _unreadable(source, fmt, fallback, message, None, data)
    article.content_hash = content_hash(data)
    return article


def parse_file(
    path: Path,
    source: str | None = None,
    rules: RuleSet | None = None,
    overrides: dict[str, ArticleSettings] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Parse one article file; unreadable files give an article with an error diagnostic, and
    so does a name that is not a regular file (a pipe or a device would block the reading)."""
    name = source or str(path)
    try:
        found = path.stat()
        if not S_ISREG(found.st_mode):
            raise ParseError(NOT_A_FILE)
        check_size(found.st_size, max_bytes)
        data = path.read_bytes()
    except (OSError, ParseError) as error:
        fallback = path.stem.replace("-", " ") or "untitled"
        message = str(error) if isinstance(error, ParseError) else f"cannot read: {error.strerror}"
        return _unreadable(name, detect_format(path), fallback, message, None, b"")
    return parse_bytes(data, name, rules=rules, overrides=overrides, max_bytes=max_bytes)


def _with_marks(
    document: Document, source: str, fallback: str, entries: tuple[str, ...]
) -> Article:
    """The article again, reading the procedures kb/kbpilot.toml marks for it."""
    marks, errors = parse_marks(list(entries))
    article = build_article(document, source, fallback, marks)
    where = f'kb/kbpilot.toml [articles."{article.id}"]'
    article.diagnostics.extend(
        Diagnostic(Level.ERROR, f"{where} {error}", None) for error in errors
    )
    return article


def _apply_overrides(article: Article, override: ArticleSettings | None) -> None:
    """kb/kbpilot.toml's [articles."id"] values fill what the article itself does not say."""
    if override is None:
        return
    article.category = article.category or override.category
    article.tags = article.tags or list(override.tags)
    article.aliases = list(dict.fromkeys([*article.aliases, *override.aliases]))
    article.fields = article.fields or list(override.fields)


def _unreadable(
    source: str, fmt: str, title: str, message: str, line: int | None, data: bytes
) -> Article:
    return Article(
        id=slugify(title),
        title=title,
        source=source,
        format=fmt,
        diagnostics=[Diagnostic(Level.ERROR, message, line)],
        content_hash=content_hash(data),
    )
