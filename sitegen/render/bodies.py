"""Markdown bodies → HTML, in parallel when many.

A cold build forks worker processes (the assembled site is inherited, not sent) and gives each a
run of entries in source order; results come back in that order, so the output does not depend on
the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from ..problems import Problem
from ..site.assemble import Site
from ..source.content import Entry
from .images import Picture

PARALLEL_MIN = 150  # fewer bodies than this render faster in the building process
RenderResult = tuple[str, str, tuple[tuple[str, str], ...], list[Problem]]


@dataclass(frozen=True)
class Body:
    """One entry's body: its sanitised HTML, the HTML before the sanitiser, the entry links it resolved, its problems."""

    html: str
    markup: str
    links: tuple[tuple[str, str], ...]
    problems: tuple[Problem, ...]


def render_bodies(
    site: Site, entries: list[Entry], pictures: dict[str, dict[str, Picture]] | None = None, workers: int | None = None
) -> list[Body]:
    """The bodies of `entries`, in order; `pictures` maps an entry's path to the resized files its body shows."""
    results = _render(site, pictures or {}, entries, workers)
    return [Body(html, markup, links, tuple(problems)) for html, markup, links, problems in results]


def sanitise(site: Site, markup: list[str]) -> list[str]:
    """Bodies' HTML through the site's sanitiser, as `render_bodies` does (for HTML kept from an earlier build)."""
    from .markup import sanitizer

    cleaner = sanitizer(site.config.html)
    return [cleaner.clean(html) for html in markup]


def _render(site: Site, pictures: dict[str, dict[str, Picture]], entries: list[Entry], workers: int | None) -> list[RenderResult]:
    """Render `entries` in order: here, or across forked processes when there are enough of them."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or len(entries) < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return _render_here(site, pictures, entries)
    size = -(-len(entries) // (workers * 4))
    runs = [[e.path for e in entries[i : i + size]] for i in range(0, len(entries), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(site, pictures)) as pool:
        return [result for results in pool.map(_render_run, runs) for result in results]


def _render_here(site: Site, pictures: dict[str, dict[str, Picture]], entries: list[Entry]) -> list[RenderResult]:
    from .markup import MarkdownRenderer  # Markdown is imported only when a body must be rendered

    markdown = MarkdownRenderer(site, pictures)
    return [markdown.render_recorded(entry) for entry in entries]


_worker_site: list[tuple[Site, dict[str, dict[str, Picture]]]] = []  # in a forked worker only: what it inherited


def _start_worker(site: Site, pictures: dict[str, dict[str, Picture]]) -> None:
    _worker_site.append((site, pictures))


def _render_run(paths: list[str]) -> list[RenderResult]:
    site, pictures = _worker_site[0]
    return _render_here(site, pictures, [site.by_source[path] for path in paths])
