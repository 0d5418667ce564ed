"""What one process keeps between its builds of one site (the live preview), so that a save costs what it changes.

The same memo as on disk (memo.py), held in memory from one build to the next, plus what only a
living process can trust: the entries it read, by each file's status (as git's index, with the
folder's status for the pictures beside it), and the files it made, which stand in for the
previous output. Nothing here changes what a build makes: a session
build's files are byte-identical to a cold build's.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..output.write import Published
from ..render.feeds import Item
from ..render.images import Picture
from ..render.pages import CompiledTemplates, PagePlan, PageRenderer
from ..site.assemble import Site
from ..source.content import Entry, Read, Rejected, Status
from .memo import Memo
from .steps import Changes


class Session:
    """The memos and the files of the last build, kept in memory between the builds of one process."""

    def __init__(self) -> None:
        self.memos: dict[str, Memo] = {}
        self.files = FileStatuses()
        self.made: dict[str, bytes] = {}  # the last build's pages, feeds and calendars
        self.templates = CompiledTemplates()
        self.feed_items: dict[Item, bytes] = {}  # feeds' entries by what they show, see render_feeds
        self.changes = Changes()
        self.settings = ""  # the settings `files` were read with
        self.last: LastBuild | None = None
        self.published: Published | None = None  # what the last build put in its output folder, if it wrote one
        self.indexed: dict[str, bytes] | None = None  # the pages of it that are indexed for search (`marked_pages`)
        self.views: dict[bytes, bytes] = {}  # what Pagefind sees of pages, by their bytes (output/search.py: `_view`)

    def memo(self, name: str, path: Path | None) -> Memo:
        """The session's memo `name`, loaded from `path` in its first build (and saved there once)."""
        if name not in self.memos:
            self.memos[name] = Memo(path)
        return self.memos[name]

    def begin(self, settings: str) -> None:
        """Start a build with these settings: what was read with others is forgotten."""
        if settings != self.settings:
            self.files, self.settings = FileStatuses(), settings
        for memo in self.memos.values():
            memo.used = {}  # what a failed build used is not carried over

    def finish(self, made: dict[str, bytes], last: LastBuild) -> None:
        """End a build that made `made`: each memo goes on in memory from what this build used."""
        for memo in self.memos.values():
            memo.carry_over()
            memo.path = None  # saved once, by the session's first build
        self.changes.commit()
        self.made, self.last = made, last


@dataclass(frozen=True)
class LastBuild:
    """What the session's last build rendered its pages with, to render one of them again alone (`pipeline.render_saved`)."""

    site: Site
    plans: dict[str, PagePlan]  # each entry's page, by the entry's source path
    renderer: PageRenderer
    pictures: dict[str, dict[str, Picture]]  # the resized pictures each body shows, by source path
    body_hashes: dict[str, str]  # each body's hash (steps.bodies), by source path
    settings: str  # the code's and the site's settings it was made with (their digest)


class FileStatuses:
    """The entries read from files, each with the file's status when read (`Status`, as git's index)."""

    def __init__(self) -> None:
        self.reads: dict[str, tuple[Status, Read]] = {}

    def get(self, relative: str, status: Status) -> Read | None:
        known = self.reads.get(relative)
        if known is None or not status or known[0] != status:
            return None
        entry, problems = known[1]
        return _fresh(entry), problems

    def put(self, relative: str, status: Status, read: Read) -> None:
        entry, problems = read
        self.reads[relative] = (status, (_fresh(entry), problems))


def _fresh(entry: Entry | Rejected) -> Entry | Rejected:
    """A copy of an entry as read, before the later steps fill it in (URL, backlinks, tags, draft note)."""
    if isinstance(entry, Rejected):
        return entry
    return dataclasses.replace(entry, url="", backlinks={}, tag_slugs=[], draft_note="")
