"""Links between entries by source path (`../figures/essaimage.md`) → URLs, without Markdown."""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from ..source.content import ENTRY_SUFFIXES
from .assemble import Site

BROKEN = "\0broken"  # no entry at that source path: a problem for the editor


def entry_link(site: Site, entry_path: str, href: str) -> str | None:
    """The URL `href` leads to from the entry at `entry_path`.

    None when `href` is not a link to a source file, "" when it names an entry kept out of the
    site (a draft, or a file refused for its own problems), BROKEN when no entry file has that source path.
    """
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or posixpath.splitext(parts.path.rstrip("/"))[1] not in ENTRY_SUFFIXES:
        return None
    # `%C3%A9t%C3%A9.md` and `été.md` name the same file
    source = posixpath.normpath(posixpath.join(posixpath.dirname(entry_path), unquote(parts.path)))
    target = site.by_source.get(source)
    if target is None:
        return "" if source in site.hidden or source in site.rejected else BROKEN
    return target.url + (f"#{parts.fragment}" if parts.fragment else "")
