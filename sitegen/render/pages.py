"""Render the assembled site into `{output path: bytes}` through Jinja2 templates."""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2
import jinja2.bccache

from ..dates import DateFormatter
from ..messages import message, reader_text
from ..problems import Problem
from ..site.assemble import Site, Tag, collation_key
from ..site.navigation import WHOLE_INDEXES, Crumb, Links, Pager, breadcrumbs, entry_trail, output_path, paginate, paginate_groups
from ..source.config import SEARCH_BUNDLE, SEARCH_PAGE
from ..source.content import Entry
from .calendars import AGENDA, calendar_url, webcal_url
from .cards import CARD_SIZE, CARD_TYPE, card_url
from .feeds import feeds_for, site_feed
from .figure_map import family_svg, legend, map_families
from .images import SIZES, Picture
from .sharing import event_data, og_locale, script_json
from .typography import typo, typo_text


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str


@dataclass(frozen=True)
class PageContext:
    """What a template receives about its page (the site-wide names are the environment's globals).

    Every value a page shows of other entries is listed here (their cards, neighbours, related
    entries), so that the page's key covers it; what the template then reads of each entry is
    recorded while it renders (RecordingEnvironment).
    """

    site: Site
    title: str
    url: str
    description: str = ""
    entry: Entry | None = None
    body: str = ""
    section: str = ""
    entries: tuple[Entry, ...] = ()
    tag: Tag | None = None
    pager: Pager | None = None
    breadcrumbs: tuple[Crumb, ...] = ()
    upcoming: tuple[Entry, ...] = ()
    past: tuple[Entry, ...] = ()
    latest: tuple[Entry, ...] = ()
    families: tuple[tuple[Any, tuple[Entry, ...]], ...] = ()
    neighbours: tuple[Entry | None, Entry | None] = (None, None)
    related: tuple[Entry, ...] = ()
    is_upcoming: bool = False  # an event page: the event has not ended (against --now)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}

    def shown(self, body_hash: str | None = None) -> str:
        """The plan's own values as text (entries by path), the part of a page's key that is not recorded reads;
        the body by a hash of it (`body_hash`, when the caller has one for this very body)."""
        values = [(name, getattr(self, name)) for name in self.__dataclass_fields__ if name not in ("site", "body")]
        return repr(values) + "\0" + (body_hash or hashlib.sha256(self.body.encode()).hexdigest())


@dataclass(frozen=True)
class PagePlan:
    """One page to render: where it is written, its template (or the first of several that exists), what it shows."""

    path: str
    template: str | tuple[str, ...]
    context: PageContext


@dataclass(frozen=True)
class RenderedPage:
    """A page's bytes and what its template read of the site (see `RecordingEnvironment`)."""

    data: bytes
    reads: frozenset[str]


