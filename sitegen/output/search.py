"""Full-text search with Pagefind, indexed in the staging folder just before it replaces output/.

Pagefind splits its index by `<html lang>` and stems French words, so « ecosysteme » finds
« écosystème ». Only entries are indexed (their `<article data-pagefind-body>`), not lists.

The index is made in parts, each a whole Pagefind bundle of a few hundred pages, which the search
page merges in the browser (`mergeIndex`). What is published under `pagefind/`:

- `parts.json`: `{"parts": ["0-<digest>/", …]}`, the part bundles, the first one primary;
- `<n>-<digest>/`: part n's bundle, where the digest names exactly its pages and Pagefind's version;
- `pagefind-ui.js` and `pagefind-ui.css`: the first part's interface, at fixed paths for the templates.

An edit re-indexes only the part holding the changed page; a part whose pages are all the very
files of the previous output (hard-linked by write.py, so unchanged) is hard-linked from there, and
one whose pages hold the same bytes as a part the `stored` cache kept is taken from it (a fresh
clone given the cache folder).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

from ..messages import message
from ..source.config import SEARCH_BUNDLE
from .write import OutputError, link_tree, put

BUNDLE = SEARCH_BUNDLE
BUNDLE_FILES = (BUNDLE + "pagefind-ui.js", BUNDLE + "pagefind-ui.css")  # the first part's, used by the search page
LISTING = BUNDLE + "parts.json"  # the part bundles, read by static/search.js
PART_SIZE = 250  # pages per part, about: see part_count
PARALLEL = 2  # Pagefind runs at once
MARK = b"data-pagefind-body"
WORKSHOP = ".pagefind-parts"  # in the staging folder while parts are indexed, then removed


class SearchIndexError(OutputError):
    """Pagefind could not index the site; the previous site stays in place."""


class StoredParts(Protocol):
    """Parts kept from earlier builds by what they index: their name and the bytes of their pages."""

    def restore(self, name: str, members: list[str], folder: Path) -> bool:
        """Make `folder` the part kept for these pages as they are now; False when there is none to trust."""
        ...

    def add(self, name: str, members: list[str], folder: Path) -> None:
        """Keep the part in `folder`, made from these pages as they are now."""
        ...


def index_site(
    folder: Path,
    previous: Path | None = None,
    part_size: int = PART_SIZE,
    pages: dict[str, bytes] | None = None,
    stored: StoredParts | None = None,
) -> None:
    """Write `folder/pagefind/`, the search index of the site written in `folder`, in parts.

    A part is kept from the `previous` output when it holds the same pages, each the very same
    file (same inode), or taken from `stored` when its pages hold the same bytes; the others are
    indexed by Pagefind, `PARALLEL` at once. `pages` are the rendered pages written there, when
    the caller still holds them (not read again).
    """
    pages = indexed_pages(folder, pages)
    count = part_count(len(pages), part_size)
    parts = {part_name(n, members): members for n, members in enumerate(split(pages, count)) if members}
    parts = parts or {part_name(0, []): []}  # no page at all: Pagefind says so
    bundle = folder / BUNDLE
    bundle.mkdir(parents=True, exist_ok=True)
    fresh = []
    for name, members in parts.items():
        if previous is not None and _reusable(folder, previous, name, members):
            link_tree(previous / BUNDLE / name, bundle / name)
            if stored is not None:
                stored.add(name, members, bundle / name)
        elif stored is None or not stored.restore(name, members, bundle / name):
            fresh.append((name, members))
    try:
        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
            errors = [error for error in pool.map(lambda part: _index_part(folder, *part), fresh) if error]
    finally:
        shutil.rmtree(folder / WORKSHOP, ignore_errors=True)
    if errors:
        raise SearchIndexError(message("search_failed", error=errors[0]))
    if stored is not None:
        for name, members in fresh:
            stored.add(name, members, bundle / name)
    first = bundle / next(iter(parts))
    listing = json.dumps({"parts": [name + "/" for name in parts]}, indent=1).encode() + b"\n"
    for path, item in {**{ui: first / Path(ui).name for ui in BUNDLE_FILES}, LISTING: listing}.items():
        put(folder / path, (previous or folder) / path, item)  # hard-linked from `previous` when the same bytes


def indexed_pages(folder: Path, known: dict[str, bytes] | None = None) -> list[str]:
    """The HTML pages of `folder` Pagefind indexes, sorted: those with `data-pagefind-body`.

    When no page holds it, Pagefind's own rule applies: every page. `known` are bytes of some of them.
    """
    known = known or {}
    pages = _html_files(folder)
    marked = [path for path in pages if MARK in (known[path] if path in known else (folder / path).read_bytes())]
    return marked or pages


def part_count(pages: int, part_size: int = PART_SIZE) -> int:
    """How many parts `pages` pages make: the power of two nearest `pages / part_size` (at least 1).

    Parts hold 0.7 to 1.4 times `part_size` pages, and the count changes only when the site crosses
    `part_size` times 1.4, 2.8, 5.7, 11.3…; then every page moves to a part of new membership and
    that build indexes them all once, as a cold build does.
    """
    count = 1
    while 2 * (count * part_size) ** 2 <= pages**2:
        count *= 2
    return count


def part_of(path: str, count: int) -> int:
    """The part of the page at `path` among `count`: a hash of its path, the same in every build."""
    return int.from_bytes(hashlib.sha256(path.encode()).digest()[:8], "big") % count


def split(pages: list[str], count: int) -> list[list[str]]:
    """`pages` in `count` parts by `part_of`, each sorted (some may be empty)."""
    parts: list[list[str]] = [[] for _ in range(count)]
    for path in sorted(pages):
        parts[part_of(path, count)].append(path)
    return parts


def part_name(number: int, members: list[str]) -> str:
    """The folder of part `number`: its number and a digest of its pages and of Pagefind's version."""
    digest = hashlib.sha256(f"pagefind {_pagefind_version()}\n".encode())
    digest.update("".join(f"{path}\n" for path in members).encode())
    return f"{number}-{digest.hexdigest()[:16]}"


