"""What an HTML element's own markup says it is: a note box, a code block, a caption, site chrome.

The HTML reader's passes ask these questions; the answers come from structure (element names,
`role`) and from the words of the `class` and `id` attributes ("MsoToc1" -> mso, toc, 1;
"page-header" -> page, header), never from the visible text. The word lists are short and
general: the names help-desk, wiki, documentation-site and Word exports give these parts.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from functools import lru_cache

from kbpilot.parsing.html_tree import CDATA, TEXT, Element, Node, Text

# A class or id word that names a note box (admonition, callout) around content.
NOTE_WORDS = frozenset(
    {
        "note", "warning", "caution", "tip", "important", "notice", "alert", "callout",
        "admonition", "danger", "attention", "hint", "information",
    }
)  # fmt: skip
# A class or id word that names a part of the page around the article: menus, breadcrumbs,
# tables of contents, sidebars, footers, comment widgets, "Parent topic" and permalink anchors.
# A word that starts with one of these names it too ("breadcrumbsa", "navbar", "sidebarleft").
CHROME_WORDS = (
    "breadcrumb", "nav", "menu", "sidebar", "toc", "tof", "footer", "comments", "parentlink",
    "familylinks", "permalink", "headerlink", "pagination", "meta",
)  # fmt: skip
# Words that make a class or id "header" the page's banner rather than a heading's box.
_BANNER_WORDS = frozenset({"masthead", "banner"})
_BANNER_OWNERS = frozenset({"page", "site", "main", "global", "top"})
# A class word of a paragraph or box that holds code or a captured screen.
CODE_WORDS = frozenset({"code", "dialogue", "screen", "console", "terminal", "codeblock"})
# A class word of a code widget: a box around <pre> with tabs, labels and copy buttons.
_WIDGET_PARTS = ("code", "highlight", "snippet")
_ARTICLE = frozenset({"article", "main"})
_TOP_WORDS = frozenset({"top", "totop", "backtotop", "gotop"})
CAPTION_WORDS = frozenset({"caption", "figcap", "figcaption"})
_INLINE = frozenset(
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd",
        "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "tt",
        "u", "var",
    }
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_STRUCTURED = ["ul", "ol", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6"]
_CODE_INLINE = frozenset({"code", "kbd", "samp", "tt"})
_MONOSPACE = re.compile(
    r"font-family\s*:[^;]*\b(?:consolas|courier|monospace|lucida console|monaco|menlo)\b",
    re.IGNORECASE,
)
_BLOCK_INSIDE = ["p", "div", "ul", "ol", "li", "table", "pre", "h1", "h2", "h3", "h4", "h5", "h6"]
_TRAIL_SEPARATORS = re.compile(r"[\s|>»›→/·•]+")
_LABEL_MAX = 40
_CODE_LINK_MAX = 5
_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+")
_CAMEL = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_NO_WORDS: frozenset[str] = frozenset()


def class_words(tag: Element, by_id: bool = True) -> frozenset[str]:
    """The lower-case words of a tag's class and (unless `by_id` is false) id:
    "MsoListParagraph" -> mso, list, paragraph. An id is often made of a heading's words, so
    only the questions about page furniture read it."""
    attrs = tag.attrs
    if not attrs:
        return _NO_WORDS
    names = attrs.get("class")
    identifier = attrs.get("id") if by_id else None
    if not names and not identifier:
        return _NO_WORDS
    raw = (names,) if isinstance(names, str) else tuple(str(name) for name in names or ())
    return _words_of_names(raw, str(identifier) if identifier else "")


@lru_cache(maxsize=4096)
def _words_of_names(names: tuple[str, ...], identifier: str) -> frozenset[str]:
    return frozenset().union(*(_words_of(name) for name in (*names, identifier) if name))


@lru_cache(maxsize=4096)
def _words_of(name: str) -> frozenset[str]:
    words: set[str] = set()
    for part in _WORD_SPLIT.split(name):
        words.add(part.lower())
        words.update(piece.lower() for piece in _CAMEL.findall(part))
    words.discard("")
    return frozenset(words)


@lru_cache(maxsize=4096)
def _names_chrome(words: frozenset[str]) -> bool:
    return any(word.startswith(CHROME_WORDS) for word in words)


def is_inline(tag: Element) -> bool:
    return tag.name in _INLINE


def is_note(tag: Element) -> bool:
    """A note box: `<div class="note">`, `<p class=Caution>`, `<blockquote class="tip">`..."""
    return not is_inline(tag) and bool(class_words(tag, by_id=False) & NOTE_WORDS)


def is_caption(tag: Element) -> bool:
    """A figure or table caption the export marked up (<figcaption>, class figcap, MsoCaption)."""
    return tag.name == "figcaption" or bool(class_words(tag, by_id=False) & CAPTION_WORDS)


def is_banner(tag: Element) -> bool:
    """The page's banner: role=banner, a <header> outside the article (an article's own
    <header> holds its title and summary), or a box named page-header, masthead..."""
    if tag.attrs.get("role") == "banner":
        return True
    if tag.name == "header":
        return not inside_any(tag, _ARTICLE)
    words = class_words(tag)
    return not is_inline(tag) and bool(
        words & _BANNER_WORDS or ("header" in words and words & _BANNER_OWNERS)
    )


def is_chrome(tag: Element) -> bool:
    """Navigation and page furniture around the article, dropped with all it holds."""
    if tag.name == "nav" or tag.attrs.get("role") == "navigation":
        return True
    if tag.name == "footer" or tag.attrs.get("role") == "contentinfo":
        return True
    if tag.name in _HEADINGS or tag.name == "body" or (is_inline(tag) and tag.name != "a"):
        return False
    by_id = tag.name != "a" and not _id_from_heading(tag)
    if _names_chrome(class_words(tag, by_id)):
        return True
    return _is_top_link(tag)


def _id_from_heading(tag: Element) -> bool:
    """A section whose id is made of its heading's words (Sphinx's "navigation-settings" over
    "Navigation settings"): the id names the content, not a part of the page."""
    identifier = str(tag.attrs.get("id") or "")
    first = next((c for c in tag.children if type(c) is Element), None)
    if not identifier or first is None or first.name not in _HEADINGS:
        return False
    heading = {w.lower() for w in _WORD_SPLIT.split(get_text(first))}
    return {w.lower() for w in _WORD_SPLIT.split(identifier) if w} <= heading


def _is_top_link(tag: Element) -> bool:
    """A "top" / "back to top" box: named so, holding nothing but links within the page."""
    if tag.name not in ("p", "div") or not class_words(tag) & _TOP_WORDS:
        return False
    links = list(tags_in(tag, {"a"}))
    in_page = all(str(a.attrs.get("href") or "").startswith("#") for a in links)
    outside = any(s.text.strip() and not _inside(s, "a", tag) for s in text_strings(tag))
    return bool(links) and in_page and not outside


def is_sidebar(tag: Element) -> bool:
    """An <aside> that is mostly links (a sidebar); any other <aside> is a note."""
    if tag.name != "aside":
        return False
    text = _text_length(tag)
    linked = sum(_text_length(a) for a in tags_in(tag, {"a"}))
    return text == 0 or linked * 2 >= text


def is_code_widget(tag: Element) -> bool:
    """A box around <pre> whose class names code (MSDN "scriptcode", "highlight"...)."""
    if is_inline(tag) or tag.name == "pre":
        return False
    words = class_words(tag, by_id=False)
    named = any(part in word for word in words for part in _WIDGET_PARTS)
    return named and has_tag(tag, {"pre"})


def is_code_block(tag: Element) -> bool:
    """A paragraph or box that is code: named so by its class, or all of whose text is in
    <code>/<kbd> elements or in a monospace font (Word's Consolas paragraphs), or a box of
    such paragraphs (a captured screen)."""
    if tag.name == "pre":
        return True
    if tag.name not in ("p", "div"):
        return False
    if _all_text_in_code(tag) or (class_words(tag, by_id=False) & CODE_WORDS and has_text(tag)):
        return not has_tag(tag, _STRUCTURED)
    return tag.name == "div" and _is_code_box(tag)


def _all_text_in_code(tag: Element) -> bool:
    seen = False
    for string in text_strings(tag):
        if string.text.strip():
            if not _in_code(string, tag):
                return False
            seen = True
    return seen


def _is_code_box(tag: Element) -> bool:
    """A box of code paragraphs, spacers allowed."""
    coded = False
    for child in tag.children:
        if type(child) is Text and child.kind == TEXT and child.text.strip():
            return False
        if type(child) is Element and has_text(child):
            if not is_code_block(child):
                return False
            coded = True
    return coded


def is_blank(tag: Element) -> bool:
    """An element with no visible text (a `<p>&nbsp;</p>` spacer, an image)."""
    return not has_text(tag)


def has_text(tag: Element) -> bool:
    return any(string.text.strip() for string in text_strings(tag))


def has_tag(tag: Element, names: Collection[str]) -> bool:
    """Whether an element holds an element of one of these names (stops at the first)."""
    return next(tags_in(tag, names), None) is not None


def tags_in(tag: Element, names: Collection[str]) -> Iterator[Element]:
    """The elements of these names under `tag`, in document order."""
    return (d for d in descendants(tag) if type(d) is Element and d.name in names)


def text_strings(tag: Element) -> Iterator[Text]:
    """The text nodes under `tag` (not comments or other special strings), lazily."""
    return (d for d in descendants(tag) if type(d) is Text and d.kind == TEXT)


def descendants(tag: Element) -> Iterator[Node]:
    """Every node under `tag`, in document order."""
    pending = tag.children[::-1]
    while pending:
        node = pending.pop()
        yield node
        if type(node) is Element and node.children:
            pending.extend(node.children[::-1])


def get_text(tag: Element, strip: bool = False) -> str:
    """The text of `tag` with its CDATA sections (each piece stripped when `strip`)."""
    pieces = (d.text for d in descendants(tag) if type(d) is Text and d.kind <= CDATA)
    if strip:
        return "".join(piece for piece in (p.strip() for p in pieces) if piece)
    return "".join(pieces)


def _in_code(string: Text, top: Element) -> bool:
    node = string.parent
    while node is not None and node is not top.parent:
        if node.name in _CODE_INLINE:
            return True
        style = node.attrs.get("style")
        if style and _MONOSPACE.search(str(style)):
            return True
        node = node.parent
    return False


def inside_any(node: Node, names: Collection[str]) -> bool:
    """Whether an element of one of these names holds `node`, at any depth."""
    parent = node.parent
    while parent is not None:
        if parent.name in names:
            return True
        parent = parent.parent
    return False


def _inside(node: Node, name: str, top: Element) -> bool:
    parent = node.parent
    while parent is not None and parent is not top:
        if parent.name == name:
            return True
        parent = parent.parent
    return False


def _text_length(tag: Element) -> int:
    return sum(len(s.text.strip()) for s in text_strings(tag))


def is_link_trail(tag: Element) -> bool:
    """A breadcrumb trail, menu bar or language selector with no class to say so: a paragraph
    or box of two or more links and nothing else but separators ("Home » Download",
    "Modules | FAQ"), or a short label before links of a few letters each ("Languages: en | fr")."""
    if tag.name not in ("p", "div"):
        return False
    links: list[Element] = []
    outside: list[str] = []
    for node in descendants(tag):
        if type(node) is Element:
            if node.name in _BLOCK_INSIDE:
                return False
            if node.name == "a":
                links.append(node)
        elif node.kind == TEXT and not _inside(node, "a", tag):
            outside.append(node.text)
    return len(links) >= 2 and _only_separators("".join(outside), links)


def _only_separators(outside: str, links: list[Element]) -> bool:
    rest = _TRAIL_SEPARATORS.sub("", outside)
    if not rest:
        return len(outside.strip()) > 0
    labelled = rest.endswith(":") and len(rest) <= _LABEL_MAX
    return labelled and all(len(get_text(a, strip=True)) <= _CODE_LINK_MAX for a in links)
