"""The real content/ of the cycle, built and checked for what holds of ANY content `check --strict` accepts.

Nothing here counts today's entries or names them: an editor may add, rename or remove any entry
and these tests still hold. Each check runs twice: on the real content, and on a copy of it with a
new event (illustrated, with a picture in its body), figure, story and draft, as an editor would add.
"""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from sitegen.source.schema import ENTRY_TYPES, references

from judges import PROJECT, require_vnu
from real_site import copy_with_additions, entries_of, read


def test_every_published_entry_has_its_page_and_no_draft_has_one(real_site):
    root, output = real_site
    entries = entries_of(root)
    assert any(e["published"] for e in entries)
    for entry in entries:
        page = output / entry["url"].lstrip("/") / "index.html"
        assert page.is_file() is entry["published"], entry["url"]
    for page in ("index.html", "404.html", "etiquettes/index.html", "static/style.css", "atom.xml", "sitemap.xml"):
        assert (output / page).is_file(), page


def test_each_section_index_lists_every_published_entry_of_its_section(real_site):
    root, output = real_site
    settings = yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8"))
    for folder, section in settings["sections"].items():
        if not section["url"]:
            continue
        index = output / section["url"]
        pages = [index / "index.html", *sorted((index / "page").glob("*/index.html"))]  # `…/page/2/` and on
        html = "".join(p.read_text(encoding="utf-8") for p in pages)
        expected = {e["url"] for e in entries_of(root) if e["folder"] == folder and e["published"]}
        listed = {url for url in re.findall(r'href="([^"]+)"', html) if url in expected}
        assert listed == expected, folder


def test_references_link_both_ways(real_site):
    root, output = real_site
    entries = entries_of(root)
    by_key = {(e["type"], e["slug"]): e for e in entries}
    checked = 0
    for entry in entries:
        if not entry["published"]:
            continue
        for field, target in references(ENTRY_TYPES[entry["type"]]).items():
            values = entry["data"].get(field) or []
            for value in values if isinstance(values, list) else [values]:
                other = by_key.get((target, value))
                if other is None or not other["published"]:
                    continue  # a list of site.yaml (families, kinds…), or an unpublished entry
                assert f'href="{other["url"]}"' in read(output, entry["url"]), (entry["url"], field, value)
                assert f'href="{entry["url"]}"' in read(output, other["url"]), (other["url"], "←", entry["url"])
                checked += 1
    assert checked > 0


def test_every_tag_of_a_published_entry_has_its_page_listing_it(real_site):
    root, output = real_site
    from slugify import slugify

    for entry in entries_of(root):
        if not entry["published"]:
            continue
        for tag in entry["data"].get("tags") or []:
            tag_pages = sorted((output / "etiquettes" / slugify(tag)).glob("**/index.html"))
            assert tag_pages, tag
            assert any(f'href="{entry["url"]}"' in p.read_text(encoding="utf-8") for p in tag_pages), (tag, entry["url"])


def test_the_figure_map_and_table_have_one_part_per_family_with_figures(real_site):
    root, output = real_site
    figures = [e for e in entries_of(root) if e["type"] == "figure" and e["published"]]
    families = {e["data"]["family"] for e in figures}
    page = read(output, "/figures/")
    assert page.count('<section class="figure-map-family"') == len(families)
    assert page.count('<tr class="figure-table-family">') == len(families)
    drawn = re.findall(r'<a href="([^"]+)" aria-label="[^"]+ — citée par [^"]+">', page)
    assert sorted(drawn) == sorted(e["url"] for e in figures)  # every figure is a link of the map, once


def test_pictures_of_entries_are_published_resized(real_site):
    root, output = real_site
    for entry in entries_of(root):
        if not entry["published"]:
            continue
        html = read(output, entry["url"])
        for image in entry["data"].get("images") or []:
            assert re.search(rf'<img src="{re.escape(entry["url"])}[^"]+" srcset="[^"]+"[^>]* alt="', html), image["src"]
            assert (output / entry["url"].lstrip("/") / image["src"]).is_file()  # the original, beside its page


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name])
        for candidate in (values.get("srcset") or "").split(","):
            if candidate.strip():
                self.links.append(candidate.split()[0])
        if values.get("id"):
            self.ids.append(values["id"])


def test_internal_links_and_anchors_resolve(real_site):
    _root, site = real_site
    pages = {p: _parse(p) for p in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "#")):
                continue
            target = site / unquote(parts.path).lstrip("/")
            target = target / "index.html" if target.is_dir() else target
            if not target.is_file():
                broken.append(f"{page.relative_to(site)} → {link}")
            elif parts.fragment and parts.fragment not in pages.get(target, _parse(target)).ids:
                broken.append(f"{page.relative_to(site)} → {link} (ancre)")
    assert broken == []


def _parse(file: Path) -> _Links:
    parser = _Links()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser


def test_nu_html_checker_finds_no_error(real_site):
    vnu = require_vnu()
    _root, site = real_site
    result = subprocess.run([*vnu, "--skip-non-html", "--errors-only", "--stdout", str(site)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_additions_are_really_there(tmp_path):
    """The copy used above holds what an editor adds: else the second run of each test proves nothing."""
    root = copy_with_additions(tmp_path / "site")
    found = {(e["url"], e["published"]) for e in entries_of(root)}
    expected = {
        ("/figures/petits-pas/", True),
        ("/micro-histoires/le-port/", True),
        ("/rendez-vous/atelier-marseille/", True),
        ("/rendez-vous/brouillon-lyon/", False),
    }
    assert found & expected == expected
    assert len(found) == len({e["url"] for e in entries_of(PROJECT)} | {url for url, _ in expected})
