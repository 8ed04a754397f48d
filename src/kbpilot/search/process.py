"""The searcher in a process of its own, for the TUI: importing whoosh, opening the index and
answering every query happen beside the UI's process, not under its GIL, so neither the first
frame nor a keystroke waits for them.

Who calls what: `SearchProcess(workspace)` spawns the child, which opens the KB's index as last
built (`Searcher.last_built`) and says whether it could. `wait_until_open()` waits for that answer
and, when there was no index, builds one here and has the child open it. `search()` sends a query
and returns its `SearchResult`. `catch_up()` indexes what changed in the KB here, while the child
goes on answering from the last build, then moves the child to the new generation. Requests are
answered in order, one at a time (a lock), so worker threads may share one SearchProcess. The
child is `python -m kbpilot.search.process ROOT`, talking pickles over its stdin and stdout (no
multiprocessing: nothing of the caller's main module is re-run, and nothing to import up front);
it ends when its stdin closes, so it never outlives the UI, even one that was killed; a child that
died is started again on the next call. Between a search and the next request the child reads
ahead what the next keystroke's search will likely need, and stops when a request comes. Errors
of the KbpilotError family come back as such; anything else becomes one, saying so.
"""

from __future__ import annotations

import pickle
import select
import subprocess
import sys
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

from kbpilot.errors import KbpilotError
from kbpilot.search.limits import BUSY_WAIT, DEFAULT_LIMIT, FIRST_BUILD_WAIT
from kbpilot.search.results import SearchResult
from kbpilot.workspace import Workspace

if TYPE_CHECKING:
    from kbpilot.search.batch import Progress

T = TypeVar("T")
STOP_WAIT = 2.0
_DONE = object()


class SearchProcess:
    """A child process holding a `Searcher` on one KB's index."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._lock = threading.Lock()
        self._opened: bool | None = None
        self._child = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        self._opened = None
        return subprocess.Popen(
            [sys.executable, "-P", "-m", __name__, str(self.workspace.root)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    @property
    def pid(self) -> int:
        """The child's process id (for diagnostics)."""
        return self._child.pid

    def wait_until_open(self, progress: Progress | None = None) -> None:
        """Wait for the child to open the index; without one, build it first (slow on a large
        KB: `progress`)."""
        with self._lock:
            if self._retrying(self._await_opened):
                return
        from kbpilot.search.index import update_index

        update_index(self.workspace, wait=FIRST_BUILD_WAIT, progress=progress)
        if not self._reopen():
            raise KbpilotError("the search index could not be opened; run `kbpilot index`")

    def search(self, text: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
        """The best `limit` hits for a query being typed (see `Searcher.search`)."""
        result = self._request("search", text, limit)
        assert isinstance(result, SearchResult)
        return result

    def catch_up(
        self, progress: Progress | None = None, paths: Collection[Path] | None = None
    ) -> bool:
        """Index what changed in the KB since its index was built (only in `paths` when given:
        files a watcher saw change), then search the new generation; true when that changed
        anything."""
        from kbpilot.search.index import update_index

        # The child has opened the index, so it need not be verified when nothing changed.
        report = update_index(
            self.workspace, wait=BUSY_WAIT, progress=progress, verify=False, paths=paths
        )
        if not (report.changed or report.rebuilt or report.busy):
            return False
        self._reopen()
        return True

    def close(self) -> None:
        """End the child: its stdin closes, it stops; one that does not is killed."""
        with self._lock:
            self._stop()

    def __enter__(self) -> SearchProcess:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _reopen(self) -> bool:
        opened = self._request("reopen")
        assert isinstance(opened, bool)
        self._opened = opened
        return opened

    def _stop(self) -> None:
        for stream in (self._child.stdin, self._child.stdout):
            if stream is not None:
                with suppress(OSError):  # a dead child's pipe cannot take the last bytes
                    stream.close()
        try:
            self._child.wait(STOP_WAIT)
        except subprocess.TimeoutExpired:
            self._child.kill()
            self._child.wait()

    def _await_opened(self) -> bool:
        if self._opened is None:
            opened = self._receive()
            assert isinstance(opened, bool)
            self._opened = opened
        return self._opened

    def _request(self, *request: Any) -> Any:
        with self._lock:
            return self._retrying(lambda: self._exchange(request))

    def _retrying(self, call: Callable[[], T]) -> T:
        """`call`, started again once on a new child if the child is gone."""
        try:
            return call()
        except (EOFError, OSError, pickle.UnpicklingError):
            self._stop()
            self._child = self._start()
        try:
            return call()
        except (EOFError, OSError, pickle.UnpicklingError):
            raise KbpilotError(
                "the search process stopped and could not be started again"
            ) from None

    def _exchange(self, request: tuple[Any, ...]) -> Any:
        self._await_opened()
        assert self._child.stdin is not None
        send(self._child.stdin, request)
        return self._receive()

    def _receive(self) -> Any:
        assert self._child.stdout is not None
        status, value = pickle.load(self._child.stdout)
        if status == "error":
            raise KbpilotError(value)
        return value


def send(stream: IO[bytes], message: object) -> None:
    pickle.dump(message, stream, protocol=pickle.HIGHEST_PROTOCOL)
    stream.flush()


def serve(root: Path, requests: IO[bytes], replies: IO[bytes]) -> None:
    """The child: open the index as last built, say whether it could, then answer requests
    until its input closes. Between a search and the next request, it reads ahead what the next
    keystroke's search will likely read (`Searcher.ahead`), a term at a time, while no request
    waits."""
    from kbpilot.search.searcher import Searcher
    from kbpilot.workspace import open_workspace

    workspace = open_workspace(root)
    searcher = Searcher.last_built(workspace)
    send(replies, ("ok", searcher is not None))
    ahead: Iterator[None] = iter(())
    while True:
        _read_ahead(ahead, requests)
        ahead = iter(())
        try:
            operation, *arguments = pickle.load(requests)
        except (EOFError, OSError):
            break
        try:
            if operation == "search":
                if searcher is None:
                    raise KbpilotError("there is no search index yet; run `kbpilot index`")
                text, limit = arguments
                reply: Any = searcher.search(text, limit=limit)
                ahead = searcher.ahead(text)
            else:
                if searcher is None:
                    searcher = Searcher.last_built(workspace)
                else:
                    searcher.refresh(update=False)
                reply = searcher is not None
        except KbpilotError as error:
            send(replies, ("error", str(error)))
        except Exception as error:
            send(replies, ("error", f"the search failed: {type(error).__name__}: {error}"))
        else:
            send(replies, ("ok", reply))
    if searcher is not None:
        searcher.close()


def _read_ahead(steps: Iterator[None], requests: IO[bytes]) -> None:
    """Take the steps until they end or a request waits. The caller sends a request only once
    the last one is answered, so none is ever left in the input's buffer, unseen by `select`;
    input that `select` cannot watch (a Windows pipe) stops the reading: it only saves time."""
    try:
        while not select.select([requests], [], [], 0)[0]:
            if next(steps, _DONE) is _DONE:
                return
    # The reading is an optimisation: a failure in it (an index gone meanwhile) is left to the
    # next request to meet and report.
    except Exception:
        return


if __name__ == "__main__":
    replies = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must never mix with the replies
    serve(Path(sys.argv[1]), sys.stdin.buffer, replies)
