"""Turns the fake lists of Word-saved HTML into real <ul>/<ol> elements before the reader walks.

Word saves a list as paragraphs: `<p class=MsoListParagraph style='mso-list:l0 level2'>` or a
house style such as `<p class=BodyTextNumbered1>`, with the bullet or number typed into the text
('·', 'o', '§', '1.', 'a.') and padded with non-breaking spaces. A paragraph is a list entry
when its class or style says "list" AND its text starts with such a marker. A run of entries
(with the code, notes, captures and spacers between them) becomes nested lists: the level
comes from `mso-list: ... levelN`, else from the digit ending the class name ("Bullet2"), else
from the left margin; a lettered entry ("a.") right under a numbered one nests one level deeper.
The marker leaves the text; a letter or a parenthesised number stays as the item's label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag

from kbpilot.parsing.html_signals import class_words, is_blank, is_code_block, is_note, tags_in

_LIST_WORDS = frozenset({"list", "bullet", "bulleted", "numbered", "number", "lettered"})
_MARKER = re.compile(
    r"\s*(?:(?P<bullet>[·•▪■◦●○§Øü*o\-–])"
    r"|(?P<number>\d{1,3})[.)]|\((?P<pnumber>\d{1,3})\)"
    r"|(?P<letter>[a-zA-Z])[.)]|\((?P<pletter>[a-zA-Z])\))"
    r"(?:\s|\xa0)+"
)
_MSO_LEVEL = re.compile(r"mso-list\s*:[^;]*\blevel(\d)", re.IGNORECASE)
_CLASS_DIGIT = re.compile(r"(\d)$")
_MARGIN = re.compile(r"margin-left\s*:\s*(-?[\d.]+)\s*(in|pt|cm)", re.IGNORECASE)
_INCHES = {"in": 1.0, "pt": 1 / 72, "cm": 1 / 2.54}
_INDENT_STEP = 0.5


@dataclass
class _Entry:
    """One Word list paragraph: where it stands and what its marker says."""

    tag: Tag
    level: int
    ordered: bool
    letter: bool
    number: int | None
    label: str | None
    marker_length: int


@dataclass
class _Frame:
    """A list being built at one level, and its latest item."""

    level: int
    ordered: bool
    letter: bool
    tag: Tag
    item: Tag | None = None


def word_lists(soup: BeautifulSoup) -> None:
    """Replace every run of Word list paragraphs in `soup` by nested <ul>/<ol> elements."""
    for tag in list(tags_in(soup, {"p"})):
        if _entry(tag) is not None:
            _build(soup, _run_from(tag))


def _entry(tag: PageElement) -> _Entry | None:
    if not isinstance(tag, Tag) or tag.name != "p" or not _says_list(tag):
        return None
    if tag.find_parent("li") is not None:
        return None
    match = _MARKER.match(_text(tag))
    if match is None:
        return None
    letter = match["letter"] or match["pletter"]
    digits = match["number"] or match["pnumber"]
    number = int(digits) if digits else (ord(letter.lower()) - ord("a") + 1 if letter else None)
    written = match.group(0).strip().replace("\xa0", "")
    label = written if letter or match["pnumber"] else None
    ordered = not match["bullet"]
    return _Entry(tag, _level(tag), ordered, bool(letter), number, label, match.end())


def _says_list(tag: Tag) -> bool:
    if not tag.attrs:
        return False
    style = str(tag.attrs.get("style") or "")
    return bool(class_words(tag, by_id=False) & _LIST_WORDS) or bool(_MSO_LEVEL.search(style))


def _level(tag: Tag) -> int:
    style = str(tag.get("style") or "")
    if found := _MSO_LEVEL.search(style):
        return int(found.group(1))
    for name in tag.get("class") or []:
        if digit := _CLASS_DIGIT.search(name):
            return max(1, int(digit.group(1)))
    if margin := _MARGIN.search(style):
        inches = float(margin.group(1)) * _INCHES[margin.group(2).lower()]
        return max(1, round(inches / _INDENT_STEP))
    return 1


def _run_from(first: Tag) -> list[_Entry | Tag]:
    """The entries from `first` on, with what stands between them, up to the first content
    that is neither (a prose paragraph, a heading, a table)."""
    run: list[_Entry | Tag] = []
    node: PageElement | None = first
    while node is not None:
        following = node.next_sibling
        if isinstance(node, Tag):
            entry = _entry(node)
            if entry is not None:
                run.append(entry)
            elif _belongs_to_item(node):
                run.append(node)
            else:
                break
        elif not isinstance(node, Comment) and str(node).strip():
            break
        node = following
    while run and not isinstance(run[-1], _Entry) and is_blank(run[-1]):
        run.pop()
    return run


def _belongs_to_item(tag: Tag) -> bool:
    """What a reader takes as part of the item above: code, a captured screen, a note, an
    image or spacer, or a list-styled paragraph with no marker of its own."""
    if is_blank(tag) or is_code_block(tag) or is_note(tag):
        return True
    if tag.name == "p" and _says_list(tag):
        return True
    if tag.name != "div":
        return False
    children = [c for c in tag.children if isinstance(c, Tag)]
    loose = [c for c in tag.children if type(c) is NavigableString and c.strip()]
    return bool(children) and not loose and all(_belongs_to_item(c) for c in children)


def _build(soup: BeautifulSoup, run: list[_Entry | Tag]) -> None:
    stack: list[_Frame] = []
    for part in run:
        if not isinstance(part, _Entry):
            if stack and stack[-1].item is not None:
                stack[-1].item.append(part.extract())
            continue
        level = _effective_level(part, stack)
        while stack and (
            stack[-1].level > level
            or (stack[-1].level == level and not _continues(stack[-1], part))
        ):
            stack.pop()
        if not stack or stack[-1].level < level:
            stack.append(_open_list(soup, part, level, stack))
        stack[-1].item = _as_item(part)
        stack[-1].tag.append(stack[-1].item)


def _continues(frame: _Frame, entry: _Entry) -> bool:
    return frame.ordered == entry.ordered and frame.letter == entry.letter


def _effective_level(entry: _Entry, stack: list[_Frame]) -> int:
    """A lettered entry under a numbered list of its level goes one level deeper."""
    numbered = next((f for f in stack if f.level == entry.level), None)
    if entry.letter and numbered is not None and numbered.ordered and not numbered.letter:
        return entry.level + 1
    return entry.level


def _open_list(soup: BeautifulSoup, entry: _Entry, level: int, stack: list[_Frame]) -> _Frame:
    tag = soup.new_tag("ol" if entry.ordered else "ul")
    tag.sourceline = entry.tag.sourceline
    if entry.letter:
        tag["type"] = "a"
    parent = stack[-1].item if stack else None
    if parent is not None:
        parent.append(tag)
    else:
        entry.tag.insert_before(tag)
    return _Frame(level, entry.ordered, entry.letter, tag)


def _as_item(entry: _Entry) -> Tag:
    """The entry's paragraph, become an <li> without its typed marker."""
    tag = entry.tag.extract()
    _drop_leading(tag, entry.marker_length)
    tag.name = "li"
    tag.attrs = {}
    if entry.number is not None:
        tag["value"] = str(entry.number)
    if entry.label is not None:
        tag["data-label"] = entry.label
    return tag


def _text(tag: Tag) -> str:
    return "".join(_strings(tag))


def _strings(tag: Tag) -> list[NavigableString]:
    return [s for s in tag.descendants if type(s) is NavigableString]


def _drop_leading(tag: Tag, count: int) -> None:
    """Remove the first `count` characters of a tag's text, across the strings holding them."""
    for string in _strings(tag):
        if count <= 0:
            return
        length = len(string)
        string.replace_with(string[count:] if length > count else "")
        count -= length
