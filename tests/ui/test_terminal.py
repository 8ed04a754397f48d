"""Real-terminal smoke test: `kbpilot --sandbox` in tmux, a search typed, the procedure opened."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

TMUX = shutil.which("tmux")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(TMUX is None, reason="tmux is not installed (.ci/run installs it in CI)"),
]


def tmux(*args: str) -> str:
    assert TMUX is not None
    return subprocess.run([TMUX, *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def session(sample_kb: Path) -> Iterator[str]:
    name = f"kbpilot-{uuid.uuid4().hex[:8]}"
    kbpilot = Path(sys.executable).with_name("kbpilot")
    environment = {
        variable: os.environ[variable]
        for variable in ("KBPILOT_HOME", "KBPILOT_CONFIG_HOME", "KBPILOT_TECHNICIAN")
    } | {
        "KBPILOT_KB": str(sample_kb),
        "TERM": "xterm-256color",
    }
    exports = " ".join(shlex.quote(f"{key}={value}") for key, value in environment.items())
    tmux(
        "new-session",
        "-d",
        "-s",
        name,
        "-x",
        "100",
        "-y",
        "30",
        f"env {exports} {kbpilot} --sandbox",
    )
    try:
        yield name
    finally:
        subprocess.run([TMUX or "tmux", "kill-session", "-t", name], capture_output=True)


def wait_for(name: str, found: Callable[[str], bool], seconds: float = 20.0) -> str:
    deadline = time.monotonic() + seconds
    screen = ""
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", name)
        if found(screen):
            return screen
        time.sleep(0.05)
    raise AssertionError(f"timed out; the terminal shows:\n{screen}")


def test_search_and_open_a_procedure_in_a_real_terminal(session: str) -> None:
    wait_for(session, lambda screen: "sandbox" in screen and "Search the KB" in screen)
    tmux("send-keys", "-t", session, "offboard")
    wait_for(session, lambda screen: "Workflow: Offboarding a Customer" in screen)
    tmux("send-keys", "-t", session, "Enter")
    wait_for(session, lambda screen: "Start: Workflow" in screen)
    tmux("send-keys", "-t", session, "Northwind Traders", "Enter")
    wait_for(session, lambda screen: "Contact" in screen and "Ana Trujillo" in screen)
    tmux("send-keys", "-t", session, "Enter")
    # A frame reaches the terminal in several writes: wait for all of it, not its first part.
    wait_for(
        session,
        lambda screen: (
            "Create a new ticket" in screen
            and "State" in screen
            and "[ ] 5 ⟨notify⟩ If applicable" in screen
        ),
    )
    tmux("send-keys", "-t", session, "C-q")
