"""The Markdown reader's shortcuts change nothing: the parser's inline rule gives the tokens
markdown-it's own rule chain gives for plain text and text with bold words, a file without
docs-platform syntax is left as the line-by-line rewriter would leave it, and that syntax is
found where a line-start regex finds it. Nested docs-platform constructs cost the rewriter a
bounded number of line rewrites per line, at any depth (counted, n against 4n)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from kbpilot.parsing import markdown_platforms
from kbpilot.parsing.markdown_parser import MAX_NESTING, PARSER
from kbpilot.parsing.markdown_platforms import has_platform_syntax, rewrite

FRAGMENTS = st.sampled_from(
    [
        "Open", "the", "console", " ", "  ", "\t", ".", ",", ":", "-", "#", "=", "+", "%", "$",
        "@", "^", "]", "{", "}", "(", ")", "'", '"', "/", "café", "\u00a0", "\n", "\n\n", "  \n",
        "\\", "`", "~", "~~", "*", "**", "_", "[", "](x)", "!", "![", "<", "<b>", "&", "&amp;",
        "1. ", "- ", "> ", "# ", "```\n", "| a |", "|---|", "---\n", "<div>\n", "{% x %}",
        ":::note\n", ":::\n", "!!! note\n", "<Tabs>\n", "</Tabs>\n", "import x from 'y'\n",
        "[!NOTE]", "{{< note >}}\n", "{{< /note >}}\n", "=== \"Tab\"\n", "?", "\x00",
    ]
)  # fmt: skip
MARKDOWN = st.lists(FRAGMENTS, max_size=40).map("".join)
_CHAIN = MarkdownIt("commonmark").use(front_matter_plugin).enable(["table", "strikethrough"])
_CHAIN.options["maxNesting"] = MAX_NESTING


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_plain_text_inline_rule_gives_the_rule_chains_tokens(text: str) -> None:
    assert PARSER.parse(text) == _CHAIN.parse(text)


BOLD = st.lists(
    st.sampled_from(
        [
            "**", "**Save**", "**a**", "**1**", "**Save it**", "**Note:**", "** a**", "**a **",
            "Save", "a", "1", "é", "ß", "Ω", " ", "  ", "\t", "\u00a0", "\u3000", ".", ":",
            "(", ")", "#", "-", "'", '"', "$", "*", "_", "~", "\n", "\\", "`", "[", "&", "<",
        ]
    ),
    max_size=14,
).map("".join)  # fmt: skip
OUTSIDE = st.sampled_from(["", "a", ".", " ", "*", "(", "é", "\u00a0"])
INSIDE = st.sampled_from(["", "a", "1", ".", ":", " ", "é", "\u00a0", "_", ")"])
PAIRS = st.lists(
    st.tuples(OUTSIDE, INSIDE, st.sampled_from(["", "a", "Save it"]), INSIDE, OUTSIDE).map(
        lambda edges: f"{edges[0]}**{edges[1]}{edges[2]}{edges[3]}**{edges[4]}"
    ),
    min_size=1,
    max_size=3,
).map("".join)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(BOLD)
def test_bold_words_give_the_rule_chains_tokens(text: str) -> None:
    assert PARSER.parse(text) == _CHAIN.parse(text)


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(PAIRS)
def test_bold_pairs_give_the_rule_chains_tokens_whatever_stands_at_their_edges(text: str) -> None:
    assert PARSER.parse(text) == _CHAIN.parse(text)


def test_plain_text_is_one_text_token_and_markup_is_still_read() -> None:
    plain, marked = PARSER.parse("- Open the console: select Users (all).\n- Click **Save**\n")[
        3:9:5
    ]
    assert [(t.type, t.content) for t in plain.children or []] == [
        ("text", "Open the console: select Users (all).")
    ]
    assert "strong_open" in [t.type for t in marked.children or []]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN)
def test_a_file_without_platform_syntax_is_left_as_the_rewriter_leaves_it(text: str) -> None:
    lines = text.split("\n")
    assert rewrite(lines) == markdown_platforms._Rewriter(lines).run(0)


def test_platform_syntax_is_still_rewritten() -> None:
    lines = ["1. Step", "", ":::note", "Careful", ":::", "{% include reset_mfa.md %}"]
    assert rewrite(lines) == ["1. Step", "", "> [!NOTE]", "> Careful", "", "reset mfa"]


_LINE_START_SYNTAX = re.compile(r"\{|\[!|^\s*[<:!?=]|^(?:import|export)", re.MULTILINE)
SPACED = st.lists(
    st.sampled_from(["", " ", "\t", "\n", "\r", "\x0b", "\u2028", "\u00a0", "\u3000", "x"])
    | FRAGMENTS
    | st.sampled_from(["import", "export", "?", "=", ":", "<", "!"]),
    max_size=30,
).map("".join)


@settings(max_examples=600)
@given(SPACED)
def test_platform_syntax_is_found_where_a_line_start_regex_finds_it(text: str) -> None:
    assert has_platform_syntax(text) == bool(_LINE_START_SYNTAX.search(text))


def _region_rewrites(lines: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    calls = 0
    rewrite_line = markdown_platforms._Region.rewrite

    def counted(region: markdown_platforms._Region, line: str) -> str:
        nonlocal calls
        calls += 1
        return rewrite_line(region, line)

    monkeypatch.setattr(markdown_platforms._Region, "rewrite", counted)
    rewrite(lines)
    monkeypatch.undo()
    return calls


@pytest.mark.parametrize("opening", [":::note", "!!! note", "<Tabs>", "{{< note >}}"])
def test_nested_constructs_cost_linear_rewriting(
    opening: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    closing = {":::note": ":::", "<Tabs>": "</Tabs>", "{{< note >}}": "{{< /note >}}"}
    indented = opening.startswith("!!!")

    def nested(n: int) -> list[str]:
        opens = [("    " * i if indented else "") + opening for i in range(n)]
        closes = [] if indented else [closing[opening]] * n
        return [*opens, "    " * n + "Open the console", *closes]

    small, large = (_region_rewrites(nested(n), monkeypatch) for n in (200, 800))
    assert large <= 5 * small
