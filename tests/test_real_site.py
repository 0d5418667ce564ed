"""The real content/ of the cycle, built once and checked: pages, cross-references, valid HTML."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from judges import PROJECT, require_vnu

from sitegen.cli import main

NOW = "2026-11-26"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("real") / "output"
    assert main(["--root", str(PROJECT), "--output", str(output), "--now", NOW]) == 0
    return output


def read(site: Path, path: str) -> str:
    return (site / path / "index.html" if not path.endswith(".html") else site / path).read_text(encoding="utf-8")


def test_every_section_and_entry_has_its_page(site):
    settings = yaml.safe_load((PROJECT / "site.yaml").read_text(encoding="utf-8"))
    for folder, section in settings["sections"].items():
        if section["url"]:
            assert (site / section["url"] / "index.html").is_file(), folder
        for file in (PROJECT / "content" / folder).iterdir():
            prefix = f"{section['url']}/" if section["url"] else ""
            assert (site / prefix / file.stem / "index.html").is_file(), file
    for page in ("index.html", "404.html", "etiquettes/index.html", "static/style.css"):
        assert (site / page).is_file(), page


def test_the_cycle_is_all_there(site):
    assert len(list((site / "rendez-vous").glob("*/index.html"))) == 5
    assert len(list((site / "figures").glob("*/index.html"))) == 31
    assert len(list((site / "micro-histoires").glob("*/index.html"))) == 13
    table = read(site, "figures/")
    assert table.count('<section class="family"') == 6
    stories = read(site, "micro-histoires/")
    assert stories.count("Histoire complète") == 8 and stories.count("Début à continuer") == 5


def test_every_tag_has_its_page(site):
    index = read(site, "etiquettes/")
    tags = re.findall(r'href="/etiquettes/([a-z0-9-]+)/"', index)
    assert len(tags) >= 5
    for tag in tags:
        assert (site / "etiquettes" / tag / "index.html").is_file()


def test_cross_references(site):
    rennes = read(site, "rendez-vous/atelier-rennes/")
    assert 'href="/partenaires/metropole-de-rennes/"' in rennes
    assert "jeudi 15 décembre 2016, de" in rennes and '<th scope="col">Heure</th>' in rennes
    dunes = read(site, "rendez-vous/journee-creative-les-dunes/")
    assert 'href="/comptes-rendus/journee-creative-20-octobre/"' in dunes  # event ← report
    report = read(site, "comptes-rendus/journee-creative-20-octobre/")
    assert 'href="/rendez-vous/journee-creative-les-dunes/"' in report
    societe_generale = read(site, "partenaires/societe-generale/")
    assert 'href="/rendez-vous/journee-creative-les-dunes/"' in societe_generale  # partner ← event
    home = read(site, "index.html")
    assert "Tableau des dynamiques de transformation de la petite échelle" in home


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
        if values.get("id"):
            self.ids.append(values["id"])


def test_internal_links_and_anchors_resolve(site):
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


def test_nu_html_checker_finds_no_error(site):
    vnu = require_vnu()
    result = subprocess.run([*vnu, "--skip-non-html", "--errors-only", "--stdout", str(site)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
