"""Issue 12's figures: how tag handling scales, and what durable output costs.

    python -m bench.hostile                     # scaling rows at 100 entries, durability at 1,000
    python -m bench.hostile --durability 1000 10000

Scaling: cold builds of a site of figures whose tags come from a pool of 20, with 1×, 2×, 4× the
tags per entry (5, 10, 20: the default limit) and then 1×, 2×, 4× the entries per tag (100, 200,
400 entries of 5 tags). Each row prints the time, the tag memberships (entries × tags per entry)
and the growth factor of both: linear handling grows the time about as the memberships (or less,
the fixed cost of a build being shared). Durability: a cold build of the benchmark corpus in a
child process whose syncs are timed (`sitegen.durable`: the one syncfs of the new site, the folder
fsyncs, the caches' and manifest's fsyncs), printed beside the whole build's time. A benchmark,
not a test: nothing asserts a time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
NOW = "2020-01-01"
POOL = 20
SITE_YAML = """\
title: Banc
base_url: https://example.org/
sections:
  figures: {type: figure, title: Figures-modèles, singular: Figure-modèle, url: figures}
families:
  - {id: forces-du-petit, name: Forces du petit}
"""

# Run in the child: time every sync the build makes, then build once.
_TIMED_BUILD = """
import json, os, sys, time
import sitegen.durable as durable, sitegen.output.write as write
from sitegen.cli import main
spent = {"fsync": 0.0, "syncfs": 0.0}
def timed(kind, call):
    def run(*args):
        start = time.perf_counter()
        try:
            return call(*args)
        finally:
            spent[kind] += time.perf_counter() - start
    return run
os.fsync = timed("fsync", os.fsync)
write.sync_tree = timed("syncfs", durable.sync_tree)
start = time.perf_counter()
code = main(sys.argv[1:])
print(json.dumps({"code": code, "build": time.perf_counter() - start, **spent}))
"""


def tag_site(root: Path, entries: int, tags: int) -> int:
    """A site of `entries` figures, each with `tags` tags of the pool; the number of memberships."""
    if root.exists():
        shutil.rmtree(root)
    (root / "content/figures").mkdir(parents=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for n in range(entries):
        names = ", ".join(f"mot {(n + i) % POOL}" for i in range(tags))
        text = f"---\ntitle: Figure {n}\nfamily: forces-du-petit\ndefinition: La figure {n}.\ntags: [{names}]\n---\nCorps {n}.\n"
        (root / f"content/figures/figure-{n}.md").write_text(text, encoding="utf-8")
    return entries * tags


def cold_build(root: Path, work: Path) -> float:
    output, cache = work / "output", work / "cache"
    for folder in (output, cache):
        shutil.rmtree(folder, ignore_errors=True)
    command = [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "--output", str(output), "--cache", str(cache)]
    start = time.perf_counter()
    subprocess.run([*command, "--now", NOW], check=True, capture_output=True)
    return time.perf_counter() - start


def scaling(work: Path, entries: int) -> list[str]:
    rows = ["| row | size | memberships | build | growth (time) | growth (memberships) |", "|---|---|---|---|---|---|"]
    print("\n".join(rows), flush=True)
    for label, sizes in (
        ("tags per entry", [(entries, 5), (entries, 10), (entries, 20)]),
        ("entries per tag", [(entries, 5), (2 * entries, 5), (4 * entries, 5)]),
    ):
        first: tuple[float, int] | None = None
        for count, tags in sizes:
            memberships = tag_site(work / "site", count, tags)
            seconds = cold_build(work / "site", work)
            first = first or (seconds, memberships)
            size = f"{count} entries × {tags} tags ({count * tags // POOL} per tag)"
            rows.append(
                f"| {label} | {size} | {memberships} | {seconds:.2f} s | ×{seconds / first[0]:.2f} | ×{memberships / first[1]:.0f} |"
            )
            print(rows[-1], flush=True)
    return rows


def durability(work: Path, entries: int) -> str:
    site = work / f"corpus-{entries}"
    subprocess.run(
        [sys.executable, "-m", "bench.corpus", str(site), "--entries", str(entries)], cwd=PROJECT, check=True, capture_output=True
    )
    output, cache = work / "output", work / "cache"
    for folder in (output, cache):
        shutil.rmtree(folder, ignore_errors=True)
    args = ["--root", str(site), "--output", str(output), "--cache", str(cache), "--now", NOW]
    done = subprocess.run([sys.executable, "-c", _TIMED_BUILD, *args], cwd=PROJECT, check=True, capture_output=True, text=True)
    figures = json.loads(done.stdout.splitlines()[-1])
    files = sum(1 for p in output.rglob("*") if p.is_file())
    synced = figures["syncfs"] + figures["fsync"]
    row = (
        f"| {entries} entries ({files} files) | {figures['build']:.2f} s | {figures['syncfs']:.3f} s | {figures['fsync']:.3f} s"
        f" | {100 * synced / figures['build']:.1f} % |"
    )
    print(row, flush=True)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Tag scaling and the cost of durable output (issue 12).")
    parser.add_argument("--entries", type=int, default=100, help="entries at 1× of the scaling rows (default 100)")
    parser.add_argument("--durability", type=int, nargs="*", default=[1000], help="corpus sizes for the sync cost (default 1000)")
    parser.add_argument("--work", type=Path, default=PROJECT / "bench" / ".work" / "hostile")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    print("## Tag handling: 1×, 2×, 4×\n")
    scaling(args.work, args.entries)
    print("\n## Durable output: time spent syncing in a cold build\n")
    print("| corpus | cold build | syncfs of the new site | fsync (folders, caches, manifest) | share |\n|---|---|---|---|---|")
    for entries in args.durability:
        durability(args.work, entries)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
