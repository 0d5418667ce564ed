"""The whole build, one step after the other: read → validate → assemble → render → write."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path

from . import CACHE_FOLDER, PROJECT
from .incremental import steps
from .incremental.inputs import code_version, digest, folder_digest
from .incremental.memo import Memo
from .incremental.session import LastBuild, Session
from .incremental.store import PARTS_FILE, STORE_FOLDER, TEMPLATES_FOLDER, SealedTemplates, SearchParts, Store
from .output.search import BUNDLE_FILES, BUNDLE_FOLDER, SearchIndex, index_site, marked_pages
from .output.strict import check as check_strict
from .output.write import Published, prepared_output, published, unchanged_files, write_site
from .problems import Problem, ProblemError
from .render.bodies import render_bodies
from .render.cards import CARDS_FOLDER, prepare_cards
from .render.images import IMAGES_FOLDER, prepare_images
from .render.pages import PagePlan, PageRenderer, RenderedPage, plan_site, shared_values
from .render.room import room_assets, room_files
from .render.sharing import render_discovery
from .site.assemble import assemble
from .site.drafts import select
from .source.config import load_config
from .source.content import Entry, Rejected, load_entries, read_entry


@dataclass
class BuildResult:
    """What a build produced: pages (path → bytes) and the problems that stopped it, if any."""

    pages: dict[str, bytes] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    entries: int = 0
    images_made: int = 0  # resized picture files made in this build
    images_reused: int = 0  # resized picture files found in the cache
    files_kept: int = 0  # pages, feeds and calendars kept from the previous output, unchanged
    assets: dict[str, Path] = field(default_factory=dict)  # output path → file to copy (pictures)
    static: Path | None = None  # the static folder, copied as it is
    kept: frozenset[str] = frozenset()  # the files read from the previous output folder, unchanged
    urls: dict[str, str] = field(default_factory=dict)  # each entry's page, by source path
    warnings: list[Problem] = field(default_factory=list)  # with `warn`: what --strict would refuse

    @property
    def page_count(self) -> int:
        """The HTML pages among the files (feeds, calendars and the sitemap are not counted)."""
        return sum(path.endswith(".html") for path in self.pages)


def site_folder(root: Path, name: str) -> Path:
    """A site's own `templates/` or `static/`, or the project's when the site has none."""
    own = root / name
    return own if own.is_dir() else PROJECT / name


def build(
    root: Path,
    now: date,
    output: Path | None = None,
    *,
    strict: bool = False,
    preview: bool = False,
    search: bool = True,
    cache: Path | None = None,
    session: Session | None = None,
    warn: bool = False,
) -> BuildResult:
    """Build the site in `root`; write it to `output` only when there is no problem at all.

    `strict` adds the checks of sitegen/output/strict.py (`warn` runs them too, for the result's warnings);
    `preview` keeps drafts and scheduled entries, marked. With `search`, the written site gets its Pagefind index before it replaces `output`. The
    memo (sitegen/incremental/: parsed files, bodies, what each output file was made from) and resized
    pictures are kept in and taken from the folder `cache` (by default `.cache/` beside site.yaml).
    With a `session` (the preview, the build server), the build stays in memory, its memo carried from
    the session's last build: `publish` writes the result afterwards (`build_and_publish` does both for the build
    server). Only the preview keeps going past problems.
    Raises OutputError when `output` is unsafe or another build is writing it.
    """
    cache = cache or root / CACHE_FOLDER
    if output is None or session is not None:
        return _build(root, now, strict, preview, cache, session, warn=warn)[0]
    with prepared_output(output, root) as checked:
        result, files = _build(root, now, strict, preview, cache, session, checked, warn)
        if files is not None and files.store is not None and not result.problems:
            parts = SearchParts(Memo(cache / PARTS_FILE), files.store, files.digests())
            _write(result, checked, search, parts)
            files.save()
            parts.save()
            files.store.prune()
        return result


def publish(
    result: BuildResult,
    root: Path,
    output: Path,
    search: bool = True,
    before: Published | None = None,
    views: dict[bytes, bytes] | None = None,
) -> Published:
    """Write a session's build into `output` (its search index made before the swap, from the previous one's
    parts): what it published there, for the next one (`before`, whose files are then trusted by their stamps).
    `views`: what Pagefind sees of pages, by their bytes, kept by the session from one build to the next."""
    with prepared_output(output, root) as checked:
        _write(result, checked, search, before=before, views=views)
        return published(result.pages, checked)


def build_and_publish(
    root: Path, now: date, output: Path, cache: Path, session: Session, strict: bool = False
) -> BuildResult:
    """A session's build (the build server's), written into `output` when it has no problem: its search index is
    started before the pages are made (`EarlyIndex`), while the feeds are made and the site written."""
    with prepared_output(output, root) as checked:
        early = EarlyIndex(session, checked)
        try:
            result = _build(root, now, strict, False, cache, session, warn=False, early=early)[0]
            if not result.problems:
                started = early.indexed is not None and early.unchanged_by(result.pages)
                if not started:
                    early.index.close()  # its workshop is the one `_write` makes the index in
                index = early.index if started else None
                _write(result, checked, True, before=session.published, views=session.views, index=index, same=early.same)
                session.published = published(result.pages, checked)
                session.indexed = early.indexed if started else marked_pages(result.pages)
        finally:
            early.index.close()
    return result


SPECULATED = 4  # at most this many entries' pages rendered ahead by `EarlyIndex.entries_read`


class EarlyIndex:
    """The search index of a session's build, started before the build ends: as soon as its entries are read, for
    the pages it is likely to make, then from the pages (HTML) it made, before the feeds (see `build_and_publish`)."""

    def __init__(self, session: Session, output: Path) -> None:
        self.session, self.output = session, output
        self.index = SearchIndex(_workshop(output), output, views=session.views)
        self.ready: set[str] = set()  # the pages (HTML) it was given
        self.indexed: dict[str, bytes] | None = None  # the marked ones among them, the index was started with
        self.same: set[str] = set()  # those of them the output already holds

    def entries_read(self, entries: list[Entry], settings: str, bodies: Memo) -> None:
        """Start indexing the parts of the pages of entries whose body alone changed since the session's last build,
        each rendered alone from that build's plan (its body kept in `bodies`, for the build to take): when the build
        makes these very pages, Pagefind is already at work on them."""
        last, indexed = self.session.last, self.session.indexed
        if last is None or indexed is None or last.settings != settings:
            return
        edited = [e for e in entries if e.path in last.plans and last.site.by_source[e.path].source is not e.source]
        alone = [before for entry in edited if (before := _body_edited(last, entry)) is not None]
        if not 0 < len(alone) == len(edited) <= SPECULATED:
            return
        html, _, problems = steps.bodies(last.site, bodies, last.pictures, settings, alone)
        pages = [_page_alone(last, entry, html[entry.path]) for entry in alone]
        speculated = dict(page for page in pages if page is not None)
        if not problems and len(speculated) == len(alone) and speculated.keys() <= indexed.keys():
            self.index.speculate(indexed | speculated, speculated)

    def unchanged_by(self, pages: dict[str, bytes]) -> bool:
        """Whether the build's files `pages` hold the indexed pages as given, and no other marked page."""
        indexed = self.indexed or {}
        later = {path: pages[path] for path in pages.keys() - self.ready}
        return all(pages.get(path) is data for path, data in indexed.items()) and marked_pages(later) is None

    def pages_ready(self, pages: dict[str, bytes], reworded: Collection[str]) -> None:
        """Start the index from the build's pages; `reworded`: those of entries whose body changed."""
        self.ready, self.indexed = set(pages), marked_pages(pages)
        if self.indexed is not None:
            self.same = unchanged_files(self.indexed, self.output, before=self.session.published)
            self.index.start(self.indexed, self.same, reworded)


