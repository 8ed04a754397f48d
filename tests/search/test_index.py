"""The index on disk: built on first use, then only what changed; damaged or old ones rebuilt."""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import closing
from pathlib import Path

import pytest

from kbpilot.errors import KbpilotError
from kbpilot.search import Searcher, SearchResult, index_folder, search_once, update_index, walk
from kbpilot.search.manifest import MANIFEST_NAME
from kbpilot.workspace import Workspace, open_workspace

RUNBOOK = "articles/send-offboarding-customer-their-runbook-from-itg.md"


def ids(workspace: Workspace, query: str) -> list[str]:
    with Searcher(workspace) as searcher:
        return [hit.id for hit in searcher.search(query).hits]


def corrupt_index(workspace: Workspace) -> None:
    for path in index_folder(workspace).iterdir():
        if path.name.startswith(("_MAIN", "MAIN_")) and path.suffix in (".toc", ".seg"):
            path.write_bytes(b"\x00garbage" * 10)


def test_first_run_indexes_everything_into_kb_index(workspace: Workspace) -> None:
    report = update_index(workspace)
    assert (report.added, report.updated, report.removed) == (7, 0, 0)
    folder = workspace.root / "kb" / ".index"
    assert index_folder(workspace) == folder
    assert (folder / ".gitignore").read_text() == "*\n"
    assert (folder / MANIFEST_NAME).is_file()


def test_a_second_run_changes_nothing(workspace: Workspace) -> None:
    update_index(workspace)
    report = update_index(workspace)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 0, 0, 7)
    assert not report.changed


def test_an_edited_article_is_searchable_at_once(workspace: Workspace) -> None:
    with Searcher(workspace) as searcher:
        assert not searcher.search("quasar").hits
        path = workspace.root / RUNBOOK
        path.write_text(path.read_text() + "\nAsk about the quasar export.\n", encoding="utf-8")
        report = searcher.refresh()
        assert (report.added, report.updated, report.removed) == (0, 1, 0)
        hits = searcher.search("quasar").hits
    assert [hit.id for hit in hits] == ["send-offboarding-customer-their-runbook-from-itg"]


def test_named_files_are_indexed_without_a_walk_of_the_kb(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Searcher(workspace) as searcher:
        monkeypatch.setattr(walk, "walk_articles", walk_refused)
        edited, gone = workspace.root / RUNBOOK, workspace.article_paths()[0]
        edited.write_text(edited.read_text() + "\nAsk about the quasar export.\n", "utf-8")
        gone.unlink()
        (workspace.root / "kb" / "notes.md").write_text("quasar", encoding="utf-8")
        report = searcher.refresh(paths=[edited, gone, workspace.root / "kb" / "notes.md"])
        assert report is not None
        assert (report.added, report.updated, report.removed) == (0, 1, 1)
        assert [hit.id for hit in searcher.search("quasar").hits] == [
            "send-offboarding-customer-their-runbook-from-itg"
        ]
        report = searcher.refresh(paths=[edited])
        assert report is not None and not report.changed
    monkeypatch.undo()
    assert not update_index(workspace).changed, "the manifest saw every change"


def walk_refused(workspace: Workspace) -> list[object]:
    raise AssertionError("the whole KB was walked")


def test_added_and_removed_articles(workspace: Workspace) -> None:
    update_index(workspace)
    (workspace.root / "articles" / "vpn-reset.md").write_text(
        "---\ntitle: Reset a Client VPN\n---\n\n1. Open the **Datto RMM** device\n",
        encoding="utf-8",
    )
    (workspace.root / "articles" / "workflow-rules-in-autotask.md").unlink()
    report = update_index(workspace)
    assert (report.added, report.updated, report.removed) == (1, 0, 1)
    assert ids(workspace, "vpn")[0] == "reset-a-client-vpn"
    assert "workflow-rules-in-autotask" not in ids(workspace, "workflow rules")


def test_markdown_emphasis_is_searchable_and_highlighted(workspace: Workspace) -> None:
    (workspace.root / "articles" / "patching.md").write_text(
        "---\ntitle: Patch Tuesday\n---\n\nApprove patches in **Datto RMM** first.\n",
        encoding="utf-8",
    )
    with Searcher(workspace) as searcher:
        hit = searcher.search("datto patch").hits[0]
    assert hit.id == "patch-tuesday"
    assert "**Datto** **RMM**" not in hit.snippet.marked()
    assert "**Datto** RMM" in hit.snippet.marked()


def test_a_touched_but_unchanged_file_is_not_reindexed(workspace: Workspace) -> None:
    update_index(workspace)
    later = time.time() + 60
    os.utime(workspace.root / RUNBOOK, (later, later))
    report = update_index(workspace)
    assert (report.added, report.updated, report.unchanged) == (0, 0, 7)
    again = update_index(workspace)
    assert (again.updated, again.unchanged) == (0, 7)


def test_a_settings_change_reindexes_the_article_it_names(workspace: Workspace) -> None:
    update_index(workspace)
    settings = workspace.root / "kb" / "kbpilot.toml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace('"rmm offline alert"', '"rmm offline alert", "stale laptop"'), encoding="utf-8"
    )
    fresh = open_workspace(workspace.root)
    report = update_index(fresh)
    assert (report.added, report.updated) == (0, 1)
    assert ids(fresh, "stale laptop")[0] == "workstation-offline-21-days-workflow"


