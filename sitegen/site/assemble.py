"""Assemble the site in memory: URLs, references and backlinks, tags. Pure functions, no I/O."""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache

from slugify import slugify

from ..messages import REFERENCE_NAMES, join_known, message
from ..problems import Problem, suggestion
from ..source.config import ROOM_PAGE, SEARCH_PAGE, SiteConfig
from ..source.content import Entry, Rejected
from ..source.schema import references, tag_slug
from .drafts import drop_references

SITE_LISTS = ("family", "kind", "status")


@dataclass(repr=False)
class Tag:
    """A tag shared by entries of any section; spellings that slug alike are one tag."""

    slug: str
    name: str
    url: str
    entries: list[Entry] = field(default_factory=list)

    def __repr__(self) -> str:
        """The tag by its slug, as an entry is shown by its path (what a page reads of either is recorded)."""
        return f"Tag({self.slug})"


@dataclass
class Site:
    """Everything the templates can show, linked together."""

    config: SiteConfig
    entries: list[Entry]
    by_type: dict[str, dict[str, Entry]]
    by_source: dict[str, Entry]
    tags: dict[str, Tag]
    hidden: dict[str, Entry] = field(default_factory=dict)  # drafts and scheduled entries, by source path
    rejected: dict[str, Rejected] = field(default_factory=dict)  # entry files refused (their problems say why)

    def section(self, folder: str) -> list[Entry]:
        """The entries of one content folder, in their display order."""
        return [e for e in self.entries if e.section == folder]

    def of_type(self, type_: str) -> list[Entry]:
        """The entries of one type, across sections, in display order."""
        return [e for e in self.entries if e.type == type_]

    def url_of(self, path: str) -> str:
        """An absolute path on the site, from a path relative to its root."""
        return self.config.base_path + path

    def tag_list(self, entry: Entry) -> list[Tag]:
        return [self.tags[slug] for slug in entry.tag_slugs]


def sort_key(entry: Entry) -> tuple:
    """Newest first for dated entries, then alphabetical, accents ignored."""
    f = entry.fields
    when = f.get("start") or f.get("date")
    stamp = -_ordinal(when) if when else 0
    return (stamp, collation_key(entry.title), entry.slug)


