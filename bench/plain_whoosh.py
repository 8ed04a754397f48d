"""The floor of the engine kbpilot uses: a plain whoosh index of the same articles' title and body.

Whoosh's defaults (standard analyzer, positions for phrases, BM25F), built as whoosh's manual
advises for a large batch: `procs=N, multisegment=True`. Articles are parsed by kbpilot in as many
worker processes first, as for FTS5, so the build time is "parse + index" too. The query mix goes
through whoosh's own query parser: filters have no field here, so a filtered query searches its
words only; fuzzy words are whoosh's `word~2`.
"""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from whoosh.fields import ID, TEXT, Schema
from whoosh.index import create_in, open_dir
from whoosh.qparser import FuzzyTermPlugin, MultifieldParser
from whoosh.query import Query
from whoosh.scoring import BM25F

from fts5 import row
from kbpilot.workspace import open_workspace

FIELDS = ["title", "body"]
COLD_SCRIPT = (
    "import sys\n"
    "from whoosh.index import open_dir\n"
    "from whoosh.qparser import MultifieldParser\n"
    "ix = open_dir(sys.argv[1])\n"
    "with ix.searcher() as s:\n"
    "    q = MultifieldParser(['title', 'body'], ix.schema).parse('offboarding')\n"
    "    print(len([(h['id'], h['title']) for h in s.search(q, limit=10)]))\n"
)


def build(root: Path, folder: Path, jobs: int) -> float:
    """Parse every article and index title and body with whoosh's defaults; the seconds it took."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    paths = [str(p) for p in open_workspace(root).article_paths()]
    with ProcessPoolExecutor(jobs) as pool:
        rows = list(pool.map(row, [str(root)] * len(paths), paths, chunksize=64))
    schema = Schema(id=ID(stored=True, unique=True), title=TEXT(stored=True), body=TEXT())
    writer = create_in(str(folder), schema).writer(procs=jobs, multisegment=True)
    for values in rows:
        writer.add_document(id=values[0], title=values[1], body=values[4])
    writer.commit()
    return time.perf_counter() - started


def whoosh_query(kind: str, query: str) -> str:
    """A query of the mix in whoosh's query language."""
    if kind == "prefix":
        return f"{query}*"
    if kind == "fuzzy":
        return f"{query}~2"
    if kind == "filtered":
        return query.partition(" ")[2]
    return query


class PlainSearcher:
    """A long-lived whoosh searcher on the plain index."""

    def __init__(self, folder: Path) -> None:
        self.index = open_dir(str(folder))
        self.parser = MultifieldParser(FIELDS, self.index.schema)
        self.parser.add_plugin(FuzzyTermPlugin())
        self.searcher = self.index.searcher(weighting=BM25F())

    def parse(self, text: str) -> Query:
        query: Query = self.parser.parse(text)
        return query

    def search(self, query: Query, limit: int = 10) -> list[str]:
        return [hit["id"] for hit in self.searcher.search(query, limit=limit, terms=False)]

    def update(self, root: Path, path: Path) -> None:
        values = row(str(root), str(path))
        writer = self.index.writer()
        writer.update_document(id=values[0], title=values[1], body=values[4])
        writer.commit()
        self.searcher = self.searcher.refresh()

    def close(self) -> None:
        self.searcher.close()
