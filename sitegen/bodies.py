"""Markdown bodies → HTML: from the render cache when it can, else rendered, in parallel when many.

A cold build forks worker processes (the assembled site is inherited, not sent) and gives each a
run of entries in source order; results come back in that order, so the output does not depend on
the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from .assemble import Site
from .cache import BodyCache, Rendered
from .content import Entry
from .links import entry_link
from .problems import Problem

PARALLEL_MIN = 150  # fewer uncached bodies than this render faster in the building process
RenderResult = tuple[str, tuple[tuple[str, str], ...], list[Problem]]


def render_bodies(site: Site, cache: BodyCache | None = None, workers: int | None = None) -> tuple[dict[str, str], list[Problem]]:
    """The HTML of every entry's Markdown body, keyed by source path, and the broken links."""
    found: dict[str, str] = {}
    missing: list[tuple[Entry, str]] = []
    for entry in site.entries:
        key = cache.key(entry.path, entry.source.body) if cache else ""
        hit = cache.get(key) if cache else None
        if cache and hit and all(entry_link(site, entry.path, href) == url for href, url in hit.links):
            found[entry.path] = hit.html
            cache.put(key, hit)
        else:
            missing.append((entry, key))
    problems: list[Problem] = []
    for (entry, key), (html, links, broken) in zip(missing, _render(site, [e for e, _ in missing], workers), strict=True):
        found[entry.path] = html
        problems += broken
        if cache and not broken:
            cache.put(key, Rendered(html, links))
    return {entry.path: found[entry.path] for entry in site.entries}, problems


def _render(site: Site, entries: list[Entry], workers: int | None) -> list[RenderResult]:
    """Render `entries` in order: here, or across forked processes when there are enough of them."""
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if workers < 2 or len(entries) < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return _render_here(site, entries)
    size = -(-len(entries) // (workers * 4))
    runs = [[e.path for e in entries[i : i + size]] for i in range(0, len(entries), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start_worker, initargs=(site,)) as pool:
        return [result for results in pool.map(_render_run, runs) for result in results]


def _render_here(site: Site, entries: list[Entry]) -> list[RenderResult]:
    from .markup import MarkdownRenderer  # Markdown is imported only when a body must be rendered

    markdown = MarkdownRenderer(site)
    return [markdown.render_recorded(entry) for entry in entries]


_worker_site: list[Site] = []  # in a forked worker only: the site it inherited at the fork


def _start_worker(site: Site) -> None:
    _worker_site.append(site)


def _render_run(paths: list[str]) -> list[RenderResult]:
    site = _worker_site[0]
    return _render_here(site, [site.by_source[path] for path in paths])
