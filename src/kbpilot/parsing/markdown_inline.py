"""The text of a Markdown block: inline markup read into pieces of text with their links.

A block's inline content becomes one piece per line a reader sees as its own: a hard break
starts a new piece, and so does a soft-broken line that begins "Step N:" (help-desk exports mean
it as its own line) or, inside a list item, a bullet marker (`- `, `* `, `+ `) or a letter label
(`a.`, then `b.`, ...): bullets and lettered lines indented less than the item's text, which
CommonMark reads as lazy continuation lines, are a nested list to a reader. Images add nothing:
their alt text is not text a reader sees. Links are Markdown links and raw `<a href>` tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kbpilot.model import Link
from kbpilot.parsing.markdown_tree import Node

_STEP_LINE = re.compile(r"\s*step\s+\d{1,3}\s*[:.)–-]", re.IGNORECASE)
_BULLET = re.compile(r"[-*+][ \t]+")
_LETTER = re.compile(r"(?P<letter>[a-z])[.)](?:[ \t]+|(?=[A-Z]))")
_BREAKS = frozenset({"softbreak", "hardbreak"})
_HTML_LINK = re.compile(r"<a\s[^>]*?\bhref\s*=\s*[\"'](?P<href>[^\"']*)[\"']", re.IGNORECASE)
_HTML_LINK_END = re.compile(r"</a\s*>", re.IGNORECASE)


@dataclass
class Piece:
    """Inline text up to a line break a reader sees, with the links written in it; `bullet`
    when the line began with a bullet marker or a letter label (`label`: "a.", "b.")."""

    line_offset: int
    parts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    bullet: bool = False
    label: str | None = None

    @property
    def text(self) -> str:
        return normalise("".join(self.parts))


@dataclass
class _Inline:
    """Collects the inline text of one block, piece by piece, counting the source lines."""

    bullets: bool = False
    line_offset: int = 0
    pieces: list[Piece] = field(default_factory=lambda: [Piece(0)])
    strip_bullet: bool = False
    strip_letter: bool = False
    letter: str = "a"  # the letter label a line must start with to be the next lettered item
    html_link: tuple[str, Piece, int] | None = None

    def add(self, node: Node) -> None:
        children = node.children
        for index, child in enumerate(children):
            if child.type in ("text", "code_inline"):
                self._text(child.content)
            elif child.type in _BREAKS:
                self._break(child.type, children, index + 1)
            elif child.type == "link":
                self._link(child)
            elif child.type == "html_inline":
                self._html(child.content)
            elif child.type != "image":
                self.add(child)

    def _text(self, content: str) -> None:
        if self.strip_bullet:
            content = _BULLET.sub("", content, count=1)
            self.strip_bullet = False
        elif self.strip_letter:
            content = _LETTER.sub("", content, count=1)
            self.strip_letter = False
        self.pieces[-1].parts.append(content)

    def _break(self, kind: str, nodes: list[Node], after: int) -> None:
        """A line break before `nodes[after]`."""
        self.line_offset += 1
        if kind == "softbreak" and self.bullets and _starts_bullet(nodes, after):
            self.pieces.append(Piece(self.line_offset, bullet=True))
            self.strip_bullet = True
        elif self.bullets and _starts_letter(nodes, after, self.letter):
            self.pieces.append(Piece(self.line_offset, bullet=True, label=f"{self.letter}."))
            self.strip_letter = True
            self.letter = chr(ord(self.letter) + 1)
        elif kind == "hardbreak" or _starts_step_line(nodes, after):
            self.pieces.append(Piece(self.line_offset))
        else:
            self.pieces[-1].parts.append(" ")

    def _html(self, tag: str) -> None:
        """Raw `<a href="...">text</a>` links are links too."""
        opened = _HTML_LINK.match(tag)
        if opened:
            self.html_link = (opened["href"], self.pieces[-1], len(self.pieces[-1].parts))
            return
        if self.html_link is None or not _HTML_LINK_END.match(tag):
            return
        target, piece, start = self.html_link
        self.html_link = None
        title = normalise("".join(piece.parts[start:]))
        if title and piece is self.pieces[-1]:
            piece.links.append(Link(title=title, target=target or None))

    def _link(self, node: Node) -> None:
        inner = _Inline()
        inner.add(node)
        title = joined(inner.pieces)
        if title:
            target = str(node.attrs.get("href", "")) or None
            self.pieces[-1].links.append(Link(title=title, target=target))
        self.add(node)


def _starts_step_line(nodes: list[Node], start: int) -> bool:
    """The line from `nodes[start]` on begins "Step N:"."""
    first = nodes[start] if start < len(nodes) else None
    return first is not None and first.type == "text" and bool(_STEP_LINE.match(first.content))


def _starts_letter(nodes: list[Node], start: int, letter: str) -> bool:
    """The line from `nodes[start]` on begins with this letter's label (`b. `) and text."""
    first = nodes[start] if start < len(nodes) else None
    if first is None or first.type != "text" or letter > "z":
        return False
    found = _LETTER.match(first.content)
    return found is not None and found["letter"] == letter and found.end() < len(first.content)


def _starts_bullet(nodes: list[Node], start: int) -> bool:
    """The line from `nodes[start]` on begins with a bullet marker followed by text."""
    first = nodes[start] if start < len(nodes) else None
    if first is None or first.type != "text":
        return False
    found = _BULLET.match(first.content)
    if not found:
        return False
    following = nodes[start + 1] if start + 1 < len(nodes) else None
    return found.end() < len(first.content) or (
        following is not None and following.type not in _BREAKS
    )


def plain_run(node: Node) -> str | None:
    """The inline content of a block when it is one run of text (no markup, no line break),
    as written; most paragraphs, items and cells of an article are."""
    if len(node.children) != 1 or node.children[0].type != "inline":
        return None
    runs = node.children[0].children
    if len(runs) != 1 or runs[0].type != "text":
        return None
    return runs[0].content


def inline_pieces(node: Node, bullets: bool = False) -> list[Piece]:
    """The inline text of a block, split where a reader sees separate lines; `bullets`: split
    at soft-broken lines that begin with a bullet marker too (inside list items)."""
    plain = plain_run(node)
    if plain is not None:
        return [Piece(0, [plain])]
    inline = _Inline(bullets=bullets)
    for child in node.children:
        if child.type == "inline":
            inline.add(child)
    return inline.pieces


def inline_text(node: Node) -> str:
    """The inline text of a block, line breaks read as spaces."""
    return joined(inline_pieces(node))


def joined(pieces: list[Piece]) -> str:
    return normalise(" ".join(piece.text for piece in pieces))


def normalise(text: str) -> str:
    return " ".join(text.split())
