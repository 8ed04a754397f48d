"""Properties of the Markdown and HTML readers on generated input: no crash, no invented text."""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable, Iterator

import pytest
from bs4 import BeautifulSoup, CData, MarkupResemblesLocatorWarning
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbpilot.errors import ParseError
from kbpilot.parsing.blocks import Block, Document, ListBlock, ListItem, Paragraph
from kbpilot.parsing.html import read_html
from kbpilot.parsing.markdown import read_markdown

WORDS = st.sampled_from(["Step", "1:", "Create", "ticket", "Datto", "RMM", "café", "x", "42"])
MARKDOWN_FRAGMENTS = st.sampled_from(
    [
        "# ", "## ", "1. ", "3) ", "- ", "* ", "   ", "    ", "\t", "> ", "**", "_", "`", "~~",
        "```\n", "\n", "\n\n", "  \n", "\\\n", "[", "](target)", "![", "<http://example.com>",
        "|", "| --- |", "---\n", "title: Some title\n", "tags: [a, b\n", ":", "<div>", "</div>",
        "<b>", "&amp;", "&nbsp;", "&#65;", "\\", "\x00", "\r\n",
    ]
)  # fmt: skip
HTML_FRAGMENTS = st.sampled_from(
    [
        "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<ol>", "<ol start='3'>", "</ol>",
        "<ul>", "</ul>", "<li>", "<li value=7>", "</li>", "<br>", "<br/>", "<h1>", "</h1>",
        "<h2>", "</h2>", "<title>", "</title>", "<table>", "<tr>", "<td>", "<th>", "</td>",
        "</tr>", "</table>", "<a href='x'>", "</a>", "<b>", "</b>", "<script>", "</script>",
        "<style>", "</style>", "<noscript>", "</noscript>", "<template>", "</template>",
        "<img alt='pic'>", "<!--", "-->", "<![CDATA[x]]>", "&amp;", "&nbsp;", "&#160;", "&lt;",
        "<meta name='keywords' content='a, b'>", "<body>", "<html>", "\n", " ",
    ]
)  # fmt: skip
CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
HIDDEN = ("script", "style", "noscript", "template", "title")
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def built_from(fragments: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(fragments, WORDS, st.just(" ")), max_size=40).map("".join)


def texts(document: Document) -> Iterator[str]:
    """Every text a reader emitted: titles of blocks and items, link titles."""
    for block in document.blocks:
        yield from _block_texts(block)


def _block_texts(block: Block | ListItem) -> Iterator[str]:
    if isinstance(block, ListBlock):
        for item in block.items:
            yield from _block_texts(item)
        return
    yield block.text
    if isinstance(block, Paragraph | ListItem):
        yield from (link.title for link in block.links)
    if isinstance(block, ListItem):
        for child in block.children:
            yield from _block_texts(child)


def lines(document: Document) -> Iterator[int]:
    for block in document.blocks:
        yield from _block_lines(block)


def _block_lines(block: Block | ListItem) -> Iterator[int]:
    yield block.line
    for child in [*getattr(block, "items", []), *getattr(block, "children", [])]:
        yield from _block_lines(child)


def normalise(text: str) -> str:
    return " ".join(text.split())


def source_units(source: str) -> Iterator[tuple[str, ...]]:
    """The source char by char, a character reference as one unit: written or decoded."""
    source = source.replace("\x00", "\ufffd")
    position = 0
    for reference in CHAR_REF.finditer(source):
        yield from ((char,) for char in source[position : reference.start()])
        yield reference.group(), html.unescape(reference.group())
        position = reference.end()
    yield from ((char,) for char in source[position:])


def advance(needle: str, start: int, written: str) -> int:
    """How far into `needle` one reads after matching what `written` offers, in order."""
    for char in written:
        if start < len(needle) and needle[start] == char:
            start += 1
    return start


def occurs_in_markdown(text: str, source: str) -> bool:
    """Markup characters tolerated: the text's characters stand in the source in this order."""
    needle = "".join(text.split())
    reached = {0}
    for choices in source_units(source):
        reached |= {advance(needle, start, written) for start in reached for written in choices}
    return len(needle) in reached


def visible_html_text(source: str, hidden: tuple[str, ...] = HIDDEN) -> str:
    """What a browser shows: no `hidden` elements, no CDATA; <br> a line break."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        soup = BeautifulSoup(source, "html.parser")
    for element in soup.find_all(hidden):
        element.decompose()
    for cdata in soup.find_all(string=lambda s: isinstance(s, CData)):
        cdata.extract()
    for br in soup.find_all("br"):
        br.replace_with("\n")
    return normalise(soup.get_text())


def occurs_in_html(text: str, visible: str) -> bool:
    """Table rows join their cells with " | ": each cell must occur on its own."""
    return all(normalise(part) in visible for part in text.split(" | "))


def read_checked(read: Callable[[str], Document], source: str) -> Document | None:
    """The document read from `source`, checked well formed; None when refused with ParseError."""
    try:
        document = read(source)
    except ParseError:
        return None
    assert_well_formed(document, source)
    return document


def assert_well_formed(document: Document, source: str) -> None:
    last_line = source.count("\n") + source.count("\r") + 1
    for text in texts(document):
        assert text, "an empty text was emitted"
        assert text == normalise(text)
    assert all(1 <= line <= last_line for line in lines(document))


@pytest.mark.parametrize("read", [read_markdown, read_html])
@SETTINGS
@given(source=st.text(max_size=300))
def test_arbitrary_text_never_raises_but_parse_error(
    read: Callable[[str], Document], source: str
) -> None:
    read_checked(read, source)


@SETTINGS
@given(source=st.one_of(built_from(MARKDOWN_FRAGMENTS), st.text(max_size=200)))
def test_markdown_text_comes_from_the_source(source: str) -> None:
    document = read_checked(read_markdown, source)
    if document is None:
        return
    emitted = list(texts(document))
    if document.title and "title" not in document.meta:
        emitted.append(document.title)
    for text in emitted:
        assert occurs_in_markdown(text, source), text


@SETTINGS
@given(source=st.one_of(built_from(HTML_FRAGMENTS), st.text(max_size=200)))
def test_html_text_comes_from_the_visible_text(source: str) -> None:
    document = read_checked(read_html, source)
    if document is None:
        return
    visible = visible_html_text(source)
    for text in texts(document):
        assert occurs_in_html(text, visible), text
    if document.title:
        assert occurs_in_html(document.title, visible_html_text(source, HIDDEN[:-1]))


@pytest.mark.parametrize(
    ("read", "source"),
    [
        (read_markdown, "> " * 3000 + "- " * 3000 + "text"),
        (read_markdown, "*" * 3000 + "text" + "*" * 3000 + "[" * 3000),
        (read_html, "<div>" * 3000 + "text"),
        (read_html, "<p>text\n" * 2000 + "<li>item\n" * 2000),
    ],
    ids=["markdown-blocks", "markdown-inline", "html-divs", "html-unclosed"],
)
def test_deep_nesting_is_read_or_refused_with_parse_error(
    read: Callable[[str], Document], source: str
) -> None:
    read_checked(read, source)
