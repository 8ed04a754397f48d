"""The KB folder: which files are articles."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kbpilot.workspace import open_workspace


def test_has_articles_agrees_with_the_article_list(tmp_path: Path) -> None:
    articles = tmp_path / "articles"
    (articles / ".drafts").mkdir(parents=True)
    (articles / ".drafts" / "hidden.md").write_text("# Hidden\n", encoding="utf-8")
    (articles / "notes.pdf").write_text("not an article", encoding="utf-8")
    workspace = open_workspace(tmp_path)
    assert not workspace.has_articles() and not workspace.article_paths()
    (articles / "team" / "howto").mkdir(parents=True)
    (articles / "team" / "howto" / "reset.md").write_text("# Reset\n", encoding="utf-8")
    assert workspace.has_articles() and workspace.article_paths()


def test_a_kb_without_an_articles_folder_has_none(tmp_path: Path) -> None:
    assert not open_workspace(tmp_path).has_articles()


def test_has_articles_stops_at_the_first_article_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    for n in range(200):
        (articles / f"kb{n:03}.md").write_text("# A\n", encoding="utf-8")
    read = []

    def counted(path: str) -> Iterator[os.DirEntry[str]]:
        with real_scandir(path) as listing:
            for entry in listing:
                read.append(entry.name)
                yield entry

    real_scandir = os.scandir
    monkeypatch.setattr(os, "scandir", lambda path: contextlib.closing(counted(path)))
    assert open_workspace(tmp_path).has_articles()
    assert len(read) == 1


def test_has_articles_does_not_follow_links_to_folders(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "reset.md").write_text("# Reset\n", encoding="utf-8")
    (tmp_path / "kb" / "articles").mkdir(parents=True)
    (tmp_path / "kb" / "articles" / "linked").symlink_to(outside, target_is_directory=True)
    workspace = open_workspace(tmp_path / "kb")
    assert not workspace.has_articles() and not workspace.article_paths()
