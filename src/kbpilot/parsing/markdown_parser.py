"""The CommonMark parser the Markdown reader uses: markdown-it-py's commonmark preset with tables
and strikethrough, YAML front matter (mdit-py-plugins), and a nesting limit.

Its inline rule is markdown-it's own but for one shortcut: inline content with none of the
characters an inline rule acts on (a line break, a backslash, backticks, `~`, `*`, `_`, `[`, `!`,
`<`, `&`) is one text token, exactly what the rule chain would make of it after trying every
rule at every punctuation mark. Most list items, headings and table cells of a KB article are
such plain text.
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
            text = Token("text", "", 0)
            text.content = content
            token.children.append(text)
        else:
            parse(content, state.md, state.env, token.children)


PARSER = MarkdownIt("commonmark").use(front_matter_plugin).enable(["table", "strikethrough"])
PARSER.options["maxNesting"] = MAX_NESTING
PARSER.core.ruler.at("inline", _inline)
PARSER.block.ruler = DispatchingRuler(PARSER.block.ruler)
