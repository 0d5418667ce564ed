"""The pipeline's memoised steps: each takes what it can from the memo and has the pure stage compute the rest.

Bodies are remembered by a key of everything that decides them (code, settings, the entry's path
and text, the pictures it shows) with the entry links they resolved, checked against the site
before use, and they are remembered *before* the sanitiser: kept HTML is sanitised again, as a
fresh body is, so a tampered cache cannot put markup past it. Output files (pages, feeds,
calendars) are remembered per output folder by their key (the hash of what their plan shows) and
what they read of the site (recorded while the template rendered), each read with its value's hash:
a file is kept from the previous output only when both are unchanged and the file on disk is the
very one written then.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..problems import Problem
from ..render.bodies import Body, render_bodies, sanitise
from ..render.calendars import calendar_plans, render_calendars
from ..render.feeds import render_feeds, site_feeds, undated_stamp
from ..render.images import Picture
from ..render.pages import PagePlan, PageRenderer, RenderedPage, read_value
from ..site.assemble import Site
from ..site.links import entry_link
from ..source.content import Parse
from ..source.reader import Limits, SourceFile, parse_source
from .inputs import digest
from .memo import Memo

BODIES_FILE = "bodies.json"  # in the cache folder
SOURCES_FILE = "sources.json"


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


def valid_source(value: Any) -> bool:
    """A remembered parse of the expected shape: a mapping of fields, a body, lines (anything else is a miss)."""
    return (
        isinstance(value["data"], dict)
        and isinstance(value["body"], str)
        and type(value["body_line"]) is int
        and type(value["line_offset"]) is int
        and all(isinstance(key, str) and type(line) is int for key, line in value["lines"].items())
    )


def bodies(site: Site, memo: Memo, pictures: dict[str, dict[str, Picture]], version: str) -> tuple[dict[str, str], list[Problem]]:
    """The sanitised HTML of every entry's body by source path, and the bodies' problems (broken links…)."""
    keys = {e.path: digest(version, e.path, e.source.body, repr(sorted(pictures.get(e.path, {}).items()))) for e in site.entries}
    kept: dict[str, str] = {}
    for entry in site.entries:
        hit = memo.get(keys[entry.path])
        if hit is not None and all(entry_link(site, entry.path, href) == url for href, url in hit["links"]):
            kept[entry.path] = hit["markup"]
            memo.keep(keys[entry.path], hit)
    found = dict(zip(kept, sanitise(site, list(kept.values())), strict=True))
    missing = [e for e in site.entries if e.path not in kept]
    problems: list[Problem] = []
    for entry, body in zip(missing, render_bodies(site, missing, pictures), strict=True):
        found[entry.path] = body.html
        problems += body.problems
        if not body.problems:
            memo.keep(keys[entry.path], _stored(body))
    return {e.path: found[e.path] for e in site.entries}, problems


def _stored(body: Body) -> dict[str, Any]:
    return {"markup": body.markup, "links": [list(link) for link in body.links]}


def valid_body(value: Any) -> bool:
    """A remembered body of the expected shape (anything else is a miss)."""
    return isinstance(value["markup"], str) and all(
        isinstance(href, str) and isinstance(url, str) for href, url in value["links"]
    )


def output_files(
    site: Site, plans: list[PagePlan], renderer: PageRenderer, bodies: dict[str, str], shared: str, memo: OutputMemo | None
) -> tuple[dict[str, bytes], list[Problem]]:
    """Every page, feed and calendar: kept from the previous output when unchanged, else rendered."""
    files: dict[str, bytes] = {}
    problems: list[Problem] = []
    for plan in plans:
        key = digest(shared, "page", plan.path, repr(plan.template), plan.context.shown())
        if memo is not None and (kept := memo.kept(plan.path, key)) is not None:
            files[plan.path] = kept
            continue
        page = renderer.render(plan)
        if not isinstance(page, RenderedPage):
            problems.append(page)
            continue
        files[plan.path] = page.data
        if memo is not None:
            memo.record(plan.path, key, page.reads)
    files |= _python_files(site, bodies, shared, memo)
    return files, problems


def _python_files(site: Site, bodies: dict[str, str], shared: str, memo: OutputMemo | None) -> dict[str, bytes]:
    """Feeds and calendars, rendered by code rather than templates: what each shows is declared here."""
    if memo is None:
        return render_feeds(site, bodies) | render_calendars(site)
    hashes = {path: hashlib.blake2b(html.encode(), digest_size=16).hexdigest() for path, html in bodies.items()}
    planned: dict[str, tuple[str, set[str]]] = {}
    stamp = repr(undated_stamp(site))
    for feed, entries in site_feeds(site):
        key = digest(shared, "feed", repr(feed), stamp, *(f"{e.path}\t{hashes[e.path]}" for e in entries))
        planned[feed.path] = (key, _entries_read(site, entries))
    calendars = calendar_plans(site)
    for path, (events, name) in calendars.items():
        planned[path] = (digest(shared, "calendar", path, name, *(e.path for e in events)), _entries_read(site, events))
    files, missing = {}, []
    for path, (key, _) in planned.items():
        kept = memo.kept(path, key)
        if kept is None:
            missing.append(path)
        else:
            files[path] = kept
    files |= render_feeds(site, bodies, only=set(missing)) | render_calendars(site, only=set(missing))
    for path in missing:
        memo.record(path, *planned[path])
    return dict(sorted(files.items()))


def _entries_read(site: Site, entries: list[Any]) -> set[str]:
    """Entries read whole, with the events they were born at (a story's date is its event's)."""
    reads = {f"e\t{e.path}\t*" for e in entries}
    for entry in entries:
        event = site.by_type.get("event", {}).get(getattr(entry.fields, "event", None) or "")
        if event is not None:
            reads.add(f"e\t{event.path}\t*")
    return reads


class OutputMemo:
    """What each file of one output folder was made from, to keep the unchanged ones."""

    def __init__(self, cache: Path, output: Path, site: Site):
        # one table per output folder: the preview and the build keep their own
        self.memo = Memo(cache / f"files-{digest(str(output))[:16]}.json", valid=_valid_file)
        self.output, self.site = output, site
        self.values: dict[str, str] = {}
        self.made: dict[str, list[Any]] = {}
        self.kept_files: set[str] = set()  # read from the previous output in this build

    def reads_digest(self, reads: list[str]) -> str:
        """One hash of each read with its current value (each value computed once per build)."""
        values = self.values
        for read in reads:
            if read not in values:
                values[read] = hashlib.blake2b(read_value(self.site, read).encode(), digest_size=16).hexdigest()
        return digest("\n".join(f"{read}\t{values[read]}" for read in reads))

    def kept(self, path: str, key: str) -> bytes | None:
        """The previous output's bytes for `path`, when made from this key and unchanged reads."""
        stored = self.memo.get(path)
        if stored is None or stored[0] != key:
            return None
        if self.reads_digest(stored[1].split("\n") if stored[1] else []) != stored[2]:
            return None
        try:
            file = self.output / path
            info = file.stat()
            if [info.st_size, info.st_mtime_ns, info.st_ino] != stored[3]:
                return None
            data = file.read_bytes()
        except OSError:
            return None
        self.made[path] = stored[:3]
        self.kept_files.add(path)
        return data

    def record(self, path: str, key: str, reads: frozenset[str] | set[str]) -> None:
        """What a file just made was made from."""
        ordered = sorted(reads)
        self.made[path] = [key, "\n".join(ordered), self.reads_digest(ordered)]

    def save(self) -> None:
        """Remember each file with the one now in the output (after the swap)."""
        for path, made in sorted(self.made.items()):
            try:
                info = (self.output / path).stat()
            except OSError:
                continue
            self.memo.keep(path, [*made, [info.st_size, info.st_mtime_ns, info.st_ino]])
        self.memo.save()


def _valid_file(value: Any) -> bool:
    key, reads, reads_digest, stamp = value
    return (
        isinstance(key, str)
        and isinstance(reads_digest, str)
        and isinstance(reads, str)
        and all(isinstance(n, int) for n in stamp)
    )
