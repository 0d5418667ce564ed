"""Atom feeds: one for the whole site, one per section, one per tag (RFC 4287, built with ElementTree).

Dates come from the content only (an event's start, a report's date, the event a story was born
at), never from the build's clock, so two builds of the same content give the same bytes. An
undated entry (a figure, a partner, a page) has no <published>; its <updated>, which Atom requires,
is the latest date the content knows — the last moment it can honestly be said to be up to date by.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import NamedTuple
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from ..dates import DateFormatter
from ..messages import reader_text
from ..site.assemble import Site, Tag
from ..source.content import Entry

ATOM = "http://www.w3.org/2005/Atom"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEED_FILE = "atom.xml"
FEED_SIZE = 50  # newest entries kept in one feed
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ROOT_RELATIVE = re.compile(r'(\s(?:href|src)=")(/[^"]*)"')


@dataclass(frozen=True)
class Feed:
    """One feed: where it is published, what it is called, and which page it follows."""

    path: str  # under output/
    url: str
    title: str
    page: str  # URL of the HTML page the feed follows


def site_feed(site: Site) -> Feed:
    base = site.config.base_path
    return Feed(FEED_FILE, base + FEED_FILE, reader_text("feed_site", site=site.config.title), base)


def section_feed(site: Site, name: str) -> Feed | None:
    """The feed of a section that has its own index (plain pages have none)."""
    config = site.config
    section = config.sections[name]
    if not section.url:
        return None
    path = f"{section.url}/{FEED_FILE}"
    title = reader_text("feed_section", site=config.title, section=section.title)
    return Feed(path, config.base_path + path, title, config.base_path + f"{section.url}/")


def tag_feed(site: Site, tag: Tag) -> Feed:
    path = tag.url[len(site.config.base_path) :] + FEED_FILE
    return Feed(path, tag.url + FEED_FILE, reader_text("feed_tag", site=site.config.title, tag=tag.name), tag.url)


def feeds_for(site: Site, section: str = "", tag: Tag | None = None) -> list[Feed]:
    """The feeds a page announces: the whole site's, then its section's or its tag's."""
    feeds = [site_feed(site), section_feed(site, section) if section else None, tag_feed(site, tag) if tag else None]
    return [feed for feed in feeds if feed is not None]


def site_feeds(site: Site) -> list[tuple[Feed, list[Entry]]]:
    """Every feed of the site with its entries: the whole site, each section with an index, each tag."""
    sections = site.config.sections
    feeds = [(site_feed(site), [e for e in site.entries if sections[e.section].url])]
    for name in sections:
        feed = section_feed(site, name)
        if feed is not None:
            feeds.append((feed, site.section(name)))
    feeds += [(tag_feed(site, tag), tag.entries) for tag in site.tags.values()]
    return feeds


def entry_date(site: Site, entry: Entry) -> date | datetime | None:
    """The date an entry is about: an event's start, a report's date, the event a story was born at."""
    fields = entry.fields
    when = fields.get("start") or fields.get("date")
    if when is None and fields.get("event"):
        event = site.by_type.get("event", {}).get(fields.event)
        when = event.fields.start if event else None
    return when


def render_feeds(
    site: Site,
    bodies: dict[str, str],
    only: Collection[str] | None = None,
    known: dict[Item, bytes] | None = None,
    known_dates: dict[Entry, date | datetime | None] | None = None,
) -> dict[str, bytes]:
    """Every Atom feed of the site (or those whose path is in `only`), keyed by its path under output/.

    `known` holds `<entry>` elements of earlier builds by what they show (the preview's session):
    they are taken from there, and it is left holding this build's. `known_dates`: the entries' `entry_dates`,
    when the caller has them.
    """
    tz = ZoneInfo(site.config.timezone)
    when = known_dates if known_dates is not None else entry_dates(site)
    fallback = undated_stamp(site, when)
    stamps = {e: _moment(d, tz) if (d := when[e]) else fallback for e in site.entries}
    # Dated entries newest first, then undated ones (stamped with the latest date), each in the site's order.
    order = {e: (when[e] is None, i) for i, e in enumerate(site.entries)}
    dates = DateFormatter(site.config.language, site.config.timezone)
    items: dict[Entry, bytes] = {}
    earlier = known if known is not None else {}  # read from, then replaced by `used`
    used: dict[Item, bytes] = {}

    def item(entry: Entry) -> bytes:
        if entry not in items:
            shown = _shown(site, entry, bodies, stamps[entry], dates, dated=not order[entry][0])
            used[shown] = items[entry] = earlier.get(shown) or b"  " + _item(shown) + b"\n"
        return items[entry]

    feeds = {
        feed.path: _render(site, feed, entries, stamps, order, fallback, item)
        for feed, entries in sorted(site_feeds(site), key=lambda pair: pair[0].path)
        if only is None or feed.path in only
    }
    if known is not None:
        known.clear()
        known.update(used)
    return feeds


