"""Parsed clauses to a whoosh query, with each typed word resolved against the index's words.

A word the index knows matches its stem in every searchable field (BM25F, title and aliases
boosted); the word being typed also matches its most frequent completions (a prefix of up to
`SHORT_PREFIX` letters only in the fields that name an article); an unknown word of 4+
letters matches its nearest known words, weighted by how near they are. Phrases match their
stems at adjacent positions of `body` (`phrases`), ranked by those and by the title and aliases.
What matched is kept for the snippet.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from kbpilot.search.analysis import folded_words, stem_word, terms, words
from kbpilot.search.engine import (
    And,
    AndMaybe,
    AndNot,
    DefaultOr,
    Every,
    NullQuery,
    Or,
    Prefix,
    Query,
    Term,
)
from kbpilot.search.phrases import Phrases, Threshold
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


@dataclass
class Compiled:
    """The whoosh query, and the stems it can match (for highlighting and the matching step)."""

    query: Query | None
    stems: set[str] = field(default_factory=set)


class Compiler:
    """Builds queries against one reader's vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary

    def compile(self, parsed: ParsedQuery, threshold: Threshold | None = None) -> Compiled:
        """The query; `threshold` (the collector's, see `phrases`) lets a query of one group
        pass over documents that cannot enter the hits without reading their positions."""
        compiled = Compiled(query=None)
        alternatives = []
        alone = len(parsed.groups) == 1
        for group in parsed.groups:
            query = self._group(group, compiled, threshold if alone else None)
            if query is not None:
                alternatives.append(query)
        if alternatives:
            compiled.query = alternatives[0] if len(alternatives) == 1 else Or(alternatives)
        return compiled

    def _group(
        self, group: list[Clause], compiled: Compiled, threshold: Threshold | None
    ) -> Query | None:
        wanted: list[Query] = []
        unwanted: list[Query] = []
        phrases: list[list[str]] = []
        for clause in group:
            if clause.negated:
                own: list[list[str]] = []
                query = self._clause(clause, Compiled(None), own)
                if query is not None:
                    unwanted.append(Phrases(query, own) if own else query)
            else:
                query = self._clause(clause, compiled, phrases)
                if query is not None:
                    wanted.append(query)
        if not wanted and not unwanted:
            return None
        positive: Query = Every() if not wanted else wanted[0] if len(wanted) == 1 else And(wanted)
        if unwanted:
            positive = AndNot(positive, unwanted[0] if len(unwanted) == 1 else Or(unwanted))
        return Phrases(positive, phrases, threshold) if phrases else positive

    def _clause(self, clause: Clause, compiled: Compiled, phrases: list[list[str]]) -> Query | None:
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
        return parts[0] if len(parts) == 1 else And(parts)

    def _word(self, word: str, prefix: bool, compiled: Compiled) -> Query:
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
        if not weights and not completions:
            return NullQuery
        compiled.stems.update(weights, completions)
        if len(word) > SHORT_PREFIX:
            return _any_field({**completions, **weights})
        parts = [_any_field(weights)] if weights else []
        if completions:
            parts.append(_any_field(completions, SHORT_PREFIX_FIELDS))
        return parts[0] if len(parts) == 1 else Or(parts)

    def _phrase(self, text: str, compiled: Compiled, phrases: list[list[str]]) -> Query | None:
        """The phrase's stems in `body`, all of them (their positions are checked by the group's
        `Phrases`, which the phrase is added to)."""
        stems = terms(text)
        if not stems:
            return None
        compiled.stems.update(stems)
        if len(stems) == 1:
            return _any_field({stems[0]: 1.0})
        phrases.append(stems)
        named = _any_field(dict.fromkeys(stems, 1.0), NAME_FIELDS)
        return AndMaybe(And([Term(BODY, stem) for stem in stems]), named)

    def _filter(self, clause: Clause) -> Query:
        name = clause.field or ""
        if name in NAMED_ONLY:
            stems = terms(clause.text)
            return And([Term(name, stem) for stem in stems]) if stems else NullQuery
        if self.vocabulary.reader.doc_frequency(name, clause.text):
            return Term(name, clause.text)
        return Prefix(name, clause.text)


def _any_field(weights: dict[str, float], fields: Iterable[str] = FIELD_BOOSTS) -> Query:
    """Any of the stems in any searchable field (field boosts come from the schema).

    A binary tree of unions: unlike the array union whoosh picks for small segments, it lets the
    collector skip blocks that cannot reach the top hits (5x faster at 10,000 articles).
    """
    return DefaultOr(
        [Term(name, stem, boost=weight) for name in fields for stem, weight in weights.items()]
    )
