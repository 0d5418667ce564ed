"""Full-text search with Pagefind, indexed while the site is written and placed in it before it replaces output/.

Pagefind splits its index by `<html lang>` and stems French words, so « ecosysteme » finds
« écosystème ». Only entries are indexed (their `<article data-pagefind-body>`), not lists.

The index is made in parts, each a whole Pagefind bundle of about 64 pages (more past 32 parts),
which the search page merges in the browser (`mergeIndex`). What is published under `pagefind/`:

- `parts.json`: `{"parts": ["0-<digest>/", …], "tags": […]}`, the part bundles, the first one primary, and
  each one's cache tag (static/search.js asks for their first files all at once, cacheable);
- `<n>-<digest>/`: part n's bundle, where the digest names exactly its pages and Pagefind's version;
- `pagefind-ui.js` and `pagefind-ui.css`: the first part's interface, at fixed paths for the templates.

An edit re-indexes only the parts of the pages Pagefind sees changed, and Pagefind starts on them
from the pages in memory while write.py writes the site (`SearchIndex`), or, in the build server, from the pages
a body edit is likely to make before the build makes them (`SearchIndex.speculate`). A part is hard-linked from
the previous output when each of its pages is unchanged or one whose `indexed_view` is the same: a
title shown in other pages' related lists or pager changes their bytes, not what Pagefind reads of
them. A part whose pages hold the same bytes as one the `stored` cache kept is taken from it (a
fresh clone given the cache folder).
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Collection
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache
from html.parser import HTMLParser
from importlib.metadata import version
from pathlib import Path
from typing import Protocol

from ..messages import message
from ..source.config import SEARCH_BUNDLE
from .write import OutputError, link_tree, put

BUNDLE = SEARCH_BUNDLE
BUNDLE_FOLDER = BUNDLE.rstrip("/")  # the site's top folder the index is placed in, by `SearchIndex.place` alone
BUNDLE_FILES = (BUNDLE + "pagefind-ui.js", BUNDLE + "pagefind-ui.css")  # the first part's, used by the search page
LISTING = BUNDLE + "parts.json"  # the part bundles, read by static/search.js
PART_SIZE = 64  # pages per part, about, up to MAX_PARTS parts: see part_count
MAX_PARTS = 32  # each part costs a reader's first search its own Pagefind script and wasm (about 90 kB)
PARALLEL = 2  # Pagefind runs at once
MARK = b"data-pagefind-body"
VIEW_CHECKS = 32  # changed pages a part may hold and still be kept when Pagefind sees them the same (see `start`)
BODY_ELEMENT = re.compile(rb"<[a-zA-Z][^<>]*\sdata-pagefind-body[\s>=/]")  # the attribute in a tag, not the words in a text
TITLE = re.compile(rb"<title[\s>].*?</title\s*>", re.DOTALL | re.IGNORECASE)
READ_TAGS = {"html", "head", "body", "title", "meta", "link", "img", "h1", "h2", "h3", "h4", "h5", "h6"}  # see `_read_by_pagefind`
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

MEMORY_FOLDER = "/dev/shm"  # see `_pages_folder`
SCRATCH_BYTES = 64 << 20
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


class SearchIndex:
    """The search index of a site being written: the parts to index start at once, from pages in memory,
    while the site is written; `place` then puts the whole index into the written folder.

    A part is kept from the `previous` output when it holds the same pages, each unchanged (`same`)
    or seen the same by Pagefind (`indexed_view`), or taken from `stored` when its pages hold the
    same bytes; the others are indexed by Pagefind, `PARALLEL` at once, from their pages written for it
    (`_pages_folder`) into `workshop` (a folder on the output's file system); `close` removes both.
    """

    def __init__(
        self,
        workshop: Path,
        previous: Path | None = None,
        stored: StoredParts | None = None,
        part_size: int = PART_SIZE,
        views: dict[bytes, bytes] | None = None,
    ) -> None:
        self.workshop, self.previous, self.stored, self.part_size = workshop, previous, stored, part_size
        self.views = views if views is not None else {}  # what Pagefind sees of pages, by their bytes (`_view`)
        self.parts: dict[str, list[str]] = {}
        self.ready: dict[str, Path] = {}  # parts restored or being indexed, by name: where their bundle is
        self.made_from: dict[str, list[bytes]] = {}  # the pages each of them was made from, in order
        self.kept: set[str] = set()  # parts linked from the previous output
        self.pool = ThreadPoolExecutor(max_workers=PARALLEL)
        self.running: dict[str, Future[str | None]] = {}  # Pagefind indexing a part, by its name (the latest run)
        self.decisions = ThreadPoolExecutor(max_workers=1)
        self.deciding: Future[None] | None = None
        self.pages_folders: list[Path] = []  # where the pages to index are written (`_pages_folder`), the last one in use
        self.earlier: dict[str, bytes | None] = {}  # pages of the previous output, read once (`_before`)

    def speculate(self, pages: dict[str, bytes], changed: Collection[str]) -> None:
        """Start indexing the parts that hold the `changed` pages of `pages`, the indexed pages a build is likely to
        make, before it makes them (see `pipeline.EarlyIndex`): `start` then takes any part made from the very pages it has."""
        changed = set(changed)
        speculated = {name: members for name, members in self._split(pages).items() if not changed.isdisjoint(members)}
        self._prepare(sum(len(pages[path]) for members in speculated.values() for path in members))
        for name, members in speculated.items():
            self._make(name, members, pages)

    def start(self, pages: dict[str, bytes], same: Collection[str] = (), reworded: Collection[str] = ()) -> None:
        """Split the indexed `pages` (path → bytes) into parts and start indexing those known to be made anew; which of
        the others can be kept is then decided in a thread of its own, while the site is written (`_compare`).

        `same`: pages the previous output holds as they are; `reworded`: pages known to read otherwise (an entry's
        new body). A part is made anew, without comparing what Pagefind sees of its pages, when the previous output
        has no such part, when it holds more than `VIEW_CHECKS` changed pages (indexing is then cheaper), a reworded
        page, or a page with another `<title>` (an edited title). This is done here, before the caller goes on:
        a thread writing pages beside a busy one waits for the interpreter at each file.
        """
        self.parts = self._split(pages)
        changed = {name: [path for path in members if path not in same] for name, members in self.parts.items()}
        self._prepare(sum(len(pages[path]) for name, members in self.parts.items() if changed[name] for path in members))
        previous, reworded = self.previous, set(reworded)

        def anew(name: str) -> bool:
            if previous is None or len(changed[name]) > VIEW_CHECKS or not reworded.isdisjoint(changed[name]):
                return True
            if not (previous / BUNDLE / name / "pagefind-entry.json").is_file():
                return True
            return any((old := self._before(path)) is None or _title(pages[path]) != _title(old) for path in changed[name])

        compared: dict[str, list[str]] = {}
        for name, members in self.parts.items():
            if anew(name):
                self._make(name, members, pages)
            elif not changed[name]:
                self.kept.add(name)
            else:
                compared[name] = changed[name]
        self.deciding = self.decisions.submit(self._compare, pages, compared)

    def _split(self, pages: dict[str, bytes]) -> dict[str, list[str]]:
        """The parts of `pages` by name (`split`): one empty part when there is no page at all (Pagefind says so)."""
        count = part_count(len(pages), self.part_size)
        parts = {part_name(n, members): members for n, members in enumerate(split(list(pages), count)) if members}
        return parts or {part_name(0, []): []}

    def _prepare(self, size: int) -> None:
        """Make the workshop (what a killed build left there removed first) and a folder for pages of about `size` bytes."""
        if not self.pages_folders:  # the first time
            shutil.rmtree(self.workshop, ignore_errors=True)
            self.workshop.mkdir(parents=True)
            _clear_memory(self.workshop)
        self.pages_folders.append(_pages_folder(self.workshop, size, len(self.pages_folders)))

    def _compare(self, pages: dict[str, bytes], compared: dict[str, list[str]]) -> None:
        """Keep each part whose changed pages Pagefind sees the same (`indexed_view`) in the previous output, or start making it."""
        for name, changed in compared.items():
            if all(_same_view(pages[path], self._before(path), self.views) for path in changed):
                self.kept.add(name)
            else:
                self._make(name, self.parts[name], pages)

    def _before(self, path: str) -> bytes | None:
        """The page at `path` in the previous output (None when missing), read once."""
        if path not in self.earlier and self.previous is not None:
            try:
                self.earlier[path] = (self.previous / path).read_bytes()
            except OSError:
                self.earlier[path] = None
        return self.earlier.get(path)

    def _make(self, name: str, members: list[str], pages: dict[str, bytes]) -> None:
        """Take part `name` from the stored parts, or have Pagefind index its pages, written for it (unless it is
        already made, or being made, from these very pages)."""
        made_from = [pages[path] for path in members]
        if self.made_from.get(name) == made_from:
            return
        attempt = str(len(self.made_from))  # a part made again is made in folders of its own
        self.made_from[name] = made_from
        bundle = self.workshop / "bundles" / attempt
        self.ready[name] = bundle
        if self.stored is not None and self.stored.restore(name, members, bundle):
            return
        site = self.pages_folders[-1] / attempt
        for path in members:
            try:
                (site / path).parent.mkdir(parents=True, exist_ok=True)
                (site / path).write_bytes(pages[path])
            except OSError as error:  # said as write.py says it: the page that could not be written
                shown = f"{(self.previous or self.workshop).name}/{path}"
                raise OutputError(message("write_failed", error=f"{error.strerror or error} : {shown}")) from error
        site.mkdir(parents=True, exist_ok=True)
        self.running[name] = self.pool.submit(_index_part, site, bundle)

    def place(self, folder: Path) -> None:
        """Put the index into `folder/pagefind/` once every part is indexed: kept parts linked, the others moved in."""
        if self.deciding is not None:
            self.deciding.result()  # its error, if any (a page Pagefind needs could not be written)
        running = [self.running[name] for name in self.parts if name in self.running and name not in self.kept]
        errors = [error for error in (future.result() for future in running) if error]
        if errors:
            raise SearchIndexError(message("search_failed", error=errors[0]))
        bundle = folder / BUNDLE
        _clear(bundle, keep=set(self.parts))  # what an earlier site left there, but its parts (checked below)
        bundle.mkdir(parents=True, exist_ok=True)
        for name, members in self.parts.items():
            target = bundle / name
            if name not in self.kept or self.previous is None:
                shutil.rmtree(target, ignore_errors=True)
                os.replace(self.ready[name], target)
            elif not _same_links(target, self.previous / BUNDLE / name):  # else left as the spare holds it
                shutil.rmtree(target, ignore_errors=True)
                link_tree(self.previous / BUNDLE / name, target)
            if self.stored is not None:
                self.stored.add(name, members, bundle / name)
        first = bundle / next(iter(self.parts))
        tags = [_cache_tag(bundle / name) for name in self.parts]
        listing = json.dumps({"parts": [name + "/" for name in self.parts], "tags": tags}, indent=1).encode() + b"\n"
        for path, item in {**{ui: first / Path(ui).name for ui in BUNDLE_FILES}, LISTING: listing}.items():
            put(folder / path, (self.previous or folder) / path, item)  # hard-linked from `previous` when the same bytes

    def close(self) -> None:
        """Wait for Pagefind (a failed build: its output is not used) and remove the workshop."""
        self.decisions.shutdown(wait=True, cancel_futures=True)
        self.pool.shutdown(wait=True, cancel_futures=True)
        for folder in self.pages_folders:
            shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(self.workshop, ignore_errors=True)


def index_site(
    folder: Path,
    previous: Path | None = None,
    part_size: int = PART_SIZE,
    pages: dict[str, bytes] | None = None,
    stored: StoredParts | None = None,
) -> None:
    """Write `folder/pagefind/`, the search index of the site already written in `folder` (see SearchIndex).

    A page is unchanged when it is the very file of the `previous` output (same inode). `pages` are
    the rendered pages written there, when the caller still holds them (not read again).
    """
    known = pages or {}
    html = {path: known[path] if path in known else (folder / path).read_bytes() for path in _html_files(folder)}
    indexed = marked_pages(html) or html  # no page marked: Pagefind's own rule, every page
    same = [path for path in indexed if previous is not None and _same_file(folder / path, previous / path)]
    index = SearchIndex(folder / WORKSHOP, previous, stored, part_size)
    try:
        index.start(indexed, same)
        index.place(folder)
    finally:
        index.close()


def _pages_folder(workshop: Path, size: int, number: int) -> Path:
    """Where the pages Pagefind reads are written (the `number`th such folder of `workshop`): a private folder in
    memory (Linux's /dev/shm) when they are few (`SCRATCH_BYTES`; a folder a page, made and removed again, costs a
    disk up to 0.4 ms), else `workshop/sites-<number>`."""
    if size <= SCRATCH_BYTES and os.path.isdir(MEMORY_FOLDER) and os.access(MEMORY_FOLDER, os.W_OK):
        with contextlib.suppress(OSError):
            return Path(tempfile.mkdtemp(prefix=_memory_prefix(workshop), dir=MEMORY_FOLDER))
    return workshop / f"sites-{number}"


def _clear_memory(workshop: Path) -> None:
    """Remove the page folders in memory that a killed build left for the same workshop."""
    if not os.path.isdir(MEMORY_FOLDER):
        return
    for left in glob.glob(os.path.join(glob.escape(MEMORY_FOLDER), glob.escape(_memory_prefix(workshop)) + "*")):
        with contextlib.suppress(OSError):
            if os.lstat(left).st_uid == os.getuid() and not os.path.islink(left):
                shutil.rmtree(left)


def _memory_prefix(workshop: Path) -> str:
    return f"thinksmall-pages-{hashlib.sha256(os.fsencode(workshop)).hexdigest()[:16]}-"


def _clear(bundle: Path, keep: set[str]) -> None:
    """Remove from `bundle` (a folder of the spare) every entry but the folders named in `keep`; a link or file in its place too."""
    if bundle.is_symlink() or bundle.is_file():
        bundle.unlink()
    if not bundle.is_dir():
        return
    with os.scandir(bundle) as found:
        for item in found:
            if item.name in keep and item.is_dir(follow_symlinks=False):
                continue
            if item.is_dir(follow_symlinks=False):
                shutil.rmtree(item.path)
            else:
                os.unlink(item.path)


def _same_links(folder: Path, other: Path) -> bool:
    """Whether two folders hold hard links to the very same files, under the same names (and no symbolic link)."""
    found = _linked_files(folder)
    return found is not None and found == _linked_files(other)


def _linked_files(folder: Path) -> set[tuple[str, int]] | None:
    """Each file under `folder` with its inode (read from the folder, no file opened); None when `folder` is
    missing or holds a symbolic link."""
    found: set[tuple[str, int]] = set()
    pending = [(os.fspath(folder), "")]
    try:
        while pending:
            here, prefix = pending.pop()
            with os.scandir(here) as items:
                for item in items:
                    if item.is_symlink():
                        return None
                    if item.is_dir():
                        pending.append((item.path, prefix + item.name + "/"))
                    else:
                        found.add((prefix + item.name, item.inode()))
    except OSError:
        return None
    return found


def _cache_tag(part: Path) -> str:
    """A part's cache tag (Pagefind's `metaCacheTag`): a digest of its `pagefind-entry.json`, which names its index."""
    return hashlib.sha256((part / "pagefind-entry.json").read_bytes()).hexdigest()[:16]


def marked_pages(pages: dict[str, bytes]) -> dict[str, bytes] | None:
    """The pages Pagefind indexes among `pages` (path → bytes): those with `data-pagefind-body`; None when
    none has it (Pagefind then indexes every HTML file of the folder: see `index_site`)."""
    marked = {path: data for path, data in sorted(pages.items()) if path.endswith(".html") and MARK in data}
    return marked or None


def part_count(pages: int, part_size: int = PART_SIZE) -> int:
    """How many parts `pages` pages make: the power of two nearest `pages / part_size`, from 1 to `MAX_PARTS`.

    Parts hold 0.7 to 1.4 times `part_size` pages (more past `MAX_PARTS` parts); the count changes only
    when the site crosses `part_size` times 1.4, 2.8, 5.7, 11.3…; then every page moves to a part of
    new membership and that build indexes them all once, as a cold build does. An edit re-indexes
    one part: Pagefind takes about 2.4 ms a page, so 0.15 s for 64 pages.
    """
    count = 1
    while count < MAX_PARTS and 2 * (count * part_size) ** 2 <= pages**2:
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


def _same_file(page: Path, before: Path) -> bool:
    """Whether two paths are the very same file (a hard link kept by write.py)."""
    try:
        return page.stat().st_ino == before.stat().st_ino
    except OSError:
        return False


def _title(page: bytes) -> bytes | None:
    """The first `<title>` element of a page, as written (None without one)."""
    found = TITLE.search(page)
    return found.group(0) if found else None


def _same_view(page: bytes, before: bytes, views: dict[bytes, bytes]) -> bool:
    view = _view(page, views)
    return view is not None and view == _view(before, views)


def _view(page: bytes, views: dict[bytes, bytes]) -> bytes | None:
    """A digest of the page's `indexed_view` (None when it has none), remembered in `views` by the page's bytes."""
    key = hashlib.blake2b(page, digest_size=16).digest()
    if key not in views:
        view = indexed_view(page)
        views[key] = b"" if view is None else hashlib.blake2b(view.encode(), digest_size=16).digest()
    return views[key] or None


def indexed_view(page: bytes) -> str | None:
    """The page as Pagefind can see it, erring on the side of seeing more: all of its markup and text but
    the text it never indexes: in `data-pagefind-ignore` parts (related lists, backlinks) and, on a page
    with `data-pagefind-body`, outside it (the pager, the menu).

    Text is kept in the `<title>`, an `h1` (Pagefind's default title) and any element carrying a
    `data-pagefind-*` attribute (a filter or a meta takes its element's text). None when the page's
    elements do not nest (it is then indexed again).
    """
    parser = _View(hidden=BODY_ELEMENT.search(page) is not None)
    try:
        parser.feed(page.decode("utf-8"))
        parser.close()
    except (UnicodeDecodeError, _Unbalanced):
        return None
    return "".join(parser.parts)


def _read_by_pagefind(tag: str, names: set[str]) -> bool:
    """Whether Pagefind may read something of an element in a part whose text it leaves out: its tag (the page's
    language, title, metadata, images, headings) or an attribute (an `id` it links to, any `data-pagefind-*`)."""
    return tag in READ_TAGS or "id" in names or any(name.startswith("data-pagefind-") for name in names)


class _Unbalanced(Exception):
    pass


class _View(HTMLParser):
    """`indexed_view`'s parser: the page's tokens as written, less the text of ignored parts and, there, the tags
    of elements Pagefind reads nothing of (`_read_by_pagefind`): a reordered list of links it ignores looks the same."""

    def __init__(self, hidden: bool) -> None:
        super().__init__(convert_charrefs=False)
        self.parts: list[str] = []
        self.hidden = hidden  # whether text outside every element is left out (outside `data-pagefind-body`)
        self.open: list[tuple[str, bool, bool]] = []  # the elements open here: whether their text is left out, their tags kept

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        around = self.open[-1][1] if self.open else self.hidden  # whether the text here is left out
        kept = not around or _read_by_pagefind(tag, names)
        if kept:
            self.parts.append(self.get_starttag_text() or "")
        if tag in VOID:
            return
        hidden = around or "data-pagefind-ignore" in names
        if tag in ("h1", "title") or any(name.startswith("data-pagefind-") and name != "data-pagefind-ignore" for name in names):
            hidden = False
        self.open.append((tag, hidden, kept))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        around = self.open[-1][1] if self.open else self.hidden
        if not around or _read_by_pagefind(tag, {name for name, _ in attrs}):
            self.parts.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            raise _Unbalanced(tag)
        if self.open.pop()[2]:
            self.parts.append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if not (self.open[-1][1] if self.open else self.hidden):
            self.parts.append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")

    def unknown_decl(self, data: str) -> None:
        self.parts.append(f"<![{data}]>")

    def handle_decl(self, decl: str) -> None:
        self.parts.append(f"<!{decl}>")

    def handle_comment(self, data: str) -> None:
        self.parts.append(f"<!--{data}-->")

    def handle_pi(self, data: str) -> None:
        self.parts.append(f"<?{data}>")


def _index_part(site: Path, bundle: Path) -> str | None:
    """Index the pages in `site` (a folder holding only them, at their paths so URLs stay right) into `bundle`
    with the Pagefind CLI; the error, or None."""
    command = [_pagefind(), "--site", str(site), "--output-path", str(bundle), "--quiet"]
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
            dirs[:] = [name for name in dirs if name not in (BUNDLE_FOLDER, WORKSHOP)]
        here = folder[len(top) + 1 :].replace(os.sep, "/") + "/" if folder != top else ""
        found.extend(here + name for name in names if name.endswith(".html"))
    return sorted(found)
