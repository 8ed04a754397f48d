"""From a reader's blocks to an Article: title, metadata, sections, see-also, related.

Who calls what: `parsing.parse_bytes` reads a file with one of the readers, calls `build_article`
here, then `annotate.bind` (conditions and actions), then the KB resolves references.

Here, in the order a reader meets blocks:
- a heading or paragraph naming "see also" / "please also see these articles" / "learn more" /
  "related information" opens a see-also section: every list item in it is a reference, even
  across lists that restart at 1;
- a "Related Articles" heading opens a related section: each item is a title, its first
  paragraph the excerpt;
- everything else is body, cut into sections at headings; `parsing.steps` finds the
  procedures in them (its docstring lists the rules and their order).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from kbpilot.errors import ConfigError
from kbpilot.model import Article, Diagnostic, Level, Link, Reference, slugify
from kbpilot.parsing.blocks import Block, Document, Heading, ListBlock, ListItem, Paragraph
from kbpilot.parsing.origin import read_origin
from kbpilot.parsing.render import render_markdown, render_text
from kbpilot.parsing.steps import Mark, Section, explain_none, find_procedures
from kbpilot.parsing.steps.editor_marked import parse_marks
from kbpilot.settings import parse_fields

_SEE_ALSO = re.compile(
    r"(?:please\s+)?(?:also\s+)?see\s+(?:also\b|these|the\s+following)(?:\s+articles?)?\s*:?"
    r"|see\s+also\s*:?|related\s+(?:procedures|information|links|tasks|resources)\s*:?"
    r"|further\s+reading\s*:?|learn\s+more\s*:?",
    re.IGNORECASE,
)
_RELATED = re.compile(r"related\s+(?:articles?|content|topics)\s*:?", re.IGNORECASE)
_META_KEYS = {
    "title", "id", "category", "tags", "aliases", "fields", "description", "keywords", "procedures",
    "source",
}  # fmt: skip


@dataclass
class _Where:
    """Where the walk stands: which kind of section, under which heading."""

    kind: str = "body"
    heading: Heading | None = None


def build_article(
    document: Document, source: str, fallback_title: str, marks: list[Mark] | None = None
) -> Article:
    """The article a document describes; problems become diagnostics, never exceptions.
    `marks` are procedures an editor marked in kb/kbpilot.toml (front matter marks add to them).
    """
    article = Article(id="", title="", source=source, format=document.format)
    article.diagnostics.extend(document.diagnostics)
    _apply_meta(article, document)
    article.title = article.title or document.title or _first_heading(document) or ""
    if not article.title:
        article.title = fallback_title
        article.diagnostics.append(
            Diagnostic(Level.WARNING, f"no title found; using the file name {fallback_title!r}", 1)
        )
    article.id = article.id or slugify(article.title)
    walker = _Walker(article)
    for block in document.blocks:
        walker.block(block)
    found = find_procedures(
        walker.sections,
        document.format,
        article.title,
        [*(marks or []), *_marks(article, document)],
    )
    article.procedures = found.procedures
    article.diagnostics.extend(found.diagnostics)
    article.markdown = render_markdown(article.title, document.blocks)
    article.text = render_text(article.title, document.blocks)
    if not document.blocks:
        article.diagnostics.append(Diagnostic(Level.WARNING, "the article has no content", 1))
    elif not article.procedures:
        article.diagnostics.append(Diagnostic(Level.INFO, explain_none(walker.sections), None))
    return article


def _marks(article: Article, document: Document) -> list[Mark]:
    """The procedures the front matter (or <meta>) marks; a wrong entry is an error."""
    marks, errors = parse_marks(document.meta.get("procedures"))
    for message in errors:
        _meta_error(article, f"front matter: {message}", document.meta_line)
    return marks


def _first_heading(document: Document) -> str | None:
    return next((b.text for b in document.blocks if isinstance(b, Heading)), None)


def _apply_meta(article: Article, document: Document) -> None:
    """Front matter / <meta> values, each checked; a wrong one is an error and is ignored."""
    meta, line = document.meta, document.meta_line
    _unknown_keys(article, sorted(str(key) for key in set(meta) - _META_KEYS), line)
    for key in ("title", "id", "category"):
        value = meta.get(key)
        if value is None:
            continue
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value):
            setattr(article, key, str(value).strip())
        else:
            _meta_error(article, f"front matter: {key} must be text", line)
    if article.id and article.id != slugify(article.id):
        _meta_error(
            article, f"front matter: id {article.id!r} must look like {slugify(article.id)!r}", line
        )
        article.id = slugify(article.id)
    if "source" in meta:
        article.origin, problem = read_origin(meta["source"])
        if problem:
            _meta_error(article, f"front matter: {problem}", line)
    article.tags = _meta_list(article, meta, "tags", line)
    article.aliases = _meta_list(article, meta, "aliases", line)
    try:
        article.fields = list(parse_fields(meta.get("fields"), "front matter", "fields"))
    except ConfigError as error:
        _meta_error(article, str(error), line)


def _unknown_keys(article: Article, keys: list[str], line: int | None) -> None:
    """A key close to one kbpilot reads is a typo (a warning); the rest is the platform's own
    metadata (`ms.date`, `author`), noted once."""
    others = []
    for key in keys:
        near = get_close_matches(key.lower(), sorted(_META_KEYS), n=1, cutoff=0.8)
        if near:
            message = f"front matter: unknown key {key!r} (ignored); did you mean {near[0]!r}?"
            article.diagnostics.append(Diagnostic(Level.WARNING, message, line))
        else:
            others.append(key)
    if others:
        message = f"front matter keys kbpilot does not use (ignored): {', '.join(others)}"
        article.diagnostics.append(Diagnostic(Level.INFO, message, line))


def _meta_list(article: Article, meta: dict[str, Any], key: str, line: int | None) -> list[str]:
    value = meta.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    _meta_error(article, f"front matter: {key} must be a list of text", line)
    return []


def _meta_error(article: Article, message: str, line: int | None) -> None:
    article.diagnostics.append(Diagnostic(Level.ERROR, message, line))


class _Walker:
    """Visits top-level blocks in order: references go to the article, body blocks to sections."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.where = _Where()
        self.sections: list[Section] = [Section(None)]

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, Paragraph):
            self._paragraph(block)
        else:
            self._list(block)

    def _heading(self, heading: Heading) -> None:
        self.article.headings.append(heading.text)
        if _RELATED.fullmatch(heading.text):
            self.where = _Where("related", heading)
        elif _SEE_ALSO.fullmatch(heading.text):
            self.where = _Where("see_also", heading)
        else:
            self.where = _Where("body", heading)
            self.sections.append(Section(heading))

    def _paragraph(self, paragraph: Paragraph) -> None:
        if paragraph.kind == "text" and _SEE_ALSO.fullmatch(paragraph.text):
            self.where = _Where("see_also", self.where.heading)
        elif paragraph.kind == "text" and _RELATED.fullmatch(paragraph.text):
            self.where = _Where("related", self.where.heading)
        elif self.where.kind == "see_also" and paragraph.links:
            self.article.see_also.extend(
                _link_reference(link, paragraph.line) for link in paragraph.links
            )
        elif (
            self.where.kind == "related"
            and self.article.related
            and not self.article.related[-1].excerpt
        ):
            self.article.related[-1].excerpt = paragraph.text
        else:
            self._body(paragraph)

    def _list(self, block: ListBlock) -> None:
        if self.where.kind == "see_also":
            self.article.see_also.extend(_item_reference(item) for item in block.items)
        elif self.where.kind == "related":
            self.article.related.extend(_related(item) for item in block.items)
        else:
            self._body(block)

    def _body(self, block: Block) -> None:
        if self.where.kind != "body":
            self.where = _Where("body", self.where.heading)
            self.sections.append(Section(self.where.heading))
        self.sections[-1].blocks.append(block)


def _item_reference(item: ListItem) -> Reference:
    link = item.links[0] if item.links else None
    title = link.title if link and link.title else item.text
    return Reference(title=title, line=item.line, target=link.target if link else None)


def _link_reference(link: Link, line: int) -> Reference:
    return Reference(title=link.title, line=line, target=link.target)


def _related(item: ListItem) -> Reference:
    reference = _item_reference(item)
    excerpt = next((c.text for c in item.children if isinstance(c, Paragraph)), None)
    reference.excerpt = excerpt
    return reference
