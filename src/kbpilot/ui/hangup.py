"""Leaving when the terminal goes away.

A terminal that closes sends a hangup signal, which ends kbpilot like any terminal program. Not
always: under a parent that holds the signal back while it waits (`make run`), or in a session
of its own, kbpilot never gets it. Textual's input thread then reads end-of-file in a loop at
full CPU, its output thread has died on the closed terminal, and the app can neither draw nor
quit: a process left spinning for good. A watcher thread checks once a second that the terminal
is still there and, once it is gone, sends kbpilot the hangup it missed; if kbpilot still runs a
second later (started under `nohup`, hangups are ignored), it ends the process as a hangup
would. Runs are saved as they change, so ending this way loses no more than the hangup itself
would have.
"""

from __future__ import annotations

import os
import signal
import threading
import time

CHECK_EVERY = 1.0


def leave_when_terminal_closes(fd: int) -> None:
    """Watch the terminal on `fd` (nothing to watch when it is not a terminal)."""
    if os.isatty(fd):
        threading.Thread(target=_watch, args=(fd,), name="kbpilot-terminal", daemon=True).start()


def _watch(fd: int) -> None:
    while os.isatty(fd):
        time.sleep(CHECK_EVERY)
    hangup = getattr(signal, "SIGHUP", signal.SIGTERM)
    os.kill(os.getpid(), hangup)
    time.sleep(CHECK_EVERY)
    os._exit(128 + hangup)
