"""The Markdown parser's block rule dispatch changes nothing: on fuzzed Markdown built line by
line from every kind of block start (lists and their lazy continuations, quotes, fences, code
indents, tabs, HTML blocks, tables, headings, thematic breaks, reference definitions, front
matter, deep nesting) it gives exactly the tokens of markdown-it's own rule chains."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.front_matter import front_matter_plugin

from kbpilot.parsing.markdown_dispatch import DispatchingRuler
from kbpilot.parsing.markdown_parser import MAX_NESTING, PARSER

INDENTS = st.sampled_from(["", "", "", " ", "  ", "   ", "    ", "      ", "\t", " \t", "\t\t"])
STARTS = st.sampled_from(
    [
        "", "", "", "- ", "* ", "+ ", "-", "1. ", "2) ", "10. ", "1.", "0. ", "> ", ">", "> > ",
        "# ", "## ", "#", "####### ", "```", "```py", "~~~", "``", "---", "***", "___", "- - -",
        "===", "==", "-- ", "<div>", "</div>", "<!-- ", "-->", "<pre>", "<script>", "<a href=x>",
        "<?x", "<![CDATA[", "<!X", "[a]: /url", "[a]:", "[b]: /u 'title'", "| a | b |", "|---|---|",
        ":-- | --:", "--- | ---", "a | b", "|", "- [ ] ", "1. - ", "- 1. ", "> - ", "- > ",
        "- - - - - - - - ", "> > > > > > > > ", "1. 1. 1. 1. 1. ", "\u00a0", "::: ", "!!! ",
    ]
)  # fmt: skip
TEXTS = st.sampled_from(
    ["", "Open the console", "x", "a | b", "`code`", "**bold**", "---", "```", "<b>", "*", "|"]
)
LINE = st.tuples(INDENTS, STARTS, TEXTS).map("".join)
MARKDOWN = st.lists(LINE, max_size=30).map("\n".join)
FRONT_MATTER = st.sampled_from(["", "---\ntitle: x\n---\n", "---\n", "---\na: b\n"])


def _markdown_it() -> MarkdownIt:
    parser = MarkdownIt("commonmark").use(front_matter_plugin).enable(["table", "strikethrough"])
    parser.options["maxNesting"] = MAX_NESTING
    return parser


_CHAINS = _markdown_it()


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(FRONT_MATTER, MARKDOWN)
def test_dispatched_rules_give_the_rule_chains_tokens(front: str, text: str) -> None:
    assert PARSER.parse(front + text) == _CHAINS.parse(front + text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1, max_value=80), st.sampled_from(["- ", "> ", "1. ", "  - "]))
def test_deep_nesting_is_cut_where_the_rule_chains_cut_it(depth: int, marker: str) -> None:
    text = marker * depth + "Open\n" + " " * depth + "lazy line\n"
    assert PARSER.parse(text) == _CHAINS.parse(text)


def test_rules_enabled_later_are_dispatched_too() -> None:
    parser = _markdown_it()
    parser.block.ruler = DispatchingRuler(parser.block.ruler)
    text = "| a |\n|---|\n| b |\n\n- one\n  two\n"
    before = parser.parse(text)
    parser.disable("table")
    assert parser.parse(text) != before
    assert parser.parse(text) == _markdown_it().disable("table").parse(text)


def test_a_rule_it_does_not_know_is_always_tried() -> None:
    def tried(dispatch: bool) -> list[int]:
        seen: list[int] = []

        def note(state: StateBlock, line: int, end: int, silent: bool) -> bool:
            seen.append(line)
            return False

        parser = _markdown_it()
        parser.block.ruler.before("table", "note", note, {"alt": ["paragraph"]})
        if dispatch:
            parser.block.ruler = DispatchingRuler(parser.block.ruler)
        parser.parse("Open\nthe console\n# Heading\n")
        return seen

    assert tried(dispatch=True) == tried(dispatch=False) == [0, 1, 2, 1, 2, 2]
