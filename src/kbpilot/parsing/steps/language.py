"""What a sentence is: an instruction, a lead-in, an alternative, an example, an outcome.

The word lists are data (src/kbpilot/defaults/reading.toml); this module compiles them once and
answers questions about one piece of text at a time, in time linear in its length.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kbpilot.parsing.steps.phrases import Phrases

# A clause ends at ", " ": " "; " ". " ") " or " - " (spaces, a dash and spaces). The pattern
# finds the mark, which the engine skips to (trying every ending at every space is 4 times
# slower); `_clauses` moves a dash's break back to the spaces before it.
_CLAUSE_MARK = re.compile(r"[,:;.)\-–—](?:(?<=[,:;.)])\s+|(?<=\s[-–—])\s+)")
_DASHES = frozenset("-–—")
_QUALIFIER = r"^(?:(?:optional|additional|other|key|main|more|common)\s+)?"
_PURPOSE = re.compile(r"to\s+(?P<verb>[a-z][a-z'-]*)\b.*:\s*$", re.IGNORECASE | re.DOTALL)
# A sentence ends at ".", "!" or "?" and spaces, not after "e.g" or "i.e" (the lookbehinds
# follow the end mark so the search skips to the marks).
_SENTENCE_END = re.compile(r"[.!?](?<!\be\.g.)(?<!\bi\.e.)\s+")
_ADMONITION = re.compile(r"\W*(?:note|tip|important|warning|caution|hint)\b\W", re.IGNORECASE)
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_WORD = re.compile(r"[a-z][a-z'-]*")
_LEADING_NOISE = re.compile(r"[\s*_`\"'“”(\[]+")
_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+")
_CLAUSE_SPAN = 600
_LABEL = re.compile(r"(?:step\s+\d+[a-z]?|\(?\d{1,3}[a-z]?[.):]|\(?[a-z][.)])\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Vocabulary:
    """The compiled word lists of reading.toml."""

    verbs: frozenset[str]
    phrasal_verbs: frozenset[str]
    openers: frozenset[str]
    not_procedure_headings: Phrases
    not_procedure_lead_ins: Phrases
    doubtful_headings: Phrases
    alternatives: tuple[str, ...]
    examples: tuple[str, ...]
    example_endings: tuple[str, ...]
    announcements: Phrases
    situations: Phrases
    outcomes: Phrases
    typed_bullets: re.Pattern[str]
    bullets: tuple[str, ...]  # what a typed bullet starts with, for a test before the pattern
    passive: re.Pattern[str]
    instructing_phrases: Phrases


@cache
def vocabulary() -> Vocabulary:
    """The built-in vocabulary, read once."""
    source = resources.files("kbpilot.defaults").joinpath("reading.toml").read_text("utf-8")
    data = tomllib.loads(source)
    return Vocabulary(
        verbs=frozenset(data["instruction_verbs"]),
        phrasal_verbs=frozenset(data["instruction_phrasal_verbs"]),
        openers=frozenset(data["clause_openers"]),
        not_procedure_headings=Phrases.compile(
            data["not_procedure_headings"], _QUALIFIER + r"(?:", r")(?:e?s)?\b"
        ),
        doubtful_headings=Phrases.compile(data["doubtful_headings"], _QUALIFIER + r"(?:", r")\b"),
        not_procedure_lead_ins=Phrases.compile(
            data["not_procedure_lead_ins"], r"(?<!\w)(?:", r")(?!\w)"
        ),
        alternatives=tuple(data["alternative_openers"]),
        examples=tuple(data["example_openers"]),
        example_endings=tuple(data["example_lead_in_endings"]),
        situations=Phrases.compile(data["situation_openers"], r"^\W*(?:", r")\s"),
        announcements=Phrases.compile(data["procedure_announcements"], r"(?<!\w)(?:", r")(?!\w)"),
        outcomes=Phrases.compile(data["outcome_phrases"], r"(?<!\w)(?:", r")(?!\w)"),
        passive=_passive(data["passive_auxiliaries"], data["irregular_participles"]),
        instructing_phrases=Phrases.compile(data["instructing_phrases"], r"(?<!\w)(?:", r")(?!\w)"),
        bullets=tuple(data["typed_bullets"]),
        typed_bullets=re.compile(
            "(?P<bullet>"
            + "|".join(re.escape(b) for b in data["typed_bullets"])
            + r")\s+(?P<text>\S.*)",
            re.DOTALL,
        ),
    )


def _passive(auxiliaries: list[str], participles: list[str]) -> re.Pattern[str]:
    """An auxiliary, an optional -ly adverb, then a participle: "are automatically removed"."""
    auxiliary = "|".join(re.escape(word) for word in sorted(auxiliaries, key=len, reverse=True))
    irregular = "|".join(re.escape(word) for word in participles)
    return re.compile(
        rf"\b(?:{auxiliary})\s+(?:[a-z]+ly\s+)?(?:[a-z]+ed|{irregular})\b", re.IGNORECASE
    )


def is_instruction(text: str, first_sentence: bool = False) -> bool:
    """Whether the text tells the reader to do something: a clause of it starts with an
    instruction verb, directly or after an opener ("If prompted, enter ..."). With
    `first_sentence`, only the clauses of the first sentence count."""
    words = vocabulary()
    start = _end(_LABEL, text, _end(_LEADING_NOISE, text, 0))
    # Only the first _CLAUSE_SPAN characters are read: a sentence end after them changes
    # nothing, and one just before them needs one more character to be seen.
    body = text[start : start + _CLAUSE_SPAN + 1]
    if first_sentence:
        body = _SENTENCE_END.split(body, maxsplit=1)[0]
    for clause in _clauses(body):
        first = _first_words(clause, 3)
        if first and first[0] in words.openers:
            first = first[1:]
        if first and (first[0] in words.verbs or " ".join(first[:2]) in words.phrasal_verbs):
            return True
    return False


def _clauses(text: str, limit: int | None = 8) -> Iterator[str]:
    """The first few clauses of a text (every one with no `limit`): sentence and comma
    boundaries. They are cut as they are read, so a caller that stops at the first instruction
    does not cut the rest."""
    text = text[:_CLAUSE_SPAN]
    start = position = count = 0
    while limit is None or count < limit:
        found = _CLAUSE_MARK.search(text, position)
        if found is None:
            break
        end = found.start()
        if text[end] in _DASHES:
            if end - 1 < start:  # the spaces before the dash ended the last clause
                position = end + 1
                continue
            while end > start and text[end - 1].isspace():
                end -= 1
        yield text[start:end]
        start = position = found.end()
        count += 1
    yield text[start:]


def _end(pattern: re.Pattern[str], text: str, start: int) -> int:
    """Where a match of `pattern` at `start` ends (`start` with none): what it skips."""
    found = pattern.match(text, start)
    return found.end() if found else start


def _first_words(text: str, count: int) -> list[str]:
    return _WORD.findall(text[:80].lower())[:count]


def is_purpose_lead_in(text: str) -> bool:
    """A lead-in naming what the next block does: "To reset a password with the task:"."""
    found = _PURPOSE.match(text.strip())
    return found is not None and found["verb"].lower() in vocabulary().verbs


def is_doubtful_heading(heading: str | None) -> bool:
    """A heading such as "Troubleshooting", whose lists may be problems rather than steps."""
    return heading is not None and bool(
        vocabulary().doubtful_headings.match(heading.strip().rstrip(":").strip())
    )


def is_lead_in(text: str) -> bool:
    """A sentence that announces what follows ("Do the following:")."""
    return text.rstrip().endswith(":")


def names_no_procedure_heading(heading: str | None) -> bool:
    """A heading such as "Prerequisites", "Contents" or "1 Before you start", whose lists are
    not procedures."""
    return heading is not None and bool(
        vocabulary().not_procedure_headings.match(
            _SECTION_NUMBER.sub("", heading.strip()).rstrip(":").strip()
        )
    )


def names_no_procedure_lead_in(text: str) -> bool:
    """A lead-in such as "You will need the following:", whose list is not a procedure, or
    one that describes what the list holds ("The following items are created:"). Only a
    paragraph ending with ":" introduces the list: one that ends "For more information,
    see [Vault layout]." says nothing about the list after it."""
    if not is_lead_in(text):
        return False
    text = _read_past_instructing(text)
    return bool(vocabulary().not_procedure_lead_ins.search(text[:400])) or _describes_list(text)