@lru_cache(maxsize=1 << 16)  # a build server sorts the same titles at every build
def collation_key(text: str) -> str:
    """Sort key for French titles: case and accents ignored, leading punctuation skipped."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if c.isalnum() or c == " ").strip()


def _ordinal(value: date | datetime) -> float:
    if isinstance(value, datetime):
        return value.toordinal() + (value.hour * 60 + value.minute) / 1440
    return value.toordinal()


def assemble(config: SiteConfig, entries: list[Entry], rejected: dict[str, Rejected] | None = None) -> tuple[Site, list[Problem]]:
    """Give every entry its URL, check references and collisions, compute backlinks and tags.

    A reference or link to an entry file that was `rejected` is not a problem of its own (the file's
    problems are reported): it is left out, as one to a draft is.
    """
    problems: list[Problem] = []
    rejected = rejected or {}
    live = {(e.type, e.slug) for e in entries}
    failed = {(r.type, r.slug) for r in rejected.values()} - live
    if failed:
        for entry in entries:
            drop_references(entry, failed)
    entries = sorted(entries, key=lambda e: (e.section, sort_key(e)))
    by_type: dict[str, dict[str, Entry]] = defaultdict(dict)
    for entry in entries:
        prefix = config.sections[entry.section].url
        entry.url = config.base_path + (f"{prefix}/" if prefix else "") + f"{entry.slug}/"
        by_type[entry.type].setdefault(entry.slug, entry)
    tags = _collect_tags(config, entries)
    problems += _check_collisions(config, entries, tags)
    problems += _link_references(config, entries, by_type)
    problems += _check_menu(config, by_type.get("page", {}))
    problems += _check_booklet_pages(config, entries)
    site = Site(config, entries, dict(by_type), {e.path: e for e in entries}, tags, rejected=dict(rejected))
    return site, problems


def _collect_tags(config: SiteConfig, entries: list[Entry]) -> dict[str, Tag]:
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    members: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        for name in entry.fields.tags:
            slug = tag_slug(name)
            if slug and slug not in entry.tag_slugs:
                entry.tag_slugs.append(slug)
                spellings[slug][name] += 1
                members[slug].append(entry)
    tags = {}
    for slug in sorted(spellings):
        name = sorted(spellings[slug].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        tags[slug] = Tag(slug, name, config.base_path + f"{config.tags_url}/{slug}/", members[slug])
    return tags


def _check_collisions(config: SiteConfig, entries: list[Entry], tags: dict[str, Tag]) -> list[Problem]:
    """Two entries, or an entry and a generated page, may not share one URL."""
    generated = {config.base_path: "la page d'accueil", config.base_path + f"{config.tags_url}/": "l'index des étiquettes"}
    generated[config.base_path + SEARCH_PAGE] = "la page de recherche"
    generated[config.base_path + ROOM_PAGE] = "l'espace d'édition"
    for name, section in config.sections.items():
        if section.url:
            generated[config.base_path + f"{section.url}/"] = f"l'index de la section {name}"
    generated.update({tag.url: f"la page de l'étiquette {tag.name}" for tag in tags.values()})
    owners: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries:
        owners[_url_identity(entry.url)].append(entry)
    generated_by_identity = {_url_identity(url): what for url, what in generated.items()}
    problems = []
    for identity, group in owners.items():
        others = [e.path for e in group]
        if identity in generated_by_identity:
            others.append(generated_by_identity[identity])
        if len(others) < 2:
            continue
        for entry in group:
            rest = ", ".join(o for o in others if o != entry.path)
            line = entry.source.line_of(("slug",)) if entry.fields.slug else 1
            problems.append(
                Problem(
                    entry.path, line, "slug" if entry.fields.slug else "", message("url_collision", url=entry.url, other=rest)
                )
            )
    return problems


def _url_identity(url: str) -> str:
    """URLs that differ only by case, accents or a trailing slash are one URL."""
    return unicodedata.normalize("NFC", url).casefold().rstrip("/")


def _link_references(config: SiteConfig, entries: list[Entry], by_type: dict[str, dict[str, Entry]]) -> list[Problem]:
    """Check every reference field and record the backlink on its target."""
    problems = []
    known_ids: dict[str, set[str]] = {}  # computed once per target type, not per entry and field
    for entry in entries:
        for name, target in references(type(entry.fields)).items():
            value = getattr(entry.fields, name)
            values = value if isinstance(value, list) else [value] if value else []
            if target not in known_ids:
                known_ids[target] = _known(config, by_type, target)
            for index, ref in enumerate(values):
                loc = (name, index) if isinstance(value, list) else (name,)
                if ref not in known_ids[target]:
                    known = [n.id for n in config.named(target)] if target in SITE_LISTS else sorted(by_type.get(target, {}))
                    problems.append(_unknown_reference(entry, loc, name, target, ref, known))
                elif target not in SITE_LISTS:
                    _add_backlink(by_type[target][ref], entry)
                    if name == "related":
                        _add_backlink(entry, by_type[target][ref])
    return problems


def _known(config: SiteConfig, by_type: dict[str, dict[str, Entry]], target: str) -> set[str]:
    """The ids a reference to `target` may name: a list of site.yaml, or the entries of a type."""
    return {n.id for n in config.named(target)} if target in SITE_LISTS else set(by_type.get(target, {}))


def _check_menu(config: SiteConfig, pages: dict[str, Entry]) -> list[Problem]:
    """Each menu item names a section folder or a page; each footer item a page."""
    problems = [
        Problem("site.yaml", config.line_of(("menu", index)), "menu", message("menu_unknown", value=item))
        for index, item in enumerate(config.menu)
        if item not in config.sections and item not in pages
    ]
    known = join_known(sorted(pages)) if pages else "—"
    problems += [
        Problem("site.yaml", config.line_of(("footer", index)), "footer", message("footer_unknown", value=item, known=known))
        for index, item in enumerate(config.footer)
        if item not in pages
    ]
    return problems


def _check_booklet_pages(config: SiteConfig, entries: list[Entry]) -> list[Problem]:
    """A page of the booklet needs the booklet in site.yaml, and lies within its page count."""
    problems = []
    for entry in entries:
        page = entry.fields.get("booklet_page")
        if page is None:
            continue
        line = entry.source.line_of(("booklet_page",))
        if config.booklet is None:
            problems.append(Problem(entry.path, line, "booklet_page", message("booklet_missing")))
        elif config.booklet.pages is not None and page > config.booklet.pages:
            problems.append(
                Problem(entry.path, line, "booklet_page", message("booklet_page_beyond", page=page, pages=config.booklet.pages))
            )
    return problems


def _add_backlink(target: Entry, source: Entry) -> None:
    linked = target.backlinks.setdefault(source.type, [])
    if source not in linked and source is not target:
        linked.append(source)


def _unknown_reference(entry: Entry, loc: tuple, name: str, target: str, ref: str, known: list[str]) -> Problem:
    what = REFERENCE_NAMES[target]
    if not known:
        text = message("unknown_ref_none", what=what, value=ref)
    else:
        hint = suggestion(slugify(ref) or ref, known)
        text = message("unknown_ref", what=what, value=ref, suggestion=hint, known=join_known(known))
    return Problem(entry.path, entry.source.line_of(loc), name, text)
