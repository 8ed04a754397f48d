"""The Markdown parser's block rule chains, each line tried only against the rules that can
start there.

markdown-it's block parser tries every rule of a chain, in order, at every line; to find where
a paragraph, list or quote ends it tries a chain of terminating rules at every line of it. Most
rules reject at once on the line's first non-space character: a fence starts with a backtick
or a tilde, a quote with `>`, a heading with `#`. `DispatchingRuler` is a block Ruler whose
every chain is one rule that looks at that character and calls, in the chain's order, only the
rules that can start with it. A rule it does not know is always called, the table rule when the
next line can be a delimiter row, and a line indented as a code block (or with no character)
goes through the whole chain. The tokens are exactly markdown-it's own: a property test parses
fuzzed Markdown both ways.
"""

from __future__ import annotations

from markdown_it import rules_block
from markdown_it.parser_block import RuleFuncBlockType
from markdown_it.ruler import Ruler
from markdown_it.rules_block import StateBlock

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
    """A block Ruler with the rules of `rules`, whose chains dispatch on a line's first
    character; rules enabled, disabled or added later are dispatched too."""

    def __init__(self, rules: Ruler[RuleFuncBlockType]) -> None:
        super().__init__()
        for rule in rules.__rules__:
            self.push(rule.name, rule.fn, {"alt": list(rule.alt)})
            if not rule.enabled:
                self.disable(rule.name)
        self._dispatchers: dict[str, tuple[list[RuleFuncBlockType], list[RuleFuncBlockType]]] = {}

    def getRules(self, chainName: str = "") -> list[RuleFuncBlockType]:
        chain = super().getRules(chainName)
        if not chain:
            return chain
        built = self._dispatchers.get(chainName)
        if built is None or built[0] is not chain:
            built = (chain, [_dispatcher(chain)])
            self._dispatchers[chainName] = built
        return built[1]


def _dispatcher(chain: list[RuleFuncBlockType]) -> RuleFuncBlockType:
    """One rule doing what `chain` does: the first of its rules that matches, in order."""
    everything = tuple(chain)
    by_start = {start: _candidates(chain, start) for start in _START_CHARACTERS}
    other = _candidates(chain, "")

    def dispatch(state: StateBlock, line: int, end: int, silent: bool) -> bool:
        start = state.bMarks[line] + state.tShift[line]
        rules = everything
        if start < state.eMarks[line] and state.sCount[line] - state.blkIndent < _CODE_INDENT:
            after = line + 1
            delimiter = after >= len(state.bMarks) or _starts_delimiter_row(state, after)
            rules = by_start.get(state.src[start], other)[delimiter]
        return any(rule(state, line, end, silent) for rule in rules)

    return dispatch


def _starts_delimiter_row(state: StateBlock, line: int) -> bool:
    start = state.bMarks[line] + state.tShift[line]
    return start < state.eMarks[line] and state.src[start] in _DELIMITER_ROW


def _candidates(chain: list[RuleFuncBlockType], start: str) -> _Candidates:
    """The rules of `chain` that can match a line starting with `start` (not indented as
    code): without and with a possible delimiter row after it."""

    def can_start(rule: RuleFuncBlockType, delimiter: bool) -> bool:
        if rule is rules_block.table:
            return delimiter
        starts = _STARTS.get(rule)
        return starts is None or (start != "" and start in starts)

    return (
        tuple(rule for rule in chain if can_start(rule, delimiter=False)),
        tuple(rule for rule in chain if can_start(rule, delimiter=True)),
    )
