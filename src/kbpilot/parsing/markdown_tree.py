"""The Markdown reader's syntax tree: markdown-it's flat token stream nested in one pass.

A node is an opening/closing token pair with what stands between them (its type is the opening
token's without `_open`), or a single token; an inline token's children are nested the same way.
It reads as markdown-it's SyntaxTreeNode does (type, children, content, map, tag, attrs, info),
built with one stack over the tokens where SyntaxTreeNode copies every subtree's tokens once per
level above it: the tree costs a small part of reading an article, at any nesting depth.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markdown_it.token import Token


class Node:
    """A node of the tree; `token` is the single token, or the opening one of a pair."""

    __slots__ = ("children", "token", "type")

    def __init__(self, node_type: str, token: Token | None) -> None:
        self.type = node_type
        self.token = token
        self.children: list[Node] = []

    @property
    def content(self) -> str:
        return self.token.content if self.token else ""

    @property
    def map(self) -> list[int] | None:
        return self.token.map if self.token else None

    @property
    def tag(self) -> str:
        return self.token.tag if self.token else ""

    @property
    def attrs(self) -> dict[str, Any]:
        return self.token.attrs if self.token else {}

    @property
    def info(self) -> str:
        return self.token.info if self.token else ""


def syntax_tree(tokens: Sequence[Token]) -> Node:
    """The root node of a token stream; unbalanced nesting is a ValueError."""
    root = Node("root", None)
    root.children = _nodes(tokens)
    return root


def _nodes(tokens: Sequence[Token]) -> list[Node]:
    if len(tokens) == 1 and not tokens[0].nesting and not tokens[0].children:
        return [Node(tokens[0].type, tokens[0])]  # most inline content: one run of text
    top = Node("root", None)
    stack = [top]
    for token in tokens:
        nesting = token.nesting
        if nesting < 0:
            if len(stack) == 1:
                raise ValueError(f"closing token without an opening one: {token.type}")
            stack.pop()
            continue
        node = Node(token.type.removesuffix("_open") if nesting else token.type, token)
        stack[-1].children.append(node)
        if nesting:
            stack.append(node)
        elif token.children:
            node.children = _nodes(token.children)
    if len(stack) != 1:
        raise ValueError(f"unclosed tokens starting {stack[1].type}")
    return top.children
