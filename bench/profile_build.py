"""Profile a cold build of the synthetic corpus: `python -m bench.profile_build --entries 1000`.

Three fresh processes on the same corpus: the start-up cost (interpreter, then our imports), a
build whose pipeline steps are timed without a profiler (the steps named in sitegen/pipeline.py
are wrapped from outside; the engine is not changed), and a build under cProfile. Prints the
steps, the costs that matter (YAML, pydantic, Markdown, Jinja, writing…) and the top functions by
cumulative and by own time; the raw profile is kept beside the corpus for pstats or snakeviz.
"""

from __future__ import annotations

import argparse
import io
import json
import pstats
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .corpus import PROJECT
from .run import CACHES, NOW, generate

# The steps of sitegen/pipeline.py, in order (a name the pipeline no longer has is skipped).
STEPS = ["load_config", "load_entries", "select", "assemble", "prepare_images", "plan_site", "render_discovery", "write_site"]

# Costs worth naming, as (label, file name ending, function name): their cumulative time in the profile.
COSTS = [
    ("read files (read_text)", "sitegen/source/reader.py", "read_text"),
    ("YAML: parse_yaml (libyaml's C composer shows as its own time)", "sitegen/source/reader.py", "parse_yaml"),
    ("  YAML: construct Python objects", "yaml/constructor.py", "construct_document"),
    ("  YAML: duplicate-key walk", "sitegen/source/reader.py", "_duplicate_keys"),
    ("front matter split (python-frontmatter)", "frontmatter/default_handlers.py", "split"),
    ("pydantic: validate()", "sitegen/source/validate.py", "validate"),
    ("assemble: slugify (tags)", "slugify/slugify.py", "slugify"),
    ("Markdown: Markdown.convert", "markdown/core.py", "convert"),
    ("  Markdown: block parser", "markdown/blockparser.py", "parseDocument"),
    ("  Markdown: inline patterns (InlineProcessor.run)", "markdown/treeprocessors.py", "run"),
    ("  Markdown: toc extension", "markdown/extensions/toc.py", "run"),
    ("  Markdown: footnotes extension", "markdown/extensions/footnotes.py", "run"),
    ("  Markdown: attr_list extension", "markdown/extensions/attr_list.py", "run"),
    ("  Markdown: our link resolver", "sitegen/render/markup.py", "run"),
    ("  Markdown: serialize", "markdown/serializers.py", "_write_html"),
    ("  Markdown: reset", "markdown/core.py", "reset"),
    ("Jinja: get_or_select_template (load + compile)", "jinja2/environment.py", "get_or_select_template"),
    ("  Jinja: compile", "jinja2/environment.py", "_compile"),
    ("Jinja: Template.render", "jinja2/environment.py", "render"),
    ("  Babel: format_date", "babel/dates.py", "format_date"),
    ("  card macro calls (Macro.__call__)", "jinja2/runtime.py", "__call__"),
    ("str.encode of pages", "~", "<method 'encode' of 'str' objects>"),
    ("write: write_site", "sitegen/output/write.py", "write_site"),
    ("  write: Path.write_bytes", "pathlib.py", "write_bytes"),
    ("  write: mkdir", "pathlib.py", "mkdir"),
]


def startup() -> dict[str, float]:
    """Median seconds of 3 runs: a bare interpreter, and one that imports the engine."""
    result = {}
    for label, code in (("python", "pass"), ("python + import sitegen.cli", "import sitegen.cli")):
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], cwd=PROJECT, check=True)
            runs.append(time.perf_counter() - started)
        result[label] = sorted(runs)[1]
    return result


def timed_steps(site: Path, output: Path) -> dict[str, float]:
    """In this process: one build with each pipeline step timed (call from a fresh process)."""
    import sitegen.pipeline as pipeline
    from sitegen.cli import main

    spent: dict[str, float] = {}

    def wrap(name: str):
        inner = getattr(pipeline, name)

        def step(*args, **kwargs):
            started = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - started
                spent[f"rss after {name}"] = rss_mib()

        return step

    for name in STEPS:
        if hasattr(pipeline, name):
            setattr(pipeline, name, wrap(name))
    started = time.perf_counter()
    code = main(["--root", str(site), "--output", str(output), "--now", NOW])
    spent["build (all steps)"] = time.perf_counter() - started
    if code != 0:
        raise SystemExit(f"the build failed with exit code {code}")
    return spent


def rss_mib() -> float:
    """This process's resident memory now, from /proc (MiB)."""
    status = Path("/proc/self/status").read_text()
    return next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024


