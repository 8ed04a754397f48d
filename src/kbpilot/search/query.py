"""The search syntax: what a technician types, read into clauses; never fails on any input.

Words (all must match), "phrases", `name:value` filters, `-` to exclude, `OR` between
alternatives, `word*` for a prefix; the last word is a prefix while the user is still typing it.
Anything that cannot be read that way becomes plain words and a notice saying how it was read.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import NamedTuple

from kbpilot.search.schema import FILTERS

MAX_QUERY_CHARS = 300
MAX_CLAUSES = 16
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})
_TOKEN = re.compile(r'(-?)(?:(\w+):)?("([^"]*)"?|[^\s"]+)')


class Kind(StrEnum):
    """What a clause asks for."""

    WORD = "word"
    PHRASE = "phrase"
    FILTER = "filter"


class Clause(NamedTuple):
    """One thing the query asks for; `field` is set for filters."""

    kind: Kind
    text: str
    field: str | None = None
    negated: bool = False
    prefix: bool = False


class ParsedQuery:
    """Alternatives (joined by OR), each a list of clauses that must all hold."""

    def __init__(self, text: str, notices: list[str]) -> None:
        self.text = text
        self.groups: list[list[Clause]] = []
        self.notices = notices

    def clauses(self) -> list[Clause]:
        return [clause for group in self.groups for clause in group]

    def is_empty(self) -> bool:
        return not any(not clause.negated for clause in self.clauses())


def parse_query(text: str, typing: bool = True) -> ParsedQuery:
    """Read a query; with `typing`, a last word not followed by a space is a prefix."""
    notices: list[str] = []
    cleaned = _CONTROL.sub(" ", text.translate(_QUOTES))
    if len(cleaned) > MAX_QUERY_CHARS:
        cleaned = cleaned[:MAX_QUERY_CHARS]
        notices.append(f"the query was cut to its first {MAX_QUERY_CHARS} characters")
    parsed = ParsedQuery(text=cleaned.strip(), notices=notices)
    group: list[Clause] = []
    negate_next = False
    count = 0
    for match in _TOKEN.finditer(cleaned):
        minus, name, raw, quoted = match.groups()
        if quoted is None and name is None and raw in ("OR", "|"):
            if group:
                parsed.groups.append(group)
                group = []
            continue
        if quoted is None and name is None and raw in ("AND", "&&", "+"):
            continue
        if quoted is None and name is None and raw == "NOT":
            negate_next = True
            continue
        if quoted is None and name is None and raw.endswith(":") and raw[:-1].lower() in FILTERS:
            notices.append(f"{raw} needs a value, like {raw}something")
            continue
        negated = bool(minus) or negate_next
        negate_next = False
        if count >= MAX_CLAUSES:
            notices.append(f"only the first {MAX_CLAUSES} words were searched")
            break
        clause = _clause(name, raw, quoted, negated, notices)
        if clause is not None:
            group.append(clause)
            count += 1
    if group:
        parsed.groups.append(group)
    if negate_next or _has_lone_operator(cleaned):
        notices.append("an operator with nothing to act on was ignored")
    if typing and cleaned and not cleaned[-1].isspace():
        _mark_last_prefix(parsed)
    return parsed


def _clause(
    name: str | None, raw: str, quoted: str | None, negated: bool, notices: list[str]
) -> Clause | None:
    value = quoted if quoted is not None else raw
    if name is not None:
        field_name = FILTERS.get(name.lower())
        if field_name is None:
            notices.append(
                f"{name}: is not a field ({', '.join(sorted(set(FILTERS)))}); searched as words"
            )
            value = f"{name} {value}"
        elif value.strip():
            return Clause(Kind.FILTER, value.strip().lower(), field_name, negated)
        else:
            notices.append(f"{name}: needs a value, like {name}:something")
            return None
    if quoted is not None:
        return Clause(Kind.PHRASE, value, None, negated) if value.strip() else None
    prefix = value.endswith("*")
    value = value.strip("*")
    if not any(ch.isalnum() for ch in value):
        return None
    return Clause(Kind.WORD, value, None, negated, prefix)


def _has_lone_operator(text: str) -> bool:
    words = text.split()
    operators = {"OR", "AND", "NOT", "|", "&&", "+", "-"}
    if not words:
        return False
    return words[0] in {"OR", "AND", "|", "&&"} or words[-1] in operators or "-" in words


def _mark_last_prefix(parsed: ParsedQuery) -> None:
    if not parsed.groups:
        return
    last = parsed.groups[-1][-1]
    if last.kind is Kind.WORD and not last.negated:
        parsed.groups[-1][-1] = Clause(Kind.WORD, last.text, None, False, True)
