"""Sharing and discovery: sitemap.xml, robots.txt, schema.org JSON-LD for events, Open Graph details."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any
from urllib.parse import urljoin
from zoneinfo import ZoneInfo

from markupsafe import Markup

from ..site.assemble import Site
from ..source.content import Entry
from .images import Picture

SITEMAP = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
UNLISTED = frozenset({"404.html"})
# Characters that could end a <script> element or an HTML comment, or break a JavaScript string.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def render_discovery(site: Site, pages: dict[str, bytes]) -> dict[str, bytes]:
    """`sitemap.xml` listing every HTML page, and `robots.txt` pointing to it."""
    base = str(site.config.base_url)
    origin = urljoin(base, "/").removesuffix("/")  # pages' URLs are absolute paths: the origin is put before them
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for path in sorted(p for p in pages if p.endswith(".html") and p not in UNLISTED):
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = origin + site.url_of(path.removesuffix("index.html"))
    ET.indent(root)
    sitemap = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
    robots = f"User-agent: *\nAllow: /\n\nSitemap: {urljoin(base, site.url_of(SITEMAP))}\n"
    return {SITEMAP: sitemap, "robots.txt": robots.encode()}


def script_json(data: Any) -> Markup:
    """JSON for a <script> element: no value can close the element or open a comment."""
    return Markup(json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_SAFE))


def event_data(site: Site, entry: Entry, pictures: list[Picture]) -> dict[str, Any]:
    """schema.org `Event` for an event page (https://schema.org/Event)."""
    f = entry.fields
    tz = ZoneInfo(site.config.timezone)
    base = str(site.config.base_url)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": entry.title,
        "url": urljoin(base, entry.url),
        "startDate": _iso(f.start, tz, f.date_precision),
        "eventStatus": "https://schema.org/EventCancelled" if f.cancelled else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
    }
    if f.end is not None:
        data["endDate"] = _iso(f.end, tz, f.date_precision)
    if f.summary:
        data["description"] = " ".join(f.summary.split())
    if f.venue:
        address = {"@type": "PostalAddress", "addressCountry": "FR"}
        if f.venue.address:
            address["streetAddress"] = f.venue.address
        if f.venue.city:
            address["addressLocality"] = f.venue.city
        place: dict[str, Any] = {"@type": "Place", "address": address}
        place["name"] = f.venue.name or f.venue.city or f.venue.address
        data["location"] = place
    partners = site.by_type.get("partner", {})
    organizers = [partners[p] for p in f.partners if p in partners]
    if organizers:
        data["organizer"] = [
            {"@type": "Organization", "name": p.title, "url": str(p.fields.url or urljoin(base, p.url))} for p in organizers
        ]
    if site.config.licence:
        data["license"] = str(site.config.licence.url)
    images = [urljoin(base, p.largest.url) for p in pictures if p.largest]
    if images:
        data["image"] = images
    return data


def _iso(value, tz: ZoneInfo, precision: str) -> str:
    if precision == "month":
        return value.strftime("%Y-%m")
    if isinstance(value, datetime):
        return value.replace(tzinfo=tz).isoformat(timespec="minutes")
    return value.isoformat()


def og_locale(language: str) -> str:
    """Open Graph's locale for a language code: `fr` → `fr_FR`."""
    if "_" in language or "-" in language:
        return language.replace("-", "_")
    return f"{language}_{language.upper()}"
