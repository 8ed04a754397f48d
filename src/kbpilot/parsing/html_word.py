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

from kbpilot.parsing.html_signals import (
    class_words,
    is_blank,
    is_code_block,
    is_note,
    text_strings,
)
from kbpilot.parsing.html_tree import COMMENT, TEXT, Element, Node, Text

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

    tag: Element
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
    tag: Element
    item: Element | None = None


def word_lists(root: Element) -> bool:
    """Replace every run of Word list paragraphs under `root` by nested <ul>/<ol> elements
    (none inside a real list item); whether any was built."""
    built = False
    pending: list[tuple[Element, bool]] = [(root, False)]
    while pending:
        element, in_item = pending.pop()
        children, kept = element.children, []
        start = 0
        while start < len(children):
            entry = None if in_item else _entry(children[start])
            if entry is None:
                kept.append(children[start])
                _descend(children[start], in_item, pending)
                start += 1
                continue
            run, end = _run_from(children, start, entry)
            lists = _build(run, element)
            moved = {id(part.tag if isinstance(part, _Entry) else part) for part in run}
            for node in children[start:end]:
                if id(node) in lists:
                    kept.append(lists[id(node)])
                if id(node) not in moved:
                    kept.append(node)
                    _descend(node, in_item, pending)
            built, start = True, end
        element.children = kept
    return built


def _descend(node: Node, in_item: bool, pending: list[tuple[Element, bool]]) -> None:
    if type(node) is Element and node.children:
        pending.append((node, in_item or node.name == "li"))


def _entry(tag: Node) -> _Entry | None:
    if type(tag) is not Element or tag.name != "p" or not _says_list(tag):
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


def _says_list(tag: Element) -> bool:
    if not tag.attrs:
        return False
    style = str(tag.attrs.get("style") or "")
    return bool(class_words(tag, by_id=False) & _LIST_WORDS) or bool(_MSO_LEVEL.search(style))


def _level(tag: Element) -> int:
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


def _run_from(
    children: list[Node], start: int, first: _Entry
) -> tuple[list[_Entry | Element], int]:
    """The entries from `first` on, with what stands between them, up to the first content
    that is neither (a prose paragraph, a heading, a table); and where that content stands."""
    run: list[_Entry | Element] = [first]
    end = start + 1
    while end < len(children):
        node = children[end]
        if type(node) is Element:
            entry = _entry(node)
            if entry is not None:
                run.append(entry)
            elif _belongs_to_item(node):
                run.append(node)
            else:
                break
        elif node.kind != COMMENT and node.text.strip():
            break
        end += 1
    while run and not isinstance(run[-1], _Entry) and is_blank(run[-1]):
        run.pop()
    return run, end


def _belongs_to_item(tag: Element) -> bool:
    """What a reader takes as part of the item above: code, a captured screen, a note, an
    image or spacer, or a list-styled paragraph with no marker of its own."""
    if is_blank(tag) or is_code_block(tag) or is_note(tag):
        return True
    if tag.name == "p" and _says_list(tag):
        return True
    if tag.name != "div":
        return False
    children = [c for c in tag.children if type(c) is Element]
    loose = [c for c in tag.children if type(c) is Text and c.kind == TEXT and c.text.strip()]
    return bool(children) and not loose and all(_belongs_to_item(c) for c in children)


def _build(run: list[_Entry | Element], parent: Element) -> dict[int, Element]:
    """Nest the run's entries into lists; the top-level lists by the id of the entry each
    stands in front of."""
    tops: dict[int, Element] = {}
    stack: list[_Frame] = []
    for part in run:
        if not isinstance(part, _Entry):
            if stack and stack[-1].item is not None:
                _append(stack[-1].item, part)
            continue
        level = _effective_level(part, stack)
        while stack and (
            stack[-1].level > level
            or (stack[-1].level == level and not _continues(stack[-1], part))
        ):
            stack.pop()
        if not stack or stack[-1].level < level:
            stack.append(_open_list(part, level, stack, parent, tops))
        stack[-1].item = _as_item(part)
        _append(stack[-1].tag, stack[-1].item)
    return tops


def _append(parent: Element, node: Element) -> None:
    node.parent = parent
    parent.children.append(node)


def _continues(frame: _Frame, entry: _Entry) -> bool:
    return frame.ordered == entry.ordered and frame.letter == entry.letter


def _effective_level(entry: _Entry, stack: list[_Frame]) -> int:
    """A lettered entry under a numbered list of its level goes one level deeper."""
    numbered = next((f for f in stack if f.level == entry.level), None)
    if entry.letter and numbered is not None and numbered.ordered and not numbered.letter:
        return entry.level + 1
    return entry.level


def _open_list(
    entry: _Entry, level: int, stack: list[_Frame], parent: Element, tops: dict[int, Element]
) -> _Frame:
    attrs: dict[str, str | list[str]] = {"type": "a"} if entry.letter else {}
    tag = Element("ol" if entry.ordered else "ul", attrs, parent, entry.tag.line)
    item = stack[-1].item if stack else None
    if item is not None:
        _append(item, tag)
    else:
        tops[id(entry.tag)] = tag
    return _Frame(level, entry.ordered, entry.letter, tag)


def _as_item(entry: _Entry) -> Element:
    """The entry's paragraph, become an <li> without its typed marker."""
    tag = entry.tag
    _drop_leading(tag, entry.marker_length)
    tag.name = "li"
    tag.attrs = {}
    if entry.number is not None:
        tag.attrs["value"] = str(entry.number)
    if entry.label is not None:
        tag.attrs["data-label"] = entry.label
    return tag


def _text(tag: Element) -> str:
    return "".join(string.text for string in _strings(tag))


def _strings(tag: Element) -> list[Text]:
    return list(text_strings(tag))


def _drop_leading(tag: Element, count: int) -> None:
    """Remove the first `count` characters of a tag's text, across the strings holding them."""
    for string in _strings(tag):
        if count <= 0:
            return
        length = len(string.text)
        string.text = string.text[count:] if length > count else ""
        count -= length
