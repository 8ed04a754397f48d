"""The search process: answers as the in-process searcher does, builds or catches up the index
in the caller's process, survives its child's death, and never outlives its caller."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kbpilot.errors import KbpilotError
from kbpilot.search import Searcher, SearchProcess, update_index
from kbpilot.workspace import Workspace
from tests.support import REPO

RUNBOOK = "articles/send-offboarding-customer-their-runbook-from-itg.md"


def gone(pid: int, within: float = 5.0) -> bool:
    """Whether the process `pid` has ended (reaped or a zombie) within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
            state = Path(f"/proc/{pid}/stat").read_text().split()[2]
        except (ProcessLookupError, FileNotFoundError):
            return True
        if state == "Z":
            return True
        time.sleep(0.02)
    return False


def test_it_answers_as_the_searcher_in_process_does(workspace: Workspace) -> None:
    update_index(workspace)
    with Searcher(workspace) as local, SearchProcess(workspace) as remote:
        remote.wait_until_open()
        for text in ("offb", "runbok itg", '"checklist library"', "ofbordnig"):
            assert remote.search(text, limit=5) == local.search(text, limit=5)


def test_without_an_index_it_builds_one_with_progress(workspace: Workspace) -> None:
    seen: list[tuple[int, int]] = []
    with SearchProcess(workspace) as remote:
        remote.wait_until_open(lambda done, total: seen.append((done, total)))
        assert seen[-1] == (7, 7)
        assert remote.search("offboarding").hits


def test_it_catches_up_with_a_saved_article(workspace: Workspace) -> None:
    update_index(workspace)
    path = workspace.root / RUNBOOK
    path.write_text(path.read_text() + "\nAsk about the quasar export.\n", encoding="utf-8")
    with SearchProcess(workspace) as remote:
        remote.wait_until_open()
        assert remote.search("quasar").hits == []
        assert remote.catch_up() is True
        assert [hit.id for hit in remote.search("quasar").hits] == [
            "send-offboarding-customer-their-runbook-from-itg"
        ]
        assert remote.catch_up() is False


def test_a_child_that_died_is_started_again(workspace: Workspace) -> None:
    update_index(workspace)
    with SearchProcess(workspace) as remote:
        remote.wait_until_open()
        first = remote.pid
        os.kill(first, signal.SIGKILL)
        assert gone(first)
        assert remote.search("offboarding").hits
        assert remote.pid != first


def test_closing_ends_the_child(workspace: Workspace) -> None:
    with SearchProcess(workspace) as remote:
        pid = remote.pid
    assert gone(pid)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and /proc are POSIX")
def test_the_child_never_outlives_a_killed_caller(workspace: Workspace) -> None:
    update_index(workspace)
    caller = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from kbpilot.search import SearchProcess\n"
            "from kbpilot.workspace import open_workspace\n"
            "remote = SearchProcess(open_workspace(__import__('pathlib').Path(sys.argv[1])))\n"
            "remote.wait_until_open()\n"
            "print(remote.pid, flush=True)\n"
            "time.sleep(60)\n",
            str(workspace.root),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    )
    assert caller.stdout is not None
    child = int(caller.stdout.readline())
    caller.kill()
    caller.wait()
    assert gone(child)


def test_searching_before_there_is_an_index_says_what_to_do(workspace: Workspace) -> None:
    with SearchProcess(workspace) as remote, pytest.raises(KbpilotError, match="kbpilot index"):
        remote.search("offboarding")


@pytest.mark.skipif(sys.platform == "win32", reason="/bin/false stands for a broken interpreter")
def test_a_child_that_cannot_start_is_a_clear_error(
    workspace: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    update_index(workspace)
    monkeypatch.setattr(sys, "executable", "/bin/false")
    with SearchProcess(workspace) as remote:
        with pytest.raises(KbpilotError, match="could not be started again"):
            remote.wait_until_open()
        with pytest.raises(KbpilotError, match="could not be started again"):
            remote.search("offboarding")
