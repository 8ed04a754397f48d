"""What the TUI works with, built once per session: the KB, the run service, the searcher.

No Textual here: screens get a `Services` and call its methods from workers. `open_services()`
finds the KB as the CLI does; a KB that cannot be found or is empty is kept as `problem`, for the
app to show instead of crashing. Calls that touch the run store or the integrations are
serialised by one lock, so workers never interleave half-done changes. Nothing slow happens
before the first paint: the searcher runs in a process of its own (`SearchProcess`), started with
the services, which imports whoosh and opens the index as last built while Textual starts here;
the index catches up with the KB's changes afterwards. The run service (with the HTTP clients)
is opened on first use, which is in a worker of the search screen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from kbpilot import technician
from kbpilot.errors import KbpilotError
from kbpilot.model import Article
from kbpilot.workspace import Workspace, find_workspace

if TYPE_CHECKING:
    from kbpilot.integrations.factory import Integrations
    from kbpilot.runs.service import RunService
    from kbpilot.search import SearchProcess
    from kbpilot.search.watch import ArticleWatcher

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True)
class UiSettings:
    """The session's choices, from the command line."""

    role: str = "technician"
    sandbox: bool = False
    kb_dir: str | None = None
    preview: Path | None = None
    watch_interval: float = 0.25
    preview_delay: float = 0.12
    typing_pause: float = 0.3
    """How long after the last key typed in the search box the preview waits: a pause in
    typing, so the preview's work never lands between two keystrokes."""
    cursor_blink: bool = True
    """Whether a focused text box's cursor blinks; tests turn it off, so snapshots are steady."""


@dataclass
class Problem:
    """Why there is nothing to search: what is wrong, and what to do about it."""

    title: str
    advice: str


