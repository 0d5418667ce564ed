"""Full-text search with Pagefind, indexed in the staging folder just before it replaces output/.

Pagefind splits its index by `<html lang>` and stems French words, so « ecosysteme » finds
« écosystème ». Only entries are indexed (their `<article data-pagefind-body>`), not lists.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ..messages import message
from ..source.config import SEARCH_BUNDLE
from .write import OutputError, link_tree

BUNDLE = SEARCH_BUNDLE
BUNDLE_FILES = (BUNDLE + "pagefind-ui.js", BUNDLE + "pagefind-ui.css")  # written by Pagefind, used by the search page


class SearchIndexError(OutputError):
    """Pagefind could not index the site; the previous site stays in place."""


def index_site(folder: Path, previous: Path | None = None) -> None:
    """Write `folder/pagefind/`, the search index of the site written in `folder`.

    When every HTML page of `folder` is the very file of the `previous` output (hard-linked by
    sitegen/write.py, so unchanged) and no page came or went, the previous index is kept as it is.
    """
    if previous is not None and (previous / BUNDLE).is_dir() and _same_pages(folder, previous):
        link_tree(previous / BUNDLE, folder / BUNDLE)
        return
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(message("search_failed", error=error)) from error
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines() or [f"code {result.returncode}"]
        raise SearchIndexError(message("search_failed", error=detail[-1]))


def _same_pages(folder: Path, previous: Path) -> bool:
    """Whether `folder` and `previous` hold the same HTML pages, file for file (same inodes)."""
    pages = _html_files(folder)
    if pages != _html_files(previous):
        return False
    try:
        return all((folder / path).stat().st_ino == (previous / path).stat().st_ino for path in pages)
    except OSError:
        return False


def _html_files(root: Path) -> set[str]:
    """The HTML files under `root`, the search bundle left out."""
    found = set()
    for folder, dirs, names in os.walk(root):
        if Path(folder) == root and BUNDLE.rstrip("/") in dirs:
            dirs.remove(BUNDLE.rstrip("/"))
        here = Path(folder).relative_to(root).as_posix()
        found.update(f"{here}/{name}" for name in names if name.endswith(".html"))
    return found
