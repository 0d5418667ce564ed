"""Render the assembled site into `{output path: bytes}` through Jinja2 templates."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import jinja2

from .assemble import Site, Tag
from .content import Entry
from .dates import DateFormatter
from .markup import MarkdownRenderer
from .messages import message
from .problems import Problem


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

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__} | self.extra


def make_environment(templates: Path, site: Site) -> jinja2.Environment:
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
    return env


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


def render_bodies(site: Site) -> tuple[dict[str, str], list[Problem]]:
    """The HTML of every entry's Markdown body, keyed by source path, and the broken links."""
    markdown = MarkdownRenderer(site)
    bodies = {entry.path: markdown.render(entry) for entry in site.entries}
    return bodies, markdown.problems


def render_site(site: Site, bodies: dict[str, str], templates: Path, now: date) -> tuple[dict[str, bytes], list[Problem]]:
    """Every page of the site as bytes, keyed by its path under output/."""
    env = make_environment(templates, site)
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
                ),
            )
        if not section.url:
            continue
        context = PageContext(
            site, now, section.title, site.url_of(section.url + "/"), section.description, section=name, entries=entries
        )
        if section.type == "event":
            context.extra = {
                "upcoming": [e for e in upcoming if e.section == name],
                "past": [e for e in past if e.section == name],
            }
        if section.type == "figure":
            context.extra = {"families": families(site, name)}
        add(f"{section.url}/index.html", [f"section-{section.type}.html", "section.html"], context)
    add(f"{config.tags_url}/index.html", "tags.html", PageContext(site, now, "Étiquettes", site.url_of(config.tags_url + "/")))
    for tag in site.tags.values():
        add(
            f"{config.tags_url}/{tag.slug}/index.html",
            "tag.html",
            PageContext(site, now, tag.name, tag.url, tag=tag, entries=tag.entries),
        )
    add("404.html", "404.html", PageContext(site, now, "Page introuvable", site.url_of("404.html")))

    output, problems = {}, []
    for path, (template, context) in sorted(pages.items()):
        try:
            output[path] = env.get_or_select_template(template).render(context.as_dict()).encode()
        except jinja2.TemplateError as error:
            problems.append(_template_problem(error, templates, context))
    return output, problems


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
