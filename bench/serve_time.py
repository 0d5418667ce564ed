"""Time `serve`'s own work from saving an entry to the reload signal, at N entries (issues 6 and 9).

`python -m bench.serve_time --entries 1000`: writes the corpus, starts the preview's rebuild machinery
in this process (as `serve` does, without the HTTP server), then appends a sentence to one figure
and times what the file event sets off: the saved page shown and the reload signal sent (at once
for a body edit), the whole build in the session done, then the preview's folder and its search
index (written after the reload, in the background) ready. Waiting for the system's file event is
not our work.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import date
from pathlib import Path

from bench.corpus import write_corpus
from sitegen.editor.serve import FileEvents, Preview


def measure(entries: int, work: Path, repeat: int) -> dict[str, list[float]]:
    root = work / f"serve-{entries}"
    write_corpus(root, entries)
    preview = Preview(root, work / f"serve-{entries}-out", date(2020, 1, 1), root / ".cache")
    signals: list[tuple[float, float]] = []  # when each reload signal was sent: wall clock, CPU
    watcher = FileEvents(preview, reload=lambda page: signals.append((time.perf_counter(), _cpu())))
    preview.rebuild()
    figure = sorted((root / "content" / "figures").iterdir())[len(list((root / "content" / "figures").iterdir())) // 2]
    times: dict[str, list[float]] = {
        "reload signal": [],
        "reload signal, CPU time": [],
        "whole build done": [],
        "search index ready": [],
    }
    for index in range(repeat):
        preview.wait_for_index()
        time.sleep(0.01)
        with figure.open("a", encoding="utf-8") as file:
            file.write(f"\nUne phrase de plus ({index}).\n")
        signals.clear()
        started, cpu = time.perf_counter(), _cpu()
        watcher.changed([str(figure)])  # the page, reload signal, the build; the folder and its index follow in the background
        times["whole build done"].append(time.perf_counter() - started)
        times["reload signal"].append(signals[0][0] - started)
        times["reload signal, CPU time"].append(signals[0][1] - cpu)  # less sensitive to a loaded machine than the wall clock
        preview.wait_for_index()
        times["search index ready"].append(time.perf_counter() - started)
    return times


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children (the forked Markdown worker)."""
    spent = os.times()
    return spent.user + spent.system + spent.children_user + spent.children_system


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
