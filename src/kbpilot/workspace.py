"""A KB on disk: finding its folder, its settings and rules, its article files, loading them all.

A KB is a folder holding `articles/` and `kb/`. It is `--kb DIR`, else `$KBPILOT_KB`, else the
nearest folder upwards from the current one that has `kb/kbpilot.toml`, else the current folder.
The readers (`kbpilot.parsing`) load on the first parse and the model (`kbpilot.model`) on the
first use of parsed articles: finding a KB and listing its articles stays fast, which the TUI's
and `kbpilot search`'s start-up depend on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from kbpilot.errors import ConfigError, KbpilotError
from kbpilot.formats import is_article_name
from kbpilot.settings import Settings, load_settings

if TYPE_CHECKING:
    from kbpilot.model import Article
    from kbpilot.parsing.rules import RuleSet

SETTINGS_FILE = Path("kb") / "kbpilot.toml"
RULES_FILE = Path("kb") / "actions.toml"
# What kbpilot derives from the KB and never commits (its own .gitignore says so): the search
# index, and the settings file's tables as parsed last time.
INDEX_FOLDER = Path("kb") / ".index"
SETTINGS_CACHE = INDEX_FOLDER / "settings.json"
Progress = Callable[[Path], None]


class Workspace:
    """One KB folder and what its kb/ files say."""

    def __init__(self, root: Path, settings: Settings | None = None) -> None:
        self.root = root
        self.settings = settings if settings is not None else Settings()
        self.rules_error: ConfigError | None = None

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    @property
    def articles_dir(self) -> Path:
        return self.root / self.settings.articles_dir

    @property
    def kb_dir(self) -> Path:
        return self.root / "kb"

    @cached_property
    def rules(self) -> RuleSet:
        """The KB's rules; a broken rules file is kept in `rules_error` and the defaults used."""
        from kbpilot.parsing.rules import default_rules, load_rules

        tables = self.settings.raw
        try:
            return load_rules(self.root / RULES_FILE).configured(tables)
        except ConfigError as error:
            self.rules_error = error
            return default_rules().configured(tables)

    def relative(self, path: Path) -> str:
        """A path as diagnostics and JSON show it: relative to the KB when inside it. A symlink
        is shown where it is, not where it points (a loop or a dangling link as well)."""
        try:
            return path.absolute().relative_to(self.root.absolute()).as_posix()
        except ValueError:
            pass
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except (ValueError, OSError, RuntimeError):
            return str(path)

    def leaves_kb(self, path: Path | str) -> bool:
        """Is the article file `path` a symlink to a file outside the KB folder, which the KB
        does not read unless `[kb] follow_outside_links = true`? (Folder links are never
        followed.) A loop or a dangling link is not: reading it says so, naming the file."""
        if self.settings.follow_outside_links or not Path(path).is_symlink():
            return False
        try:
            Path(path).resolve(strict=True).relative_to(self.root.resolve())
        except ValueError:
            return True
        except (OSError, RuntimeError):
            return False
        return False

    def article_paths(self) -> list[Path]:
        """Every article file of the KB, sorted; hidden files and folders skipped, and links
        that leave the KB (see `outside_links`)."""
        return [path for path in self._article_files() if not self.leaves_kb(path)]

    def outside_links(self) -> list[Path]:
        """The article files that are links out of the KB, which kbpilot does not read."""
        return [path for path in self._article_files() if self.leaves_kb(path)]

    def _article_files(self) -> list[Path]:
        if not self.articles_dir.is_dir():
            return []
        return collect_article_files([self.articles_dir])

    def has_articles(self) -> bool:
        """Is there at least one article file? (Stops at the first, unlike `article_paths`.)"""
        return self.articles_dir.is_dir() and _holds_article(str(self.articles_dir))

    def parse(self, path: Path) -> Article:
        from kbpilot.parsing import parse_file

        return parse_file(
            path,
            source=self.relative(path),
            rules=self.rules,
            overrides=self.settings.articles,
            max_bytes=self.settings.max_article_bytes,
        )

    def load(self, progress: Progress | None = None) -> KnowledgeBase:
        """Parse every article and resolve references between them."""
        articles = []
        for path in self.article_paths():
            articles.append(self.parse(path))
            if progress:
                progress(path)
        return KnowledgeBase(articles)


class KnowledgeBase:
    """The parsed articles of a KB, by id, with references resolved and duplicates reported."""

    def __init__(self, articles: Iterable[Article]) -> None:
        from kbpilot.model import Diagnostic, Level
        from kbpilot.parsing.resolve import TitleIndex, resolve

        self.articles: list[Article] = list(articles)
        self.by_id: dict[str, Article] = {}
        for article in self.articles:
            first = self.by_id.setdefault(article.id, article)
            if first is not article:
                article.diagnostics.append(
                    Diagnostic(
                        Level.ERROR,
                        f"id {article.id!r} is already used by {first.source}; "
                        "give one of them another title or an `id` in its front matter",
                        1,
                    )
                )
        self.titles = TitleIndex(self.articles)
        for article in self.articles:
            resolve(article, self.titles)

    def find(self, name: str) -> Article | None:
        """An article by id, title, alias or file name (its path in the KB, or only its name
        when no other article file has it)."""
        found = self.by_id.get(name) or self.by_id.get(self.titles.find(name) or "")
        return found or self._by_file(name)

    def _by_file(self, name: str) -> Article | None:
        if not is_article_name(name):
            return None
        wanted = name.replace("\\", "/")
        exact = [a for a in self.articles if a.source == wanted or wanted.endswith("/" + a.source)]
        if exact:
            return exact[0]
        base = wanted.rsplit("/", 1)[-1]
        named = [a for a in self.articles if a.source.rsplit("/", 1)[-1] == base]
        return named[0] if len(named) == 1 else None


def collect_article_files(paths: Iterable[Path]) -> list[Path]:
    """Article files named directly or found below the named folders, sorted, no duplicates."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                for name in sorted(filenames):
                    if is_article_name(name):
                        found[Path(dirpath) / name] = None
        else:
            found[path] = None
    return list(found)


def find_workspace(kb_dir: str | None = None, cwd: Path | None = None) -> Workspace:
    """The KB to use, by the rule in this module's docstring."""
    return open_workspace(find_root(kb_dir, cwd))


def find_root(kb_dir: str | None = None, cwd: Path | None = None) -> Path:
    """The folder of the KB to use, by the rule in this module's docstring (its settings
    unread)."""
    if kb_dir:
        root = Path(kb_dir).expanduser()
        if not root.is_dir():
            raise KbpilotError(f"--kb {kb_dir}: no such folder")
        return root
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    return here


def open_workspace(root: Path) -> Workspace:
    settings = load_settings(root / SETTINGS_FILE, cache=root / SETTINGS_CACHE)
    return Workspace(root=root, settings=settings)


def _holds_article(folder: str) -> bool:
    """Does `folder` or a folder below it (hidden ones and links to folders skipped, as
    `article_paths` does) hold an article file? Reads a folder's listing only up to its first
    article file, and its subfolders only when it holds none."""
    subfolders = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    if not entry.is_symlink():
                        subfolders.append(entry.path)
                elif is_article_name(entry.name):
                    return True
    except OSError:
        return False
    return any(_holds_article(path) for path in subfolders)
