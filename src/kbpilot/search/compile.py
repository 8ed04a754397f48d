"""Parsed clauses to a query tree (`evaluate`), each typed word resolved against the index's words.

A word the index knows matches its stem in every searchable field (BM25F, title and aliases
boosted); the word being typed also matches its most frequent completions (a prefix of up to
`SHORT_PREFIX` letters only in the fields that name an article); an unknown word of 4+
letters matches its nearest known words, weighted by how near they are. Phrases match their
stems at adjacent positions of `body`, ranked by those and by the title and aliases.
What matched is kept for the snippet.
"""

from __future__ import annotations

from collections.abc import Iterable

from kbpilot.search.analysis import folded_words, stem_word, terms, words
from kbpilot.search.evaluate import (
    All,
    Alternatives,
    Everything,
    Node,
    Phrases,
    Terms,
    Without,
)
from kbpilot.search.query import Clause, Kind, ParsedQuery
from kbpilot.search.schema import BODY, FIELD_BOOSTS, NAMED_ONLY
from kbpilot.search.vocabulary import Vocabulary

MAX_COMPLETIONS = 8
# A phrase matches in body; these fields add their boost when its words name the article.
NAME_FIELDS = ("title", "aliases")
MAX_NEAR = 4
COMPLETION_WEIGHT = 0.7
MIN_PREFIX = 2
# A prefix this short has completions in most articles' text: it completes only against the
# fields that name an article, which keeps each keystroke fast on a large KB.
SHORT_PREFIX = 3
SHORT_PREFIX_FIELDS = ("title", "aliases", "meta")
NEAR_WEIGHT = 0.6


class Compiled:
    """The query, and the stems it can match (for highlighting and the matching step)."""

    def __init__(self) -> None:
        self.query: Node | None = None
        self.stems: set[str] = set()


class Compiler:
    """Builds queries against one reader's vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def compile(self, parsed: ParsedQuery) -> Compiled:
        compiled = Compiled()
        alternatives = []
        for group in parsed.groups:
            query = self._group(group, compiled)
            if query is not None:
                alternatives.append(query)
        if alternatives:
            compiled.query = (
                alternatives[0] if len(alternatives) == 1 else Alternatives(tuple(alternatives))
            )
        return compiled

    def ahead(self, parsed: ParsedQuery) -> list[tuple[str, str]]:
        """The terms (field, stem) the next keystroke's query will likely read that this one
        did not: while a word of `MIN_PREFIX` to `SHORT_PREFIX` letters is being typed, its
        completions are searched in the fields that name an article only; one letter more and
        they are searched in every field, where most of them stand in most articles."""
        last = parsed.groups[-1][-1] if parsed.groups else None
        if last is None or last.kind is not Kind.WORD or not last.prefix:
            return []
        word = folded_words(last.text)[-1:]
        if not word or not MIN_PREFIX <= len(word[0]) <= SHORT_PREFIX:
            return []
        fields = [name for name in FIELD_BOOSTS if name not in SHORT_PREFIX_FIELDS]
        stems = self.vocabulary.completions(word[0], MAX_COMPLETIONS)
        return [(name, stem) for stem in stems for name in fields]

    def _group(self, group: list[Clause], compiled: Compiled) -> Node | None:
        wanted: list[Node] = []
        unwanted: list[Node] = []
        phrases: list[list[str]] = []
        for clause in group:
            if clause.negated:
                own: list[list[str]] = []
                query = self._clause(clause, Compiled(), own)
                if query is not None:
                    unwanted.append(Phrases(query, _tuples(own)) if own else query)
            else:
                query = self._clause(clause, compiled, phrases)
                if query is not None:
                    wanted.append(query)
        if not wanted and not unwanted:
            return None
        positive: Node = _all(wanted) if wanted else Everything()
        if unwanted:
            excluded = unwanted[0] if len(unwanted) == 1 else Alternatives(tuple(unwanted))
            positive = Without(positive, excluded)
        return Phrases(positive, _tuples(phrases)) if phrases else positive

    def _clause(self, clause: Clause, compiled: Compiled, phrases: list[list[str]]) -> Node | None:
        if clause.kind is Kind.FILTER:
            return self._filter(clause)
        if clause.kind is Kind.PHRASE:
            return self._phrase(clause.text, compiled, phrases)
        typed = words(clause.text)
        if clause.prefix:
            # A word being typed is a prefix even when, so far, it is a stop word ("of", "in").
            last = folded_words(clause.text)[-1:]
            if last and len(last[0]) >= MIN_PREFIX and typed[-1:] != last:
                typed.append(last[0])
        if not typed:
            return None
        parts = [
            self._word(word, clause.prefix and n == len(typed) - 1, compiled)
            for n, word in enumerate(typed)
        ]
        return _all(parts)

    def _word(self, word: str, prefix: bool, compiled: Compiled) -> Node:
        weights: dict[str, float] = {}
        stem = stem_word(word)
        if self.vocabulary.frequency(stem):
            weights[stem] = 1.0
        completions: dict[str, float] = {}
        if prefix and len(word) >= MIN_PREFIX:
            for completion in self.vocabulary.completions(word, MAX_COMPLETIONS):
                completions.setdefault(completion, COMPLETION_WEIGHT)
        if not weights and not completions:
            near = self.vocabulary.near(word, MAX_NEAR)
            for rank, (candidate, distance) in enumerate(near):
                # Distance 0: the typed word is itself an indexed stem ("firewal").
                weight = 1.0 if distance == 0 else NEAR_WEIGHT / distance / (1 + rank)
                weights.setdefault(candidate, weight)
        compiled.stems.update(weights, completions)
        if len(word) > SHORT_PREFIX:
            return _any_field({**completions, **weights})
        return Terms(_any_field(weights).terms + _any_field(completions, SHORT_PREFIX_FIELDS).terms)

    def _phrase(self, text: str, compiled: Compiled, phrases: list[list[str]]) -> Node | None:
        """The phrase's stems in `body`, all of them (their positions are checked by the group's
        `Phrases`, which the phrase is added to)."""
        stems = terms(text)
        if not stems:
            return None
        compiled.stems.update(stems)
        if len(stems) == 1:
            return _any_field({stems[0]: 1.0})
        phrases.append(stems)
        # Each stem in body, plus its score in the naming fields (their words are in body too).
        return _all([_any_field({stem: 1.0}, (BODY, *NAME_FIELDS)) for stem in stems])

    def _filter(self, clause: Clause) -> Node:
        name = clause.field or ""
        if name in NAMED_ONLY:
            return _all([Terms(((name, stem, 1.0),)) for stem in terms(clause.text)])
        if self.vocabulary.reader.doc_frequency(name, clause.text):
            return Terms(((name, clause.text, 1.0),))
        found = self.vocabulary.reader.expand_prefix(name, clause.text)
        return Terms(tuple((name, raw.decode("utf-8"), 1.0) for raw in found))


def _any_field(weights: dict[str, float], fields: Iterable[str] = FIELD_BOOSTS) -> Terms:
    """Any of the stems in any of the fields (field boosts come from the schema)."""
    return Terms(tuple((name, stem, weight) for name in fields for stem, weight in weights.items()))


def _all(parts: list[Node]) -> Node:
    """All of the parts (none: nothing matches)."""
    if not parts:
        return Terms(())
    return parts[0] if len(parts) == 1 else All(tuple(parts))


def _tuples(phrases: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(stems) for stems in phrases)