def _workshop(output: Path) -> Path:
    """The folder beside `output` where the search index is made (`.output.new-search`)."""
    return output.with_name(f".{output.name}.new-search")


def _write(
    result: BuildResult,
    output: Path,
    search: bool,
    parts: SearchParts | None = None,
    before: Published | None = None,
    views: dict[bytes, bytes] | None = None,
    index: SearchIndex | None = None,
    same: Collection[str] = (),
) -> None:
    """Write `result` into `output`; its search index is made from the pages in memory while the site is written
    (`index`: one already started with this build's marked pages; `same`: pages already found unchanged)."""
    unchanged = unchanged_files(result.pages, output, result.kept | set(same), before)
    if index is None and search and (marked := marked_pages(result.pages)) is not None:
        index = SearchIndex(_workshop(output), output, parts, views=views)
        index.start(marked, unchanged)
    if index is None:  # no search, or no page marked: Pagefind then reads every HTML file written
        index_written = partial(index_site, previous=output, pages=result.pages, stored=parts) if search else None
        write_site(result.pages, result.static, result.assets, output, index_written, unchanged, BUNDLE_FOLDER)
        return
    try:
        write_site(result.pages, result.static, result.assets, output, index.place, unchanged, BUNDLE_FOLDER)
    finally:
        index.close()


