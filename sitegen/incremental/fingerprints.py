"""Per-page fingerprints: a page whose inputs did not change is taken from the previous output, not rendered.

A page's fingerprint hashes what it is made from. This is the sound, conservative version: every
page depends on the site's shared inputs (the engine's code and libraries, templates, static files,
site.yaml, `--now`, the preview flag, pictures, and the fields, URL and state of every entry), and
an entry's own page on its body's HTML too. No template shows another entry's body, so a body edit
re-renders exactly that entry's page; any change to fields re-renders every page (over-approximated,
never under). A page is reused only when the previous output still holds the very file written
for that fingerprint (same size, mtime and inode).
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import Any

from ..site.assemble import Site
from .memo import code_version

PAGES_FILE = "pages.json"  # in the cache folder


def shared_inputs(site: Site, folders: list[Path], root: Path, now: date, preview: bool, pictures: Any) -> str:
    """The hash of everything every page may show, bodies left out."""
    digest = hashlib.sha256(f"{code_version()}\0{version('jinja2')}\0{version('babel')}\0{now}\0{preview}\0".encode())
    for place in [root / "site.yaml", *folders]:
        for path in sorted(place.rglob("*")) if place.is_dir() else [place]:
            if path.is_file():
                digest.update(f"{path}\0".encode() + path.read_bytes())
    for entry in site.entries:
        digest.update(f"{entry.path}\0{entry.url}\0{entry.draft_note}\0{entry.source.data!r}\0".encode())
    for path, entry in sorted(site.hidden.items()):
        digest.update(f"{path}\0{entry.source.data!r}\0".encode())
    digest.update(f"{sorted(pictures.items())!r}".encode())
    return digest.hexdigest()


class PageCache:
    """The fingerprints of the pages of the last build, checked against the output they were written to."""

    def __init__(self, path: Path, output: Path, shared: str):
        self.path, self.output, self.shared = path, output, shared
        try:
            self.stored: dict[str, list] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.stored = {}
        self.made: dict[str, str] = {}
        self.reused = 0

    def fingerprint(self, page: str, entry_path: str, body: str) -> str:
        """A page's fingerprint: the shared inputs, its path, and its entry's body when it shows one."""
        return hashlib.sha256("\0".join((self.shared, page, entry_path, body)).encode()).hexdigest()

    def kept(self, page: str, *parts: str) -> bytes | None:
        """The previous bytes of a file made from the shared inputs and `parts` (bodies' hashes…), if unchanged."""
        return self.reuse(page, self.fingerprint(page, "\0".join(parts), ""))

    def reuse(self, page: str, fingerprint: str) -> bytes | None:
        """The previous output's bytes for `page`, when they were made from this very fingerprint."""
        self.made[page] = fingerprint
        stored = self.stored.get(page)
        if not stored or stored[0] != fingerprint:
            return None
        try:
            info = (self.output / page).stat()
            if [info.st_size, info.st_mtime_ns, info.st_ino] != stored[1:]:
                return None
            data = (self.output / page).read_bytes()
        except OSError:
            return None
        self.reused += 1
        return data

    def save(self) -> None:
        """Record each page's fingerprint with the file now in the output (after the swap)."""
        table = {}
        for page, fingerprint in sorted(self.made.items()):
            try:
                info = (self.output / page).stat()
            except OSError:
                continue
            table[page] = [fingerprint, info.st_size, info.st_mtime_ns, info.st_ino]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".pages-{os.getpid()}.json")
        temporary.write_text(json.dumps(table), encoding="utf-8")
        os.replace(temporary, self.path)
