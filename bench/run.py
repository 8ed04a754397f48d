"""`make bench`: kbpilot's search index against SQLite FTS5 and a plain whoosh index, in one run.

It starts with the machine's load average (a warning when the machine is busy). On generated KBs
of each size (realistic articles, see corpus.py), or on a copy of your own KB (`--corpus DIR`), it
prints the articles' sizes, then for each engine: parse throughput (articles per CPU second, one
process), full build (parse + index) and, for kbpilot's, its peak memory, index size, query
latency p50/p95 per query class and over the whole mix, the time for an edited article to become
searchable, and a cold search process; as a table with the ratios to FTS5 and to plain whoosh, and
the targets, which are ratios to a peer measured in the same run wherever there is one.

    python bench/run.py --sizes 1000,10000 [--work .bench]
    python bench/run.py --corpus DIR [--work .bench]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import plain_whoosh
import tui
from corpus import generate, size_summary
from fts5 import Fts5Searcher
from fts5 import build as build_fts5
from kbpilot.parsing import parse_bytes
from kbpilot.search import Searcher, index_folder
from kbpilot.search.batch import available_cpus
from kbpilot.workspace import open_workspace
from queries import QUERIES, fts5_query

REPEATS = 10
EDITS = 5
COLD_RUNS = 5
BUSY_LOAD = 0.5
PARSE_RATE = "parse (articles/s per core)"
BUILD = "full build (s)"
MIX_P95 = "query p95, whole mix (ms)"
EDIT = "edit searchable (ms)"
COLD = "cold search process (ms)"
PEERS = ("FTS5", "whoosh")
# A row's targets: a floor or ceiling of its own, and ceilings as ratios to a peer's figure.
AT_LEAST = {PARSE_RATE: 700.0}
AT_MOST = {EDIT: 100.0}
RATIO_TARGETS: dict[str, tuple[str, float]] = {
    BUILD: ("whoosh", 2.0),
    MIX_P95: ("FTS5", 2.0),
    EDIT: ("FTS5", 3.0),
    COLD: ("FTS5", 5.0),
    **{f"{kind} p95 (ms)": ("FTS5", 3.0) for kind in QUERIES},
}


@dataclass
class Measures:
    """One engine's figures on one corpus, by row label."""

    values: dict[str, float] = field(default_factory=dict)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--corpus", type=Path, help="a KB of your own (copied, then measured)")
    parser.add_argument("--work", type=Path, default=Path(".bench"))
    args = parser.parse_args()
    jobs = min(available_cpus(), 4)
    print(f"{available_cpus()} CPUs available; builds use {jobs} worker processes")
    load = os.getloadavg()[0]
    busy = (
        "  (busy: every figure is slower and the TUI's mean little; rerun on an idle machine)"
        if load > BUSY_LOAD
        else ""
    )
    print(f"load average when the bench starts: {load:.2f}{busy}")
    if args.corpus is not None:
        corpora = [(copied(args.corpus, args.work), args.corpus.resolve().name)]
    else:
        corpora = [(generated(args.work, int(size)), size) for size in args.sizes.split(",")]
    for root, name in corpora:
        print(f"\n{name}: {size_summary(open_workspace(root).article_paths())}")
        engines = {
            "kbpilot": measure_kbpilot(root),
            "FTS5": measure_fts5(root, args.work / f"fts5-{root.name}.sqlite3", jobs),
            "whoosh": measure_whoosh(root, args.work / f"whoosh-{root.name}", jobs),
        }
        print_table(engines)
        print(f"load average now: {os.getloadavg()[0]:.2f}")
        tui.measure(root, name)


def generated(work: Path, size: int) -> Path:
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


def copied(source: Path, work: Path) -> Path:
    """A copy of the user's KB (its index, .git and hidden files left out): the bench edits an
    article and rebuilds the index, and must do neither to the original."""
    if not (source / "articles").is_dir():
        raise SystemExit(f"{source} has no articles/ folder: give --corpus the KB's root folder")
    root = work / f"corpus-{source.resolve().name}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(source, root, ignore=shutil.ignore_patterns(".*"))
    return root


def parse_rate(root: Path) -> float:
    """Articles parsed per CPU second in this process, over the whole corpus (read first)."""
    files = [(p, p.read_bytes()) for p in open_workspace(root).article_paths()]
    started = time.process_time()
    for path, data in files:
        parse_bytes(data, path.name)
    return len(files) / max(time.process_time() - started, 1e-9)


def kbpilot_command(root: Path, *args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("kbpilot")), "--kb", str(root), *args]


