"""From a reader's blocks to an Article: title, metadata, procedures and steps, see-also, related.

Who calls what: `parsing.parse_bytes` reads a file with one of the readers, calls `build_article`
here, then `annotate.bind` (conditions and actions), then the KB resolves references.

Rules, in the order a reader meets blocks:
- a heading or paragraph naming "see also" / "please also see these articles" opens a see-also
  section: every list item in it is a reference, even across lists that restart at 1;
- a "Related Articles" heading opens a related section: each item is a title, its first
  paragraph the excerpt;
- anywhere else, an ordered list is a procedure titled by the heading above it; a list whose
  numbering continues the previous one (start > 1) continues the same procedure; nested lists
  of either kind are nested steps; runs of "Step N:" paragraphs count as an ordered list;
  a list of nothing but links is navigation (breadcrumbs, contents), not a procedure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from kbpilot.errors import ConfigError
from kbpilot.model import Article, Diagnostic, Level, Link, Procedure, Reference, Step, slugify
from kbpilot.parsing.blocks import Block, Document, Heading, ListBlock, ListItem, Paragraph
from kbpilot.parsing.render import render_markdown, render_text
from kbpilot.settings import parse_fields

_SEE_ALSO = re.compile(
    r"(?:please\s+)?(?:also\s+)?see\s+(?:also\b|these|the\s+following)(?:\s+articles?)?\s*:?"
    r"|see\s+also\s*:?|related\s+procedures\s*:?|further\s+reading\s*:?",
    re.IGNORECASE,
)
_RELATED = re.compile(r"related\s+(?:articles?|content|topics)\s*:?", re.IGNORECASE)
_STEP_PARAGRAPH = re.compile(r"step\s+(?P<number>\d{1,3})\s*[:.)–-]\s*(?P<text>\S.*)", re.I)
_META_KEYS = {"title", "id", "category", "tags", "aliases", "fields", "description", "keywords"}


@dataclass
class _Section:
    """Where the walk stands: which kind of section, under which heading."""

    kind: str = "body"
    heading: str | None = None
    procedure: Procedure | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def build_article(document: Document, source: str, fallback_title: str) -> Article:
    """The article a document describes; problems become diagnostics, never exceptions."""
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
    walker.finish()
    article.markdown = render_markdown(article.title, document.blocks)
    article.text = render_text(article.title, document.blocks)
    if not document.blocks:
        article.diagnostics.append(Diagnostic(Level.WARNING, "the article has no content", 1))
    elif not article.procedures:
        article.diagnostics.append(
            Diagnostic(Level.INFO, "no numbered procedure found; shown as a document", None)
        )
    return article


def _first_heading(document: Document) -> str | None:
    return next((b.text for b in document.blocks if isinstance(b, Heading)), None)


def _apply_meta(article: Article, document: Document) -> None:
    """Front matter / <meta> values, each checked; a wrong one is an error and is ignored."""
    meta, line = document.meta, document.meta_line
    for key in sorted(set(meta) - _META_KEYS):
        article.diagnostics.append(
            Diagnostic(Level.WARNING, f"front matter: unknown key {key!r} (ignored)", line)
        )
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
    article.tags = _meta_list(article, meta, "tags", line)
    article.aliases = _meta_list(article, meta, "aliases", line)
    try:
        article.fields = list(parse_fields(meta.get("fields"), "front matter", "fields"))
    except ConfigError as error:
        _meta_error(article, str(error), line)


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
    """Visits top-level blocks in order and fills the article's procedures and references."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.section = _Section()
        self.step_run: list[Paragraph] = []

    def block(self, block: Block) -> None:
        if not (isinstance(block, Paragraph) and _STEP_PARAGRAPH.fullmatch(block.text)):
            self._flush_step_run()
        if isinstance(block, Heading):
            self._heading(block)
        elif isinstance(block, Paragraph):
            self._paragraph(block)
        else:
            self._list(block)

    def finish(self) -> None:
        self._flush_step_run()

    def _heading(self, heading: Heading) -> None:
        self.article.headings.append(heading.text)
        if _RELATED.fullmatch(heading.text):
            self.section = _Section("related", heading.text)
        elif _SEE_ALSO.fullmatch(heading.text):
            self.section = _Section("see_also", heading.text)
        else:
            self.section = _Section("body", heading.text)

    def _paragraph(self, paragraph: Paragraph) -> None:
        if _STEP_PARAGRAPH.fullmatch(paragraph.text) and self.section.kind == "body":
            self.step_run.append(paragraph)
        elif _SEE_ALSO.fullmatch(paragraph.text):
            self.section = _Section("see_also", self.section.heading)
        elif _RELATED.fullmatch(paragraph.text):
            self.section = _Section("related", self.section.heading)
        elif self.section.kind == "see_also" and paragraph.links:
            self.article.see_also.extend(
                _link_reference(link, paragraph.line) for link in paragraph.links
            )
        elif (
            self.section.kind == "related"
            and self.article.related
            and not self.article.related[-1].excerpt
        ):
            self.article.related[-1].excerpt = paragraph.text
        elif self.section.kind != "body":
            self.section = _Section("body", self.section.heading)

    def _list(self, block: ListBlock) -> None:
        if self.section.kind == "see_also":
            self.article.see_also.extend(_item_reference(item) for item in block.items)
        elif self.section.kind == "related":
            self.article.related.extend(_related(item) for item in block.items)
        elif block.ordered and not _is_link_list(block):
            self._procedure_list(block)

    def _procedure_list(self, block: ListBlock) -> None:
        first = block.items[0].number if block.items else None
        current = self.section.procedure
        if current is not None and first is not None and first > 1:
            expected = len(current.steps) + 1
            if first != expected:
                self.article.diagnostics.append(
                    Diagnostic(
                        Level.WARNING,
                        f"list continues at {first} after step {expected - 1}; "
                        f"counted as step {expected}",
                        block.line,
                    )
                )
        else:
            current = Procedure(title=self.section.heading, line=block.line)
            self.article.procedures.append(current)
            self.section.procedure = current
        self._check_numbering(block)
        current.steps.extend(_steps(block.items, start=len(current.steps) + 1))

    def _check_numbering(self, block: ListBlock) -> None:
        for before, item in pairwise(block.items):
            if before.number is None or item.number is None or item.number == before.number + 1:
                continue
            self.article.diagnostics.append(
                Diagnostic(
                    Level.WARNING,
                    f"numbering jumps from {before.number} to {item.number}; "
                    "steps are counted in order",
                    item.line,
                )
            )

    def _flush_step_run(self) -> None:
        if not self.step_run:
            return
        items = []
        for paragraph in self.step_run:
            found = _STEP_PARAGRAPH.fullmatch(paragraph.text)
            assert found is not None
            items.append(
                ListItem(
                    text=found["text"],
                    line=paragraph.line,
                    number=int(found["number"]),
                    links=paragraph.links,
                )
            )
        self.step_run = []
        self._procedure_list(ListBlock(ordered=True, line=items[0].line, items=items))


def _is_link_list(block: ListBlock) -> bool:
    """Every item is nothing but a link: navigation (breadcrumbs, a table of contents)."""
    return all(
        len(item.links) == 1 and item.links[0].title == item.text and not item.children
        for item in block.items
    )


def _steps(items: list[ListItem], start: int = 1) -> list[Step]:
    steps = []
    for item in items:
        if not item.text:
            continue
        step = Step(
            number=start + len(steps),
            text=item.text,
            line=item.line,
            links=[Link(link.title, link.target) for link in item.links],
        )
        nested = [child for child in item.children if isinstance(child, ListBlock)]
        for child in nested:
            step.steps.extend(_steps(child.items, start=len(step.steps) + 1))
        steps.append(step)
    return steps


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
