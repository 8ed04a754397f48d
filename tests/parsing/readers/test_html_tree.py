"""The HTML reader's own tree (html_tree) is the tree bs4's html.parser builder gives, node for
node: the reader's results were fixed against that tree, so any difference changes articles."""

from __future__ import annotations

import warnings

from bs4 import (
    BeautifulSoup,
    CData,
    Comment,
    MarkupResemblesLocatorWarning,
    NavigableString,
    PageElement,
    Tag,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kbpilot.parsing.html_tree import (
    CDATA,
    COMMENT,
    HIDDEN,
    TEXT,
    Element,
    Node,
    Text,
    parse_tree,
    visible_line,
)

PIECES = st.sampled_from(
    [
        "<p>", "</p>", "<p/>", "<div class='note  box'>", "</div>", "<br>", "</br>", "<br/>",
        "<img src=a.png>", "</img>", "<li>", "</li>", "<ol>", "</ol>", "<b>", "</b>", "</nope>",
        "<a href=x class=c href=y>", "</a>", "<td headers='h1 h2'>", "<script>if (a<b) x</script>",
        "<style>p{}</style>", "<template>t</template>", "<rt>r</rt>", "<pre>", "</pre>",
        "<textarea>", "</textarea>", "<!-- c -->", "<!---->", "<![CDATA[x\ny]]>", "<!DOCTYPE html>",
        "<?php x ?>", "&amp;", "&nbsp", "&bogus;", "&#x80;", "&#0;", "&#150;", "&#x110000;", "&",
        "<", ">", "\n", "\n\n", "  \t", "\r\n", "word", "café", "<p\nclass=x>", "<title>",
        "</title>",
    ]
)  # fmt: skip
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def soup_of(source: str) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(source, "html.parser")


def kind_of(string: NavigableString) -> int:
    return {NavigableString: TEXT, CData: CDATA, Comment: COMMENT}.get(type(string), HIDDEN)


def bs4_line(string: NavigableString) -> int:
    """The line bs4's tree gives a text's first visible character: the nearest element before
    it, plus the line breaks of the strings between."""
    breaks = string[: len(string) - len(string.lstrip())].count("\n")
    node = string.previous_element
    while node is not None and not isinstance(node, Tag):
        breaks += str(node).count("\n")
        node = node.previous_element
    return (node.sourceline or 1 if isinstance(node, Tag) else 1) + breaks


def assert_same(theirs: PageElement, ours: Node) -> None:
    if isinstance(theirs, Tag):
        assert isinstance(ours, Element)
        assert (ours.name, ours.attrs, ours.line) == (theirs.name, theirs.attrs, theirs.sourceline)
        assert len(ours.children) == len(theirs.contents)
        for their_child, our_child in zip(theirs.contents, ours.children, strict=True):
            assert_same(their_child, our_child)
    else:
        assert isinstance(ours, Text) and isinstance(theirs, NavigableString)
        assert (ours.text, ours.kind) == (str(theirs), kind_of(theirs))
        assert visible_line(ours) == bs4_line(theirs)


@SETTINGS
@given(source=st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=40).map("".join))
def test_the_tree_is_bs4s_html_parser_tree(source: str) -> None:
    try:
        soup = soup_of(source)
    except Exception:  # markup html.parser gives up on: read_html says so (test_hostile_input)
        return
    root = parse_tree(source, frozenset()).root
    assert len(root.children) == len(soup.contents)
    for theirs, ours in zip(soup.contents, root.children, strict=True):
        assert_same(theirs, ours)


def test_an_end_tag_closes_what_was_opened_inside_its_element_and_a_stray_one_nothing() -> None:
    root = parse_tree("<div><b>bold<i>both</div>after</i></nope>", frozenset()).root
    div = root.children[0]
    assert isinstance(div, Element) and [type(c) for c in root.children] == [Element, Text]
    assert [c.text for c in root.children[1:] if isinstance(c, Text)] == ["after"]


def test_whitespace_between_elements_is_one_newline_except_in_pre() -> None:
    root = parse_tree("<p>a</p>\n\n  <p>b</p><pre>\n\n</pre>", frozenset()).root
    spacer, pre = root.children[1], root.children[3]
    assert isinstance(spacer, Text) and spacer.text == "\n"
    assert isinstance(pre, Element) and [c.text for c in pre.children if isinstance(c, Text)] == [
        "\n\n"
    ]


def test_script_text_is_hidden_and_class_is_a_list_of_words() -> None:
    root = parse_tree("<div class=' note  box'><script>x</script>shown</div>", frozenset()).root
    div = root.children[0]
    assert isinstance(div, Element) and div.attrs == {"class": ["note", "box"]}
    script, shown = div.children
    assert isinstance(script, Element) and isinstance(script.children[0], Text)
    assert script.children[0].kind == HIDDEN
    assert isinstance(shown, Text) and shown.kind == TEXT
