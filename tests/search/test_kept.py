"""What a searcher keeps of its searches for the next ones, and reads ahead for them: the same
answers as a fresh searcher, and nothing of it survives an edit of the KB."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from whoosh.reading import SegmentReader

from kbpilot.search import Searcher, SearchProcess, index_folder, update_index
from kbpilot.search.compile import Compiler
from kbpilot.search.index import open_index
from kbpilot.search.query import parse_query
from kbpilot.search.recent import Recent
from kbpilot.search.schema import FIELD_BOOSTS
from kbpilot.search.vocabulary import Vocabulary
from kbpilot.workspace import Workspace

RUNBOOK = "articles/send-offboarding-customer-their-runbook-from-itg.md"
# Clauses kept by one query and read by the next: a word then the same word excluded, phrases,
# alternatives, filters, prefixes being typed.
QUERIES = [
    "customer",
    "customer -letter",
    "letter -customer",
    "offboarding",
    '"offboarding letter"',
    'offboarding -"offboarding letter"',
    "ransomware OR runbook",
    "runbook OR ransomware",
    "system:autotask ticket",
    "o",
    "of",
    "off",
    "offb",
    "offboarding cu",
    "offboarding cus",
    "ofbordnig",
]


def test_kept_searches_answer_as_a_fresh_searcher(workspace: Workspace) -> None:
    update_index(workspace)
    with Searcher(workspace) as kept:
        for _ in range(2):
            for text in QUERIES:
                with Searcher(workspace, update=False) as fresh:
                    assert kept.search(text, limit=5) == fresh.search(text, limit=5), text


def test_reading_ahead_answers_as_a_fresh_searcher(workspace: Workspace) -> None:
    update_index(workspace)
    with Searcher(workspace) as kept:
        steps = {}
        for text in ["o", "of", "off", "offb", "offboarding cu", "offboarding cus", "r", "ru"]:
            kept.search(text, limit=5)
            steps[text] = sum(1 for _ in kept.ahead(text))
        assert steps["of"] and steps["offboarding cu"] and steps["ru"]
        assert steps["o"] == steps["offb"] == 0
        with Searcher(workspace, update=False) as fresh:
            for text in ["offbo", "offboarding cust", "run", "runb"]:
                assert kept.search(text, limit=5) == fresh.search(text, limit=5), text


def test_only_a_short_word_being_typed_is_read_ahead(indexed_kb: Workspace) -> None:
    update_index(indexed_kb)
    vocabulary = Vocabulary(open_index(index_folder(indexed_kb)).reader())
    compiler = Compiler(vocabulary)

    def ahead(text: str, typing: bool = True) -> list[tuple[str, str]]:
        return compiler.ahead(parse_query(text, typing))

    found = ahead("offboarding cu")
    assert found and {field for field, _ in found} == {"steps", "body"} < set(FIELD_BOOSTS)
    assert {stem for _, stem in found} == set(vocabulary.completions("cu", 8))
    assert ahead("cus") and ahead("of")
    for text in ["c", "cust", "offboarding", '"cu', "-cu", "category:cu"]:
        assert ahead(text) == [], text
    assert ahead("cu", typing=False) == []


def test_reading_ahead_stops_at_a_new_generation(workspace: Workspace) -> None:
    update_index(workspace)
    path = workspace.root / RUNBOOK
    with Searcher(workspace) as searcher:
        steps = searcher.ahead("cu")
        next(steps)
        path.write_text(path.read_text() + "\nThe quasar export.\n", encoding="utf-8")
        searcher.refresh(paths=[path])
        assert list(steps) == []


def test_forgetting_answers_the_same(workspace: Workspace) -> None:
    update_index(workspace)
    with Searcher(workspace) as searcher:
        for text in QUERIES:
            first = searcher.search(text, limit=5)
            searcher.forget()
            assert searcher.search(text, limit=5) == first


def test_an_edit_is_found_after_a_kept_search(workspace: Workspace) -> None:
    update_index(workspace)
    path = workspace.root / RUNBOOK
    with Searcher(workspace) as searcher:
        assert searcher.search("quasar").hits == []
        before = searcher.search("runbook export", limit=10)
        path.write_text(
            path.read_text() + "\nThe quasar runbook export, a runbook export again.\n",
            encoding="utf-8",
        )
        searcher.refresh(paths=[path])
        assert [hit.id for hit in searcher.search("quasar").hits] == [
            "send-offboarding-customer-their-runbook-from-itg"
        ]
        after = searcher.search("runbook export", limit=10)
        assert after != before
        # The old version of the article, deleted in the new generation, is not found.
        assert len({hit.id for hit in after.hits}) == len(after.hits)
        with Searcher(workspace, update=False) as fresh:
            assert after == fresh.search("runbook export", limit=10)


def test_the_search_process_answers_typed_words_as_the_searcher_does(
    workspace: Workspace,
) -> None:
    update_index(workspace)
    with Searcher(workspace) as local, SearchProcess(workspace) as remote:
        remote.wait_until_open()
        for word in ("offboarding customer", "runbook"):
            for end in range(1, len(word) + 1):
                assert remote.search(word[:end], limit=5) == local.search(word[:end], limit=5)


def test_the_search_process_finds_an_edit_after_a_kept_search(workspace: Workspace) -> None:
    update_index(workspace)
    path = workspace.root / RUNBOOK
    with SearchProcess(workspace) as remote:
        remote.wait_until_open()
        assert remote.search("quas").hits == []
        path.write_text(path.read_text() + "\nAsk about the quasar export.\n", encoding="utf-8")
        assert remote.catch_up(paths=[path])
        assert [hit.id for hit in remote.search("quas").hits] == [
            "send-offboarding-customer-their-runbook-from-itg"
        ]


def test_the_least_recently_used_go_first_past_the_capacity() -> None:
    kept: Recent[str, str] = Recent(5, len)
    kept.put("a", "aa")
    kept.put("b", "bb")
    assert kept.get("a") == "aa"
    kept.put("c", "cc")
    assert kept.get("b") is None
    assert (kept.get("a"), kept.get("c"), kept.total) == ("aa", "cc", 4)
    kept.put("d", "dddddddd")
    assert (kept.get("a"), kept.get("c"), kept.get("d"), kept.total) == (None, None, "dddddddd", 8)
    kept.clear()
    assert (kept.get("d"), kept.total) == (None, 0)


def test_a_stored_record_is_unpickled_once_for_the_phrase_check_and_the_hit(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    update_index(workspace)
    read: Counter[tuple[int, int]] = Counter()
    original = SegmentReader.stored_fields

    def counted(self: SegmentReader, doc: int) -> dict[str, Any]:
        read[id(self), doc] += 1
        return original(self, doc)

    monkeypatch.setattr(SegmentReader, "stored_fields", counted)
    with Searcher(workspace) as searcher:
        hits = searcher.search('"offboarding letter"', limit=5).hits
        assert hits
        assert read and max(read.values()) == 1
        searcher.forget()
        read.clear()
        assert searcher.search('"offboarding letter"', limit=5).hits == hits
        assert read and max(read.values()) == 1
