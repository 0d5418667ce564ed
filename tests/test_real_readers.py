"""The real cycle carries the readers' features: feeds, calendars, search, sharing, French spaces.

Each test on the real content runs twice, as in test_real_site.py: on content/ and on a copy with an
editor's additions (tests/real_site.py); none counts or names today's entries.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import feedparser
from icalendar import Calendar

from sitegen.cli import main

from conftest import write_files
from judges import require_vnu
from reader_site import READER_SITE
from real_site import NOW as REAL_NOW
from real_site import entries_of

NOW = "2016-11-01"


def _pages(site: Path) -> list[Path]:
    """The pages readers read: not the search bundle's, nor the editing room (Decap CMS, for editors, noindex)."""
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts and p.relative_to(site).parts[0] != "admin")


def test_every_feed_parses(real_site):
    root, site = real_site
    feeds = sorted(site.rglob("atom.xml"))
    sections = {e["url"].split("/")[1] for e in entries_of(root) if e["published"] and e["url"].count("/") == 3}
    tags = {p.parent.name for p in (site / "etiquettes").glob("*/index.html")}
    expected = {"atom.xml"} | {f"{s}/atom.xml" for s in sections} | {f"etiquettes/{t}/atom.xml" for t in tags}
    assert {p.relative_to(site).as_posix() for p in feeds} == expected  # the site, each section with an index, each tag
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert feed.bozo == 0, (path, feed.get("bozo_exception"))
        assert feed.entries, path
        assert len({e.id for e in feed.entries}) == len(feed.entries)
        dated = [e for e in feed.entries if "published" in e]
        stamps = [e.updated_parsed for e in dated]
        assert stamps == sorted(stamps, reverse=True), path  # newest first
        undated = feed.entries[len(dated) :]  # then the undated entries, stamped with the latest date of the content
        assert all("published" not in e for e in undated), path
        assert all(e.updated_parsed == feed.feed.updated_parsed for e in undated), path


def test_every_event_has_a_calendar_and_the_cycle_one_with_all(real_site):
    root, site = real_site
    found = [e for e in entries_of(root) if e["type"] == "event" and e["published"]]
    events = [site / e["url"].lstrip("/") / "index.html" for e in found]
    for page, entry in zip(events, found, strict=True):
        slug = page.parent.name
        calendar = Calendar.from_ical((page.parent / f"{slug}.ics").read_bytes())
        [event] = calendar.walk("VEVENT")
        assert str(event["uid"]) == f"rendez-vous-{slug}@questions-numeriques.example.org"
        upcoming = str(entry["data"].get("end") or entry["data"]["start"])[:10] >= REAL_NOW
        offered = f'href="/rendez-vous/{slug}/{slug}.ics"' in page.read_text(encoding="utf-8")
        assert offered == upcoming, slug  # « Ajouter à mon agenda » only for a rendez-vous still to come
    agenda = Calendar.from_ical((site / "agenda.ics").read_bytes())
    assert len(agenda.walk("VEVENT")) == len(events) and len(agenda.walk("VTIMEZONE")) == 1


def test_sitemap_robots_canonical_and_cards(real_site):
    _root, site = real_site
    root = ET.fromstring((site / "sitemap.xml").read_bytes())
    listed = {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    base = "https://questions-numeriques.example.org/"
    pages = [p for p in _pages(site) if p.name != "404.html"]
    assert listed == {base + p.relative_to(site).as_posix().removesuffix("index.html") for p in pages}
    assert (site / "robots.txt").read_text(encoding="utf-8").endswith(f"Sitemap: {base}sitemap.xml\n")
    for page in pages:
        html = page.read_text(encoding="utf-8")
        url = base + page.relative_to(site).as_posix().removesuffix("index.html")
        assert f'<link rel="canonical" href="{url}">' in html, page
        assert f'<meta property="og:url" content="{url}">' in html, page
        assert '<meta name="twitter:card"' in html and '<meta property="og:title"' in html, page


def test_event_pages_carry_valid_json_ld(real_site):
    root, site = real_site
    for event in (e for e in entries_of(root) if e["type"] == "event" and e["published"]):
        page = (site / event["url"].lstrip("/") / "index.html").read_text(encoding="utf-8")
        [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
        data = json.loads(script)
        assert (data["@type"], data["name"]) == ("Event", event["data"]["title"])
        start = event["data"]["start"]
        written = start[:7] if event["data"].get("date_precision") == "month" else start[:10]
        assert data["startDate"][:10] == written, event["url"]  # the day (or month) as written


def test_search_indexes_every_published_entry(real_site):
    root, site = real_site
    bundles = json.loads((site / "pagefind/parts.json").read_text(encoding="utf-8"))["parts"]
    entries = [json.loads((site / "pagefind" / name / "pagefind-entry.json").read_text(encoding="utf-8")) for name in bundles]
    indexed = {p for p in _pages(site) if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    published = {site / e["url"].lstrip("/") / "index.html" for e in entries_of(root) if e["published"]}
    assert indexed == published  # one page per published entry, drafts left out
    assert sum(entry["languages"]["fr"]["page_count"] for entry in entries) == len(indexed)


class _Text(HTMLParser):
    """Text a reader sees, outside code, scripts and styles."""

    SKIP = {"code", "pre", "kbd", "samp", "script", "style", "noscript"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.SKIP

    def handle_endtag(self, tag):
        self.depth -= tag in self.SKIP

    def handle_data(self, data):
        if not self.depth:
            self.text.append(data)


def test_french_spaces_everywhere_a_reader_looks(real_site):
    _root, site = real_site
    wrong = re.compile(r"\S[ \u00a0]+[;:!?»]|«[ \u00a0]")
    found = []
    for page in _pages(site):
        parser = _Text()
        parser.feed(page.read_text(encoding="utf-8"))
        for match in wrong.finditer(" ".join("".join(parser.text).split(" "))):
            found.append(f"{page.relative_to(site)}: …{match.group()}…")
    assert found == []


def test_readers_fixture_site_is_valid_html_too(tmp_path):
    vnu = require_vnu()
    root = write_files(tmp_path / "site", READER_SITE)
    assert main(["--root", str(root), "--now", NOW]) == 0
    result = subprocess.run(
        [*vnu, "--skip-non-html", "--errors-only", "--stdout", str(root / "output")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_pictures_feeds_calendars_and_index_are_reproducible(tmp_path):
    first = write_files(tmp_path / "a", READER_SITE)
    second = write_files(tmp_path / "b", READER_SITE)
    assert main(["--root", str(first), "--now", NOW]) == 0
    assert main(["--root", str(second), "--now", NOW]) == 0
    digests = _digest(first / "output")
    assert digests == _digest(second / "output")
    assert "pagefind/parts.json" in digests and "imaginaires/contes/panneau-1-960.jpg" in digests
