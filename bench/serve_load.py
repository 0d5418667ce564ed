"""The live preview under load (issue 12): concurrent readers and a burst of saves.

    python -m bench.serve_load --entries 150

Writes the benchmark corpus, starts `python build.py serve` on 127.0.0.1 (a real process, driven
from outside only), then runs `--readers` threads that fetch pages over HTTP without pause while
the file system receives `--saves` saves of one figure in `--seconds` seconds (each rewrites the
file in place, as many editors do, with a marker numbered from 1). It prints the requests served,
the errors, p50/p99 latency, how many HTML responses were not whole (not ending with </html>),
and whether the preview ended on the last saved state (the page shows the last marker), and after
how long. A benchmark, not a test: nothing asserts a time; a torn page is reported, and counted.
"""

from __future__ import annotations

import argparse
import http.client
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.reload_client import free_port
from bench.run import NOW, PROJECT


def fetch(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def wait_listening(process: subprocess.Popen, port: int, path: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"serve stopped with {process.returncode}")
        try:
            if fetch(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("serve not ready in time")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Drive `build.py serve` with readers and a burst of saves.")
    parser.add_argument("--entries", type=int, default=150)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--settle", type=float, default=120.0, help="longest wait for the last state after the burst")
    parser.add_argument("--work", type=Path, default=PROJECT / "bench" / ".work" / "serve-load")
    args = parser.parse_args(argv)
    site = args.work / "site"
    shutil.rmtree(args.work, ignore_errors=True)
    args.work.mkdir(parents=True)
    command = [sys.executable, "-m", "bench.corpus", str(site), "--entries", str(args.entries)]
    subprocess.run(command, cwd=PROJECT, check=True, capture_output=True)
    figures = sorted((site / "content" / "figures").glob("*.md"))
    figure = figures[len(figures) // 2]
    original = figure.read_text(encoding="utf-8")
    page = f"/figures/{figure.stem}/"
    paths = ["/", "/figures/", page, f"/figures/{figures[0].stem}/", "/etiquettes/"]
    port = free_port()
    serve = [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(site), "--output", str(args.work / "out")]
    serve += ["--cache", str(args.work / "cache"), "--now", NOW, "--port", str(port)]
    latencies: list[float] = []
    errors: list[str] = []
    torn: list[str] = []
    stop = threading.Event()
    lock = threading.Lock()

    def read(offset: int) -> None:
        n = offset
        while not stop.is_set():
            path = paths[n % len(paths)]
            n += 1
            start = time.perf_counter()
            try:
                status, body = fetch(port, path)
            except OSError as error:
                with lock:
                    errors.append(f"{path}: {error}")
                continue
            spent = time.perf_counter() - start
            with lock:
                latencies.append(spent)
                if status != 200:
                    errors.append(f"{path}: HTTP {status}")
                elif not body.rstrip().endswith(b"</html>"):
                    torn.append(path)

    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(serve, cwd=PROJECT, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            wait_listening(process, port, page, time.monotonic() + 600)
            readers = [threading.Thread(target=read, args=(i,), daemon=True) for i in range(args.readers)]
            for thread in readers:
                thread.start()
            began = time.monotonic()
            for n in range(1, args.saves + 1):
                figure.write_text(original + f"\nMarqueur zz{n}zz de la sauvegarde.\n", encoding="utf-8")
                time.sleep(max(0.0, began + n * args.seconds / args.saves - time.monotonic()))
            burst = time.monotonic() - began
            last = f"zz{args.saves}zz".encode()
            ended, waited = False, 0.0
            while time.monotonic() - began - burst < args.settle:
                status, body = fetch(port, page)
                if status == 200 and last in body:
                    ended, waited = True, time.monotonic() - began - burst
                    break
                time.sleep(0.2)
            time.sleep(2)  # readers keep reading the final state a little
            stop.set()
            for thread in readers:
                thread.join(60)
        finally:
            stop.set()
            process.terminate()
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            figure.write_text(original, encoding="utf-8")
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] if ordered else 0.0
    print("| entries | readers | saves | requests served | errors | p50 | p99 | torn HTML | ended on last save |")
    print("|---|---|---|---|---|---|---|---|---|")
    final = f"yes, {waited:.1f} s after the burst" if ended else f"no (within {args.settle:.0f} s)"
    print(
        f"| {args.entries} | {args.readers} | {args.saves} in {burst:.1f} s | {len(latencies)} | {len(errors)}"
        f" | {1000 * statistics.median(ordered) if ordered else 0:.0f} ms | {1000 * p99:.0f} ms | {len(torn)} | {final} |"
    )
    for error in errors[:5]:
        print(f"  error: {error}")
    return 0 if not torn and ended else 1


if __name__ == "__main__":
    raise SystemExit(main())
