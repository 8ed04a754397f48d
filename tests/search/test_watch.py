"""A watched KB: an article saved while a searcher is open is indexed by name, with no walk."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from kbpilot.search import Searcher, walk
from kbpilot.search.watch import ArticleWatcher
from kbpilot.workspace import Workspace


def test_a_saved_article_is_searchable_without_a_walk_of_the_kb(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[set[Path]] = []
    indexed = threading.Event()
    with Searcher(workspace) as searcher:
        monkeypatch.setattr(walk, "walk_articles", lambda _: pytest.fail("the KB was walked"))

        def index(paths: set[Path]) -> None:
            seen.append(paths)
            report = searcher.refresh(paths=paths)
            if report is not None and report.changed:
                indexed.set()

        watcher = ArticleWatcher(workspace, index)
        watcher.start()
        try:
            assert watcher.ready.wait(timeout=20)
            (workspace.articles_dir / "notes.txt~").write_text("quasar", encoding="utf-8")
            article = workspace.articles_dir / "quasar-export.md"
            article.write_text("# Quasar export\n\nSend the quasar export.\n", encoding="utf-8")
            assert indexed.wait(timeout=20), "the saved article was not indexed"
        finally:
            watcher.stop()
        assert [hit.id for hit in searcher.search("quasar").hits] == ["quasar-export"]
    assert all(path.suffix == ".md" for paths in seen for path in paths)
