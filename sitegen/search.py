"""Full-text search with Pagefind, indexed in the staging folder just before it replaces output/.

Pagefind splits its index by `<html lang>` and stems French words, so « ecosysteme » finds
« écosystème ». Only entries are indexed (their `<article data-pagefind-body>`), not lists.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .messages import message
from .write import OutputError

SEARCH_PAGE = "recherche/"
BUNDLE = "pagefind/"
BUNDLE_FILES = (BUNDLE + "pagefind-ui.js", BUNDLE + "pagefind-ui.css")  # written by Pagefind, used by the search page


class SearchIndexError(OutputError):
    """Pagefind could not index the site; the previous site stays in place."""


def index_site(folder: Path) -> None:
    """Write `folder/pagefind/`, the search index of the site written in `folder`."""
    command = [sys.executable, "-m", "pagefind", "--site", str(folder), "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(message("search_failed", error=error)) from error
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines() or [f"code {result.returncode}"]
        raise SearchIndexError(message("search_failed", error=detail[-1]))
