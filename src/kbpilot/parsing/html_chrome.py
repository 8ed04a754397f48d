"""Takes the page around the article out of a parsed HTML tree before the reader walks it.

Dropped: navigation (nav, menus, breadcrumbs, tables of contents, sidebars, footers, comment
widgets, "Parent topic" links, permalink anchors, page metadata such as "Created by ..."), the
page's banner except the headings in it (a wiki puts the article's title there), and figure
captions. `html_signals` says which elements those are; this module only removes them.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, Tag

from kbpilot.parsing.html_signals import (
    is_banner,
    is_caption,
    is_chrome,
    is_link_trail,
    is_sidebar,
    tags_in,
)

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def drop_chrome(soup: BeautifulSoup) -> None:
    """Remove every chrome element (with all it holds) from `soup`, top down in one pass."""
    pending: list[Tag] = [soup]
    while pending:
        for child in [c for c in pending.pop().children if isinstance(c, Tag)]:
            if is_chrome(child) or is_sidebar(child) or is_caption(child) or is_link_trail(child):
                child.decompose()
            elif is_banner(child):
                _keep_headings(child)
            else:
                pending.append(child)


def _keep_headings(banner: Tag) -> None:
    """Put the headings of a banner in its place, and drop the rest of it."""
    for heading in list(tags_in(banner, _HEADINGS)):
        banner.insert_before(heading.extract())
    banner.decompose()
