"""The pipeline's memoised steps: each takes what it can from the memo and has the pure stage compute the rest.

Bodies are remembered by a key of everything that decides them (code, settings, the entry's path
and text, the pictures it shows) with the entry links they resolved, checked against the site
before use; the memo is sealed (seal.py), so what it holds is the sanitiser's own output. Output
files (pages, feeds, calendars) are remembered by their key (the hash of what their plan shows),
what they read of the site (recorded while the template rendered), each read with its value's
hash, and the hash of their bytes: a file is kept when both are unchanged and those bytes are still
to be had, in the previous output or in the cache's store (store.py).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..problems import Problem
from ..render.bodies import render_bodies
from ..render.calendars import calendar_plans, render_calendars
from ..render.feeds import Item, entry_dates, render_feeds, site_feeds, undated_stamp
from ..render.images import Picture
from ..render.pages import PagePlan, PageRenderer, RenderedPage, read_value, render_all
from ..site.assemble import Site
from ..site.links import entry_link
from ..source.content import Entry, Parse
from ..source.reader import Limits, SourceFile, parse_source
from .inputs import digest
from .memo import Memo
from .store import Store, content_digest

BODIES_FILE = "bodies.json"  # in the cache folder
SOURCES_FILE = "sources.json"
FILES_FILE = "files.json"
SUBJECTS = ""  # the entry of FILES_FILE holding each subject's digest as the build that saved it saw it
TAG_LABEL = ("slug", "name", "url")  # what a page shows of a tag it links to: not its entries (see `subject`)


def parser(memo: Memo, version: str) -> Parse:
    """The reader's parser, remembered by the file's text: YAML is parsed once per version of a file."""

    def parse(text: str, suffix: str, shown: str, limits: Limits) -> SourceFile:
        key = digest(version, shown, suffix, repr(limits), text)
        hit = memo.get(key)
        if hit is not None:
            memo.keep(key, hit)
            return SourceFile.from_plain(shown, hit)
        source = parse_source(text, suffix, shown, limits)
        plain = source.plain()
        if plain is not None:
            memo.keep(key, plain)
        return source

    return parse


def bodies(
    site: Site, memo: Memo, pictures: dict[str, dict[str, Picture]], version: str, entries: list[Entry] | None = None
) -> tuple[dict[str, str], dict[str, str], list[Problem]]:
    """The sanitised HTML of every entry's body (of `entries` of the site, when given) by source path, its hash
    (`_hashed`, remembered with it, for the keys of the files that show it), and the bodies' problems (broken links…).

    A remembered body is taken when the entry links it resolved still lead where they did: at
    once when no entry's URL changed since it was stored, else link by link.
    """
    urls = digest(*(f"{path}\t{entry.url}" for path, entry in site.by_source.items()), *site.hidden)
    found: dict[str, str] = {}
    hashes: dict[str, str] = {}
    missing: dict[str, Entry] = {}  # by key
    entries = site.entries if entries is None else entries
    for entry in entries:
        key = digest(version, entry.path, entry.source.body, repr(sorted(pictures.get(entry.path, {}).items())))
        hit = memo.get(key)
        if hit is not None and (
            hit["urls"] == urls or all(entry_link(site, entry.path, href) == url for href, url in hit["links"])
        ):
            found[entry.path], hashes[entry.path] = hit["html"], hit["hash"]
            memo.keep(key, {**hit, "urls": urls})
        else:
            missing[key] = entry
    problems: list[Problem] = []
    for (key, entry), body in zip(missing.items(), render_bodies(site, list(missing.values()), pictures), strict=True):
        found[entry.path], hashes[entry.path] = body.html, _hashed(body.html)
        problems += body.problems
        if not body.problems:
            links = [list(link) for link in body.links]
            memo.keep(key, {"html": body.html, "hash": hashes[entry.path], "links": links, "urls": urls})
    return {e.path: found[e.path] for e in entries}, hashes, problems


def output_files(
    site: Site,
    plans: list[PagePlan],
    renderer: PageRenderer,
    bodies: dict[str, str],
    body_hashes: dict[str, str],
    shared: str,
    memo: OutputMemo | None,
    feed_items: dict[Item, bytes] | None = None,
    pages_ready: Callable[[dict[str, bytes]], object] | None = None,
) -> tuple[dict[str, bytes], list[Problem]]:
    """Every page, feed and calendar: kept from the previous output when unchanged, else rendered.

    `body_hashes`: each body's hash (see `bodies`), standing for the body in the files' keys. `feed_items`: feeds'
    entries made in earlier builds of this process (see `render_feeds`). `pages_ready` is given the pages (templates'
    files) once they are all made, before the feeds and calendars.
    """
    found: dict[str, bytes | None] = {}  # in plan order; None: to render
    keys: dict[str, str] = {}
    for plan in plans:
        entry = plan.context.entry  # an entry's page shows its body (plan_site)
        shown = plan.context.shown(body_hashes[entry.path] if entry is not None else None)
        key = keys[plan.path] = digest(shared, "page", plan.path, repr(plan.template), shown)
        found[plan.path] = memo.kept(plan.path, key) if memo is not None else None
    missing = [plan for plan in plans if found[plan.path] is None]
    problems: list[Problem] = []
    for plan, page in zip(missing, render_all(renderer, missing), strict=True):
        if not isinstance(page, RenderedPage):
            problems.append(page)
            continue
        found[plan.path] = page.data
        if memo is not None:
            memo.record(plan.path, keys[plan.path], page.reads, page.data)
    files = {path: data for path, data in found.items() if data is not None}
    if pages_ready is not None and not problems:
        pages_ready(files)
    files |= _python_files(site, bodies, body_hashes, shared, memo, feed_items)
    return files, problems


def _python_files(
    site: Site,
    bodies: dict[str, str],
    hashes: dict[str, str],
    shared: str,
    memo: OutputMemo | None,
    feed_items: dict[Item, bytes] | None,
) -> dict[str, bytes]:
    """Feeds and calendars, rendered by code rather than templates: what each shows is declared here."""
    if memo is None:
        return render_feeds(site, bodies, known=feed_items) | render_calendars(site)
    planned: dict[str, tuple[str, list[Entry]]] = {}  # each file's key and the entries it shows
    dates = entry_dates(site)
    stamp = repr(undated_stamp(site, dates))
    shown = {e: f"{e.path}\t{hashes[e.path]}" for e in site.entries}  # one line an entry (no path holds a line break)
    for feed, entries in site_feeds(site):
        key = digest(shared, "feed", repr(feed), stamp, "\n".join(shown[e] for e in entries))
        planned[feed.path] = (key, entries)
    calendars = calendar_plans(site)
    for path, (events, name) in calendars.items():
        planned[path] = (digest(shared, "calendar", path, name, *(e.path for e in events)), events)
    files, missing = {}, []
    for path, (key, _) in planned.items():
        kept = memo.kept(path, key)
        if kept is None:
            missing.append(path)
        else:
            files[path] = kept
    files |= render_feeds(site, bodies, set(missing), feed_items, dates) | render_calendars(site, only=set(missing))
    for path in missing:
        key, entries = planned[path]
        memo.record(path, key, _entries_read(site, entries), files[path])
    return dict(sorted(files.items()))


def _hashed(text: str) -> str:
    """A short hash of a text (a body, a value read), to compare it with the next build's."""
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _shown(value: Any) -> Any:
    """A value as a subject's digest shows it: a source with its body's hash in place of the body (cheaper to show)."""
    if isinstance(value, SourceFile):
        return dataclasses.replace(value, body=_hashed(value.body))
    return value