@dataclass
class Services:
    """The KB and the run service of one session, shared by every screen; the run service is
    opened on first use (`has_runs` says whether the session can have one)."""

    settings: UiSettings
    workspace: Workspace | None
    has_runs: bool = False
    connections: Integrations | None = None
    problem: Problem | None = None
    searcher: SearchProcess | None = None
    _runs: RunService | None = field(default=None, repr=False)
    _sandbox: bool | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _opening: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _searching: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _watcher: ArticleWatcher | None = field(default=None, repr=False)

    @property
    def runs(self) -> RunService:
        """The run service, opened on first use; a session without a KB to run has none."""
        runs = self.open_runs()
        if runs is None:
            raise KbpilotError("No knowledge base is open, so there is nothing to run.")
        return runs

    def open_runs(self) -> RunService | None:
        """Open the run service unless it is open (slow: it imports the HTTP clients)."""
        if self._runs is None and self.has_runs:
            with self._opening:
                if self._runs is None:
                    self._runs = self._open_runs(self.sandbox)
        return self._runs

    def _open_runs(self, sandbox: bool) -> RunService:
        from kbpilot.runs.service import RunService

        assert self.workspace is not None
        return RunService.open(
            self.workspace,
            role=self.settings.role,
            sandbox=sandbox,
            connections=self.connections,
        )

    @property
    def sandbox(self) -> bool:
        if self._runs is not None:
            return self._runs.sandbox
        if self._sandbox is not None:
            return self._sandbox
        return self.settings.sandbox or self.settings.role == "trainee"

    @property
    def mode_label(self) -> str:
        """What the header says: where actions go, and who is at the keyboard."""
        if self.settings.role == "trainee":
            mode = "practice · sandbox"
        else:
            mode = "sandbox" if self.sandbox else "live"
        return f"{mode} · {technician.technician_name()}"

    def asks_technician(self) -> bool:
        """Whether to ask who is at the keyboard: a session that can run, on a first start
        (neither $KBPILOT_TECHNICIAN nor the user's config file names anyone)."""
        return self.has_runs and self.settings.preview is None and technician.chosen() is None

    def set_technician(self, name: str) -> None:
        """Save the user's name; an open run service records changes under it from now on."""
        technician.save(name)
        with self._lock:
            if self._runs is not None:
                self._runs.act_as(name)

    def call_runs(self, call: Callable[[RunService], T]) -> T:
        """`call(runs)` on the run service as it is once the session lock is held (a worker that
        took the service before the switch to the sandbox would find it closed)."""
        with self._lock:
            return call(self.runs)

    def call(self, function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Run a service call with the session lock held (workers call this)."""
        with self._lock:
            return function(*args, **kwargs)

    def start_searcher(self) -> None:
        """Start the search process: it imports whoosh and opens the index as last built on the
        other core while Textual starts here."""
        if self.workspace is not None and self.searcher is None:
            from kbpilot.search import SearchProcess

            self.searcher = SearchProcess(self.workspace)

    def open_searcher(self, progress: Callable[[int, int], None] | None = None) -> SearchProcess:
        """The search process, on the index as last built when there is one (`update_searcher()`
        catches up with the KB), else once it is built (slow on a first run: `progress`)."""
        with self._searching:
            self.start_searcher()
            assert self.searcher is not None
            self.searcher.wait_until_open(progress)
            return self.searcher

    def update_searcher(
        self, progress: Callable[[int, int], None] | None = None, paths: set[Path] | None = None
    ) -> bool:
        """Index what changed in the KB (`progress` when that is a batch; only in `paths` when
        given); true when results may have changed."""
        return self.open_searcher().catch_up(progress, paths)

    def watch_articles(self, indexed: Callable[[bool], None]) -> ArticleWatcher | None:
        """From now on, index each article file as it is saved, created or deleted, and call
        `indexed` (from the watcher's thread) with whether results may have changed; the
        watcher, None without a KB or when one already runs."""
        if self.workspace is None or self._watcher is not None:
            return None
        from kbpilot.search.watch import ArticleWatcher

        def changed(paths: set[Path]) -> None:
            try:
                indexed(self.update_searcher(paths=paths))
            except KbpilotError:
                indexed(False)

        self._watcher = ArticleWatcher(self.workspace, changed)
        self._watcher.start()
        return self._watcher

    def article(self, source: str) -> Article:
        """One article parsed from its file (`source` is relative to the KB)."""
        assert self.workspace is not None
        return self.workspace.parse(self.workspace.root / source)

    def missing_credentials(self) -> list[str]:
        """The names of the credentials a live session needs and does not have."""
        if self.sandbox:
            return []
        from kbpilot.integrations.credentials import CredentialSource
        from kbpilot.integrations.registry import used_systems

        raw = self.workspace.settings.raw if self.workspace is not None else {}
        source = CredentialSource()
        names = [name for system in used_systems(raw) for name in system.credentials]
        return [name for name in names if source.lookup(name)[1] is None]

    def use_sandbox(self) -> None:
        """Switch this session to the built-in sandbox (offered when credentials are missing)."""
        with self._lock, self._opening:
            if self._runs is not None:
                self._runs.close()
                self._runs = self._open_runs(sandbox=True)
            self._sandbox = True

    def close(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
        if self.searcher is not None:
            self.searcher.close()
        if self._runs is not None:
            self._runs.close()


def open_services(settings: UiSettings, connections: Integrations | None = None) -> Services:
    """The services for a session; a missing or empty KB becomes `problem`, not an error."""
    try:
        workspace = find_workspace(settings.kb_dir)
    except KbpilotError as error:
        return Services(settings, None, problem=Problem("No knowledge base found", _advice(error)))
    if not workspace.articles_dir.is_dir():
        problem = Problem(
            "No knowledge base found",
            _advice(f"{workspace.root} has no {workspace.settings.articles_dir}/ folder"),
        )
        return Services(settings, workspace, problem=problem)
    services = Services(settings, workspace, has_runs=True, connections=connections)
    if not workspace.has_articles():
        services.problem = Problem(
            "This knowledge base is empty",
            f"Add articles (.md, .html or .txt) to {workspace.articles_dir} and start kbpilot "
            "again; docs/authoring.md says how to write them.",
        )
    elif settings.preview is None:
        services.start_searcher()
    return services


def _advice(reason: object) -> str:
    return (
        f"{reason}.\n\nPoint kbpilot at a KB (a folder holding articles/ and kb/): run "
        "`kbpilot --kb DIR`, set KBPILOT_KB=DIR, or start kbpilot inside the KB folder. "
        "`make run` opens the bundled sample KB."
    )
