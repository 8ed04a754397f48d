"""The HTML reader's tree: the stdlib parser's events built into light nodes, nothing more.

`parse_tree` builds what the reader walks from `html.parser.HTMLParser` (character references
left to us): an `Element` per start tag, a `Text` per run of character data. An end tag closes
the innermost open element of its name and everything opened inside it, and is ignored when no
element of that name is open; void elements (<br>, <img>...) close at once and a later </br>
for them is dropped; `<x/>` opens and closes x. Whitespace-only text outside <pre>/<textarea>
is kept as one "\\n" (or " " when it has no line break). Text inside <script>, <style>,
<template>, <rt> or <rp> is `HIDDEN`; comments, CDATA and declarations are texts of their own
kind, so only `TEXT` is what a reader shows. `class` and the other list-valued attributes are
lists of words; a repeated attribute keeps its last value.

Each text knows its line: the line of the element opened last before it, plus the line breaks of
the texts in between (`number_texts`, run again after the tree changed).
"""

from __future__ import annotations

import re
from html.entities import html5
from html.parser import HTMLParser
from typing import final

from kbpilot.errors import ParseError

TEXT, CDATA, COMMENT, HIDDEN = range(4)
ROOT = "[document]"

_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "menuitem",
        "meta", "param", "source", "track", "wbr", "basefont", "bgsound", "command", "frame",
        "image", "isindex", "nextid", "spacer",
    }
)  # fmt: skip
_PRESERVE = frozenset({"pre", "textarea"})
_HIDING = frozenset({"rt", "rp", "style", "script", "template"})
_NOTED = frozenset({"title", "meta", "p"})
_LIST_ATTRS = frozenset({"class", "accesskey", "dropzone"})
_LIST_ATTRS_OF = {
    name: _LIST_ATTRS | more
    for name, more in {
        "a": {"rel", "rev"}, "link": {"rel", "rev"}, "td": {"headers"}, "th": {"headers"},
        "form": {"accept-charset"}, "object": {"archive"}, "area": {"rel"}, "icon": {"sizes"},
        "iframe": {"sandbox"}, "output": {"for"},
    }.items()
}  # fmt: skip
_SPACES = " \n\t\x0c\r"
_WORD = re.compile(r"\S+")
_REPLACEMENT = "\ufffd"
# Named references by name without its ";" (the first spelling in sorted order wins).
_ENTITIES: dict[str, str] = {}
for _name in sorted(html5):
    _ENTITIES.setdefault(_name.removesuffix(";"), html5[_name])

AttrValue = str | list[str]


@final
class Element:
    """An element: its name, attributes, children in order, parent and source line."""

    __slots__ = ("attrs", "children", "line", "name", "parent")

    def __init__(
        self, name: str, attrs: dict[str, AttrValue], parent: Element | None, line: int
    ) -> None:
        self.name = name
        self.attrs = attrs
        self.children: list[Node] = []
        self.parent = parent
        self.line = line

    def get(self, name: str) -> AttrValue | None:
        return self.attrs.get(name)

    def __repr__(self) -> str:
        return f"<{self.name} line {self.line}>"


@final
class Text:
    """A run of character data of one `kind` (TEXT, CDATA, COMMENT or HIDDEN), and the line
    it starts on."""

    __slots__ = ("kind", "line", "parent", "text")

    def __init__(self, text: str, kind: int, parent: Element | None, line: int) -> None:
        self.text = text
        self.kind = kind
        self.parent = parent
        self.line = line

    def __repr__(self) -> str:
        return f"Text({self.text!r}, {self.kind})"


Node = Element | Text


class Parsed:
    """The tree, with the elements the reader looks up by name noted as they were parsed."""

    def __init__(self, root: Element) -> None:
        self.root = root
        self.title: Element | None = None
        self.metas: list[Element] = []
        self.nested_implied: list[Element] = []
        self.listy_paragraphs = False


def parse_tree(text: str, implied_end: frozenset[str]) -> Parsed:
    """The tree of `text`; `implied_end` names the elements whose nesting in one of their own
    name is noted (`Parsed.nested_implied`) for `html_implied` to undo."""
    builder = _Builder(implied_end)
    try:
        builder.feed(text)
        builder.close()
    except AssertionError as exc:  # html.parser's word for markup it cannot go on with
        raise ParseError(f"the HTML parser cannot read this markup: {exc}") from exc
    builder.end_data(TEXT)
    return builder.parsed


