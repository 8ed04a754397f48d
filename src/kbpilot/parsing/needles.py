"""The text a regular expression needs: plain strings, one of which every match holds.

Most texts a pattern is tried on hold none of its words, and a substring test says so many
times faster than the pattern's search. `needles` reads a compiled pattern and returns a set
of lower-case ASCII strings such that a text the pattern finds a match in holds one of them,
once the text is `folded`; None when it knows of no such set (the pattern is then always
searched). Only what every match must contain counts: a run of literal characters outside
any optional part, or, for alternatives, one such run of each. Case does not matter: a
character that a case-insensitive pattern takes for an ASCII one lower-cases to it once the
dotless i, the long s and the dot that "İ" lowers to are folded (checked for every code point
by tests/parsing/test_phrases.py); a literal that is not ASCII ends a run.

The pattern is read with Python's own parser of regular expressions (`re._parser`, what
`re.compile` uses); where that parser or one of its codes is not what this module knows, the
answer is None, which only costs speed.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

# The characters a pattern takes for an ASCII letter that lower() does not turn into it.
FOLD = {ord("ı"): "i", ord("ſ"): "s", 0x307: None}
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
_Needed = list[frozenset[str]]  # each set: one of its strings is in every matched text


def folded(text: str) -> str:
    """The text as needles are looked for in it: lower-cased, with FOLD applied."""
    lowered = text.lower()
    return lowered if lowered.isascii() else lowered.translate(FOLD)


def needles(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Strings one of which a text holds (`folded`) whenever `pattern` finds a match in it; the
    set whose shortest string is longest of those the pattern gives; None when none is known."""
    try:
        parsed = importlib.import_module("re._parser").parse(pattern.pattern, pattern.flags)
        needed = _sequence(list(parsed))
    except (ImportError, AttributeError, TypeError, ValueError, IndexError, re.error):
        return None
    return _best(needed) if needed else None


def _sequence(items: list[tuple[Any, Any]]) -> _Needed:
    """What a sequence of parsed items needs: each literal run, and what each part that must
    match needs."""
    needed: _Needed = []
    run: list[str] = []
    for op, argument in items:
        name = op.name
        if name == "LITERAL" and argument < 0x80:
            run.append(chr(argument).lower())
            continue
        if run:
            needed.append(frozenset({"".join(run)}))
            run = []
        if name == "SUBPATTERN":
            needed.extend(_sequence(list(argument[-1])))
        elif name == "BRANCH":
            needed.extend(_branch([_sequence(list(alternative)) for alternative in argument[1]]))
        elif name in _REPEATS and argument[0] >= 1:
            needed.extend(_sequence(list(argument[2])))
    if run:
        needed.append(frozenset({"".join(run)}))
    return needed


def _branch(alternatives: list[_Needed]) -> _Needed:
    """One set of strings for alternatives that each need something; nothing otherwise."""
    if not all(alternatives):
        return []
    return [frozenset().union(*(_best(needed) for needed in alternatives))]


def _best(needed: _Needed) -> frozenset[str]:
    return max(needed, key=lambda strings: (min(map(len, strings)), -len(strings)))
