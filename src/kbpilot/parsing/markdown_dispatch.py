"""The Markdown parser's block rule chains, each line tried only against the rules that can
start there.

markdown-it's block parser tries every rule of a chain, in order, at every line; to find where
a paragraph, list or quote ends it tries a chain of terminating rules at every line of it. Most
rules reject at once on the line's first non-space character: a fence starts with a backtick
or a tilde, a quote with `>`, a heading with `#`. `DispatchingRuler` is a block Ruler whose
every chain is one rule that looks at that character and calls, in the chain's order, only the
rules that can start with it. A rule it does not know is always called, the table rule when the
next line can be a delimiter row, the front-matter rule never (it reads the first line only),
and the first line, a line indented as a code block or one with no character go through the
whole chain. The tokens are exactly markdown-it's own: a property test parses
fuzzed Markdown both ways. It builds on markdown-it-py's Ruler internals and the front-matter
plugin's rule function, so pyproject.toml pins both packages exactly.
"""

from __future__ import annotations

from markdown_it import rules_block
from markdown_it.parser_block import RuleFuncBlockType
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock
from mdit_py_plugins.front_matter.index import _front_matter_rule as front_matter_rule

# The columns from which a line is an indented code block (CommonMark 4.4).
_CODE_INDENT = 4
# The first characters each of markdown-it's block rules can start at (CommonMark's block
# starts: fences, quotes, thematic breaks, list markers, link reference definitions, raw HTML,
# ATX headings); the code rule starts at none but on code-indented lines.
_STARTS: dict[RuleFuncBlockType, str] = {
    rules_block.code: "",
    rules_block.fence: "`~",
    rules_block.blockquote: ">",
    rules_block.hr: "*-_",
    rules_block.list_block: "*-+0123456789",
    rules_block.reference: "[",
    rules_block.html_block: "<",
    rules_block.heading: "#",
}
_START_CHARACTERS = frozenset("".join(_STARTS.values()))
# A table starts where the line after it is a delimiter row, which starts with one of these.
_DELIMITER_ROW = "|-:"

_Candidates = tuple[tuple[RuleFuncBlockType, ...], tuple[RuleFuncBlockType, ...]]


class DispatchingRuler(Ruler[RuleFuncBlockType]):
    """A block Ruler with the rules of `rules`, whose chains, once compiled, are one rule each
    that dispatches on a line's first character; rules enabled, disabled or added later are
    dispatched too (the chains are compiled again)."""

    def __init__(self, rules: Ruler[RuleFuncBlockType]) -> None:
        super().__init__()
        for rule in rules.__rules__:
            self.push(rule.name, rule.fn, {"alt": list(rule.alt)})
            if not rule.enabled:
                self.disable(rule.name)

    def __compile__(self) -> None:
        super().__compile__()
        assert self.__cache__ is not None
        self.__cache__ = {
            name: [_dispatcher(chain)] if chain else chain for name, chain in self.__cache__.items()
        }


def _dispatcher(chain: list[RuleFuncBlockType]) -> RuleFuncBlockType:
    """One rule doing what `chain` does: the first of its rules that matches, in order."""
    everything = tuple(chain)
    by_start = {start: _candidates(chain, start) for start in _START_CHARACTERS}
    other = _candidates(chain, "")

    def dispatch(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        start = state.bMarks[line] + state.tShift[line]
        rules = everything
        if (
            line
            and start < state.eMarks[line]
            and state.sCount[line] - state.blkIndent < _CODE_INDENT
        ):
            after = line + 1
            delimiter = True
            if after < len(state.bMarks):
                next_start = state.bMarks[after] + state.tShift[after]
                delimiter = (
                    next_start < state.eMarks[after] and state.src[next_start] in _DELIMITER_ROW
                )
            rules = by_start.get(state.src[start], other)[delimiter]
        for rule in rules:
            if rule(state, line, end, silent):
                break
        else:
            return False
        return True

    return dispatch


def _candidates(chain: list[RuleFuncBlockType], start: str) -> _Candidates:
    """The rules of `chain` that can match a line starting with `start` (not the first line,
    not indented as code): without and with a possible delimiter row after it."""

    def can_start(rule: RuleFuncBlockType, delimiter: bool) -> bool:
        if rule is front_matter_rule:
            return False
        if rule is rules_block.table:
            return delimiter
        starts = _STARTS.get(rule)
        return starts is None or (start != "" and start in starts)

    return (
        tuple(rule for rule in chain if can_start(rule, delimiter=False)),
        tuple(rule for rule in chain if can_start(rule, delimiter=True)),
    )
