"""What tests share: paths, copies of the sample KB, waiting on a condition, the simulators'
records, the clients the run tests use, the steps of the TUI's journey, and golden text files as
syrupy snapshots.

Test modules import their helpers from here, never from one another or from a conftest.

The suite runs on every core (pytest-xdist, `-n auto --dist worksteal` in pyproject.toml), so a
test must not depend on another's order or leftovers: files under `tmp_path`, simulators on
ephemeral loopback ports, data and config dirs per test (tests/conftest.py). What is expensive
and never changed is built once per worker process by a session-scoped fixture, and each test
gets its own copy: `sample_kb` is a private copy of the bundled KB without an index,
`indexed_sample_kb` the same copy with the bundled KB's search index already built (what the TUI
tests start from; a test of the first build uses `sample_kb`).
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode
from textual.events import Key
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.worker import WorkerCancelled

from kbpilot.integrations.factory import Integrations, connect_to
from kbpilot.integrations.retry import RetryPolicy
from kbpilot.integrations.sandbox.app import BaseUrls, Sandbox
from kbpilot.parsing.blocks import Block, Document, Heading, ListBlock, Paragraph
from kbpilot.sources.sync import SyncReport
from kbpilot.ui.app import KbpilotApp
from kbpilot.ui.screens.run import RunScreen
from kbpilot.ui.screens.start_run import StartRunScreen
from kbpilot.ui.widgets.checklist import Checklist
from kbpilot.ui.widgets.result_list import ResultList

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ARTICLE = "workflow-offboarding-a-customer"
FAST = {"itglue": {"export_poll_seconds": 0.01, "timeout": 10.0}, "autotask": {"timeout": 10.0}}
AppFactory = Callable[..., KbpilotApp]
RunSync = Callable[..., SyncReport]
_VARYING = [
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00"), "<time>"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "<date>"),
    (re.compile(r"T\d{8}\.\d{4}"), "<ticket>"),
    (re.compile(r"signature=[\w-]+"), "signature=<sig>"),
    (re.compile(r"http://127\.0\.0\.1:\d+"), "<origin>"),
]


def copy_sample_kb(root: Path) -> Path:
    """articles/ and kb/ of the bundled KB under root, without any built index."""
    shutil.copytree(REPO / "articles", root / "articles")
    shutil.copytree(REPO / "kb", root / "kb", ignore=shutil.ignore_patterns(".index"))
    return root


def wait_until(condition: Callable[[], object], seconds: float = 60.0) -> None:
    """Return as soon as `condition()` holds; fail if it does not within `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {seconds}s"
        time.sleep(0.02)


def records(sandbox: Sandbox, entity: str) -> list[dict[str, Any]]:
    """What the Autotask simulator holds of one entity."""
    with sandbox.state.read() as data:
        return list(data["autotask"]["records"][entity].values())


def clients_of(origin: str) -> Integrations:
    """Clients of both simulators served at `origin`, retrying at once."""
    policy = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)
    return connect_to(BaseUrls.at(origin), raw_settings=FAST, policy=policy)


def normalise(text: str, run_id: str, *folders: Path) -> str:
    """A rendered output without what changes from run to run: folders, the run id, times,
    dates, ticket numbers, signatures, the loopback port."""
    for folder in folders:
        text = text.replace(str(folder), "<dir>")
    text = text.replace(run_id, "<run>")
    for pattern, replacement in _VARYING:
        text = pattern.sub(replacement, text)
    return text


class TextSnapshot(SingleFileSnapshotExtension):
    """A golden text file: one snapshot per file, so a change reads as a plain diff."""

    _write_mode = WriteMode.TEXT


@cache
def text_file(suffix: str) -> type[TextSnapshot]:
    """The syrupy extension storing a snapshot as a `.suffix` text file."""
    return type(f"TextSnapshot_{suffix}", (TextSnapshot,), {"_file_extension": suffix})


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker finish and the screen catch up, until no worker is left running (a
    finished worker may start another through the screen): three rounds at most. A worker that a
    newer one cancelled (an older keystroke's search) is done too."""
    for _ in range(3):
        with suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            return


async def until(pilot: Pilot[None], condition: Callable[[], object], seconds: float = 60.0) -> None:
    """Let the app run until `condition()` holds; fail if it does not within `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out after {seconds}s"
        await pilot.pause(0.01)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type `text` as a terminal delivers keys (each one queued as it comes, not after the app has
    answered the previous one, as Pilot.press waits), then settle."""
    app = pilot.app
    for char in text:
        key = Key("space" if char == " " else char, char)
        key.set_sender(app)
        app.post_message(key)
    await settle(pilot)


async def start_offboarding(pilot: Pilot[None]) -> RunScreen:
    """search -> open offboarding -> pick company and contact -> the run screen."""
    await settle(pilot)
    await type_text(pilot, "offboard")
    results = pilot.app.screen.query_one(ResultList)
    assert results.entries[0].hit is not None and results.entries[0].hit.id == ARTICLE
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, StartRunScreen)
    await type_text(pilot, "Northwind Traders")
    await pilot.press("enter")
    await settle(pilot)
    await type_text(pilot, "Ana")
    await pilot.press("enter")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RunScreen)
    return screen


async def select_step(pilot: Pilot[None], screen: RunScreen, path: str) -> None:
    """Move the checklist's highlight to the step `path` with the arrow keys."""
    checklist = screen.query_one(Checklist)
    checklist.focus()
    paths = checklist.paths
    for _ in paths:
        if screen.selected == path:
            return
        await pilot.press("down" if paths.index(path) > paths.index(screen.selected) else "up")
        await settle(pilot)
    assert screen.selected == path


