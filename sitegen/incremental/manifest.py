"""The early exit of a rebuild with nothing to do, decided from file metadata before importing the engine.

The manifest of the last successful build (`.cache/manifest.json`) holds a hash of the
(path, size, mtime_ns) of every input — `site.yaml`, `content/`, `templates/`, `static/`, the
engine's code, the folders Python imports libraries from (installing or upgrading one changes
them) — with the build's settings (`--now`, output, options), and the same listing of what it
wrote in output/. When both still match, output/ is exactly what a build would write. A file
modified less than `RACY_SECONDS` before the inputs were listed could change again without its
mtime changing, so no manifest is kept then (the next build does the work). Standard library only.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .. import PROJECT
from ..durable import write_atomically

MANIFEST = "manifest.json"  # in the cache folder
RACY_SECONDS = 2


def inputs(root: Path, settings: dict[str, str], project: Path = PROJECT) -> str | None:
    """The hash of every input of a build and its settings; None when a file is too fresh to trust."""
    return listed(root, settings, project)[0]


def listed(root: Path, settings: dict[str, str], project: Path = PROJECT) -> tuple[str | None, str]:
    """`inputs`, and the hash of the engine alone (Python, the project's code, templates and static files, the
    libraries' folders: what a build server was started with), the engine's folders listed once."""
    site, newest = _lines([root / "site.yaml", root / "content", root / "templates", root / "static"], lambda place: True)
    places = [project / "templates", project / "static", project / "sitegen", project / "build.py"]
    places += [Path(p) for p in sys.path if p and Path(p).is_dir() and Path(p).resolve() != project]
    # the project's own folders listed whole; a library's folder one level deep (installing or upgrading one changes it)
    engine, engine_newest = _lines(places, lambda place: place.resolve().is_relative_to(project))
    engine.insert(0, f"{sys.version}\0{sys.executable}\0".encode())
    digest = hashlib.sha256(json.dumps(settings, sort_keys=True).encode())
    for line in site + engine:
        digest.update(line)
    trusted = max(newest, engine_newest) < time.time_ns() - RACY_SECONDS * 1_000_000_000
    return (digest.hexdigest() if trusted else None), hashlib.sha256(b"".join(engine)).hexdigest()


def _lines(places: list[Path], recurse: Callable[[Path], bool]) -> tuple[list[bytes], int]:
    """The listing of `places` (`recurse`: whether a place is listed whole, else one level deep) and its newest mtime."""
    lines: list[bytes] = []
    newest = 0
    for place in places:
        for line, mtime in _listing(place, recurse(place)):
            lines.append(line)
            newest = max(newest, mtime)
    return lines, newest


def outputs(output: Path) -> str:
    """The hash of the (path, size, mtime_ns) of every file under `output`."""
    digest = hashlib.sha256()
    for line, _ in _listing(output, recurse=True):
        digest.update(line)
    return digest.hexdigest()


def unchanged(output: Path, cache: Path, inputs: str | None) -> int | None:
    """The page count of the last build when nothing changed since it (its `inputs` are these, as listed now), else None.

    Folders or a lock left beside output/ by a killed build also mean a real build, which cleans them up.
    """
    name = glob.escape(output.name)
    if (
        any(output.parent.glob(f".{name}.new-*"))
        or any(output.parent.glob(f".{name}.old-*"))
        or output.with_name(f".{output.name}.lock").exists()
    ):
        return None
    try:
        stored = json.loads((cache / MANIFEST).read_text(encoding="utf-8"))
        if inputs is None or stored["inputs"] != inputs or stored["outputs"] != outputs(output):
            return None
        return int(stored["pages"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def record(cache: Path, output: Path, before: str | None, pages: int) -> None:
    """Keep the manifest of a successful build (`before`: its inputs, listed before it started)."""
    if before is None:
        forget(cache)
        return
    write_atomically(cache / MANIFEST, json.dumps({"inputs": before, "outputs": outputs(output), "pages": pages}).encode())


def forget(cache: Path) -> None:
    """Remove the manifest: the next rebuild does the work (output/ is not the one it describes any more)."""
    (cache / MANIFEST).unlink(missing_ok=True)


def _listing(place: Path, recurse: bool) -> list[tuple[bytes, int]]:
    """One line per file (path, size, mtime_ns) under `place`, sorted, with its mtime; folders count too."""
    found: list[tuple[bytes, int]] = []
    try:
        info = place.stat()
    except OSError:
        return [(f"{place}\0missing\n".encode(), 0)]
    found.append((f"{place}\0{info.st_size}\0{info.st_mtime_ns}\n".encode(), info.st_mtime_ns))
    if not place.is_dir():
        return found
    stack = [place]
    while stack:
        with os.scandir(stack.pop()) as scan:
            for item in sorted(scan, key=lambda e: e.name):
                if item.name == "__pycache__":
                    continue
                stat = item.stat(follow_symlinks=False)
                found.append((os.fsencode(item.path) + f"\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode(), stat.st_mtime_ns))
                if recurse and item.is_dir(follow_symlinks=False):
                    stack.append(Path(item.path))
    found.sort()
    return found
