"""End tags an HTML page leaves out, closed as a browser does before the reader walks the tree.

html.parser nests what a left-out end tag leaves open: `<p>a<p>b<p>c` becomes p(a, p(b, p(c))),
and a long page of unclosed <p> or <li> nests too deep to walk. Each such element hands its first
child of its own name, and the children after that one, to its parent, right after itself:
p(a), p(b), p(c).

An element's children are the parser's when its turn comes (the moves before it only move whole
elements), and handing children on keeps every node's place in document order. So the new tree
is computed in one pass, each node's new parent from its old one, and the tree rebuilt once:
moving elements one by one costs a walk to the end of the moved element each time, quadratic in
the length of such a page.
"""

from __future__ import annotations

from itertools import pairwise

from bs4 import BeautifulSoup, PageElement, Tag

_IMPLIED_END = frozenset({"p", "li", "dt", "dd", "td", "th", "option"})


def close_implied_tags(soup: BeautifulSoup) -> None:
    """Put side by side in `soup` what html.parser nested because an end tag was left out."""
    handed_on = _handed_on(soup)
    if not handed_on:
        return
    nodes = list(soup.descendants)
    new_parent: dict[int, Tag] = {}
    for node in nodes:
        parent = node.parent
        assert parent is not None
        new_parent[id(node)] = new_parent[id(parent)] if id(node) in handed_on else parent
    tags = [soup, *(node for node in nodes if isinstance(node, Tag))]
    for tag in tags:
        tag.contents = []
    for node in nodes:
        parent = new_parent[id(node)]
        node.parent = parent
        parent.contents.append(node)
    for tag in tags:
        _link_siblings(tag.contents)


def _handed_on(soup: BeautifulSoup) -> set[int]:
    """The ids of the children that their parent hands on: from its first child of its own
    name to its last child."""
    handed_on: set[int] = set()
    for tag in soup.descendants:
        if not isinstance(tag, Tag) or tag.name not in _IMPLIED_END:
            continue
        children = tag.contents
        first = next(
            (i for i, c in enumerate(children) if isinstance(c, Tag) and c.name == tag.name), None
        )
        if first is not None:
            handed_on.update(id(child) for child in children[first:])
    return handed_on


def _link_siblings(children: list[PageElement]) -> None:
    for before, after in pairwise(children):
        before.next_sibling, after.previous_sibling = after, before
    if children:
        children[0].previous_sibling = None
        children[-1].next_sibling = None