def _entries_read(site: Site, entries: list[Any]) -> set[str]:
    """Entries read whole, with the events they were born at (a story's date is its event's)."""
    reads = {f"e\t{e.path}\t*" for e in entries}
    for entry in entries:
        event = site.by_type.get("event", {}).get(entry.fields.get("event") or "")
        if event is not None:
            reads.add(f"e\t{event.path}\t*")
    return reads


class OutputMemo:
    """What each file of one output was made from, to keep the unchanged ones.

    The previous output is a folder (a file is kept when it is the very one written then, by its
    status, or else holds the bytes it was made with, found there or in the cache's store) or, in
    the preview's session, the files the last build made, in memory.
    """

    def __init__(
        self,
        memo: Memo,
        site: Site,
        previous: Path | dict[str, bytes],
        changes: Changes | None = None,
        store: Store | None = None,
    ):
        self.memo, self.site, self.previous, self.changes, self.store = memo, site, previous, changes, store
        self.values: dict[str, str] = {}
        self.made: dict[str, list[Any]] = {}  # path → key, reads (packed), their digest, the bytes' digest
        self.kept_files: set[str] = set()  # files of the previous output folder holding the bytes needed: linked as they are
        self.subjects: dict[str, str] = {}  # each subject's digest in this build, computed once
        before = memo.get(SUBJECTS) if changes is None else None
        self.changed = {name for name, value in before.items() if self._subject(name) != value} if before else None

    def reads_digest(self, reads: list[str]) -> str:
        """One hash of each read with its current value (each value computed once per build, or, in a session,
        once per change of its subject)."""
        values = self.values
        for read in reads:
            if read not in values:
                values[read] = self._value(read)
        return digest("\n".join(f"{read}\t{values[read]}" for read in reads))

    def _value(self, read: str) -> str:
        if self.changes is None:
            return _hashed(read_value(self.site, read))
        known = self.changes.values.setdefault(subject(read), {})
        if read not in known:
            known[read] = _hashed(read_value(self.site, read))
        return known[read]

    def kept(self, path: str, key: str) -> bytes | None:
        """The bytes `path` was made with, when made from this key and unchanged reads, and still to be had."""
        stored = self.memo.get(path)
        if stored is None or stored[0] != key:
            return None
        if self.changes is not None:
            unchanged = self.changes.none_read(path)
        else:  # none of its subjects changed since the last build: its reads did not either
            unchanged = self.changed is not None and self.changed.isdisjoint(subjects(stored[1]))
        if not unchanged and self.reads_digest(unpack(stored[1])) != stored[2]:
            return None
        data = self._previous(path, stored[3], stored[4])
        if data is None:
            return None
        self.made[path] = [*stored[:3], stored[4]]
        return data

    def _previous(self, path: str, stamp: list[int], content: str) -> bytes | None:
        if isinstance(self.previous, dict):
            data = self.previous.get(path)
            if data is not None:
                self.kept_files.add(path)
            return data
        file = self.previous / path
        try:
            info = file.stat()
            data = file.read_bytes()
            if [info.st_size, info.st_mtime_ns, info.st_ino] == stamp or content_digest(data) == content:
                self.kept_files.add(path)  # the output's own file holds these bytes: write.py links it as it is
                return data
        except OSError:
            pass
        return self.store.read(content) if self.store is not None else None

    def record(self, path: str, key: str, reads: frozenset[str] | set[str], data: bytes) -> None:
        """What a file just made was made from."""
        ordered = sorted(reads)
        self.made[path] = [key, pack(ordered), self.reads_digest(ordered), content_digest(data)]
        if self.changes is not None:
            self.changes.pending[1][path] = frozenset(subject(read) for read in ordered)

    def digests(self) -> dict[str, str]:
        """The digest of each file's bytes in this build, by output path."""
        return {path: made[3] for path, made in self.made.items()}

    def save(self) -> None:
        """Remember each file with the one now in the output (after the swap), kept in the store too; or, in memory, as made."""
        for path, made in sorted(self.made.items()):
            if isinstance(self.previous, dict):
                self.memo.keep(path, [*made[:3], [], *made[3:]])
                continue
            try:
                info = (self.previous / path).stat()
                if self.store is not None:
                    self.store.add(made[3], self.previous / path)
            except OSError:
                continue
            self.memo.keep(path, [*made[:3], [info.st_size, info.st_mtime_ns, info.st_ino], *made[3:]])
        if not isinstance(self.previous, dict):
            names = {name for made in self.made.values() for name in subjects(made[1])}
            self.memo.keep(SUBJECTS, {name: self._subject(name) for name in sorted(names)})
            self.memo.save()

    def _subject(self, name: str) -> str:
        """The digest of everything a read about the subject `name` can see, in this build."""
        if name not in self.subjects:
            kind, key = name.split("\t", 1)
            entry = self.site.by_source.get(key) if kind == "e" else None
            if kind == "t":  # its label, or the whole tag (`subject`)
                slug, _, whole = key.partition("\t")
                reads = [f"t\t{slug}\t*"] if whole else [f"t\t{slug}\t{attribute}" for attribute in TAG_LABEL]
                value = "\n".join(read_value(self.site, read) for read in reads)
            elif kind != "e":
                value = read_value(self.site, name)
            else:  # every attribute of the entry: its fields, its source (its body by a hash), what assemble gave it
                value = repr(tuple(_shown(getattr(entry, f.name)) for f in dataclasses.fields(entry))) if entry else "∅"
            self.subjects[name] = _hashed(value)
        return self.subjects[name]