@cache
def _pagefind_version() -> str:
    """The installed Pagefind's version: a part indexed by another one is indexed again."""
    return version("pagefind")


@cache
def _pagefind() -> str:
    """Pagefind's binary, from the pinned `pagefind[extended]` (run directly: its Python launcher costs 0.15 s a part)."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:  # pagefind without its extended binary: its launcher finds one
        return shutil.which("pagefind_extended") or shutil.which("pagefind") or "pagefind"
    return str(get_executable())


def _reusable(folder: Path, previous: Path, name: str, members: list[str]) -> bool:
    """Whether the previous output has part `name` and every one of its pages is the same file here."""
    if not (previous / BUNDLE / name / "pagefind-entry.json").is_file():
        return False
    try:
        return all((folder / path).stat().st_ino == (previous / path).stat().st_ino for path in members)
    except OSError:
        return False


def _index_part(folder: Path, name: str, members: list[str]) -> str | None:
    """Index `members` into `folder/pagefind/<name>/` with the Pagefind CLI; the error, or None.

    Pagefind reads a folder holding only these pages, hard-linked at their paths so URLs stay right.
    """
    site = folder / WORKSHOP / name
    for path in members:
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(folder / path, site / path)
        except OSError:  # a file system without hard links
            shutil.copyfile(folder / path, site / path)
    site.mkdir(parents=True, exist_ok=True)
    output = folder / BUNDLE / name
    command = [_pagefind(), "--site", str(site), "--output-path", str(output), "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines() or [f"code {result.returncode}"]
        return detail[-1]
    return None


def _html_files(root: Path) -> list[str]:
    """The HTML files under `root`, sorted, the search bundle left out (paths as strings: thousands of folders)."""
    found = []
    top = os.fspath(root)
    for folder, dirs, names in os.walk(top):
        if folder == top:
            dirs[:] = [name for name in dirs if name not in (BUNDLE.rstrip("/"), WORKSHOP)]
        here = folder[len(top) + 1 :].replace(os.sep, "/") + "/" if folder != top else ""
        found.extend(here + name for name in names if name.endswith(".html"))
    return sorted(found)