def _build(
    root: Path,
    now: date,
    strict: bool,
    preview: bool,
    cache: Path,
    session: Session | None,
    previous: Path | None = None,
    warn: bool = False,
    early: EarlyIndex | None = None,
) -> tuple[BuildResult, steps.OutputMemo | None]:
    """The build in memory, and what its files were made from; `previous` is the output folder it will replace.
    `early` (a session's) is told the entries as soon as they are read, and given the pages (HTML) as soon as they
    are made, with the pages of entries whose body changed since the session's last build."""
    try:
        config = load_config(root)
    except ProblemError as error:
        return BuildResult(problems=error.problems), None
    version = code_version()
    settings = digest(version, config.model_dump_json())
    memo = session.memo if session is not None else _disk_memo
    if session is not None:
        session.begin(settings)
    sources = memo("sources", cache / steps.SOURCES_FILE)
    known = session.files if session is not None else None
    entries, problems, rejected = load_entries(root, config, steps.parser(sources, version), known)
    sources.save()
    bodies_memo = memo("bodies", cache / steps.BODIES_FILE)
    if early is not None:
        early.entries_read(entries, settings, bodies_memo)
    selection = select(entries, now, config, preview)
    site, found = assemble(config, selection.published, rejected)
    keep_going = session is not None and preview  # the preview shows the rest of the site beside the problems
    if keep_going and found:  # without the entries at fault, which their pages could not show
        faulty = {problem.path for problem in found}
        published = [_unassembled(e) for e in selection.published if e.path not in faulty]
        site, _ = assemble(
            config, published, rejected | {e.path: Rejected(e.type, e.slug) for e in selection.published if e.path in faulty}
        )
    site.hidden = selection.hidden
    problems += found
    writes = session is not None or previous is not None
    images = prepare_images(site, root, cache / IMAGES_FOLDER, process=writes and (keep_going or not problems))
    problems += images.problems
    bodies, body_hashes, found = steps.bodies(site, bodies_memo, images.in_bodies, settings)
    problems += found
    bodies_memo.save()
    if problems and not keep_going:
        return BuildResult(problems=sorted(set(problems)), entries=len(entries)), None
    templates, static = site_folder(root, "templates"), site_folder(root, "static")
    shared = digest(settings, folder_digest(templates), shared_values(site, images.pictures))
    files = None
    if session is not None:
        session.changes.compare(site)
        files = steps.OutputMemo(memo("files", None), site, session.made, session.changes)
    elif previous is not None:
        files = steps.OutputMemo(Memo(cache / steps.FILES_FILE), site, previous, store=Store(cache / STORE_FOLDER))
    compiled = session.templates if session else SealedTemplates(cache / TEMPLATES_FOLDER, version)
    renderer = PageRenderer(site, templates, images.pictures, compiled)
    plans = plan_site(site, bodies, now)
    cards = prepare_cards(plans, static / "fonts", cache / CARDS_FOLDER, process=writes)
    feed_items = session.feed_items if session else None
    pages_ready = None
    if early is not None and session is not None:
        pages_ready = partial(early.pages_ready, reworded=_reworded(plans, body_hashes, session.last))
    pages, found = steps.output_files(site, plans, renderer, bodies, body_hashes, shared, files, feed_items, pages_ready)
    problems += found
    pages |= render_discovery(site, pages) | room_files(site.config)
    assets = images.files | cards.files | room_assets()
    warnings: list[Problem] = []
    if (strict or warn) and not problems:
        paths = set(pages) | set(assets) | static_files(static) | set(BUNDLE_FILES)
        pictures = {p.url for shown in images.pictures.values() for p in shown}
        pictures |= {p.url for shown in images.in_bodies.values() for p in shown.values()}
        warnings = sorted(set(selection.problems + check_strict(site, pages, paths, entries, root, pictures)))
        problems = warnings if strict else problems
    kept = frozenset(files.kept_files) if files is not None else frozenset()
    on_disk = kept if previous is not None else frozenset()  # a session's are in memory: the folder may be older
    urls = {e.path: e.url for e in site.entries}
    result = BuildResult(
        pages,
        sorted(set(problems)),
        len(entries),
        images.made,
        images.reused,
        len(kept),
        assets,
        static,
        on_disk,
        urls,
    )
    result.warnings = [] if strict else warnings
    if session is not None and files is not None:
        files.save()
        shown = {plan.context.entry.path: plan for plan in plans if plan.context.entry is not None}
        last = LastBuild(site, shown, renderer, images.in_bodies, body_hashes, settings)
        session.finish({path: pages[path] for path in files.made}, last)
    return result, files


