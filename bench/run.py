"""`make bench`: kbpilot's search index against SQLite FTS5 on generated KBs, in one run.

It starts with the machine's load average. For each size: parse throughput (articles per CPU
second, one process), full build (parse + index), index size, query latency p50/p95 per query
class and over the whole mix, the time for an edited article to become searchable, and a cold
`kbpilot search` process; printed as a table with the kbpilot/FTS5 ratios and kbpilot's targets.

    python bench/run.py --sizes 1000,10000 [--work .bench]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import tui
from corpus import generate
from fts5 import Fts5Searcher
from fts5 import build as build_fts5
from kbpilot.parsing import parse_bytes
from kbpilot.search import Searcher, index_folder, update_index
from kbpilot.search.batch import available_cpus
from kbpilot.workspace import open_workspace
from queries import QUERIES, fts5_query

REPEATS = 10
EDITS = 5
COLD_RUNS = 5
PARSE_RATE = "parse (articles/s per core)"
AT_LEAST = {PARSE_RATE: 700.0}
TARGETS = {
    "query p95, whole mix (ms)": 25.0,
    "full build (s)": 20.0,
    "edit searchable (ms)": 100.0,
    "cold search process (ms)": 250.0,
}


@dataclass
class Measures:
    """One engine's figures at one size, by row label."""

    values: dict[str, float] = field(default_factory=dict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--work", type=Path, default=Path(".bench"))
    args = parser.parse_args()
    jobs = min(available_cpus(), 4)
    print(f"{available_cpus()} CPUs available; builds use {jobs} worker processes")
    load = os.getloadavg()[0]
    busy = "  (busy: the figures, the TUI's above all, mean little)" if load > 0.5 else ""
    print(f"load average when the bench starts: {load:.2f}{busy}\n")
    for size in (int(s) for s in args.sizes.split(",")):
        root = corpus(args.work, size)
        ours = measure_kbpilot(root)
        theirs = measure_fts5(root, args.work / f"fts5-{size}.sqlite3", jobs)
        print_table(size, ours, theirs)
        tui.measure(root, size)


def corpus(work: Path, size: int) -> Path:
    """The generated KB of that size, made once and reused (the generator is deterministic)."""
    root = work / f"kb-{size}"
    marker = root / ".complete"
    if not marker.exists():
        shutil.rmtree(root, ignore_errors=True)
        started = time.perf_counter()
        generate(root, size)
        marker.touch()
        print(f"generated {size} articles in {time.perf_counter() - started:.1f} s")
    return root


def parse_rate(root: Path) -> float:
    """Articles parsed per CPU second in this process, over the whole corpus (read first)."""
    files = [(p, p.read_bytes()) for p in sorted((root / "articles").iterdir()) if p.is_file()]
    started = time.process_time()
    for path, data in files:
        parse_bytes(data, path.name)
    return len(files) / max(time.process_time() - started, 1e-9)


def measure_kbpilot(root: Path) -> Measures:
    found = Measures()
    found.values[PARSE_RATE] = parse_rate(root)
    workspace = open_workspace(root)
    shutil.rmtree(index_folder(workspace), ignore_errors=True)
    report = update_index(workspace)
    found.values["full build (s)"] = report.seconds
    found.values["index size (MB)"] = folder_size(index_folder(workspace)) / 1e6
    with Searcher(workspace) as searcher:
        latencies = {}
        for kind, queries in QUERIES.items():
            latencies[kind] = timed_queries(lambda q: searcher.search(q).hits, queries)
        record_latencies(found, latencies)
        found.values["edit searchable (ms)"] = edit_latency(
            root, lambda word: bool(refresh_and_search(searcher, word))
        )
    found.values["cold search process (ms)"] = cold(
        [
            str(Path(sys.executable).with_name("kbpilot")),
            "--kb",
            str(root),
            "search",
            "offboarding",
            "--json",
        ]
    )
    return found


def refresh_and_search(searcher: Searcher, word: str) -> list[object]:
    searcher.refresh()
    return list(searcher.search(word, typing=False).hits)


def measure_fts5(root: Path, database: Path, jobs: int) -> Measures:
    found = Measures()
    found.values["full build (s)"] = build_fts5(root, database, jobs)
    found.values["index size (MB)"] = database.stat().st_size / 1e6
    searcher = Fts5Searcher(database)
    latencies = {}
    for kind, queries in QUERIES.items():
        if kind == "fuzzy":
            latencies[kind] = timed_queries(lambda q: searcher.search(searcher.fuzzy(q)), queries)
        else:
            latencies[kind] = timed_queries(
                lambda q, k=kind: searcher.search(fts5_query(k, q)), queries
            )
    record_latencies(found, latencies)

    def edit(word: str) -> bool:
        return bool(searcher.search(word))

    found.values["edit searchable (ms)"] = edit_latency(root, edit, searcher.update)
    searcher.close()
    script = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "rows = c.execute(\"SELECT id, title, snippet(articles, 4, '**', '**', '…', 24) "
        "FROM articles WHERE articles MATCH 'offboarding' ORDER BY bm25(articles) LIMIT 10\")"
        ".fetchall()\n"
        "print(len(rows))\n"
    )
    found.values["cold search process (ms)"] = cold([sys.executable, "-c", script, str(database)])
    return found