class Changes:
    """What changed in the site since this process's last build, by subject (`e⇥path`, `t⇥slug`, `t⇥slug⇥*`, `s⇥name`).

    A subject is an entry (its fields and what assemble gave it), a tag or one of the site's
    attributes, and every recorded read has one (`subject`). A file none of whose subjects
    changed read the same values as when it was made, so its reads need no hashing (the
    preview's session; a build from disk hashes them all).
    """

    def __init__(self) -> None:
        self.signatures: dict[str, Signature] = {}  # as in the last build that succeeded
        self.read_by: dict[str, frozenset[str]] = {}  # output path → the subjects its reads are about
        self.changed: set[str] = set()  # in this build
        self.pending: tuple[dict[str, Signature], dict[str, frozenset[str]]] = ({}, {})
        self.kept_values: dict[str, dict[str, str]] = {}  # the last successful build's read values (hashed), by subject
        self.values: dict[str, dict[str, str]] = {}  # this build's: those of unchanged subjects, then the ones it computes
        self.site_names: set[str] = set()  # the site's attributes any file has read (`s⇥name`), once read ever

    def compare(self, site: Site) -> None:
        """`changed`: the subjects whose signature differs from the last successful build's."""
        now = signatures(site, self.site_names)
        before = self.signatures
        self.changed = {name for name in now.keys() | before.keys() if not _same(before.get(name), now.get(name))}
        self.pending = (now, {})
        self.values = {name: values for name, values in self.kept_values.items() if name not in self.changed}

    def commit(self) -> None:
        """The build succeeded: its signatures, reads and read values are the ones to compare the next build with."""
        self.signatures = self.pending[0]
        self.read_by |= self.pending[1]
        self.site_names |= {name for subjects in self.pending[1].values() for name in subjects if name.startswith("s\t")}
        self.kept_values = self.values

    def none_read(self, path: str) -> bool:
        """Whether the file at `path` was made from subjects none of which changed."""
        subjects = self.read_by.get(path)
        return subjects is not None and subjects.isdisjoint(self.changed)


