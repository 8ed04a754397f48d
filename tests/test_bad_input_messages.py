"""Bad input ends in a message that names what is wrong and what to do, never "please report
it": a damaged run store, a service answering 200 with HTML, names no file system takes, a busy
port, a run started from a file name."""

from __future__ import annotations

import signal
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result

from kbpilot import paths
from kbpilot.cli import main
from kbpilot.errors import KbpilotError
from kbpilot.integrations.errors import ServerError
from kbpilot.integrations.factory import connect_to
from kbpilot.integrations.loopback import LoopbackServer
from kbpilot.integrations.sandbox.app import BaseUrls
from kbpilot.runs.store import RunStore
from kbpilot.runs.store_damage import StoreDamaged
from tests.integrations.conftest import NO_WAIT_SETTINGS
from tests.support import wait_until


def kbpilot(kb: Path, *args: str) -> Result:
    return CliRunner(env={"COLUMNS": "200"}).invoke(main, ["--kb", str(kb), "--sandbox", *args])


def damage_header(db: Path) -> None:
    db.write_bytes(b"SQLite format 3\x00" + b"\xff" * 200)


def garbage(db: Path) -> None:
    db.write_bytes(b"this is not a database at all\n" * 100)


def wrong_schema(db: Path) -> None:
    with sqlite3.connect(db) as con:
        con.execute("CREATE TABLE runs (id TEXT)")


def bad_row_json(db: Path) -> None:
    RunStore(db).close()
    with sqlite3.connect(db) as con:
        con.execute("INSERT INTO runs VALUES ('r1', 'a', 'b', 0, '{not json')")


def row_missing_keys(db: Path) -> None:
    RunStore(db).close()
    with sqlite3.connect(db) as con:
        con.execute("INSERT INTO runs VALUES ('r1', 'a', 'b', 0, '{}')")


def a_folder(db: Path) -> None:
    db.mkdir()


def truncated(db: Path) -> None:
    RunStore(db).close()
    with sqlite3.connect(db) as con:
        con.execute("PRAGMA journal_mode=DELETE")
    db.write_bytes(db.read_bytes()[:1500])


@pytest.mark.parametrize(
    "damage",
    [damage_header, garbage, wrong_schema, bad_row_json, row_missing_keys, a_folder, truncated],
)
def test_a_damaged_store_is_named_kept_and_can_be_moved_aside(
    sample_kb: Path, damage: object
) -> None:
    db = paths.runs_db_path()
    db.parent.mkdir(parents=True, exist_ok=True)
    damage(db)  # type: ignore[operator]
    result = kbpilot(sample_kb, "run", "list")
    shown = kbpilot(sample_kb, "run", "show", "r1")
    for outcome in (result, shown):
        assert outcome.exit_code == 1, outcome.output
        assert "please report" not in outcome.output
    assert f"the run store {db} is damaged" in " ".join(result.output.split())
    assert "run new-store" in result.output
    assert db.exists(), "the damaged store is kept"
    moved = kbpilot(sample_kb, "run", "new-store")
    assert moved.exit_code == 0 and "moved the run store to" in moved.output
    assert list(db.parent.glob("runs.sqlite3.damaged-*"))
    assert kbpilot(sample_kb, "run", "list").exit_code == 0


def test_the_store_names_its_file_when_opened_by_the_library(tmp_path: Path) -> None:
    db = tmp_path / "runs.sqlite3"
    garbage(db)
    with pytest.raises(StoreDamaged, match=str(db)):
        RunStore(db)


def test_a_closed_store_is_not_called_damaged(tmp_path: Path) -> None:
    """Using a store after closing it is kbpilot's own fault: never 'damaged, move it aside'."""
    store = RunStore(tmp_path / "runs.sqlite3")
    store.close()
    with pytest.raises(sqlite3.ProgrammingError):
        store.run_ids()


async def html_everywhere(scope: dict, receive: object, send: object) -> None:
    assert scope["type"] == "http"
    await send(  # type: ignore[operator]
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]}
    )
    await send({"type": "http.response.body", "body": b"<html>sign in</html>"})  # type: ignore[operator]


@pytest.fixture
def html_server() -> Iterator[LoopbackServer]:
    with LoopbackServer(html_everywhere) as server:
        yield server


def test_an_answer_of_200_that_is_not_json_is_a_server_error(html_server: LoopbackServer) -> None:
    urls = BaseUrls.at(html_server.origin)
    with (
        connect_to(urls, raw_settings=NO_WAIT_SETTINGS) as clients,
        pytest.raises(ServerError, match=r"the answer is not JSON \(text/html\)"),
    ):
        clients.autotask.company_by_name("Northwind Traders")


def test_names_no_file_system_takes_are_not_found(sample_kb: Path) -> None:
    for name in ("a" * 300, "é" * 200 + ".md"):
        result = kbpilot(sample_kb, "show", name)
        assert result.exit_code == 1 and "no article" in result.output


def test_sandbox_serve_on_a_busy_port_says_so(sample_kb: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = kbpilot(sample_kb, "sandbox", "serve", "--port", str(port))
    assert isinstance(result.exception, KbpilotError), "a message for the user, exit 1"
    assert f"cannot listen on 127.0.0.1:{port}" in str(result.exception)
    assert "--port" in str(result.exception)


def test_run_start_takes_an_article_file(sample_kb: Path) -> None:
    result = kbpilot(
        sample_kb,
        "run",
        "start",
        "workflow-offboarding-a-customer.txt",
        "--company",
        "Northwind Traders",
    )
    assert result.exit_code == 0, result.output
    assert "Workflow: Offboarding a Customer" in result.output


def test_ctrl_c_stops_sandbox_serve_quietly(sample_kb: Path) -> None:
    command = [sys.executable, "-m", "kbpilot", "--kb", str(sample_kb), "sandbox", "serve"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as server:
        assert server.stdout is not None and server.stderr is not None
        url = server.stdout.readline().removeprefix("autotask: ").strip()
        assert url.startswith("http://127.0.0.1:")
        wait_until(lambda: _answers(url))
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
        errors = server.stderr.read()
    assert "Aborted" not in errors and "stopped" in errors, errors


def _answers(url: str) -> bool:
    try:
        httpx.get(url, timeout=1)
    except httpx.HTTPError:
        return False
    return True
