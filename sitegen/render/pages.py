"""Render the assembled site into `{output path: bytes}` through Jinja2 templates."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2

from ..dates import DateFormatter
from ..incremental.fingerprints import PageCache
from ..messages import message, reader_text
from ..output.search import BUNDLE, SEARCH_PAGE
from ..problems import Problem
from ..site.assemble import Site, Tag
from ..site.navigation import WHOLE_INDEXES, Crumb, Links, Pager, breadcrumbs, entry_trail, output_path, paginate
from ..source.content import Entry
from .calendars import AGENDA, calendar_url
from .feeds import feeds_for, site_feed
from .images import SIZES, Picture
from .sharing import event_data, og_locale, script_json
from .typography import typo


@dataclass(frozen=True)
class NavItem:
    title: str
    url: str


@dataclass
class PageContext:
    """What every template receives: the site, the page's own metadata, and its subject."""

    site: Site
    now: date
    title: str
    url: str
    description: str = ""
    entry: Entry | None = None
    body: str = ""
    section: str = ""
    entries: list[Entry] = field(default_factory=list)
    tag: Tag | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    pager: Pager | None = None
    breadcrumbs: list[Crumb] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__} | self.extra


def make_environment(templates: Path, site: Site, pictures: dict[str, list[Picture]] | None = None) -> jinja2.Environment:
    """A Jinja environment that escapes everything and refuses undefined names."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    dates = DateFormatter(site.config.language, site.config.timezone)
    env.filters.update(day=lambda d: dates.time(d, dates.day(d)), absolute=lambda url: urljoin(str(site.config.base_url), url))
    env.globals.update(
        config=site.config,
        nav=navigation(site),
        when=lambda f: dates.when(f.start, f.end, f.date_precision),
        named=lambda target, id_: next(n.name for n in site.config.named(target) if n.id == id_),
        index_of=lambda type_: next(
            (site.url_of(s.url + "/") for s in site.config.sections.values() if s.type == type_ and s.url), ""
        ),
        tags_of=site.tag_list,
        url_of=site.url_of,
        edit_link=site.config.edit_link,
        by_type=site.by_type,
        sections=site.config.sections,
    )
    _add_reader_tools(env, site, pictures or {})
    return env


def _add_reader_tools(env: jinja2.Environment, site: Site, pictures: dict[str, list[Picture]]) -> None:
    """Typography, pictures, ways through the site, feeds, calendars, search and sharing."""
    links = Links(site)
    env.filters.update(typo=typo, script_json=script_json)
    env.globals.update(
        pictures_of=lambda entry: pictures.get(entry.path, []),
        pictured=frozenset(pictures),
        picture_sizes=SIZES,
        neighbours=links.neighbours,
        related=links.related,
        feeds_for=partial(feeds_for, site),
        calendar_url=partial(calendar_url, site),
        agenda_url=site.url_of(AGENDA) if site.by_type.get("event") else None,
        site_feed=site_feed(site),
        event_data=lambda entry: event_data(site, entry, pictures.get(entry.path, [])),
        search_url=site.url_of(SEARCH_PAGE),
        search_bundle=site.url_of(BUNDLE),
        og_locale=og_locale(site.config.language),
    )


def navigation(site: Site) -> list[NavItem]:
    """The main menu from `site.yaml`: section indexes and pages."""
    items = []
    pages = site.by_type.get("page", {})
    for name in site.config.menu:
        if name in site.config.sections and site.config.sections[name].url:
            items.append(NavItem(site.config.sections[name].title, site.url_of(site.config.sections[name].url + "/")))
        elif name in pages:
            items.append(NavItem(pages[name].title, pages[name].url))
    return items


def is_upcoming(entry: Entry, now: date) -> bool:
    """An event is upcoming until the end of its last day."""
    last = entry.fields.end or entry.fields.start
    return (last.date() if isinstance(last, datetime) else last) >= now


def render_site(
    site: Site,
    bodies: dict[str, str],
    templates: Path,
    now: date,
    pictures: dict[str, list[Picture]] | None = None,
    previous: PageCache | None = None,
) -> tuple[dict[str, bytes], list[Problem]]:
    """Every page of the site as bytes, keyed by its path under output/ (from `previous` when unchanged)."""
    env = make_environment(templates, site, pictures)
    pages: dict[str, tuple[str | list[str], PageContext]] = {}
    config = site.config

    def add(path: str, template: str | list[str], context: PageContext) -> None:
        pages[path] = (template, context)

    events = site.of_type("event")
    upcoming = sorted((e for e in events if is_upcoming(e, now)), key=lambda e: _start(e))
    past = [e for e in events if not is_upcoming(e, now)]
    latest = sorted((e for e in site.entries if e.type in ("report", "story")), key=lambda e: (-_start(e).toordinal(), e.title))
    add(
        "index.html",
        "home.html",
        PageContext(
            site,
            now,
            config.title,
            site.url_of(""),
            config.description,
            extra={
                "upcoming": upcoming[: config.home.upcoming],
                "past": past[: config.home.upcoming],
                "latest": latest[: config.home.latest],
                "families": families(site),
            },
        ),
    )
    for name, section in config.sections.items():
        entries = site.section(name)
        for entry in entries:
            template = f"{entry.fields.template or entry.type}.html"
            path = entry.url[len(config.base_path) :] + "index.html"
            add(
                path,
                template,
                PageContext(
                    site,
                    now,
                    entry.title,
                    entry.url,
                    entry.fields.summary or "",
                    entry=entry,
                    body=bodies[entry.path],
                    section=name,
                    breadcrumbs=entry_trail(site, entry),
                ),
            )
        if not section.url:
            continue
        first = site.url_of(section.url + "/")
        pagers = [None] if section.type in WHOLE_INDEXES else paginate(entries, config.page_size, first)
        for pager in pagers:
            context = list_page(site, now, section.title, first, pager, description=section.description, section=name)
            context.entries = list(pager.items) if pager else entries
            if section.type == "event":
                context.extra = {
                    "upcoming": [e for e in upcoming if e.section == name],
                    "past": [e for e in past if e.section == name],
                }
            if section.type == "figure":
                context.extra = {"families": families(site, name)}
            add(output_path(site, context.url), [f"section-{section.type}.html", "section.html"], context)
    tags_title, tags_url = reader_text("tags_title"), site.url_of(config.tags_url + "/")
    add(f"{config.tags_url}/index.html", "tags.html", list_page(site, now, tags_title, tags_url))
    for tag in site.tags.values():
        for pager in paginate(tag.entries, config.page_size, tag.url):
            context = list_page(site, now, tag.name, tag.url, pager, parents=[(tags_title, tags_url)], tag=tag)
            add(output_path(site, context.url), "tag.html", context)
    search_title = reader_text("search_title")
    add(SEARCH_PAGE + "index.html", "search.html", list_page(site, now, search_title, site.url_of(SEARCH_PAGE)))
    add("404.html", "404.html", PageContext(site, now, "Page introuvable", site.url_of("404.html")))

    output, problems = {}, []
    for path, (template, context) in sorted(pages.items()):
        if previous is not None:
            fingerprint = previous.fingerprint(path, context.entry.path if context.entry else "", context.body)
            if (kept := previous.reuse(path, fingerprint)) is not None:
                output[path] = kept
                continue
        try:
            output[path] = env.get_or_select_template(template).render(context.as_dict()).encode()
        except jinja2.TemplateError as error:
            problems.append(_template_problem(error, templates, context))
    return output, problems


def list_page(
    site: Site,
    now: date,
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
    entries = list(pager.items) if pager else []
    return PageContext(site, now, title, url, pager=pager, breadcrumbs=breadcrumbs(site, *steps), entries=entries, **fields)


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
    value = getattr(entry.fields, "start", None) or getattr(entry.fields, "date", None) or date.min
    return value.date() if isinstance(value, datetime) else value


def families(site: Site, folder: str | None = None) -> list[tuple[Any, list[Entry]]]:
    """The figure table: each family of site.yaml with its figures, alphabetically."""
    figures = [e for e in site.entries if e.type == "figure" and (folder is None or e.section == folder)]
    return [(family, [f for f in figures if f.fields.family == family.id]) for family in site.config.families]