def costs(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    """(label, cumulative seconds, calls) of each cost in COSTS found in the profile."""
    found = []
    for label, file, function in COSTS:
        total, calls = 0.0, 0
        for (path, _, name), (_, ncalls, _, cumulative, _) in stats.stats.items():  # type: ignore[attr-defined]
            if name == function and path.replace("\\", "/").endswith(file) and cumulative > total:
                total, calls = cumulative, ncalls  # the costliest function of that name in that file
        if calls:
            found.append((label, total, calls))
    return found


def top(stats: pstats.Stats, key: str, count: int) -> str:
    stream = io.StringIO()
    stats.stream = stream  # type: ignore[attr-defined]
    stats.sort_stats(key).print_stats(count)
    text = stream.getvalue()
    return text[text.index("   ncalls") :].rstrip() if "   ncalls" in text else text


def forget(site: Path, output: Path) -> None:
    """Make the next build cold: no output, no cache (the memo's tables, the manifest)."""
    shutil.rmtree(output, ignore_errors=True)
    for cache in CACHES:
        shutil.rmtree(site / cache, ignore_errors=True)


def profile(entries: int, work: Path, seed: int, count: int, runs: int) -> str:
    """Generate the corpus, measure and profile one cold build; return the report."""
    folder = work / f"profile-{entries}"
    site, output, raw = folder / "site", folder / "output", folder / "build.prof"
    words = generate(entries, seed, site, folder / "hugo")
    launch = startup()
    shutil.rmtree(output, ignore_errors=True)
    command = [sys.executable, "-m", "bench.profile_build", "--steps-only", str(site), str(output)]
    steps: dict[str, dict[str, float]] = {}
    process: dict[str, float] = {}
    for kind in ("cold", "no-op"):  # a no-op build finds the previous build's output
        for _ in range(runs):  # the machine is noisy: keep the fastest run
            if kind == "cold":
                forget(site, output)
            started = time.perf_counter()
            done = subprocess.run(command, cwd=PROJECT, check=True, capture_output=True, text=True)
            seconds = time.perf_counter() - started
            if seconds < process.get(kind, float("inf")):
                process[kind], steps[kind] = seconds, json.loads(done.stdout.splitlines()[-1])
    forget(site, output)
    build = [str(PROJECT / "build.py"), "--root", str(site), "--output", str(output), "--now", NOW]
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(raw), *build], cwd=PROJECT, check=True, capture_output=True)
    stats = pstats.Stats(str(raw))
    profiled = stats.total_tt  # type: ignore[attr-defined]

    lines = [f"# Cold build of {entries:,} entries ({words:,} words), seed {seed}", ""]
    lines += ["## Start-up (medians of 3 fresh processes)", "", "| process | wall |", "|---|---|"]
    lines += [f"| {label} | {seconds:.3f} s |" for label, seconds in launch.items()]
    lines += ["", f"## Pipeline steps, no profiler (fastest of {runs} fresh process(es) each: cold, then no-op)", ""]
    lines += ["| step | cold | share | RSS after it | no-op rebuild | share |", "|---|---|---|---|---|---|"]
    cold, noop = steps["cold"], steps["no-op"]
    for name in (n for n in cold if not n.startswith("rss ")):
        rss = f"{cold[f'rss after {name}']:.0f} MiB" if f"rss after {name}" in cold else ""
        lines.append(
            f"| {name} | {cold[name]:.3f} s | {cold[name] / cold['build (all steps)']:.0%} | {rss} "
            f"| {noop.get(name, 0):.3f} s | {noop.get(name, 0) / noop['build (all steps)']:.0%} |"
        )
    lines.append(f"| whole process | {process['cold']:.2f} s | | | {process['no-op']:.2f} s | |")
    lines += ["", f"## Where the time goes (cProfile, {profiled:.2f} s profiled; cumulative time)", ""]
    lines += ["| cost | cumulative | share | calls |", "|---|---|---|---|"]
    lines += [f"| {label} | {seconds:.2f} s | {seconds / profiled:.0%} | {calls:,} |" for label, seconds, calls in costs(stats)]
    stats.strip_dirs()
    lines += ["", f"## Top {count} by cumulative time", "", "```", top(stats, "cumulative", count), "```"]
    lines += ["", f"## Top {count} by own time (tottime)", "", "```", top(stats, "tottime", count), "```"]
    lines += ["", f"Raw profile: {raw} (python -m pstats {raw})"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile a cold build of the synthetic corpus.")
    parser.add_argument("--entries", type=int, nargs="+", default=[1000], help="corpus sizes (default: 1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=30, help="functions listed per ranking (default: 30)")
    parser.add_argument("--work", type=Path, default=PROJECT / "bench" / ".work")
    parser.add_argument(
        "--runs", type=int, default=None, help="step timings: fastest of N runs (default: 3 up to 2,000 entries, else 1)"
    )
    parser.add_argument("--steps-only", nargs=2, type=Path, metavar=("SITE", "OUTPUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.steps_only:
        print(json.dumps(timed_steps(*args.steps_only)))
        return 0
    for entries in args.entries:
        runs = args.runs or (3 if entries <= 2000 else 1)
        report = profile(entries, args.work, args.seed, args.top, runs)
        (args.work / f"profile-{entries}.md").write_text(report + "\n", encoding="utf-8")
        print(report + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
