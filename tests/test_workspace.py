"""The KB folder: which files are articles."""

from __future__ import annotations

from pathlib import Path

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
