"""The long-lived searcher the TUI queries on every keystroke, and `kbpilot search` queries once.

Who calls what: `Searcher(workspace)` brings the index up to date (unless told not to) and opens a
whoosh searcher on the committed generation; `Searcher.last_built(workspace)` opens it as it is,
for a caller that searches at once and refreshes after (the TUI); `search()` parses, compiles
against that generation's vocabulary, evaluates the query (`evaluate`) for the top `limit` hits
only (never the total count), and builds snippets from stored text (`hits`); `refresh()` re-scans
the KB, indexes what changed and moves to the new generation. What a search reads and computes of
a generation (terms' postings and scores, best hits, snippets) is kept for the next searches, as
consecutive keystrokes mostly repeat it, and dropped with the generation: a search after
`refresh()` sees the new one. `forget()` drops it sooner (for a benchmark of first searches).
One lock serialises calls, so worker threads may share a Searcher.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Collection, Iterator
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from kbpilot.errors import KbpilotError
from kbpilot.search.analysis import words
from kbpilot.search.changes import INDEX_VERSION
from kbpilot.search.compile import Compiler
from kbpilot.search.engine import BM25F
from kbpilot.search.engine import Searcher as WhooshSearcher
from kbpilot.search.evaluate import Evaluator
from kbpilot.search.hits import Hits
from kbpilot.search.index import UpdateReport, index_folder, open_index, update_index
from kbpilot.search.limits import BUSY_WAIT, DEFAULT_LIMIT, FIRST_BUILD_WAIT
from kbpilot.search.manifest import read_version
from kbpilot.search.query import Kind, ParsedQuery, parse_query
from kbpilot.search.results import Hit, SearchResult
from kbpilot.search.snippets import matcher
from kbpilot.search.vocabulary import Vocabulary
from kbpilot.workspace import Workspace

if TYPE_CHECKING:
    from kbpilot.search.batch import Progress

BUSY_NOTICE = "another kbpilot process is updating the index; results may miss the latest edits"


def _unreadable(error: Exception) -> KbpilotError:
    if isinstance(error, KbpilotError):
        return error
    return KbpilotError(
        f"the search index could not be read ({type(error).__name__}); run `kbpilot index`"
    )


class Searcher:
    """Searches one KB's index; keep it open and call `search()` as often as needed."""

    def __init__(
        self, workspace: Workspace, *, update: bool = True, progress: Progress | None = None
    ) -> None:
        self.workspace = workspace
        self.report: UpdateReport | None = None
        self.notices: list[str] = []
        self._lock = threading.Lock()
        self._current: tuple[Vocabulary, Evaluator, Hits] | None = None
        if update:
            self.report = update_index(workspace, wait=BUSY_WAIT, progress=progress, verify=False)
        try:
            self._searcher = self._open()
        # No index, or a damaged one (whoosh can fail in any way unpickling it): the update that
        # verifies the index builds or rebuilds it, and says why.
        except Exception as error:
            if self.report is None:
                raise _unreadable(error) from None
            wait = FIRST_BUILD_WAIT if self.report.busy else BUSY_WAIT
            self.report = update_index(workspace, wait=wait, progress=progress)
            self._searcher = self._open()
        self._note_busy(self.report)

    @classmethod
    def last_built(cls, workspace: Workspace) -> Searcher | None:
        """A searcher on the index as last committed, without looking for changes in the KB
        (fast: call `refresh()` next); None when there is no index this version can read."""
        if read_version(index_folder(workspace)) != INDEX_VERSION:
            return None
        try:
            return cls(workspace, update=False)
        # A damaged index can fail in any way while whoosh unpickles and reads it; the full
        # update that follows rebuilds it and says why.
        except Exception:
            return None

    def _note_busy(self, report: UpdateReport | None) -> None:
        """Say in every result from now on that the update found the index busy, if it did."""
        if report is not None and report.busy:
            self.notices.append(BUSY_NOTICE)

    def _open(self) -> WhooshSearcher:
        searcher: WhooshSearcher = open_index(index_folder(self.workspace)).searcher(
            weighting=BM25F()
        )
        return searcher

    def articles(self) -> list[tuple[str, str]]:
        """Every indexed article's id and title, by id (what the shell completes)."""
        with self._lock:
            stored = list(self._searcher.reader().all_stored_fields())
        found = {str(fields["id"]): str(fields["display"]["title"]) for fields in stored}
        return sorted(found.items())

    def search(self, text: str, limit: int = DEFAULT_LIMIT, typing: bool = True) -> SearchResult:
        """The best `limit` hits for a query; with `typing`, the last word is also a prefix."""
        parsed = parse_query(text, typing)
        with self._lock:
            hits = self._hits(parsed, limit)
            suggestion = None if hits or parsed.is_empty() else self._suggest(parsed)
        return SearchResult(
            query=text, hits=hits, suggestion=suggestion, notices=[*self.notices, *parsed.notices]
        )

    def ahead(self, text: str) -> Iterator[None]:
        """Read, a term in a segment at a time, what the search of the next keystroke after
        `text` will likely read that this one did not (`Compiler.ahead`), for a caller with
        nothing else to do (the search process between keystrokes): each step takes the lock,
        and the reading stops if another generation is searched meanwhile."""
        with self._lock:
            vocabulary, evaluator, _ = self._generation()
            terms = Compiler(vocabulary).ahead(parse_query(text, typing=True))
        for field, stem in terms:
            for segment in range(len(evaluator.segments)):
                with self._lock:
                    if evaluator.searcher is not self._searcher:
                        return
                    evaluator.read(field, stem, segment)
                yield

    def forget(self) -> None:
        """Drop what searches kept for the next ones (words' completions, terms' postings and
        scores, best hits, snippets): for a benchmark that times each search as if first
        asked."""
        with self._lock:
            if self._current is not None:
                _, evaluator, _ = self._current
                evaluator.forget()
                self._current = self._kept_with(evaluator)

    def refresh(
        self,
        update: bool = True,
        wait: float = BUSY_WAIT,
        paths: Collection[Path] | None = None,
        *,
        verify: bool = True,
        progress: Progress | None = None,
    ) -> UpdateReport | None:
        """Index what changed in the KB (unless `update` is false; only in `paths` when given,
        see `update_index`), then search the newest committed generation, whoever wrote it.

        That generation is opened anew (a few milliseconds), never with whoosh's `refresh()`:
        it reuses the reader of each segment it had opened, by the segment's name alone, so the
        old version of an edited article, deleted in the new generation, was still found."""
        report = None
        if update:
            report = update_index(
                self.workspace, wait=wait, paths=paths, verify=verify, progress=progress
            )
        with self._lock:
            if not self._searcher.up_to_date():
                old, self._searcher = self._searcher, self._open()
                self._current = None  # what was kept of the old generation goes with it
                old.close()
        return report

    def close(self) -> None:
        with self._lock:
            self._current = None
            self._searcher.close()

    def __enter__(self) -> Searcher:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def _generation(self) -> tuple[Vocabulary, Evaluator, Hits]:
        """The vocabulary, evaluator and hit maker of the searched generation, made once per
        generation (each keeps what it read of it for the next queries)."""
        if self._current is None:
            self._current = self._kept_with(Evaluator(self._searcher))
        return self._current

    def _kept_with(self, evaluator: Evaluator) -> tuple[Vocabulary, Evaluator, Hits]:
        """A new vocabulary and hit maker of the searched generation beside `evaluator` (the
        hits read the stored records it keeps)."""
        return Vocabulary(self._searcher.reader()), evaluator, Hits(evaluator.stored)

    def _hits(self, parsed: ParsedQuery, limit: int) -> list[Hit]:
        vocabulary, evaluator, hits = self._generation()
        compiled = Compiler(vocabulary).compile(parsed)
        if compiled.query is None:
            return []
        found = evaluator.top(compiled.query, max(1, limit))
        pattern = matcher(compiled.stems)
        return [hits.hit(doc, score, pattern) for doc, score in found]

    def _suggest(self, parsed: ParsedQuery) -> str | None:
        """The query with unknown words replaced by the closest dictionary words, if that finds
        anything."""
        vocabulary, _, _ = self._generation()
        text = parsed.text
        changed = False
        for clause in parsed.clauses():
            if clause.negated or clause.kind is Kind.FILTER:
                continue
            for word in words(clause.text):
                better = vocabulary.suggestion(word)
                if better and better != word:
                    text = re.sub(rf"\b{re.escape(word)}\b", better, text, flags=re.IGNORECASE)
                    changed = True
        if not changed or not self._hits(parse_query(text, typing=False), 1):
            return None
        return text


def search_once(
    workspace: Workspace, text: str, limit: int = DEFAULT_LIMIT, progress: Progress | None = None
) -> tuple[SearchResult, UpdateReport | None]:
    """One search of an up-to-date index, and the update's report (what `kbpilot search` does).

    The index as last committed is searched first, while the update has yet to learn whether
    the KB changed (at a cold start its walk of the KB is still being made, see `prewalk`); the
    update follows, and only if it moved the searcher to another generation (an article had
    changed, or another process indexed meanwhile) or found the index busy is the query searched
    again. Without an index this version can read, the update comes first, as for `Searcher`."""
    early = Searcher.last_built(workspace)
    if early is None:
        with Searcher(workspace, progress=progress) as searcher:
            return searcher.search(text, limit), searcher.report
    with early:
        searched = early._searcher
        result = early.search(text, limit)
        report = early.refresh(wait=BUSY_WAIT, verify=False, progress=progress)
        early._note_busy(report)
        if early._searcher is not searched or early.notices:
            result = early.search(text, limit)
        return result, report
