"""Phrases: the words next to each other and in order; only the top hits' positions are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from kbpilot.search import Searcher
from kbpilot.workspace import Workspace, open_workspace


def article(root: Path, name: str, title: str, text: str) -> None:
    folder = root / "articles"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(f"# {title}\n\n{text}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def phrase_kb(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """Forty articles holding both 'password' and 'reset', in many orders and distances; those
    whose number is a multiple of three say "password reset" (repeated with their number, so
    their scores differ), the others not."""
    root = tmp_path_factory.mktemp("phrases")
    (root / "kb").mkdir()
    for n in range(40):
        if n % 3 == 0:
            text = " ".join(["Start the password reset for the user."] * (1 + n % 5))
        else:
            text = " ".join(["Reset the account, then the password changes."] * (1 + n % 5))
        article(root, f"note-{n:02}", f"Account note {n}", f"{text}\n\nMore about accounts.")
    return open_workspace(root)


def ids(searcher: Searcher, query: str, limit: int) -> list[str]:
    return [hit.id for hit in searcher.search(query, limit=limit, typing=False).hits]


def test_a_phrase_matches_its_words_next_to_each_other_in_order(phrase_kb: Workspace) -> None:
    with Searcher(phrase_kb) as searcher:
        found = ids(searcher, '"password reset"', 50)
        assert sorted(found) == sorted(f"account-note-{n}" for n in range(0, 40, 3))
        assert ids(searcher, '"reset password"', 50) == []
        assert ids(searcher, '"reset the account"', 50)


@pytest.mark.parametrize("limit", [1, 2, 5, 13])
def test_fewer_hits_are_the_first_of_the_full_list(phrase_kb: Workspace, limit: int) -> None:
    # A short list passes over documents that cannot enter it without reading their positions;
    # it must still be the head of the full, fully checked list.
    with Searcher(phrase_kb) as searcher:
        assert (
            ids(searcher, '"password reset"', limit)
            == ids(searcher, '"password reset"', 50)[:limit]
        )
        assert (
            ids(searcher, '"password reset" account', limit)
            == ids(searcher, '"password reset" account', 50)[:limit]
        )


def test_a_phrase_in_an_alternative_or_excluded(phrase_kb: Workspace) -> None:
    with Searcher(phrase_kb) as searcher:
        both = ids(searcher, '"password reset" OR "reset the account"', 50)
        assert len(both) == 40
        assert sorted(ids(searcher, 'password -"password reset"', 50)) == sorted(
            ids(searcher, '"reset the account"', 50)
        )