class RecordingEnvironment(jinja2.Environment):
    """A Jinja environment that records which entries, fields and tags a template reads.

    Templates reach entries only through attribute and item access, and through the globals,
    which are wrapped: a read is `e⇥path⇥attribute`, `f⇥path⇥field`, `t⇥slug⇥attribute` or
    `s⇥attribute` of the site (⇥ a tab, which no path or slug holds), `*` standing for the whole
    value. What was read is the page's dependency on the rest of the site, checked by `read_value`
    on the next build.
    """

    def __init__(self, owners: dict[int, str], **options: Any):
        super().__init__(**options)
        self.owners = owners  # id of an entry's fields → its path
        self.reads: set[str] | None = None  # while a page renders: what it read

    def getattr(self, obj: Any, attribute: str) -> Any:
        if self.reads is not None:
            self._note(obj, attribute)
        return jinja2.Environment.getattr(self, obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if self.reads is not None and isinstance(argument, str):
            self._note(obj, argument)
        return jinja2.Environment.getitem(self, obj, argument)

    def _note(self, obj: Any, name: str) -> None:
        kind = type(obj)  # exact types: the hooks run for every attribute a template reads
        if kind is Entry:
            if name != "fields":
                self.reads.add(f"e\t{obj.path}\t{name}")  # type: ignore[union-attr]
        elif kind is Tag:
            self.reads.add(f"t\t{obj.slug}\t{name}")  # type: ignore[union-attr]
        elif kind is Site:
            self.reads.add(f"s\t{name}")  # type: ignore[union-attr]
        elif id(obj) in self.owners:
            self.reads.add(f"f\t{self.owners[id(obj)]}\t{name}")  # type: ignore[union-attr]

    def note_whole(self, value: Any) -> None:
        """Record a value handed to Python code whole (an entry, its fields, a tag)."""
        if self.reads is None:
            return
        if isinstance(value, Entry):
            self.reads.add(f"e\t{value.path}\t*")
        elif isinstance(value, Tag):
            self.reads.add(f"t\t{value.slug}\t*")
        elif id(value) in self.owners:
            self.reads.add(f"f\t{self.owners[id(value)]}\t*")

    def recorded(self, function: Callable[..., Any]) -> Callable[..., Any]:
        """`function`, noting every entry, fields or tag it is given."""

        def call(*args: Any, **kwargs: Any) -> Any:
            for value in (*args, *kwargs.values()):
                self.note_whole(value)
            return function(*args, **kwargs)

        return call


def read_value(site: Site, read: str) -> str:
    """The current value of something a template read, as text (entries shown by their path)."""
    kind, *rest = read.split("\t")
    if kind == "s":
        value = getattr(site, rest[0], None)
        return repr(list(value) if isinstance(value, dict) else value)
    if kind == "t":
        tag = site.tags.get(rest[0])
        if tag is None:
            return "∅"
        return repr((tag.name, tag.url, tag.entries)) if rest[1] == "*" else repr(getattr(tag, rest[1], None))
    entry = site.by_source.get(rest[0])
    if entry is None:
        return "∅"
    if kind == "f":
        return repr(entry.fields) if rest[1] == "*" else repr(getattr(entry.fields, rest[1], None))
    if rest[1] == "*":
        return repr((entry.type, entry.section, entry.slug, entry.fields, entry.url, entry.backlinks, entry.tag_slugs,
                     entry.pictures, entry.body_pictures, entry.draft_note))  # fmt: skip
    return repr(getattr(entry, rest[1], None))


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled by this process, by name and source: a later build's environment skips compiling them.

    In memory only: code loaded from a cache folder could run anything (sitegen/incremental/ seals
    the one it keeps on disk).
    """

    def __init__(self) -> None:
        self.codes: dict[str, tuple[str, Any]] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        known = self.codes.get(bucket.key)
        if known is not None and known[0] == bucket.checksum:
            bucket.code = known[1]

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.codes[bucket.key] = (bucket.checksum, bucket.code)


def make_environment(
    templates: Path,
    site: Site,
    pictures: dict[str, list[Picture]] | None = None,
    compiled: CompiledTemplates | None = None,
) -> RecordingEnvironment:
    """A Jinja environment that escapes everything, refuses undefined names and records what it reads."""
    env = RecordingEnvironment(
        {id(entry.fields): entry.path for entry in site.entries},
        loader=jinja2.FileSystemLoader(templates),
        bytecode_cache=compiled,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    pictures = pictures or {}
    dates = DateFormatter(site.config.language, site.config.timezone)
    env.filters.update(
        day=lambda d: dates.time(d, dates.day(d)),
        absolute=lambda url: urljoin(str(site.config.base_url), url),
        typo=typo,
        typo_text=typo_text,
        webcal=webcal_url,
        script_json=script_json,
    )
    functions: dict[str, Callable[..., Any]] = {
        "when": lambda f: dates.when(f.start, f.end, f.date_precision),
        "when_event": lambda f: dates.when(f.start, f.end, f.date_precision, microformats=True),
        "family": lambda id_: next(f for f in site.config.families if f.id == id_),
        "named": lambda target, id_: next(n.name for n in site.config.named(target) if n.id == id_),
        "index_of": lambda type_: next(
            (site.url_of(s.url + "/") for s in site.config.sections.values() if s.type == type_ and s.url), ""
        ),
        "tags_of": site.tag_list,
        "repeats": repeats,
        "url_of": site.url_of,
        "edit_link": site.config.edit_link,
        "pictures_of": lambda entry: pictures.get(entry.path, []),
        "feeds_for": partial(feeds_for, site),
        "calendar_url": partial(calendar_url, site),
        "event_data": lambda entry: event_data(site, entry, pictures.get(entry.path, [])),
    }
    env.globals.update({name: env.recorded(function) for name, function in functions.items()})
    env.globals.update(shared_globals(site, pictures))
    env.globals["by_type"] = site.by_type
    env.globals.update(figure_map=partial(_figure_map, env), family_svg=family_svg, map_legend=legend())
    env.globals["card_url"] = partial(card_url, site.config.base_path)
    return env


def _figure_map(env: RecordingEnvironment, families: tuple[tuple[Any, tuple[Entry, ...]], ...]) -> tuple[Any, ...]:
    """The figure map's panels (render/figure_map.py); every figure it draws is noted as read whole."""
    for _, figures in families:
        for figure in figures:
            env.note_whole(figure)
    return map_families(families)


def shared_globals(site: Site, pictures: dict[str, list[Picture]]) -> dict[str, Any]:
    """The values every page may show, the same for all: part of every page's key (`shared_values`)."""
    return {
        "config": site.config,
        "nav": navigation(site),
        "footer_nav": footer_navigation(site),
        "sections": site.config.sections,
        "pictured": frozenset(pictures),
        "picture_sizes": SIZES,
        "agenda_url": site.url_of(AGENDA) if site.by_type.get("event") else None,
        "site_feed": site_feed(site),
        "search_url": site.url_of(SEARCH_PAGE),
        "search_bundle": site.url_of(SEARCH_BUNDLE),
        "og_locale": og_locale(site.config.language),
        "card_size": CARD_SIZE,
        "card_type": CARD_TYPE,
    }


def shared_values(site: Site, pictures: dict[str, list[Picture]]) -> str:
    """The shared globals as text, with the pictures each entry shows."""
    return repr(sorted(shared_globals(site, pictures).items(), key=lambda kv: kv[0])) + repr(sorted(pictures.items()))


def navigation(site: Site) -> tuple[NavItem, ...]:
    """The main menu from `site.yaml`: section indexes and pages."""
    items = []
    pages = site.by_type.get("page", {})
    for name in site.config.menu:
        if name in site.config.sections and site.config.sections[name].url:
            items.append(NavItem(site.config.sections[name].title, site.url_of(site.config.sections[name].url + "/")))
        elif name in pages:
            items.append(NavItem(pages[name].title, pages[name].url))
    return tuple(items)


def repeats(label: str, title: str) -> bool:
    """Whether a label only repeats a title (« Conte de fées » on « Contes de fées »): case, accents, plurals aside."""

    def words(text: str) -> list[str]:
        return [w[:-1] if len(w) > 3 and w[-1] in "sx" else w for w in collation_key(text).split()]

    return words(label) == words(title)


def footer_navigation(site: Site) -> tuple[NavItem, ...]:
    """The pages `site.yaml` links from every footer (mentions légales, accessibilité…), in order."""
    pages = site.by_type.get("page", {})
    return tuple(NavItem(pages[name].title, pages[name].url) for name in site.config.footer if name in pages)


def is_upcoming(entry: Entry, now: date) -> bool:
    """An event is upcoming until the end of its last day."""
    last = entry.fields.end or entry.fields.start
    return (last.date() if isinstance(last, datetime) else last) >= now


def plan_site(site: Site, bodies: dict[str, str], now: date) -> list[PagePlan]:
    """Every page of the site, in output order: its path, its template and what it shows."""
    plans: list[PagePlan] = []
    config = site.config
    links = Links(site)
    events = site.of_type("event")
    upcoming = tuple(sorted((e for e in events if is_upcoming(e, now)), key=lambda e: _start(e)))
    past = tuple(e for e in events if not is_upcoming(e, now))
    latest = sorted((e for e in site.entries if e.type in ("report", "story")), key=lambda e: (-_start(e).toordinal(), e.title))
    home = PageContext(
        site,
        config.title,
        site.url_of(""),
        config.description,
        upcoming=upcoming[: config.home.upcoming],
        past=past[: config.home.upcoming],
        latest=tuple(latest[: config.home.latest]),
        families=families(site),
    )
    plans.append(PagePlan("index.html", "home.html", home))
    for name, section in config.sections.items():
        entries = site.section(name)
        for entry in entries:
            context = PageContext(
                site,
                entry.title,
                entry.url,
                entry.fields.summary or "",
                entry=entry,
                body=bodies[entry.path],
                section=name,
                breadcrumbs=tuple(entry_trail(site, entry)),
                neighbours=links.neighbours(entry),
                related=tuple(links.related(entry)),
                is_upcoming=entry.type == "event" and is_upcoming(entry, now),
            )
            plans.append(PagePlan(output_path(site, entry.url), f"{entry.fields.template or entry.type}.html", context))
        if not section.url:
            continue
        first = site.url_of(section.url + "/")
        pagers = [None] if section.type in WHOLE_INDEXES else paginate(entries, config.page_size, first)
        for pager in pagers:
            shown: dict[str, Any] = {"entries": tuple(pager.items) if pager else tuple(entries)}
            if section.type == "event":
                shown |= {
                    "upcoming": tuple(e for e in upcoming if e.section == name),
                    "past": tuple(e for e in past if e.section == name),
                }
            if section.type == "figure":
                shown["families"] = families(site, name)
            context = list_page(site, section.title, first, pager, description=section.description, section=name, **shown)
            plans.append(PagePlan(output_path(site, context.url), (f"section-{section.type}.html", "section.html"), context))
    tags_title, tags_url = reader_text("tags_title"), site.url_of(config.tags_url + "/")
    plans.append(PagePlan(f"{config.tags_url}/index.html", "tags.html", list_page(site, tags_title, tags_url)))
    for tag in site.tags.values():
        groups = [[e for e in tag.entries if e.section == name] for name in config.sections]
        for pager in paginate_groups([g for g in groups if g], config.page_size, tag.url):
            context = list_page(site, tag.name, tag.url, pager, parents=[(tags_title, tags_url)], tag=tag)
            plans.append(PagePlan(output_path(site, context.url), "tag.html", context))
    search_title = reader_text("search_title")
    plans.append(PagePlan(SEARCH_PAGE + "index.html", "search.html", list_page(site, search_title, site.url_of(SEARCH_PAGE))))
    plans.append(PagePlan("404.html", "404.html", PageContext(site, "Page introuvable", site.url_of("404.html"))))
    return sorted(plans, key=lambda plan: plan.path)


class PageRenderer:
    """Turns page plans into bytes through the site's templates, recording what each one read."""

    def __init__(
        self,
        site: Site,
        templates: Path,
        pictures: dict[str, list[Picture]] | None = None,
        compiled: CompiledTemplates | None = None,
    ):
        self.templates = templates
        self.env = make_environment(templates, site, pictures, compiled)

    def render(self, plan: PagePlan) -> RenderedPage | Problem:
        """The page's bytes and reads, or the template problem that stopped it."""
        reads: set[str] = set()
        if plan.context.entry is not None:
            reads.add(f"e\t{plan.context.entry.path}\t*")
        self.env.reads = reads
        try:
            data = self.env.get_or_select_template(plan.template).render(plan.context.as_dict()).encode()
        except jinja2.TemplateError as error:
            return _template_problem(error, self.templates, plan.context)
        finally:
            self.env.reads = None
        return RenderedPage(data, frozenset(reads))


IN_PROCESSES = 200  # from this many pages to render, forked processes share them


def render_all(renderer: PageRenderer, plans: list[PagePlan]) -> list[RenderedPage | Problem]:
    """Each plan's page (or problem), in order: in forked processes when there are many and the system forks.

    The workers inherit the renderer and the plans (nothing is sent but indexes); the templates
    are compiled here first, so that workers do not compile them each, and a later build of the
    same process (the preview) finds them compiled.
    """
    workers = min(os.cpu_count() or 1, len(plans) // IN_PROCESSES)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [renderer.render(plan) for plan in plans]
    for template in dict.fromkeys(plan.template for plan in plans):
        with contextlib.suppress(jinja2.TemplateError):  # each page that needs it reports it
            renderer.env.get_or_select_template(template)
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_inherit, initargs=(renderer, plans)) as pool:
        return pool.map(_render_inherited, range(len(plans)), chunksize=32)


_INHERITED: tuple[PageRenderer, list[PagePlan]] | None = None  # set in a page-rendering worker only


def _inherit(renderer: PageRenderer, plans: list[PagePlan]) -> None:
    global _INHERITED
    _INHERITED = renderer, plans


def _render_inherited(index: int) -> RenderedPage | Problem:
    assert _INHERITED is not None
    renderer, plans = _INHERITED
    return renderer.render(plans[index])


def list_page(
    site: Site,
    title: str,
    first: str,
    pager: Pager | None = None,
    parents: list[tuple[str, str]] | None = None,
    **fields: Any,
) -> PageContext:
    """The context of a list page (or one page of a long list), with its breadcrumbs."""
    steps = [*(parents or []), (title, first)]
    url = pager.url if pager else first
    if pager and pager.number > 1:
        steps.append((reader_text("page_number", number=pager.number), url))
        title = reader_text("paged_title", title=title, number=pager.number, count=pager.count)
    fields.setdefault("entries", tuple(pager.items) if pager else ())
    return PageContext(site, title, url, pager=pager, breadcrumbs=tuple(breadcrumbs(site, *steps)), **fields)


def _template_problem(error: jinja2.TemplateError, templates: Path, context: PageContext) -> Problem:
    """A template mistake, located in the template (and the entry being shown)."""
    if isinstance(error, jinja2.TemplateNotFound) and context.entry is not None:
        entry = context.entry
        return Problem(entry.path, entry.source.line_of(("template",)), "template", message("template_missing", name=error.name))
    name, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if name is None:  # a runtime error: find the innermost template frame
        frame = next(
            (f for f in reversed(traceback.extract_tb(error.__traceback__)) if f.filename.startswith(str(templates))), None
        )
        name, line = (frame.filename, frame.lineno) if frame else ("templates", 1)
    shown = Path(name).name
    about = f" ({context.entry.path})" if context.entry else ""
    return Problem(f"templates/{shown}", line or 1, "", message("template_error", error=error.message or error, about=about))


def _start(entry: Entry) -> date:
    value = entry.fields.get("start") or entry.fields.get("date") or date.min
    return value.date() if isinstance(value, datetime) else value


def families(site: Site, folder: str | None = None) -> tuple[tuple[Any, tuple[Entry, ...]], ...]:
    """The figure table: each family of site.yaml with its figures, alphabetically."""
    figures = [e for e in site.entries if e.type == "figure" and (folder is None or e.section == folder)]
    return tuple((family, tuple(f for f in figures if f.fields.family == family.id)) for family in site.config.families)