def _read_past_instructing(text: str) -> str:
    """The text with the phrases that instruct ("you'll need to", "it is recommended to")
    taken out, so that what they instruct is what the checks read."""
    phrases = vocabulary().instructing_phrases
    return phrases.pattern.sub(" ", text) if phrases.may_occur(text) else text


def _describes_list(lead_in: str) -> bool:
    """A lead-in whose last clause says in the passive what the system does or holds
    ("The corresponding services are removed automatically:"), unless that clause opens
    like "After the file is downloaded:" or the sentence instructs."""
    last = last_sentence(lead_in)
    *_, clause = _clauses(last, limit=None)
    words = vocabulary()
    first = _first_words(clause, 1)
    if not first or first[0] in words.openers or not words.passive.search(clause):
        return False
    return not is_instruction(last)


def last_sentence(text: str) -> str:
    """The last sentence of a paragraph (of its last 600 characters): in a lead-in, the one
    that introduces what follows."""
    return _SENTENCE_END.split(text.strip()[-_CLAUSE_SPAN:])[-1]


def is_alternative(text: str) -> bool:
    """A paragraph offering another way to do the step before it ("Or, run ...")."""
    first = text.lstrip().lower()
    return any(first.startswith(opener + " ") for opener in vocabulary().alternatives)


