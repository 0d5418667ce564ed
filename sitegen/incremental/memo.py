"""The render cache: every body's HTML kept in `.cache/` between builds (and between CI runs).

An entry is found by a key made of everything that decides the HTML of a body: the engine's code
and the Markdown library's version (extensions and their settings are code), the entry's source
path (relative links start from its folder) and the body's text. The URLs the body's entry links
resolved to are stored beside the HTML and checked against the site before a hit is used, so a
renamed target makes the entry stale. Bodies with broken links are never stored.

The file is plain JSON, never pickle: a cache folder may come from elsewhere (a CI cache), and
reading it must not be able to run code.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .. import ENGINE

CACHE_FILE = "bodies.json"  # in the cache folder
FORMAT = 2  # bump when the stored shape changes
# Every library whose version can change what a build writes: Markdown, the sanitiser SECURITY.md
# relies on, the schema and YAML readers, slugs, dates, calendars and their time zones, pictures, templates.
LIBRARIES = (
    "markdown", "nh3", "pydantic", "pyyaml", "python-frontmatter", "python-slugify", "babel", "icalendar", "tzdata", "pillow",
    "jinja2",
)  # fmt: skip


@dataclass(frozen=True)
class Rendered:
    """One body's HTML and the entry links it resolved (href → URL)."""

    html: str
    links: tuple[tuple[str, str], ...]


def code_version() -> str:
    """A hash of the engine's source files and of the versions of the libraries that shape the output."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]}".encode())
    for name in LIBRARIES:
        digest.update(f"{name}={version(name)}\n".encode())
    for path in sorted(ENGINE.rglob("*.py")):
        digest.update(path.relative_to(ENGINE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class BodyCache:
    """The stored bodies of the last build, and the ones this build uses (kept at `save`)."""

    def __init__(self, path: Path, settings: str = ""):
        self.path = path
        # The site's settings (the raw-HTML allow-list, the language…) change bodies too: any change is a miss.
        self.version = code_version() + hashlib.sha256(settings.encode()).hexdigest()
        self.stored: dict[str, Rendered] = _load(path)
        self.used: dict[str, Rendered] = {}

    def key(self, entry_path: str, body: str) -> str:
        """The key of a body: code version, site settings, source path and text."""
        return hashlib.sha256("\0".join((self.version, entry_path, body)).encode()).hexdigest()

    def get(self, key: str) -> Rendered | None:
        return self.stored.get(key)

    def put(self, key: str, rendered: Rendered) -> None:
        self.used[key] = rendered

    def save(self) -> None:
        """Keep exactly the bodies this build used; write only when that differs from what is stored."""
        if self.used.keys() == self.stored.keys():
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".bodies-", dir=self.path.parent)
        stored = {key: {"html": r.html, "links": [list(link) for link in r.links]} for key, r in self.used.items()}
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(stored, file, ensure_ascii=False, sort_keys=True)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        self.stored = dict(self.used)


def _load(path: Path) -> dict[str, Rendered]:
    """The stored bodies, or none when the file is missing, unreadable or not of the expected shape."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return {
            key: Rendered(value["html"], tuple((href, url) for href, url in value["links"]))
            for key, value in stored.items()
            if isinstance(value["html"], str) and all(isinstance(s, str) for link in value["links"] for s in link)
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}
