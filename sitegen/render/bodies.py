"""Markdown bodies → HTML: from the render cache when it can, else rendered, in parallel when many.

A cold build forks worker processes (the assembled site is inherited, not sent) and gives each a
run of entries in source order; results come back in that order, so the output does not depend on
the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from ..incremental.memo import BodyCache, Rendered
from ..problems import Problem
from ..site.assemble import Site
from ..site.links import entry_link
from ..source.content import Entry
from .images import Picture

PARALLEL_MIN = 150  # fewer uncached bodies than this render faster in the building process
RenderResult = tuple[str, tuple[tuple[str, str], ...], list[Problem]]


def render_bodies(
    site: Site,
    cache: BodyCache | None = None,
    workers: int | None = None,
    pictures: dict[str, dict[str, Picture]] | None = None,
) -> tuple[dict[str, str], list[Problem]]:
    """The HTML of every entry's Markdown body, keyed by source path, and the broken links.

    `pictures` maps each entry's path to the resized files of the pictures its body shows.
    """
    pictures = pictures or {}
    found: dict[str, str] = {}
    missing: list[tuple[Entry, str]] = []
    for entry in site.entries:
        shown = pictures.get(entry.path)
        key = cache.key(entry.path, entry.source.body + (f"\0{sorted(shown.items())!r}" if shown else "")) if cache else ""
        hit = cache.get(key) if cache else None
        if cache and hit and all(entry_link(site, entry.path, href) == url for href, url in hit.links):
            found[entry.path] = hit.html
            cache.put(key, hit)
        else:
            missing.append((entry, key))
    problems: list[Problem] = []
    for (entry, key), (html, links, broken) in zip(
        missing, _render(site, pictures, [e for e, _ in missing], workers), strict=True
    ):
        found[entry.path] = html
        problems += broken
        if cache and not broken:
            cache.put(key, Rendered(html, links))
    return {entry.path: found[entry.path] for entry in site.entries}, problems


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
