"""The race tests' `kbpilot` processes: one warmed-up process forks N workers that wait for
commands, so that N processes are ready to race in the time it takes to start one.

`python -m tests.runs.race_worker SOCKET N`: the process warms up (one `run start` on the bundled
KB in a scratch data dir, so every module a race needs is imported), forks N workers and waits
for them. Each worker connects to the Unix socket SOCKET and reads one command per line, JSON
`{"env": {...}, "argv": [...]}`: the command's `KBPILOT_*` environment and its arguments. Its
answer is one JSON line, `{"code": ..., "out": ..., "err": ...}`, the exit code and output
`kbpilot` would give (a `KbpilotError` is its message and exit 1, as in `kbpilot.cli.run`). A
worker starts a command the moment its line arrives, and ends when the socket closes.
"""

from __future__ import annotations

import json
import os
import socket
import sys
import tempfile
import threading
import traceback

from click.testing import CliRunner

from kbpilot.cli import main
from kbpilot.errors import KbpilotError
from tests.support import REPO

WARM_UP = ["run", "start", "workflow-offboarding-a-customer", "--company", "Northwind Traders"]


def answer(env: dict[str, str | None], argv: list[str]) -> dict[str, object]:
    result = CliRunner().invoke(main, argv, env=env)
    code, err = result.exit_code, result.stderr
    error = result.exception
    if isinstance(error, KbpilotError):
        err += f"error: {error}\n"
    elif error is not None and not isinstance(error, SystemExit):
        err += "".join(traceback.format_exception(error))
        code = 99
    return {"code": code, "out": result.stdout, "err": err}


def serve(path: str) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        stream = sock.makefile("rw", encoding="utf-8")
        for line in stream:
            command = json.loads(line)
            stream.write(json.dumps(answer(command["env"], command["argv"])) + "\n")
            stream.flush()


def fork_worker(path: str) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        serve(path)
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        os._exit(code)


def run(path: str, count: int) -> None:
    with tempfile.TemporaryDirectory() as home:
        warm = answer({"KBPILOT_HOME": home}, ["--kb", str(REPO), "--sandbox", *WARM_UP])
    if warm["code"] != 0:
        sys.exit(f"the race workers could not warm up: {warm['err']}")
    if threading.active_count() != 1:
        sys.exit(f"cannot fork the race workers: {threading.enumerate()} are running")
    workers = [fork_worker(path) for _ in range(count)]
    for pid in workers:
        os.waitpid(pid, 0)


if __name__ == "__main__":
    run(sys.argv[1], int(sys.argv[2]))
