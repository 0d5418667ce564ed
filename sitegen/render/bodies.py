"""Markdown bodies → HTML, in parallel when many.

Bodies are rendered in forked worker processes (the assembled site and the Markdown converter are
inherited, not sent), one for a few bodies, several for a cold build, each given runs of entries in
source order; results are put back in that order, so the output does not depend on the number of
workers. A body still rendering after `limits.max_render_seconds` is stopped by killing its worker,
which holds on any thread and even inside a regular expression: Python cannot interrupt a thread.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING

from ..problems import Problem
from ..site.assemble import Site
from ..source.content import Entry
from .images import Picture

if TYPE_CHECKING:
    from .markup import MarkdownRenderer

PARALLEL_MIN = 150  # fewer bodies than this render faster in a single worker
RenderResult = tuple[str, tuple[tuple[str, str], ...], list[Problem]]  # html, links, problems


@dataclass(frozen=True)
class Body:
    """One entry's body: its sanitised HTML, the entry links it resolved, its problems."""

    html: str
    links: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]


def render_bodies(
    site: Site, entries: list[Entry], pictures: dict[str, dict[str, Picture]] | None = None, workers: int | None = None
) -> list[Body]:
    """The bodies of `entries`, in order; `pictures` maps an entry's path to the resized files its body shows."""
    results = _render(site, pictures or {}, entries, workers)
    return [Body(html, links, tuple(problems)) for html, links, problems in results]


def _render(site: Site, pictures: dict[str, dict[str, Picture]], entries: list[Entry], workers: int | None) -> list[RenderResult]:
    """Render `entries` in order in forked processes (several when there are enough), stopping any body that runs too long."""
    if not entries:
        return []
    if "fork" not in multiprocessing.get_all_start_methods():  # Windows: no process to stop, so no time limit
        return _render_here(site, pictures, entries)
    from .markup import MarkdownRenderer, too_complex  # Markdown is imported only when a body must be rendered

    workers = workers if workers is not None else (os.cpu_count() or 1)
    workers = workers if workers >= 2 and len(entries) >= PARALLEL_MIN else 1
    size = -(-len(entries) // (workers * 4))
    runs = deque(deque(range(i, min(i + size, len(entries)))) for i in range(0, len(entries), size))
    renderer = MarkdownRenderer(site, pictures)  # made once, inherited by every worker
    seconds = site.config.limits.max_render_seconds
    results: dict[int, RenderResult] = {}
    busy: list[_Worker] = []
    try:
        while runs or busy:
            while runs and len(busy) < workers:
                busy.append(_Worker(renderer, entries, runs.popleft(), seconds))
            wait([w.connection for w in busy], timeout=max(0.0, min(w.deadline for w in busy) - time.monotonic()))
            for worker in list(busy):
                index = worker.run[0]
                if worker.connection.poll(0):
                    result = worker.receive()
                elif time.monotonic() < worker.deadline:
                    continue
                else:
                    result = None
                worker.run.popleft()
                if result is None:  # too long, or its process died: only stopping the process can end it
                    results[index] = ("", (), [too_complex(entries[index], seconds)])
                    if worker.run:
                        runs.appendleft(worker.run)  # the rest of its run, for a new worker
                    worker.kill()
                    busy.remove(worker)
                    continue
                results[index] = result
                if not worker.run and runs:
                    worker.start(runs.popleft())
                elif not worker.run:
                    worker.kill()
                    busy.remove(worker)
    finally:
        for worker in busy:
            worker.kill()
    return [results[index] for index in range(len(entries))]


class _Worker:
    """A forked process rendering runs of entries, sending back each body's result as soon as it is done."""

    def __init__(self, renderer: MarkdownRenderer, entries: list[Entry], run: deque[int], seconds: float):
        context = multiprocessing.get_context("fork")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_work, args=(theirs, renderer, entries), daemon=True)
        self.process.start()
        theirs.close()
        self.seconds = seconds
        self.start(run)

    def start(self, run: deque[int]) -> None:
        """Send the next run of entry indexes; the clock starts for its first body."""
        self.connection.send(list(run))
        self.run = run
        self.deadline = time.monotonic() + self.seconds

    def receive(self) -> RenderResult | None:
        """The result of the body in progress (its clock restarts for the next), or None if the process died."""
        try:
            result = self.connection.recv()
        except (EOFError, OSError):
            return None
        if isinstance(result, BaseException):  # a bug rather than a hostile body: stop the build as before
            raise result
        self.deadline = time.monotonic() + self.seconds
        return result

    def kill(self) -> None:
        """End the process, whatever it is doing. Not waited for: a large process takes a while to
        vanish, and multiprocessing reaps it when the next worker starts, or at exit."""
        self.process.kill()
        self.connection.close()


def _work(connection: Connection, renderer: MarkdownRenderer, entries: list[Entry]) -> None:
    """In a worker: render each run of entry indexes it is sent, sending back each body's result, until killed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C stops the building process, which kills its workers
    while True:
        try:
            run = connection.recv()
        except EOFError:  # the building process is gone
            return
        for index in run:
            try:
                result: RenderResult | BaseException = renderer.render_recorded(entries[index])
            except Exception as error:
                result = error
            connection.send(result)


def _render_here(site: Site, pictures: dict[str, dict[str, Picture]], entries: list[Entry]) -> list[RenderResult]:
    from .markup import MarkdownRenderer  # Markdown is imported only when a body must be rendered

    markdown = MarkdownRenderer(site, pictures)
    return [markdown.render_recorded(entry) for entry in entries]
