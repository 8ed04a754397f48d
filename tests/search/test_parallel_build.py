"""A large batch is parsed and indexed by worker processes and gives the same answers."""

from __future__ import annotations

import re
import statistics
from pathlib import Path

import pytest
from bench.corpus import MAX_BYTES, generate

from kbpilot.search import Searcher, batch, update_index
from kbpilot.workspace import open_workspace

QUERIES = ["offboarding", "runbook itg", '"create a new ticket"', "system:itglue", "ofboarding"]


def answers(root: Path) -> list[list[tuple[str, float]]]:
    with Searcher(open_workspace(root), update=False) as searcher:
        return [
            [(hit.id, round(hit.score, 4)) for hit in searcher.search(query).hits]
            for query in QUERIES
        ]


def test_workers_and_one_process_index_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    serial, parallel = tmp_path / "serial", tmp_path / "parallel"
    generate(serial, 40)
    generate(parallel, 40)
    update_index(open_workspace(serial))
    monkeypatch.setattr(batch, "PARALLEL_MIN", 10)
    monkeypatch.setattr(batch, "available_cpus", lambda: 2)
    ticks: list[tuple[int, int]] = []
    report = update_index(open_workspace(parallel), progress=lambda d, t: ticks.append((d, t)))
    assert report.added == 40
    assert ticks[-1] == (40, 40)
    assert len(list((parallel / "kb" / ".index").glob("MAIN_*.seg"))) == 2, "one segment a worker"
    expected, found = answers(serial), answers(parallel)
    assert all(expected)
    for one, other in zip(expected, found, strict=True):
        assert [score for _, score in one] == [score for _, score in other]
        assert one[0] == other[0] or one[0][1] == one[1][1]


def test_the_corpus_is_deterministic(tmp_path: Path) -> None:
    first = generate(tmp_path / "a", 30, seed=3)
    second = generate(tmp_path / "b", 30, seed=3)
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
    assert {p.suffix for p in first} == {".md", ".html", ".txt"}


def test_the_corpus_is_sized_like_real_articles_and_its_vocabulary_grows(tmp_path: Path) -> None:
    files = generate(tmp_path, 400)
    sizes = sorted(path.stat().st_size for path in files)
    assert 3_800 <= statistics.median(sizes) <= 5_200, "real articles' median is about 4.5 KB"
    assert 8_500 <= sizes[int(0.9 * len(sizes))] <= 11_500, "and their 90th percentile 10 KB"
    assert sizes[-1] <= MAX_BYTES
    vocabulary = [set(re.findall(r"\w+", path.read_text(encoding="utf-8"))) for path in files]
    first, all_of_them = set().union(*vocabulary[:100]), set().union(*vocabulary)
    assert len(all_of_them) > 1.5 * len(first), "new words keep coming as the corpus grows"
