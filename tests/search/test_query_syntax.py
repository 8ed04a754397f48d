"""Reading what is typed: words, phrases, filters, operators; any input reads without an error."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kbpilot.search import Searcher
from kbpilot.search.query import MAX_QUERY_CHARS, Clause, Kind, parse_query


def clauses(text: str, typing: bool = False) -> list[Clause]:
    return parse_query(text, typing).clauses()


def test_words_phrases_filters_and_exclusions() -> None:
    assert clauses('runbook "create a new ticket" system:ITGlue -letter') == [
        Clause(Kind.WORD, "runbook"),
        Clause(Kind.PHRASE, "create a new ticket"),
        Clause(Kind.FILTER, "itglue", "system"),
        Clause(Kind.WORD, "letter", negated=True),
    ]


def test_quoted_filter_values_and_field_aliases() -> None:
    assert clauses('tags:"incident response" category:Offboarding') == [
        Clause(Kind.FILTER, "incident response", "tag"),
        Clause(Kind.FILTER, "offboarding", "category"),
    ]


def test_or_splits_alternatives() -> None:
    parsed = parse_query("ransomware OR phishing breach", typing=False)
    assert [[c.text for c in group] for group in parsed.groups] == [
        ["ransomware"],
        ["phishing", "breach"],
    ]


def test_the_last_word_is_a_prefix_while_typing() -> None:
    assert clauses("offline wor", typing=True)[-1].prefix
    assert not clauses("offline wor ", typing=True)[-1].prefix
    assert clauses("runbo*")[-1].prefix


def test_an_unclosed_quote_runs_to_the_end() -> None:
    assert clauses('"create a new') == [Clause(Kind.PHRASE, "create a new")]


def test_an_unknown_field_is_read_as_words_with_a_notice() -> None:
    parsed = parse_query("owner:matthew", typing=False)
    assert parsed.clauses() == [Clause(Kind.WORD, "owner matthew")]
    assert "owner: is not a field" in parsed.notices[0]


@pytest.mark.parametrize("text", ["OR", "AND", "NOT", "-", "OR OR", "runbook OR", "NOT"])
def test_lone_operators_are_ignored_with_a_notice(text: str) -> None:
    parsed = parse_query(text, typing=False)
    assert parsed.notices
    assert all(c.text != text for c in parsed.clauses())


def test_a_filter_without_a_value_says_so() -> None:
    parsed = parse_query("system: runbook", typing=False)
    assert parsed.clauses() == [Clause(Kind.WORD, "runbook")]
    assert "system: needs a value" in parsed.notices[0]


def test_long_queries_are_cut_and_control_characters_dropped() -> None:
    parsed = parse_query("a" * 10_000, typing=False)
    assert len(parsed.text) == MAX_QUERY_CHARS
    assert parse_query("run\x00book\x1b[31m", typing=False).clauses()[0].text == "run"


BAD_INPUT = [
    '"',
    '"""',
    '"unbalanced phrase',
    "OR",
    "-",
    "NOT",
    "AND AND",
    "field:",
    "nosuchfield:value",
    "system:",
    "system:nosuchsystem",
    "category:",
    "*",
    "***",
    ":",
    "::::",
    "-*",
    "x" * 10_000,
    "offboarding " * 2_000,
    "\x00\x01\x02\x1b[2J",
    "runbook\u2028itg",
    "(((",
    'tag:"unclosed',
    "🙂 ransomware 🙂",
]


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_gives_a_result_never_an_error(searcher: Searcher, text: str) -> None:
    result = searcher.search(text)
    assert result.to_dict()["query"] == text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_searchable(searcher: Searcher, text: str) -> None:
    searcher.search(text)
    searcher.search(text, typing=False)


def ids(searcher: Searcher, text: str) -> list[str]:
    return [hit.id for hit in searcher.search(text, typing=False).hits]


def test_exclusion_or_and_filters_on_the_sample_kb(searcher: Searcher) -> None:
    assert "customer-offboarding-letter-template" not in ids(searcher, "offboarding -letter")
    assert ids(searcher, "offboarding -letter") == ids(searcher, "NOT letter offboarding")
    either = ids(searcher, "ransomware OR runbook")
    assert {
        "customer-cyber-security-incident-response-plan-for-incidents-external-to-ggit",
        "send-offboarding-customer-their-runbook-from-itg",
    } <= set(either)
    assert len(ids(searcher, "category:offb")) == 3
    assert set(ids(searcher, "format:html")) == {
        "new-prospect-and-client-intake-instructions-new-customer",
        "customer-cyber-security-incident-response-plan-for-incidents-external-to-ggit",
    }
    assert ids(searcher, "heading:notes") == ["send-offboarding-customer-their-runbook-from-itg"]
    assert ids(searcher, 'tags:"incident response"')[0].startswith("customer-cyber-security")


def test_a_word_being_typed_is_a_prefix_even_while_it_is_a_stop_word(searcher: Searcher) -> None:
    typed = [hit.id for hit in searcher.search("of").hits]
    assert "workflow-offboarding-a-customer" in typed
    assert searcher.search("in").hits[0].id.startswith("new-prospect")
    assert ids(searcher, "of") == []


def test_a_prefix_of_three_letters_completes_only_in_the_fields_that_name_an_article(
    searcher: Searcher,
) -> None:
    # "scheduling" is only in the offboarding workflow's text, no title, alias, category or tag.
    assert searcher.search("sch").hits == []
    assert searcher.search("sche").hits[0].id == "workflow-offboarding-a-customer"
    assert searcher.search("run").hits[0].id.startswith("send-offboarding")


@pytest.mark.parametrize("text", ["firewal", "uninstal", "purchas"])
def test_a_word_typed_as_its_own_indexed_stem_finds_it(searcher: Searcher, text: str) -> None:
    # Their stems (firew, uninst, purcha) are unknown; the typed word is the indexed stem of
    # firewall, uninstall, purchase, which a near-word match finds at distance 0.
    assert searcher.search(text, typing=False).hits