def measure_kbpilot(root: Path) -> Measures:
    found = Measures()
    found.values[PARSE_RATE] = parse_rate(root)
    workspace = open_workspace(root)
    seconds, peak = build_process(kbpilot_command(root, "index", "--rebuild"))
    found.values[BUILD] = seconds
    found.values["build peak RSS (MB)"] = peak
    found.values["index size (MB)"] = folder_size(index_folder(workspace)) / 1e6
    with Searcher(workspace) as searcher:
        latencies = {}
        for kind, queries in QUERIES.items():
            # Each run as if first asked: what the searcher keeps of a search would otherwise
            # answer the same query again (a keystroke's search keeps it for the next keystroke).
            latencies[kind] = timed_queries(
                lambda q: searcher.search(q).hits, queries, before=searcher.forget
            )
        record_latencies(found, latencies)
        found.values[EDIT] = edit_latency(
            root,
            lambda word: bool(searcher.search(word, typing=False).hits),
            lambda _, path: searcher.refresh(paths=[path]),
        )
    found.values[COLD] = cold(kbpilot_command(root, "search", "offboarding", "--json"))
    return found


def build_process(command: list[str]) -> tuple[float, float]:
    """`kbpilot index --rebuild` in a process of its own: the seconds it reports, and the peak
    resident memory (MB) of the largest of its processes (the parent or a worker)."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = re.search(r"in ([0-9.]+) s", output)
    if process.returncode or seconds is None:
        raise SystemExit(f"{' '.join(command)} failed:\n{output}")
    return float(seconds.group(1)), usage.ru_maxrss / 1024


def measure_fts5(root: Path, database: Path, jobs: int) -> Measures:
    found = Measures()
    found.values[BUILD] = build_fts5(root, database, jobs)
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
    found.values[EDIT] = edit_latency(
        root, lambda word: bool(searcher.search(word)), searcher.update
    )
    searcher.close()
    script = (
        "import sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1])\n"
        "rows = c.execute(\"SELECT id, title, snippet(articles, 4, '**', '**', '…', 24) "
        "FROM articles WHERE articles MATCH 'offboarding' ORDER BY bm25(articles) LIMIT 10\")"
        ".fetchall()\n"
        "print(len(rows))\n"
    )
    found.values[COLD] = cold([sys.executable, "-c", script, str(database)])
    return found


def measure_whoosh(root: Path, folder: Path, jobs: int) -> Measures:
    found = Measures()
    found.values[BUILD] = plain_whoosh.build(root, folder, jobs)
    found.values["index size (MB)"] = folder_size(folder) / 1e6
    searcher = plain_whoosh.PlainSearcher(folder)
    latencies = {}
    for kind, queries in QUERIES.items():
        latencies[kind] = timed_queries(
            lambda q, k=kind: searcher.search(searcher.parse(plain_whoosh.whoosh_query(k, q))),
            queries,
        )
    record_latencies(found, latencies)
    found.values[EDIT] = edit_latency(
        root, lambda word: bool(searcher.search(searcher.parse(word))), searcher.update
    )
    searcher.close()
    found.values[COLD] = cold([sys.executable, "-c", plain_whoosh.COLD_SCRIPT, str(folder)])
    return found


def timed_queries(
    run: Callable[[str], object], queries: list[str], before: Callable[[], object] | None = None
) -> list[float]:
    """Milliseconds per query, each query warmed once then run REPEATS times (each time after
    `before`, untimed, when given)."""
    times = []
    for query in queries:
        run(query)
        for _ in range(REPEATS):
            if before is not None:
                before()
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
    found.values[MIX_P95] = percentile(everything, 95)


def edit_latency(
    root: Path,
    searchable: Callable[[str], bool],
    apply: Callable[[Path, Path], object] | None = None,
) -> float:
    """Median milliseconds from saving an edited article to finding its new word (`apply` is
    told which file was saved, as an editor or a file watcher would tell it)."""
    path = open_workspace(root).article_paths()[0]
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


def print_table(engines: dict[str, Measures]) -> None:
    """kbpilot's figures beside its peers', the ratios, and each target met or missed."""
    ours = engines["kbpilot"].values
    header = f"{'':30} {'kbpilot':>9}" + "".join(f" {p:>9} {'ratio':>6}" for p in PEERS)
    print(f"{header}  target")
    print("-" * (len(header) + 24))
    for label, value in ours.items():
        line = f"{label:30} {value:9.1f}"
        for peer in PEERS:
            other = engines[peer].values.get(label)
            line += f" {other:9.1f} {value / other:5.1f}x" if other else f" {'':9} {'':6}"
        print(f"{line}  {verdict(label, value, engines)}".rstrip())


def verdict(label: str, value: float, engines: dict[str, Measures]) -> str:
    """The row's targets, each with `ok` or `MISSED`."""
    said = []
    if label in AT_LEAST:
        said.append((f">= {AT_LEAST[label]:g}", value >= AT_LEAST[label]))
    if label in AT_MOST:
        said.append((f"<= {AT_MOST[label]:g}", value <= AT_MOST[label]))
    if label in RATIO_TARGETS:
        peer, ratio = RATIO_TARGETS[label]
        other = engines[peer].values.get(label)
        if other:
            said.append((f"<= {ratio:g}x {peer}", value <= ratio * other))
    return ", ".join(f"{text} {'ok' if met else 'MISSED'}" for text, met in said)


if __name__ == "__main__":
    main()
