"""The CommonMark parser the Markdown reader uses: markdown-it-py's commonmark preset with tables
and strikethrough, YAML front matter (mdit-py-plugins), and a nesting limit.

Its inline rule is markdown-it's own but for one shortcut: inline content with none of the
characters an inline rule acts on (a line break, a backslash, backticks, `~`, `*`, `_`, `[`, `!`,
`<`, `&`) is one text token, exactly what the rule chain would make of it after trying every
rule at every punctuation mark. Most list items, headings and table cells of a KB article are
such plain text. Plain text with bold words (`Click **Save** and wait`) is read without the
chain too: runs of plain text and `**word**` pairs (a pair's text starting and ending with an
ASCII letter or digit, plain text between two pairs) are the text and strong tokens the chain
makes, down to the empty text tokens its emphasis rule leaves at a pair that opens or ends the
content.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.front_matter import front_matter_plugin

from kbpilot.parsing.markdown_dispatch import DispatchingRuler

# markdown-it stops reading, silently, where blocks nest this deep; the reader says so.
MAX_NESTING = 60
_INLINE_SYNTAX = re.compile(r"[\n\\`~*_\[!<&]")
_BOLD_PAIR = re.compile(r"\*\*([A-Za-z0-9](?:[^\n\\`~*_\[!<&]*[A-Za-z0-9])?)\*\*")


def _inline(state: StateCore) -> None:
    """markdown-it's core `inline` rule, plain text read without the inline rule chain."""
    parse = state.md.inline.parse
    for token in state.tokens:
        if token.type != "inline":
            continue
        if token.children is None:
            token.children = []
        content = token.content
        if content and not _INLINE_SYNTAX.search(content):
            token.children.append(_text(content, 0))
            continue
        bold = _bold_runs(content) if "**" in content else None
        if bold is not None:
            token.children.extend(bold)
        else:
            parse(content, state.md, state.env, token.children)


def _bold_runs(content: str) -> list[Token] | None:
    """The tokens of plain text with `**word**` pairs; None for any other content."""
    parts = _BOLD_PAIR.split(content)
    runs = parts[0::2]
    if len(parts) == 1 or not all(runs[1:-1]) or any(_INLINE_SYNTAX.search(run) for run in runs):
        return None
    tokens = [_text(runs[0], 0)]
    for bold, run in zip(parts[1::2], runs[1:], strict=True):
        opening = Token("strong_open", "strong", 1, markup="**")
        closing = Token("strong_close", "strong", -1, markup="**")
        tokens.extend((opening, _text(bold, 1), closing, _text(run, 0)))
    return tokens


def _text(content: str, level: int) -> Token:
    return Token("text", "", 0, level=level, content=content)


PARSER = MarkdownIt("commonmark").use(front_matter_plugin).enable(["table", "strikethrough"])
PARSER.options["maxNesting"] = MAX_NESTING
PARSER.core.ruler.at("inline", _inline)
PARSER.block.ruler = DispatchingRuler(PARSER.block.ruler)
