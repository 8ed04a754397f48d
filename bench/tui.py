"""`make bench`, TUI part: cold start to the search screen against a minimal Textual app, and
keystroke-to-results latency in the search screen at each size.

Cold start: a fresh Python process builds the app as `kbpilot` does and stops once the search
screen is interactive (searcher open); the baseline process runs an app of one Input and a
Footer, up to its first idle frame. Both are timed from the process's launch to that moment (what
the user waits for); the whole process, exit included, is shown beside it. The moment our first
frame is up (the box takes keys, searched once the searcher opens) is shown too; it does not wait
for the process to be idle, as the baseline's does, since our background work keeps it busy.

Keystrokes: the search screen in a headless app; for each key of a set of queries, the time from
the key press to the first frame painted with that text's results (the search worker, the list
update, layout, and the frame rendered to terminal output as a real terminal would get it).
Headless Textual skips writing frames, so the bench renders each one itself. Each key is pressed
once the previous one's results are painted (the target's figure), and again at a typist's pace
(a key every `TYPIST_PACE` seconds, or once the previous one's results are painted if later),
where what the TUI does while typing pauses must not land between two keystrokes.

Alone, on corpora `make bench` generated (built when missing):

    python bench/tui.py --sizes 1000,10000 [--work .bench]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

COLD_RUNS = 9
TYPED = ["offboarding", "reset password", "checklist library", "firewall", "runbook", "warranty"]
TARGET_RATIO = 1.3
TARGET_P95_MS = 50.0
# A fast typist's interval between two keys (about 80 words a minute).
TYPIST_PACE = 0.15
# How long the keystroke bench waits for the search screen, or for a key's results, before it
# stops with a message (a folder that is no KB, a search that never answers).
WAIT_LIMIT = 120.0

MINIMAL_APP = """
import time
from textual.app import App
from textual.widgets import Footer, Input

class Minimal(App):
    def compose(self):
        yield Input()
        yield Footer()

async def ready(pilot):
    await pilot.pause()
    print(time.time())
    pilot.app.exit()

Minimal().run(headless=True, auto_pilot=ready)
"""

KBPILOT_APP = """
import sys
import time
import kbpilot.cli.quick  # what the `kbpilot` entry point imports to open the TUI
from kbpilot.cli.tui import build_tui
from kbpilot.ui.services import UiSettings

app = build_tui(UiSettings(kb_dir=sys.argv[1], sandbox=True))
from kbpilot.ui.screens.search import SearchScreen

async def ready(pilot):
    await pilot.pause(0)
    print(time.time())  # the first frame is up: the box takes keys
    deadline = time.time() + 120
    while not (isinstance(pilot.app.screen, SearchScreen) and pilot.app.screen._ready):
        if time.time() > deadline:
            print(f"no search screen after 2 minutes: {pilot.app.screen!r}", file=sys.stderr)
            pilot.app.exit(return_code=1)
            return
        await pilot.pause(0.005)
    print(time.time())  # the searcher is open: keys typed so far are searched
    pilot.app.exit()

app.run(headless=True, auto_pilot=ready)
sys.exit(app.return_code or 0)
"""


def launch(code: str, *args: str) -> tuple[float, float, float, float]:
    """One fresh process running `code`: milliseconds from launch to the first and to the last
    moment it prints (the same moment for the minimal app), and the whole process; and the peak
    resident memory (MB) of the largest of its processes (the app or its search process)."""
    launched = time.time()
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    printed = process.stdout.read().split()
    _, status, usage = os.wait4(process.pid, 0)
    whole = (time.perf_counter() - started) * 1000
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"the TUI's cold start failed (exit {os.waitstatus_to_exitcode(status)})")
    first = (float(printed[0]) - launched) * 1000
    last = (float(printed[-1]) - launched) * 1000
    return first, last, whole, usage.ru_maxrss / 1024


def cold_ms(root: Path) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The minimal app's and kbpilot's figures of `launch`: medians of `COLD_RUNS` each (the
    peak memory: the largest). The two are started in turn, so a change in the machine's state
    during the runs (another process, the index's writes still being flushed) weighs on both."""
    runs: dict[str, list[tuple[float, float, float, float]]] = {"minimal": [], "ours": []}
    for _ in range(COLD_RUNS):
        runs["minimal"].append(launch(MINIMAL_APP))
        runs["ours"].append(launch(KBPILOT_APP, str(root)))
    minimal, ours = (
        tuple(
            max(column) if index == 3 else statistics.median(column)
            for index, column in enumerate(zip(*runs[name], strict=True))
        )
        for name in ("minimal", "ours")
    )
    return minimal, ours