def timed_queries(run: Callable[[str], object], queries: list[str]) -> list[float]:
    """Milliseconds per query, each query warmed once then run REPEATS times."""
    times = []
    for query in queries:
        run(query)
        for _ in range(REPEATS):
            started = time.perf_counter()
            run(query)
            times.append((time.perf_counter() - started) * 1000)
    return times


def record_latencies(found: Measures, latencies: dict[str, list[float]]) -> None:
    everything = []
    for kind, times in latencies.items():
        found.values[f"{kind} p50 (ms)"] = percentile(times, 50)
        found.values[f"{kind} p95 (ms)"] = percentile(times, 95)
        everything += times
    found.values["query p50, whole mix (ms)"] = percentile(everything, 50)
    found.values["query p95, whole mix (ms)"] = percentile(everything, 95)


def edit_latency(
    root: Path,
    searchable: Callable[[str], bool],
    apply: Callable[[Path, Path], None] | None = None,
) -> float:
    """Median milliseconds from saving an edited article to finding its new word."""
    path = sorted((root / "articles").glob("*.md"))[0]
    original = path.read_text(encoding="utf-8")
    times = []
    try:
        for n in range(EDITS):
            word = f"zqedit{n}x{int(time.time() * 1000) % 100000}"
            started = time.perf_counter()
            path.write_text(f"{original}\nAlso check {word}.\n", encoding="utf-8")
            if apply is not None:
                apply(root, path)
            if not searchable(word):
                raise SystemExit(f"the edited word {word} was not found")
            times.append((time.perf_counter() - started) * 1000)
    finally:
        path.write_text(original, encoding="utf-8")
    return statistics.median(times)


def cold(command: list[str]) -> float:
    """Median wall milliseconds of a whole process answering one query."""
    subprocess.run(command, capture_output=True, check=True)
    times = []
    for _ in range(COLD_RUNS):
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def print_table(size: int, ours: Measures, theirs: Measures) -> None:
    print(f"\n{size:,} articles")
    header = f"{'':30} {'kbpilot':>10} {'FTS5':>10} {'ratio':>7} {'target':>8}"
    print(header)
    print("-" * len(header))
    for label, value in ours.values.items():
        other = theirs.values.get(label, float("nan"))
        ratio = value / other if other else float("nan")
        target = TARGETS.get(label)
        verdict = ""
        if target is not None:
            verdict = f"{'<=' if value <= target else '> '}{target:g}"
        elif label in AT_LEAST:
            verdict = f"{'>=' if value >= AT_LEAST[label] else '< '}{AT_LEAST[label]:g}"
        print(f"{label:30} {value:10.1f} {other:10.1f} {ratio:6.1f}x {verdict:>8}")


if __name__ == "__main__":
    main()