def _reworded(plans: list[PagePlan], body_hashes: dict[str, str], last: LastBuild | None) -> set[str]:
    """The pages of entries whose body is not the one the session's last build showed (none in its first build)."""
    if last is None:
        return set()
    entries = ((plan.path, plan.context.entry.path) for plan in plans if plan.context.entry is not None)
    return {page for page, entry in entries if last.body_hashes.get(entry) != body_hashes[entry]}


def render_saved(root: Path, session: Session, saved: str) -> tuple[str, bytes] | None:
    """The page of the entry saved at `saved` (its source path), rendered again alone from the session's
    last build when only its body changed (Hugo's « fast render »): its output path and bytes.

    None when the save changes more than that body (fields, pictures, a problem), which only a
    build can show. Nothing is kept: the build that follows makes every file the body decides
    (this page included, feeds, the search index).
    """
    last = session.last
    if last is None or saved not in last.plans or (root / saved).is_symlink():
        return None
    read, problems = read_entry(root, last.site.config, saved)
    entry = _body_edited(last, read) if not problems and isinstance(read, Entry) else None
    if entry is None:
        return None
    body = render_bodies(last.site, [entry], last.pictures)[0]
    return _page_alone(last, entry, body.html) if not body.problems else None


def _body_edited(last: LastBuild, read: Entry) -> Entry | None:
    """The last build's entry at `read`'s path given `read`'s body, when `read` (read again) differs from it by its body alone."""
    plan = last.plans.get(read.path)
    before = plan.context.entry if plan is not None else None
    if before is None or not _same_but_body(before, read):
        return None
    return dataclasses.replace(before, source=read.source)


def _page_alone(last: LastBuild, entry: Entry, body: str) -> tuple[str, bytes] | None:
    """The page of `entry` (see `_body_edited`) rendered from the last build's plan with `body`: its output path and bytes."""
    plan = last.plans[entry.path]
    page = last.renderer.render(dataclasses.replace(plan, context=dataclasses.replace(plan.context, entry=entry, body=body)))
    return (plan.path, page.data) if isinstance(page, RenderedPage) else None


def _same_but_body(before: Entry, after: Entry) -> bool:
    """Whether `after`, read again, differs from the assembled entry `before` only by its body."""
    same = (before.type, before.section, before.slug, before.source.data, before.fields, before.pictures, before.body_pictures)
    return same == (after.type, after.section, after.slug, after.source.data, after.fields, after.pictures, after.body_pictures)


def _unassembled(entry: Entry) -> Entry:
    """An entry as read, without what assemble gave it (to assemble it again)."""
    entry.backlinks, entry.tag_slugs = {}, []
    return entry


def _disk_memo(name: str, path: Path | None) -> Memo:
    return Memo(path)


def static_files(static: Path) -> set[str]:
    """The output paths of the static folder's files (`static/style.css`)."""
    return {"static/" + p.relative_to(static).as_posix() for p in static.rglob("*") if p.is_file()} if static.is_dir() else set()