class _Builder(HTMLParser):
    """html.parser's events into `Element`s and `Text`s."""

    def __init__(self, implied_end: frozenset[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.root = Element(ROOT, {}, None, 0)
        self.parsed = Parsed(self.root)
        self.implied_end = implied_end
        self.stack = [self.root]
        self.open: dict[str, int] = {}
        self.data: list[str] = []
        self.preserving = 0
        self.hiding: list[str] = []
        self.closed_voids: list[str] = []
        self.base_line = 0
        self.breaks = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = self._add(tag, attrs)
        if tag in _VOID:
            self.closed_voids.append(tag)
        else:
            self._push(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._add(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.closed_voids:
            self.closed_voids.remove(tag)
        else:
            self._end(tag)

    def handle_data(self, data: str) -> None:
        self.data.append(data)

    def handle_charref(self, name: str) -> None:
        self.data.append(_character(name))

    def handle_entityref(self, name: str) -> None:
        self.data.append(_ENTITIES.get(name) or f"&{name}")

    def handle_comment(self, data: str) -> None:
        self._special(data, COMMENT)

    def handle_decl(self, decl: str) -> None:
        self._special(decl[len("DOCTYPE ") :], HIDDEN)

    def unknown_decl(self, data: str) -> None:
        if data.upper().startswith("CDATA["):
            self._special(data[len("CDATA[") :], CDATA)
        else:
            self._special(data, HIDDEN)

    def handle_pi(self, data: str) -> None:
        self._special(data, HIDDEN)

    def _special(self, data: str, kind: int) -> None:
        self.end_data(TEXT)
        self.data.append(data)
        self.end_data(kind)

    def _add(self, tag: str, attrs: list[tuple[str, str | None]]) -> Element:
        """A new element, closed at once (the caller opens it when it can hold content)."""
        if self.data:
            self.end_data(TEXT)
        parent = self.stack[-1]
        line = self.getpos()[0]
        element = Element(tag, _attributes(tag, attrs) if attrs else {}, parent, line)
        parent.children.append(element)
        self.base_line, self.breaks = line, 0
        if tag in _NOTED:
            self._note(element)
        if tag == parent.name and tag in self.implied_end:
            self.parsed.nested_implied.append(parent)
        return element

    def _push(self, element: Element) -> None:
        name = element.name
        self.stack.append(element)
        self.open[name] = self.open.get(name, 0) + 1
        if name in _PRESERVE:
            self.preserving += 1
        elif name in _HIDING:
            self.hiding.append(name)

    def _note(self, element: Element) -> None:
        name = element.name
        if name == "title" and self.parsed.title is None:
            self.parsed.title = element
        elif name == "meta":
            self.parsed.metas.append(element)
        elif name == "p" and element.attrs:
            self.parsed.listy_paragraphs = True

    def _end(self, tag: str) -> None:
        if self.data:
            self.end_data(TEXT)
        if not self.open.get(tag):
            return
        stack = self.stack
        while len(stack) > 1:
            element = stack.pop()
            name = element.name
            self.open[name] -= 1
            if name in _PRESERVE:
                self.preserving -= 1
            elif name in _HIDING:
                self.hiding.pop()
            if name == tag:
                return

    def end_data(self, kind: int) -> None:
        """The data read since the last event becomes a text of `kind`."""
        if not self.data:
            return
        text = "".join(self.data)
        self.data = []
        if not self.preserving and not text.strip(_SPACES):
            text = "\n" if "\n" in text else " "
        if kind == TEXT and self.hiding:
            kind = HIDDEN
        line = (self.base_line or 1) + self.breaks
        self.breaks += text.count("\n")
        self.stack[-1].children.append(Text(text, kind, self.stack[-1], line))


def _attributes(tag: str, attrs: list[tuple[str, str | None]]) -> dict[str, AttrValue]:
    values: dict[str, AttrValue] = {key: value or "" for key, value in attrs}
    for key in _LIST_ATTRS_OF.get(tag, _LIST_ATTRS):
        if key in values:
            values[key] = _WORD.findall(str(values[key]))
    return values


def _character(name: str) -> str:
    """A numeric character reference's character, as a browser reads it."""
    try:
        number = int(name[1:], 16) if name[:1] in ("x", "X") else int(name)
    except ValueError:  # more digits than Python reads: far outside Unicode
        return _REPLACEMENT
    if number == 0 or number > 0x10FFFF or 0xD800 <= number <= 0xDFFF:
        return _REPLACEMENT
    if 0x80 <= number <= 0x9F:
        try:
            return bytes([number]).decode("cp1252")
        except UnicodeDecodeError:
            return chr(number)
    return chr(number)


def visible_line(text: Text) -> int:
    """The line of a text's first visible character."""
    return text.line + text.text[: len(text.text) - len(text.text.lstrip())].count("\n")


def number_texts(root: Element) -> None:
    """Give every text its line again, in document order, after the tree changed."""
    base, breaks = 0, 0
    pending: list[Node] = list(reversed(root.children))
    while pending:
        node = pending.pop()
        if isinstance(node, Element):
            if node.line:
                base, breaks = node.line, 0
            pending.extend(reversed(node.children))
        else:
            node.line = (base or 1) + breaks
            breaks += node.text.count("\n")