Signature = tuple[tuple[Any, ...], tuple[Any, ...]]  # objects compared by identity, values compared by value


def signatures(site: Site, site_names: set[str]) -> dict[str, Signature]:
    """What each subject's reads can see, cheaply: an entry's fields and source by identity (the same
    objects while its file is unchanged), the rest by value; the site's attributes by their read value."""
    found: dict[str, Signature] = {}
    for entry in site.entries:
        backlinks = tuple((kind, tuple(e.path for e in linked)) for kind, linked in entry.backlinks.items())
        values = (entry.type, entry.section, entry.slug, entry.url, backlinks, tuple(entry.tag_slugs), entry.pictures,
                  entry.body_pictures, entry.draft_note)  # fmt: skip
        found[f"e\t{entry.path}"] = ((entry.fields, entry.source), values)
    for tag in site.tags.values():
        found[f"t\t{tag.slug}"] = ((), (tag.slug, tag.name, tag.url))
        found[f"t\t{tag.slug}\t*"] = ((), (tag.name, tag.url, tuple(e.path for e in tag.entries)))
    for name in site_names:
        found[name] = ((), (read_value(site, name),))
    return found


def _same(before: Signature | None, after: Signature | None) -> bool:
    if before is None or after is None:
        return before is after
    return all(a is b for a, b in zip(before[0], after[0], strict=True)) and before[1] == after[1]


def pack(reads: list[str]) -> str:
    """Sorted reads written compactly, one line per thing read and its attributes after it (`e⇥path⇥title⇥url`)."""
    lines: list[list[str]] = []
    for read in reads:
        kind, name, *attribute = read.split("\t")
        if attribute and lines and lines[-1][:2] == [kind, name]:
            lines[-1] += attribute
        else:
            lines.append([kind, name, *attribute])
    return "\n".join("\t".join(line) for line in lines)


def unpack(packed: str) -> list[str]:
    """The sorted reads `pack` wrote (a tab sorts before any character of a path, a slug or a name)."""
    reads = []
    for line in packed.split("\n") if packed else ():
        kind, name, *attributes = line.split("\t")
        reads += [f"{kind}\t{name}\t{attribute}" for attribute in attributes] if attributes else [line]
    return reads


def subjects(packed: str) -> set[str]:
    """What packed reads are about."""
    found: set[str] = set()
    for line in packed.split("\n") if packed else ():
        kind, name, *attributes = line.split("\t")
        if kind == "t":  # a tag's subject depends on the attribute read
            found.update(subject(f"t\t{name}\t{attribute}") for attribute in attributes)
        else:
            found.add(subject(line))
    return found


def subject(read: str) -> str:
    """What a read is about: `e⇥path` for an entry's attributes and fields, `s⇥name` for the site's; for a tag, `t⇥slug`
    for its label (`TAG_LABEL`, all that most pages show of it) and `t⇥slug⇥*` for the rest (its entries)."""
    kind, name, *attribute = read.split("\t")
    if kind == "t":
        return f"t\t{name}" if attribute and attribute[0] in TAG_LABEL else f"t\t{name}\t*"
    return f"e\t{name}" if kind == "f" else f"{kind}\t{name}"