def entry_dates(site: Site) -> dict[Entry, date | datetime | None]:
    """Each entry's `entry_date`."""
    return {e: entry_date(site, e) for e in site.entries}


def undated_stamp(site: Site, dates: dict[Entry, date | datetime | None] | None = None) -> datetime:
    """The <updated> of undated entries (figures, partners…): the latest date of the content (Atom requires one).

    `dates`: the entries' `entry_dates`, when the caller has them."""
    tz = ZoneInfo(site.config.timezone)
    dated = [d for d in (dates if dates is not None else entry_dates(site)).values() if d is not None]
    return max((_moment(d, tz) for d in dated), default=datetime(2000, 1, 1, tzinfo=tz))


def _render(
    site: Site,
    feed: Feed,
    entries: list[Entry],
    stamps: dict[Entry, datetime],
    order: dict[Entry, tuple[bool, int]],
    fallback: datetime,
    item: Callable[[Entry], bytes],
) -> bytes:
    """One feed, each entry's `<entry>` from `item`."""
    config = site.config
    base = str(config.base_url)
    entries = sorted(entries, key=lambda e: (order[e][0], -stamps[e].timestamp(), order[e][1]))[:FEED_SIZE]
    root = ET.Element("feed", {"xmlns": ATOM, XML_LANG: config.language, XML_BASE: base})
    _add(root, "id", urljoin(base, feed.url))
    _add(root, "title", feed.title)
    if config.description:
        _add(root, "subtitle", " ".join(config.description.split()))
    _add(root, "updated", max((stamps[e] for e in entries), default=fallback).isoformat())
    ET.SubElement(root, "link", rel="self", type="application/atom+xml", href=urljoin(base, feed.url))
    ET.SubElement(root, "link", rel="alternate", type="text/html", href=urljoin(base, feed.page))
    author = ET.SubElement(root, "author")
    _add(author, "name", config.title)
    if config.licence:
        _add(root, "rights", reader_text("feed_rights", licence=config.licence.name, url=str(config.licence.url)))
    ET.indent(root)
    head = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    closing = b"</feed>"
    return head[: -len(closing)] + b"".join(item(e) for e in entries) + closing + b"\n"


class Item(NamedTuple):
    """What an entry's `<entry>` shows, all of it (so that an element made from the same values can be reused)."""

    base: str
    url: str
    title: str
    published: str  # empty for an undated entry: it has no publication date to give
    updated: str
    tags: tuple[tuple[str, str, str], ...]  # slug, name, URL
    summary: str
    when: str  # an event's dates, shown before its body
    body: str


def _shown(site: Site, entry: Entry, bodies: dict[str, str], stamp: datetime, dates: DateFormatter, dated: bool) -> Item:
    """What the entry's `<entry>` shows."""
    fields = entry.fields
    summary = fields.summary
    if not summary and fields.get("definition"):
        summary = reader_text("feed_gloss", definition=fields.definition) if fields.definition_by == "site" else fields.definition
    when = dates.when(fields.start, fields.end, fields.date_precision) if entry.type == "event" else ""
    tags = tuple((tag.slug, tag.name, tag.url) for tag in site.tag_list(entry))
    base = str(site.config.base_url)
    moment = stamp.isoformat()
    return Item(
        base, entry.url, entry.title, moment if dated else "", moment, tags, summary or "", when, bodies.get(entry.path, "")
    )


def _item(shown: Item) -> bytes:
    """An entry's `<entry>` element, indented as a child of `<feed>`."""
    item = ET.Element("entry")
    url = urljoin(shown.base, shown.url)
    _add(item, "id", url)
    _add(item, "title", shown.title)
    ET.SubElement(item, "link", rel="alternate", type="text/html", href=url)
    if shown.published:
        _add(item, "published", shown.published)
    _add(item, "updated", shown.updated)
    for slug, name, tag_url in shown.tags:
        ET.SubElement(item, "category", term=slug, label=name, scheme=urljoin(shown.base, tag_url))
    if shown.summary:
        _add(item, "summary", " ".join(shown.summary.split()), type="text")
    html = _absolute(shown.body, shown.base)
    if shown.when:
        html = f"<p>{shown.when}</p>\n" + html
    if html.strip():
        _add(item, "content", html, type="html")
    ET.indent(item, level=1)
    return ET.tostring(item, encoding="utf-8")


def _add(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = _NOT_XML.sub("", text)
    return element


def _moment(value: date | datetime, tz: ZoneInfo) -> datetime:
    """A date as midnight in the site's time zone; a wall-clock time in that zone."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=tz) if value.tzinfo is None else value
    return datetime.combine(value, time(), tz)


def _absolute(html: str, base: str) -> str:
    """Root-relative links and sources made absolute, for feed readers that ignore xml:base."""
    return _ROOT_RELATIVE.sub(lambda m: f'{m.group(1)}{urljoin(base, m.group(2))}"', html)
