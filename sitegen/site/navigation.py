"""Ways through the site: pagination, breadcrumbs, previous/next in a section, related entries.

Pure functions of the assembled site, no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from ..messages import reader_text
from ..source.content import Entry
from .assemble import Site

T = TypeVar("T")

# Sections whose index shows every entry in a layout of its own (agenda, figure table): never paginated.
WHOLE_INDEXES = frozenset({"event", "figure"})
# Sections read in time order: « précédent » is the earlier entry.
DATED = frozenset({"event", "report"})


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail."""

    title: str
    url: str


@dataclass(frozen=True)
class Pager(Generic[T]):
    """One page of a long list: its items, its number, and the URLs of all pages of the list."""

    items: Sequence[T]
    number: int
    urls: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.urls)

    @property
    def url(self) -> str:
        return self.urls[self.number - 1]

    @property
    def previous(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None


def page_url(first: str, number: int) -> str:
    """Page 1 of a list lives at its own URL; page n at `…/page/n/`."""
    return first if number == 1 else f"{first}page/{number}/"


def paginate(items: Sequence[T], size: int, first: str) -> list[Pager[T]]:
    """Cut `items` into pages of `size`; an empty list still has one (empty) page."""
    count = max(1, -(-len(items) // size))
    urls = tuple(page_url(first, n) for n in range(1, count + 1))
    return [Pager(items[(n - 1) * size : n * size], n, urls) for n in range(1, count + 1)]


def paginate_groups(groups: Sequence[Sequence[T]], size: int, first: str) -> list[Pager[T]]:
    """Cut a list made of groups (a tag's entries, section by section) into pages without splitting a group.

    Groups are packed in order while they fit in `size`; a group longer than a page starts a page of
    its own and is cut into full pages, the only case where one group spans several pages.
    """
    pages: list[list[T]] = []
    current: list[T] = []
    for group in groups:
        if current and len(current) + len(group) > size:
            pages.append(current)
            current = []
        if len(group) > size:
            chunks = [list(group[i : i + size]) for i in range(0, len(group), size)]
            pages += chunks[:-1]
            current = chunks[-1]
        else:
            current += group
    if current or not pages:
        pages.append(current)
    urls = tuple(page_url(first, n) for n in range(1, len(pages) + 1))
    return [Pager(items, n, urls) for n, items in enumerate(pages, 1)]


def output_path(site: Site, url: str) -> str:
    """The file under output/ that serves a page URL of the site."""
    return url[len(site.config.base_path) :] + "index.html"


def breadcrumbs(site: Site, *steps: tuple[str, str]) -> list[Crumb]:
    """The trail from the home page through `steps` (title, URL); the last step is the current page."""
    return [Crumb(reader_text("crumb_home"), site.url_of("")), *(Crumb(title, url) for title, url in steps)]


def entry_trail(site: Site, entry: Entry) -> list[Crumb]:
    """Home › section index › entry (pages served at the root have no section step)."""
    section = site.config.sections[entry.section]
    steps = [(section.title, site.url_of(section.url + "/"))] if section.url else []
    return breadcrumbs(site, *steps, (entry.title, entry.url))


class Links:
    """Previous/next and related entries, computed once per site."""

    def __init__(self, site: Site, limit: int = 4):
        self.site = site
        self.limit = limit
        self.position = {entry: index for index, entry in enumerate(site.entries)}
        self._sections: dict[str, list[Entry]] = {}
        for entry in site.entries:
            self._sections.setdefault(entry.section, []).append(entry)
        for name, entries in self._sections.items():
            kind = site.config.sections[name].type
            if kind in DATED:
                entries.reverse()  # oldest first
            elif kind == "figure":  # the order of the table: family by family, as site.yaml lists them
                order = {family.id: index for index, family in enumerate(site.config.families)}
                entries.sort(key=lambda e: order.get(e.fields.family, len(order)))
        self._index = {entry: index for entries in self._sections.values() for index, entry in enumerate(entries)}
        self._families: dict[str, list[Entry]] = {}
        for entry in site.of_type("figure"):
            self._families.setdefault(entry.fields.family, []).append(entry)
        # one bit per site position: the entries of each tag and of each family, read once for the whole site
        self._tag_masks = {slug: _mask(self.position, tag.entries) for slug, tag in site.tags.items()}
        self._family_masks = {name: _mask(self.position, entries) for name, entries in self._families.items()}

    def neighbours(self, entry: Entry) -> tuple[Entry | None, Entry | None]:
        """The entries before and after `entry` in its section (time order for dated sections)."""
        entries = self._sections[entry.section]
        index = self._index[entry]
        return (entries[index - 1] if index > 0 else None, entries[index + 1] if index + 1 < len(entries) else None)

    def related(self, entry: Entry) -> list[Entry]:
        """Entries sharing the most tags (and, for a figure, its family) with `entry`; ties in site order."""
        masks = [self._tag_masks[slug] for slug in entry.tag_slugs]
        family = entry.fields.get("family")
        if family and family in self._family_masks:
            masks.append(self._family_masks[family])
        # at_least[s]: the entries counted s times or more, without ever visiting the entries of a tag
        at_least = [-1] + [0] * len(masks)
        for count, mask in enumerate(masks, 1):
            for s in range(count, 0, -1):
                at_least[s] |= at_least[s - 1] & mask
        found: list[Entry] = []
        higher = 1 << self.position[entry]  # the entry itself is never related to itself
        for s in range(len(masks), 0, -1):
            exactly = at_least[s] & ~higher
            higher |= at_least[s]
            while exactly and len(found) < self.limit:
                lowest = exactly & -exactly  # the first in site order
                found.append(self.site.entries[lowest.bit_length() - 1])
                exactly ^= lowest
            if len(found) == self.limit:
                break
        return found


def _mask(position: dict[Entry, int], entries: list[Entry]) -> int:
    """An int with the bit of each entry's site position set."""
    bits = bytearray(len(position) // 8 + 1)
    for entry in entries:
        index = position[entry]
        bits[index >> 3] |= 1 << (index & 7)
    return int.from_bytes(bits, "little")
