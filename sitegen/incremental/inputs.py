"""What a build depends on, defined once: the code, the libraries, the settings, files by content.

Every memo key (bodies, pages) starts from `code_version()`; files are hashed by their bytes,
never by their modification time, so a fresh clone with a restored cache folder is a warm build.
Standard library only (the no-op exit reads it before the engine is imported).
"""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from importlib.metadata import version
from pathlib import Path

from .. import ENGINE

FORMAT = 3  # bump when a memo's stored shape changes
# Every library whose version can change what a build writes: Markdown, the sanitiser SECURITY.md
# relies on, the schema and YAML readers, slugs, dates, calendars and their time zones, pictures, templates.
LIBRARIES = (
    "markdown", "nh3", "pydantic", "pyyaml", "python-frontmatter", "python-slugify", "babel", "icalendar", "tzdata", "pillow",
    "jinja2",
)  # fmt: skip


def digest(*parts: str | bytes) -> str:
    """One hash of several values, each kept apart from the next."""
    hashed = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little") + data)
    return hashed.hexdigest()


@cache
def code_version() -> str:
    """A hash of the engine's source files and of the versions of the libraries that shape the output."""
    parts = [f"{FORMAT} {sys.version_info[:2]}", *(f"{name}={version(name)}" for name in LIBRARIES)]
    for path in sorted(ENGINE.rglob("*.py")):
        parts += [path.relative_to(ENGINE).as_posix(), path.read_bytes()]
    return digest(*parts)


def folder_digest(folder: Path) -> str:
    """A hash of every file under `folder`: relative paths and bytes."""
    parts: list[str | bytes] = []
    for path in sorted(folder.rglob("*")) if folder.is_dir() else []:
        if path.is_file():
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)
