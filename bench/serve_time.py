"""Time `serve`'s own work from saving an entry to the reload signal, at N entries (issue 6).

`python -m bench.serve_time --entries 1000`: writes the corpus, starts the preview's rebuild machinery
in this process (as `serve` does, without the HTTP server), then appends a sentence to one figure
and times one poll of the watcher: finding the change, rebuilding and sending the reload signal,
then until the search index (made after the reload, in the background) is ready. The wait between
polls (livereload's timer) is not our work.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from pathlib import Path

from livereload.handlers import LiveReloadHandler

from bench.corpus import write_corpus
from sitegen.editor.serve import WATCHED, Preview, RebuildOnChange, is_scratch


def measure(entries: int, work: Path, repeat: int) -> dict[str, list[float]]:
    root = work / f"serve-{entries}"
    write_corpus(root, entries)
    preview = Preview(root, work / f"serve-{entries}-out", date(2020, 1, 1), root / ".cache")
    watcher = RebuildOnChange(preview.rebuild, preview.index_after_reload)
    LiveReloadHandler.watcher = watcher  # as livereload's server sets it; no browser waits here
    preview.rebuild()
    preview.index_after_reload()
    for name in WATCHED:
        watcher.watch(str(root / name), None, ignore=is_scratch)
    watcher.examine()
    figure = sorted((root / "content" / "figures").iterdir())[len(list((root / "content" / "figures").iterdir())) // 2]
    times: dict[str, list[float]] = {"reload signal": [], "search index ready": []}
    for index in range(repeat):
        preview.wait_for_index()
        time.sleep(0.01)
        with figure.open("a", encoding="utf-8") as file:
            file.write(f"\nUne phrase de plus ({index}).\n")
        started = time.perf_counter()
        watcher.examine()  # rebuild, reload signal, then the search index starts in the background
        times["reload signal"].append(time.perf_counter() - started)
        preview.wait_for_index()
        times["search index ready"].append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--work", type=Path, default=Path("bench/.work"))
    args = parser.parse_args()
    for label, values in measure(args.entries, args.work, args.repeat).items():
        print(
            f"serve, {args.entries} entries, save → {label}: median {statistics.median(values):.2f} s "
            f"({', '.join(f'{v:.2f}' for v in values)})"
        )


if __name__ == "__main__":
    main()
