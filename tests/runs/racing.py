"""The race harness: N `kbpilot` processes that start commands on one run at the same moment.

`Racers(n)` starts `race_worker`, which warms up once and forks n worker processes, each
connected to this process by a Unix socket; `race(commands)` hands each worker one command at
once and returns every exit code and output. Each command runs with this process's `KBPILOT_*`
environment as it is at the call (the test's data dir and technician). Every wait is on the
workers' answers, bounded by a deadline; `close()` ends the workers.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from tests.support import REPO

DEADLINE = 90.0


@dataclass(frozen=True)
class Finished:
    """How one racing command ended: `kbpilot`'s exit code, stdout and stderr."""

    code: int
    out: str
    err: str


class Racers:
    """`count` worker processes, warmed up and waiting for commands."""

    def __init__(self, count: int) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="kbpilot-race-")
        path = str(Path(self._folder.name) / "racers.sock")
        self._listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self._listener.bind(path)
        self._listener.listen(count)
        env = {k: v for k, v in os.environ.items() if not k.startswith("KBPILOT_")}
        self._parent = subprocess.Popen(
            [sys.executable, "-m", "tests.runs.race_worker", path, str(count)],
            cwd=REPO,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
        self._workers = [self._accept() for _ in range(count)]
        self._streams = [worker.makefile("rw", encoding="utf-8") for worker in self._workers]

    def _accept(self) -> socket.socket:
        """The next worker's connection; fails as soon as the workers' parent has exited."""
        deadline = time.monotonic() + DEADLINE
        self._listener.settimeout(0.2)
        while True:
            try:
                worker, _ = self._listener.accept()
            except TimeoutError:
                code = self._parent.poll()
                assert code is None, f"the race workers' process exited with {code}"
                assert time.monotonic() < deadline, "the race workers did not start in time"
                continue
            worker.settimeout(DEADLINE)
            return worker

    def race(self, commands: Sequence[Sequence[str]]) -> list[Finished]:
        """Run each command (`kbpilot` arguments) in its own worker, all at once."""
        assert len(commands) <= len(self._streams), "more commands than racing processes"
        env = {k: v for k, v in os.environ.items() if k.startswith("KBPILOT_")}
        busy = self._streams[: len(commands)]
        for stream, argv in zip(busy, commands, strict=True):
            stream.write(json.dumps({"env": env, "argv": list(argv)}) + "\n")
            stream.flush()
        finished = []
        for stream in busy:
            line = stream.readline()
            assert line, "a race worker ended without answering"
            answer = json.loads(line)
            finished.append(Finished(int(answer["code"]), answer["out"], answer["err"]))
        return finished

    def close(self) -> None:
        for stream, worker in zip(self._streams, self._workers, strict=True):
            stream.close()
            worker.close()
        self._listener.close()
        try:
            self._parent.wait(timeout=DEADLINE)
        finally:
            self._folder.cleanup()
