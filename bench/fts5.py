"""The baseline: the same articles, parsed by kbpilot, in a plain SQLite FTS5 table (bm25).

Parsing runs in as many worker processes as kbpilot's own build uses, so both build times are
"parse + index" on the same cores. Fuzzy words are expanded against the FTS5 vocabulary with the
same edit distance kbpilot uses, since FTS5 has no typo tolerance of its own.
"""

from __future__ import annotations

import sqlite3
import time
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from kbpilot.parsing import parse_file
from kbpilot.search.distance import edit_distance
from kbpilot.search.vocabulary import max_typos
from kbpilot.workspace import Workspace, open_workspace

COLUMNS = ("id", "title", "aliases", "steps", "body", "category", "tags", "system")
WEIGHTS = "0, 6.0, 5.0, 1.5, 1.0, 2.5, 2.5, 1.0"
SEARCH = (
    f"SELECT id, title, category, bm25(articles, {WEIGHTS}) AS score, "
    "snippet(articles, 4, '**', '**', '…', 24) FROM articles WHERE articles MATCH ? "
    f"ORDER BY bm25(articles, {WEIGHTS}) LIMIT ?"
)


@lru_cache(maxsize=4)
def workspace_at(root: str) -> Workspace:
    """The KB's settings and rules, read once per worker process."""
    return open_workspace(Path(root))


def row(root: str, path: str) -> tuple[str, ...]:
    """One article as the table's columns."""
    workspace = workspace_at(root)
    article = parse_file(Path(path), rules=workspace.rules, overrides=workspace.settings.articles)
    steps = "\n".join(step.text for _, step in article.steps())
    systems = " ".join(sorted({a.system for a in article.actions()}))
    return (
        article.id,
        article.title,
        "\n".join(article.aliases),
        steps,
        article.text,
        article.category or "",
        " ".join(article.tags),
        systems,
    )


def build(root: Path, database: Path, jobs: int) -> float:
    """Parse every article and load the FTS5 table; the seconds it took."""
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    paths = [str(p) for p in open_workspace(root).article_paths()]
    with ProcessPoolExecutor(jobs) as pool:
        rows = list(pool.map(row, [str(root)] * len(paths), paths, chunksize=64))
    connection = sqlite3.connect(database)
    connection.execute(
        f"CREATE VIRTUAL TABLE articles USING fts5({', '.join(COLUMNS)}, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    connection.executemany(f"INSERT INTO articles VALUES ({', '.join('?' * 8)})", rows)
    connection.commit()
    connection.close()
    return time.perf_counter() - started


class Fts5Searcher:
    """A long-lived connection, as an application would keep one."""

    def __init__(self, database: Path) -> None:
        self.connection = sqlite3.connect(database)
        self.connection.execute(
            "CREATE VIRTUAL TABLE temp.vocabulary USING fts5vocab(main, articles, row)"
        )
        self._by_initial: dict[str, list[str]] | None = None

    def search(self, match: str, limit: int = 10) -> list[tuple[object, ...]]:
        return self.connection.execute(SEARCH, (match, limit)).fetchall()

    def fuzzy(self, word: str) -> str:
        """The word's near terms in the table's vocabulary, as an OR query."""
        if self._by_initial is None:
            self._by_initial = {}
            for (term,) in self.connection.execute("SELECT term FROM temp.vocabulary"):
                self._by_initial.setdefault(term[:1], []).append(term)
        allowed = max_typos(word)
        near = [
            term
            for term in self._by_initial.get(word[:1], [])
            if abs(len(term) - len(word)) <= allowed
            and edit_distance(word, term, allowed) <= allowed
        ]
        return " OR ".join(near[:8]) or word

    def update(self, root: Path, path: Path) -> None:
        values = row(str(root), str(path))
        self.connection.execute("DELETE FROM articles WHERE id = ?", (values[0],))
        self.connection.execute(f"INSERT INTO articles VALUES ({', '.join('?' * 8)})", values)
        self.connection.commit()

    def close(self) -> None:
        self.connection.close()
