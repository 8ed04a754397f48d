"""A terminal that closes ends kbpilot, even when no hangup signal reaches it."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ALTERNATE_SCREEN = b"\x1b[?1049h"


# As it is started by a shell, and with hangups ignored (as under `nohup`).
STARTS = {
    "plain": "import os, sys; os.execv(sys.argv[1], sys.argv[1:])",
    "nohup": "import os, signal, sys; signal.signal(signal.SIGHUP, signal.SIG_IGN); "
    "os.execv(sys.argv[1], sys.argv[1:])",
}


@pytest.mark.parametrize("start", STARTS)
def test_kbpilot_leaves_when_its_terminal_closes_without_a_hangup(
    sample_kb: Path, start: str
) -> None:
    controller, terminal = pty.openpty()
    environment = {
        variable: os.environ[variable]
        for variable in ("KBPILOT_HOME", "KBPILOT_CONFIG_HOME", "KBPILOT_TECHNICIAN", "PATH")
    } | {"KBPILOT_KB": str(sample_kb), "TERM": "xterm-256color"}
    # A session of its own: the terminal is not its controlling one, so closing it sends no
    # hangup (as under `make run`, which holds the signal back while it waits).
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            STARTS[start],
            str(Path(sys.executable).with_name("kbpilot")),
            "--sandbox",
        ],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=environment,
        start_new_session=True,
    )
    os.close(terminal)
    try:
        drawn = b""
        deadline = time.monotonic() + 60
        while ALTERNATE_SCREEN not in drawn:
            assert time.monotonic() < deadline, f"the app never drew: {drawn[-300:]!r}"
            if select.select([controller], [], [], 0.1)[0]:
                drawn += os.read(controller, 65536)
        os.close(controller)
        assert child.wait(timeout=60) != 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
