"""The HTML reader: a help-desk or documentation export (or a fragment) into the block model.

`read_html` reads any front matter or Markdown header before the markup (`html_front`), blanks
server code a template page holds (`<?php ... ?>`), builds a light tree from the stdlib
parser's events (`html_tree`), closes the end tags the page left out (`html_implied`), takes
the title and <meta> values, drops the page around the article (`html_chrome`), turns Word's
typed lists into real ones (`html_word`), then walks the tree once (`html_walk`).
"""

from __future__ import annotations

import re

from kbpilot.errors import ParseError
from kbpilot.parsing.blocks import Document, take_title
from kbpilot.parsing.html_chrome import drop_chrome
from kbpilot.parsing.html_front import Front, split_front
from kbpilot.parsing.html_implied import IMPLIED_END, close_implied_tags
from kbpilot.parsing.html_signals import inside_any
from kbpilot.parsing.html_tree import Element, Parsed, number_texts, parse_tree
from kbpilot.parsing.html_walk import blocks_of, implied_levels, normalise, visible_text
from kbpilot.parsing.html_word import word_lists

_SITE_SEPARATORS = ("-", "–", "—", "|", ":", "·")
_HIDDEN = frozenset({"script", "style", "noscript", "template"})
_LIST_META = frozenset({"keywords", "tags", "aliases"})
_TEXT_META = frozenset({"category", "description"})
_MARKS_META = "kbpilot-procedures"  # the editor's procedure marks (parsing/steps/editor_marked.py)
# A page saved from a PHP site's templates holds its server code: `<?php $this->title = ...; ?>`,
# `<img src="<?= $dir ?>/1.png">`. html.parser ends such a block at its first ">" (in "->") and
# shows the rest as text, so each block is blanked to its line breaks before the markup is read.
_SERVER_CODE = re.compile(r"<\?(?:php\b|=).*?(?:\?>|\Z)", re.DOTALL | re.IGNORECASE)


def read_html(text: str) -> Document:
    """Read a whole HTML file or fragment; a tree nested too deeply to walk is a ParseError."""
    front = split_front(text)
    document = _document(front)
    try:
        parsed = parse_tree(_without_server_code(front.text), IMPLIED_END)
        close_implied_tags(parsed)
        _read_head(parsed, document)
        changed = drop_chrome(parsed.root)
        if parsed.listy_paragraphs:
            changed = word_lists(parsed.root) or changed
        if changed:
            number_texts(parsed.root)
        document.blocks = implied_levels(front.blocks + blocks_of(parsed.root.children))
    except RecursionError as exc:
        raise ParseError("HTML is nested too deeply to read") from exc
    take_title(document, _adds_site_name)
    return document


def _without_server_code(text: str) -> str:
    if "<?" not in text:
        return text
    return _SERVER_CODE.sub(lambda code: "\n" * code[0].count("\n"), text)


def _document(front: Front) -> Document:
    return Document(
        format="html",
        title=front.title,
        title_line=front.title_line,
        meta=front.meta,
        meta_line=front.meta_line,
        diagnostics=front.diagnostics,
    )


def _read_head(parsed: Parsed, document: Document) -> None:
    title = parsed.title
    if title is not None and inside_any(title, _HIDDEN):
        title = None
    text = normalise("".join(visible_text(c) for c in title.children)) if title else ""
    if title is not None and text and document.title is None:
        document.title, document.title_line = text, title.line
    for meta in parsed.metas:
        _read_meta(meta, document)


def _read_meta(meta: Element, document: Document) -> None:
    name = str(meta.get("name") or "").strip().lower()
    content = normalise(str(meta.get("content") or ""))
    if not content or name not in _LIST_META | _TEXT_META | {_MARKS_META}:
        return
    if name == _MARKS_META:
        document.meta["procedures"] = [part.strip() for part in content.split(";") if part.strip()]
    elif name in _TEXT_META:
        document.meta[name] = content
    else:
        key = "aliases" if name == "aliases" else "tags"
        document.meta[key] = [part.strip() for part in content.split(",") if part.strip()]
    if document.meta_line is None:
        document.meta_line = meta.line


def _adds_site_name(title: str, heading: str) -> bool:
    rest = title.removeprefix(heading).lstrip()
    return title.startswith(heading) and rest.startswith(_SITE_SEPARATORS)
