"""Takes the page around the article out of a parsed HTML tree before the reader walks it.

Dropped: navigation (nav, menus, breadcrumbs, tables of contents, sidebars, footers, comment
widgets, "Parent topic" links, permalink anchors, page metadata such as "Created by ..."), the
page's banner except the headings in it (a wiki puts the article's title there), and figure
captions. `html_signals` says which elements those are; this module only removes them.
"""

from __future__ import annotations

from kbpilot.parsing.html_signals import (
    is_banner,
    is_caption,
    is_chrome,
    is_link_trail,
    is_sidebar,
    tags_in,
)
from kbpilot.parsing.html_tree import Element, Node

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# The elements that can be chrome by their name alone; any other needs an attribute to be.
_NAMED = frozenset({"nav", "footer", "aside", "figcaption", "header", "p", "div"})


def drop_chrome(root: Element) -> bool:
    """Remove every chrome element (with all it holds) under `root`, top down in one pass;
    whether anything was removed."""
    changed = False
    pending: list[Element] = [root]
    while pending:
        element = pending.pop()
        kept: list[Node] = []
        for child in element.children:
            if type(child) is not Element or not (child.attrs or child.name in _NAMED):
                kept.append(child)
                if type(child) is Element and child.children:
                    pending.append(child)
            elif is_chrome(child) or is_sidebar(child) or is_caption(child) or is_link_trail(child):
                changed = True
            elif is_banner(child):
                kept.extend(_headings(child, element))
                changed = True
            else:
                kept.append(child)
                pending.append(child)
        element.children = kept
    return changed


def _headings(banner: Element, parent: Element) -> list[Element]:
    """The headings of a banner, each without the headings inside it, to stand in its place."""
    headings = list(tags_in(banner, _HEADINGS))
    taken = {id(heading) for heading in headings}
    for holder in {id(h.parent): h.parent for h in headings if h.parent is not None}.values():
        holder.children = [child for child in holder.children if id(child) not in taken]
    for heading in headings:
        heading.parent = parent
    return headings
