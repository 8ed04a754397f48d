"""End tags an HTML page leaves out, closed as a browser does before the reader walks the tree.

The parser nests what a left-out end tag leaves open: `<p>a<p>b<p>c` becomes p(a, p(b, p(c))),
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

from kbpilot.parsing.html_signals import descendants
from kbpilot.parsing.html_tree import Element, Node, Parsed

IMPLIED_END = frozenset({"p", "li", "dt", "dd", "td", "th", "option"})


def close_implied_tags(parsed: Parsed) -> None:
    """Put side by side what html.parser nested because an end tag was left out."""
    handed_on = _handed_on(parsed.nested_implied)
    if not handed_on:
        return
    nodes = list(descendants(parsed.root))
    new_parent: dict[int, Element] = {}
    for node in nodes:
        parent = node.parent
        assert parent is not None
        new_parent[id(node)] = new_parent[id(parent)] if id(node) in handed_on else parent
    tags = [parsed.root, *(node for node in nodes if type(node) is Element)]
    for tag in tags:
        tag.children = []
    for node in nodes:
        parent = new_parent[id(node)]
        node.parent = parent
        parent.children.append(node)


def _handed_on(nesting: list[Element]) -> set[int]:
    """The ids of the children that their parent hands on: from its first child of its own
    name to its last child (`nesting`: the elements the parser saw such a child open in)."""
    handed_on: set[int] = set()
    for tag in {id(tag): tag for tag in nesting}.values():
        children: list[Node] = tag.children
        first = next(
            (i for i, c in enumerate(children) if type(c) is Element and c.name == tag.name), None
        )
        if first is not None:
            handed_on.update(id(child) for child in children[first:])
    return handed_on