def drawn(widget: Widget) -> str:
    """The lines the widget draws, border included, as text."""
    region = Region(0, 0, widget.outer_size.width, widget.outer_size.height)
    return "\n".join(strip.text for strip in widget.render_lines(region))


def procedure_shapes(path: Path) -> list[tuple[str | None, int, int, str]]:
    """Each procedure of an article file as (heading, steps, nested steps at all depths, how it
    was found): the shape the parsing shape tests assert."""
    from kbpilot.parsing import parse_file

    article = parse_file(path, source=path.name)
    return [
        (
            procedure.title,
            len(procedure.steps),
            sum(1 for _ in procedure.walk()) - len(procedure.steps),
            procedure.found_by,
        )
        for procedure in article.procedures
    ]


def outline(blocks: list[Block]) -> list[Any]:
    """Reader blocks as short tuples, for the parsing shape tests: ("H2", text) ("H2*" when
    implied), (kind, text), and ("ol"/"ul", [(label or number, text, [children])])."""
    out: list[Any] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append((f"H{block.level}" + ("*" if block.implied else ""), block.text))
        elif isinstance(block, Paragraph):
            out.append((block.kind, block.text))
        else:
            entries = [(i.label or i.number, i.text, outline(i.children)) for i in block.items]
            out.append(("ol" if block.ordered else "ul", entries))
    return out


def section_outline(document: Document, heading: str) -> list[Any]:
    """The outline of the blocks under one heading, up to the next heading of any level."""
    blocks = document.blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == heading)
    end = next(
        (i for i in range(start + 1, len(blocks)) if isinstance(blocks[i], Heading)), len(blocks)
    )
    return outline(blocks[start + 1 : end])


def all_text(document: Document) -> str:
    """Every piece of text a reader kept, one a line, items before their children."""

    def walk(blocks: list[Block]) -> list[str]:
        texts: list[str] = []
        for block in blocks:
            if isinstance(block, ListBlock):
                for entry in block.items:
                    texts += [entry.text, *walk(entry.children)]
            else:
                texts.append(block.text)
        return texts

    return "\n".join(walk(document.blocks))


class CountingTransport(httpx.BaseTransport):
    """Forwards to a real transport and keeps the path and query of every request."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.paths: list[str] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(f"{request.url.path}?{request.url.query.decode()}")
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()

    def count(self, fragment: str) -> int:
        return sum(1 for path in self.paths if fragment in path)
