"""An unchanged KB recognised by the summary of its last walk, and every change still noticed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from kbpilot.search import Searcher, changes, index, index_folder, update_index, walk
from kbpilot.search.manifest import load_manifest
from kbpilot.settings import Settings
from kbpilot.workspace import Workspace, open_workspace

RUNBOOK = "articles/send-offboarding-customer-their-runbook-from-itg.md"
DAY_NS = 86_400 * 1_000_000_000


@pytest.fixture
def indexed(workspace: Workspace) -> Workspace:
    """The sample KB indexed, its files older than the index by a day (trusted by their stat)."""
    for path in workspace.article_paths():
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - DAY_NS))
    update_index(workspace)
    return workspace


def quick_update(workspace: Workspace) -> index.UpdateReport:
    """What `kbpilot search` and the TUI's catch-up run: an update that trusts an index this
    version wrote."""
    return update_index(open_workspace(workspace.root), verify=False)


def summary_of(workspace: Workspace) -> str:
    return load_manifest(index_folder(workspace), ()).summary


def ids(workspace: Workspace, query: str) -> list[str]:
    with Searcher(workspace) as searcher:
        return [hit.id for hit in searcher.search(query, typing=False).hits]


def refuse_full_comparison(monkeypatch: pytest.MonkeyPatch) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("the KB was compared row by row")

    monkeypatch.setattr(index, "scan", refused)


def test_an_unchanged_kb_is_recognised_without_the_rows(
    indexed: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert summary_of(indexed)
    refuse_full_comparison(monkeypatch)
    report = quick_update(indexed)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 7)


def test_an_edit_of_the_same_size_is_noticed(indexed: Workspace) -> None:
    path = indexed.root / RUNBOOK
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("runbook", "quasars", 1), encoding="utf-8")
    report = quick_update(indexed)
    assert (report.updated, report.unchanged) == (1, 6)
    assert ids(indexed, "quasars") == ["send-offboarding-customer-their-runbook-from-itg"]


def test_an_edit_that_kept_size_and_mtime_just_after_indexing_is_noticed(
    workspace: Workspace,
) -> None:
    """A filesystem with coarse times can keep a file's mtime through an edit made in the same
    tick as the index was written: such a recent file is hashed, summary or not."""
    path = workspace.root / RUNBOOK
    text = path.read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    update_index(workspace)
    before = path.stat()
    path.write_text(text.replace("runbook", "quasars", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size
    report = quick_update(workspace)
    assert report.updated == 1
    assert ids(workspace, "quasars") == ["send-offboarding-customer-their-runbook-from-itg"]


def test_a_file_whose_mtime_went_backwards_is_reindexed(indexed: Workspace) -> None:
    path = indexed.root / RUNBOOK
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8") + "\nAsk about the quasar export.\n", "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns - DAY_NS))
    report = quick_update(indexed)
    assert report.updated == 1
    assert ids(indexed, "quasar") == ["send-offboarding-customer-their-runbook-from-itg"]


def test_a_clock_set_back_after_indexing_still_finds_a_new_file(indexed: Workspace) -> None:
    """A file written after the index but dated before it (the clock went back) differs from
    every summary by its key."""
    new = indexed.root / "articles" / "vpn-reset.md"
    new.write_text("---\ntitle: Reset a Client VPN\n---\n\n1. Open the quasar console\n", "utf-8")
    old = time.time_ns() - 2 * DAY_NS
    os.utime(new, ns=(old, old))
    report = quick_update(indexed)
    assert (report.added, report.unchanged) == (1, 7)
    assert ids(indexed, "quasar") == ["reset-a-client-vpn"]


def test_a_deleted_file_is_removed(indexed: Workspace) -> None:
    (indexed.root / RUNBOOK).unlink()
    report = quick_update(indexed)
    assert (report.removed, report.unchanged) == (1, 6)
    assert "send-offboarding-customer-their-runbook-from-itg" not in ids(indexed, "runbook")


def test_a_settings_change_reindexes_the_article_it_names(indexed: Workspace) -> None:
    settings = indexed.root / "kb" / "kbpilot.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('"rmm offline alert"', '"stale laptop"'), encoding="utf-8")
    report = quick_update(indexed)
    assert (report.updated, report.unchanged) == (1, 6)
    assert ids(open_workspace(indexed.root), "stale laptop") == [
        "workstation-offline-21-days-workflow"
    ]


def test_named_files_clear_the_summary_and_the_next_walk_records_it(
    indexed: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = indexed.root / RUNBOOK
    path.write_text(path.read_text(encoding="utf-8") + "\nAsk about the quasar export.\n", "utf-8")
    assert update_index(indexed, paths=[path]).updated == 1
    assert summary_of(indexed) == ""
    assert quick_update(indexed).unchanged == 7
    recorded = summary_of(indexed)
    assert recorded
    refuse_full_comparison(monkeypatch)
    assert quick_update(indexed).unchanged == 7
    assert summary_of(indexed) == recorded


def test_many_files_too_recent_to_trust_are_compared_and_restamped(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(changes, "MAX_RECENT", 2)
    for path in workspace.article_paths():
        os.utime(path)
    update_index(workspace)
    written = load_manifest(index_folder(workspace)).written_ns
    report = quick_update(workspace)
    assert (report.updated, report.unchanged) == (0, 7)
    assert load_manifest(index_folder(workspace)).written_ns > written, "restamped"


def test_the_walk_skips_hidden_files_other_names_and_dangling_links(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    (articles / ".drafts").mkdir(parents=True)
    (articles / ".drafts" / "hidden.md").write_text("# Hidden\n", encoding="utf-8")
    (articles / "team" / "howto").mkdir(parents=True)
    (articles / "team" / "howto" / "reset.md").write_text("# Reset\n", encoding="utf-8")
    (articles / "notes.pdf").write_text("not an article", encoding="utf-8")
    (articles / "top.txt").write_text("Top\n", encoding="utf-8")
    (articles / "linked.md").symlink_to(articles / "top.txt")
    (articles / "dangling.md").symlink_to(articles / "gone.md")
    workspace = open_workspace(tmp_path)
    found = walk.walk_articles(workspace)
    assert set(found.keys) == {
        "articles/team/howto/reset.md",
        "articles/top.txt",
        "articles/linked.md",
    }


def test_a_file_dated_beyond_64_bits_of_nanoseconds_has_no_summary() -> None:
    stamps = changes.Stamps(rules="rules", source=Settings())
    assert changes.summary(walk.Walk.of(["a.md"], ["articles/a.md"], [1], [2**63]), stamps) == ""
    ordinary = changes.summary(walk.Walk.of(["a.md"], ["articles/a.md"], [1], [2**62]), stamps)
    assert ordinary