def test_rebuild_reindexes_everything(workspace: Workspace) -> None:
    update_index(workspace)
    report = update_index(workspace, rebuild=True)
    assert (report.added, report.updated, report.removed) == (0, 7, 0)
    assert ids(workspace, "runbook")[0] == "send-offboarding-customer-their-runbook-from-itg"


def test_a_corrupt_index_is_rebuilt_with_a_reason(workspace: Workspace) -> None:
    update_index(workspace)
    corrupt_index(workspace)
    report = update_index(workspace)
    assert report.rebuilt and "could not be read" in report.rebuilt
    assert report.added == 7
    assert ids(workspace, "runbook")


def test_a_searcher_rebuilds_a_corrupt_index_it_cannot_open(workspace: Workspace) -> None:
    update_index(workspace)
    corrupt_index(workspace)
    with Searcher(workspace) as searcher:
        assert searcher.report is not None and searcher.report.rebuilt
        assert "could not be read" in searcher.report.rebuilt
        assert searcher.search("runbook").hits
    corrupt_index(workspace)
    with pytest.raises(KbpilotError, match=r"could not be read .*run `kbpilot index`"):
        Searcher(workspace, update=False)


def test_an_index_from_another_version_is_rebuilt(workspace: Workspace) -> None:
    update_index(workspace)
    with closing(sqlite3.connect(index_folder(workspace) / MANIFEST_NAME)) as db, db:
        db.execute("UPDATE meta SET value = '0:0.0.1' WHERE key = 'version'")
    report = update_index(workspace)
    assert report.rebuilt == "the index was written by another version of kbpilot"
    assert report.added == 7


def test_a_missing_manifest_means_a_rebuild(workspace: Workspace) -> None:
    update_index(workspace)
    (index_folder(workspace) / MANIFEST_NAME).unlink()
    report = update_index(workspace)
    assert report.rebuilt == "the index has no manifest"


def test_an_unreadable_article_is_indexed_by_name(workspace: Workspace) -> None:
    (workspace.root / "articles" / "empty-notes.md").write_bytes(b"")
    assert ids(workspace, "empty notes") == ["empty-notes"]


def test_a_kb_without_articles_searches_nothing(tmp_path: Path) -> None:
    empty = open_workspace(tmp_path)
    with Searcher(empty) as searcher:
        result = searcher.search("anything")
    assert result.hits == [] and result.suggestion is None


def test_a_kb_given_as_a_relative_path_keeps_its_manifest(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(workspace.root.parent)
    relative = open_workspace(Path(workspace.root.name))
    assert update_index(relative).added == 7
    again = update_index(relative)
    assert again.rebuilt is None and not again.changed


def test_an_open_searcher_follows_a_rebuild_from_scratch(workspace: Workspace) -> None:
    with Searcher(workspace) as searcher:
        (index_folder(workspace) / MANIFEST_NAME).unlink()
        (workspace.root / "articles" / "new.md").write_text("---\ntitle: Zebra\n---\n\nzebra\n")
        assert update_index(workspace).rebuilt == "the index has no manifest"
        searcher.refresh(update=False)
        assert [hit.id for hit in searcher.search("zebra").hits] == ["zebra"]
        assert searcher.search("runbook").hits[0].title.startswith("Send Offboarding")


def test_the_last_built_index_opens_as_it_is_and_catches_up_on_refresh(
    workspace: Workspace,
) -> None:
    assert Searcher.last_built(workspace) is None
    update_index(workspace)
    path = workspace.root / RUNBOOK
    path.write_text(path.read_text() + "\nAsk about the quasar export.\n", encoding="utf-8")
    searcher = Searcher.last_built(workspace)
    assert searcher is not None
    with searcher:
        assert searcher.search("quasar").hits == []
        report = searcher.refresh()
        assert report is not None and report.updated == 1
        assert [hit.id for hit in searcher.search("quasar").hits] == [
            "send-offboarding-customer-their-runbook-from-itg"
        ]


def test_an_index_another_version_wrote_is_not_opened_as_last_built(workspace: Workspace) -> None:
    update_index(workspace)
    with closing(sqlite3.connect(index_folder(workspace) / MANIFEST_NAME)) as db, db:
        db.execute("UPDATE meta SET value = '0:0.0' WHERE key = 'version'")
    assert Searcher.last_built(workspace) is None


def searches_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The queries every Searcher searches from now on."""
    searched: list[str] = []
    search = Searcher.search

    def counted(self: Searcher, text: str, limit: int = 10, typing: bool = True) -> SearchResult:
        searched.append(text)
        return search(self, text, limit, typing)

    monkeypatch.setattr(Searcher, "search", counted)
    return searched


def test_search_once_searches_a_fresh_index_once(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    update_index(workspace)
    searched = searches_counted(monkeypatch)
    result, report = search_once(workspace, "runbook")
    assert report is not None and not report.changed and result.hits
    assert searched == ["runbook"]


def test_search_once_searches_again_after_the_update_indexed_an_edit(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    update_index(workspace)
    path = workspace.root / RUNBOOK
    path.write_text(path.read_text() + "\nAsk about the quasar export.\n", encoding="utf-8")
    searched = searches_counted(monkeypatch)
    result, report = search_once(workspace, "quasar")
    assert report is not None and report.updated == 1
    assert [hit.id for hit in result.hits] == ["send-offboarding-customer-their-runbook-from-itg"]
    assert searched == ["quasar", "quasar"]


def test_search_once_without_an_index_builds_it_first(workspace: Workspace) -> None:
    result, report = search_once(workspace, "runbook")
    assert report is not None and report.added == 7 and result.hits