def is_example(text: str) -> bool:
    """A paragraph that illustrates: one of its sentences opens "For example", "e.g." ...,
    or it ends by introducing an instance ("..., such as:")."""
    words = vocabulary()
    if text.rstrip().lower().endswith(words.example_endings):
        return True
    head = text[:600].lower()
    if not any(opener in head for opener in words.examples):
        return False
    sentences = _SENTENCE_END.split(head)
    return any(sentence.lstrip().startswith(words.examples) for sentence in sentences)


def instructs_what_follows(lead_in: str | None) -> bool:
    """A lead-in that tells the reader to do what follows: "To reset it, do the following:"."""
    if not lead_in or not is_lead_in(lead_in) or names_no_procedure_lead_in(lead_in):
        return False
    return is_instruction(lead_in) or is_purpose_lead_in(lead_in)


def asks_for_what_follows(lead_in: str | None) -> bool:
    """A lead-in whose last sentence tells the reader to do the list after it ("Check the
    following:", "If you still need it, please make sure you do the following:"): the list
    is what to do, whatever its items say. "To install it, you need:" and "Open the
    console. You will see the following:" do not ask."""
    if not lead_in or not is_lead_in(lead_in) or names_no_procedure_lead_in(lead_in):
        return False
    return is_instruction(last_sentence(lead_in))


def opens_with_instruction(text: str) -> bool:
    """A paragraph that is a step of its own: its first sentence instructs, and it neither
    offers an alternative, illustrates, describes output nor leads in to something else."""
    if is_lead_in(text) or not is_instruction(text, first_sentence=True):
        return False  # asked first: most paragraphs are no instruction, which says it soonest
    return not (
        is_alternative(text)
        or is_example(text)
        or describes_outcome(text)
        or _ADMONITION.match(text)
    )


def typed_bullet(text: str) -> tuple[str, str] | None:
    """The bullet character a paragraph starts with ("o Open the file") and its text, or None."""
    words = vocabulary()
    if not text.startswith(words.bullets):
        return None
    found = words.typed_bullets.match(text)
    return (found["bullet"], found["text"]) if found else None


def names_situation(text: str) -> bool:
    """A clause naming when to act rather than what to do: "To remove the warning, or"."""
    return bool(vocabulary().situations.match(text))


def announces_procedure(text: str) -> bool:
    """A paragraph announcing the procedure after it: "..., here is how to do it."."""
    return bool(vocabulary().announcements.search(text[:400]))


def instruction_sentences(text: str) -> list[str]:
    """The sentences of a paragraph when it has several and each is an instruction ("Save
    them all to the current directory. Obtain the signing key:"); otherwise none."""
    sentences = [s for s in _SENTENCE_SPLIT.split(text.strip()) if s]
    if len(sentences) < 2 or not all(is_instruction(s, first_sentence=True) for s in sentences):
        return []
    return sentences


def describes_outcome(text: str) -> bool:
    """A sentence describing what happens or what the output looks like."""
    return bool(vocabulary().outcomes.search(text[:400]))