async def keystroke_latencies(root: Path, pace: float = 0.0) -> list[float]:
    """Milliseconds from each key press to the first frame showing the results of the text typed
    so far; the next key is pressed then, or `pace` seconds after this one if later."""
    from textual._compositor import CompositorUpdate

    from kbpilot.ui.app import make_app
    from kbpilot.ui.screens.search import SearchScreen
    from kbpilot.ui.services import UiSettings, open_services

    settings = UiSettings(kb_dir=str(root), sandbox=True)
    app = make_app(settings, open_services(settings))
    painted: dict[str | None, float] = {}
    display = app._display

    def paint(screen: object, renderable: object) -> None:
        """Render the frame as the terminal would receive it; note when it first showed which
        results."""
        display(screen, renderable)  # type: ignore[arg-type]
        if isinstance(renderable, CompositorUpdate):
            renderable.render_segments(app.console)
            shown = app.screen.result if isinstance(app.screen, SearchScreen) else None
            painted.setdefault(shown.query if shown is not None else None, time.perf_counter())

    app._display = paint  # type: ignore[method-assign]
    latencies: list[float] = []
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        deadline = time.perf_counter() + WAIT_LIMIT
        while not (isinstance(screen, SearchScreen) and screen._ready):
            if time.perf_counter() > deadline:
                raise SystemExit(f"{root}: no search screen after {WAIT_LIMIT:.0f} s: {screen!r}")
            await pilot.pause(0.01)
            screen = app.screen
        assert isinstance(screen, SearchScreen)
        for text in TYPED:
            await pilot.press("escape")
            for index, key in enumerate(text):
                typed = text[: index + 1]
                painted.clear()
                started = time.perf_counter()
                await pilot.press("space" if key == " " else key)
                if not typed.strip():
                    continue
                deadline = started + WAIT_LIMIT
                while typed not in painted:
                    if time.perf_counter() > deadline:
                        raise SystemExit(f"{root}: {typed!r} not painted after {WAIT_LIMIT:.0f} s")
                    await asyncio.sleep(0.001)
                latencies.append((painted[typed] - started) * 1000)
                await asyncio.sleep(max(0.0, started + pace - time.perf_counter()))
    return latencies


def p95(ordered: list[float]) -> float:
    """The 95th percentile of sorted figures (the lower of the two around it)."""
    return ordered[int(0.95 * (len(ordered) - 1))]


def measure(root: Path, name: str) -> None:
    """Print the TUI's figures for the KB at `root` (built by the search bench first)."""
    load = os.getloadavg()[0]
    # The technician's name, which a first start asks for, is known (for these processes too).
    os.environ.setdefault("KBPILOT_TECHNICIAN", "Bench Technician")
    (minimal, _, minimal_whole, _), (first_frame, ours, ours_whole, peak) = cold_ms(root)
    latencies = sorted(asyncio.run(keystroke_latencies(root)))
    paced = sorted(asyncio.run(keystroke_latencies(root, TYPIST_PACE)))
    print(f"\nTUI on {name} (load average {load:.2f} when it started)")
    print(f"  cold start to search screen   {ours:8.0f} ms  (searcher open)")
    print(f"  minimal Textual app           {minimal:8.0f} ms")
    print(f"  ratio                         {ours / minimal:8.2f}    (target <= {TARGET_RATIO})")
    print(
        f"  first frame, box takes keys   {first_frame:8.0f} ms  "
        f"({first_frame / minimal:.2f}x; keys typed then are searched once the searcher opens)"
    )
    print(f"  whole processes, exit included {ours_whole:7.0f} / {minimal_whole:.0f} ms")
    print(f"  keystroke to results p50      {statistics.median(latencies):8.1f} ms")
    print(
        f"  keystroke to results p95      {p95(latencies):8.1f} ms  "
        f"(target <= {TARGET_P95_MS:.0f} ms)"
    )
    print(
        f"  at a typist's pace p50 / p95  {statistics.median(paced):8.1f} / "
        f"{p95(paced):.1f} ms  (a key every {TYPIST_PACE * 1000:.0f} ms)"
    )
    print(f"  peak RSS, search screen open  {peak:8.0f} MB  (the app or its search process)")


def main() -> None:
    parser = argparse.ArgumentParser(description="kbpilot's TUI figures, without the search bench")
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--work", type=Path, default=Path(".bench"))
    args = parser.parse_args()
    from run import generated

    for size in args.sizes.split(","):
        measure(generated(args.work, int(size)), size)


if __name__ == "__main__":
    main()
