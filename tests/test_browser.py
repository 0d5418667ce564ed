"""A reader's paths through the built site in a real browser (headless Chromium), with axe-core.

The sites are served over http on 127.0.0.1 (a free port). Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

import functools
import json
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from icalendar import Calendar
from test_search import fragment_titles, parts

from sitegen.cli import main
from sitegen.output.search import index_site

from conftest import write_files
from judges import PROJECT, axe, require_chromium
from reader_site import READER_SITE

ARTIFACTS = PROJECT / "tests" / "artifacts"
NOW = "2016-11-01"  # some events of the real cycle are still to come
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (320, 375, 768, 1280)


class _Quiet(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".ics": "text/calendar",
        ".wasm": "application/wasm",
        ".xml": "application/xml",
    }

    def log_message(self, *args) -> None:
        pass


def _serve(folder: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def launch() -> dict:
    return require_chromium()


@pytest.fixture(scope="module")
def browser(launch):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(**launch)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert errors == []  # no JavaScript error on any page


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Iterator[str]:
    scratch = tmp_path_factory.mktemp("browser-real")
    output = scratch / "output"
    assert main(["--root", str(PROJECT), "--output", str(output), "--cache", str(scratch / "cache"), "--now", NOW]) == 0
    yield from _serve(output)


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory) -> Iterator[str]:
    root = write_files(tmp_path_factory.mktemp("browser-fixture") / "site", READER_SITE)
    assert main(["--root", str(root), "--now", NOW]) == 0
    yield from _serve(root / "output")


@pytest.fixture(scope="module")
def parted_site(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The fixture site with its index remade in parts of about 3 pages (4 parts for its 15 entries)."""
    root = write_files(tmp_path_factory.mktemp("browser-parts") / "site", READER_SITE)
    assert main(["--root", str(root), "--now", NOW]) == 0
    shutil.rmtree(root / "output/pagefind")
    index_site(root / "output", part_size=3)
    for url in _serve(root / "output"):
        yield url, root / "output"


def _text(value: str) -> str:
    return " ".join(value.replace("\u202f", " ").replace("\u00a0", " ").split())


def test_home_to_an_upcoming_event_to_its_calendar_file(page, real):
    page.goto(real + "/")
    upcoming = page.locator("section", has=page.get_by_role("heading", name="Rendez-vous à venir", exact=True))
    first = upcoming.locator(".card-title a").first
    title = _text(first.inner_text())
    first.click()
    assert _text(page.get_by_role("heading", level=1).inner_text()) == title
    with page.expect_download() as download:
        page.get_by_role("link", name="Ajouter à mon agenda").click()
    assert download.value.suggested_filename.endswith(".ics")
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    [event] = calendar.walk("VEVENT")
    assert _text(str(event["summary"])) == title
    assert str(event["url"]).endswith(page.url.removeprefix(real))
    assert [str(z["tzid"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_home_to_the_figure_table_to_a_figure_to_an_imaginary(page, fixture_site):
    page.goto(fixture_site + "/")
    table = page.locator("section", has=page.get_by_role("heading", name="Tableau des dynamiques"))
    table.get_by_role("link", name="Éclairer").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Éclairer"
    illustrating = page.locator("section", has=page.get_by_role("heading", name="Imaginaires qui l'illustrent"))
    illustrating.get_by_role("link", name="Contes de fées").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Contes de fées"
    picture = page.get_by_role("img", name="Un panneau orange à cadres concentriques autour d'un disque sombre")
    picture.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    chosen = picture.evaluate("img => img.currentSrc")
    # from the AVIF <source> (Chromium decodes it): 44rem = 704 px at a pixel ratio of 1, for a 1280 px window
    assert chosen.endswith("/panneau-1-960.avif")
    assert picture.evaluate("img => img.naturalWidth / img.naturalHeight") == 2


def test_a_tag_page_to_an_entry(page, real):
    if "first:tag" not in _real_paths():
        pytest.skip("the real content has no tag")
    name = _real_paths()["first:tag:name"]
    page.goto(real + _real_paths()["tags"])
    page.get_by_role("link", name=name, exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == name
    card = page.locator(".card-title a").first
    title = _text(card.inner_text())
    card.click()
    assert _text(page.get_by_role("heading", level=1).inner_text()) == title
    assert page.locator(f'a.tag[href="{_real_paths()["first:tag"]}"]').all_inner_texts() == [name]  # the entry shows its tag


def _search_results(page) -> list[tuple[str, str]]:
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=10_000)
    return [(link.get_attribute("href"), link.inner_text()) for link in results.all()]


def test_search_ignores_accents_and_leads_to_a_result(page, fixture_site):
    page.goto(fixture_site + "/recherche/")
    box = page.get_by_role("search").get_by_role("textbox", name="Rechercher")
    box.fill("ecosysteme")
    results = _search_results(page)
    assert [href for href, _ in results] == ["/rendez-vous/atelier-rennes/"]  # the one entry that says « écosystème »
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    assert any("écosystème" in excerpt.lower() for excerpt in excerpts)
    href, title = results[0]
    page.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_url(fixture_site + href)
    assert _text(page.get_by_role("heading", level=1).inner_text()) == _text(title)
    assert "écosystème" in page.locator("main").inner_text().lower()


def test_the_header_form_opens_the_results(page, fixture_site):
    page.goto(fixture_site + "/figures/")
    page.get_by_role("search").get_by_label("Rechercher").fill("ecosysteme")
    page.get_by_role("search").get_by_role("button", name="Chercher").click()
    page.wait_for_url("**/recherche/?q=ecosysteme")
    assert [href for href, _ in _search_results(page)] == ["/rendez-vous/atelier-rennes/"]


def test_search_finds_entries_in_every_part_of_the_index(page, parted_site):
    url, output = parted_site
    found = parts(output)
    assert len(found) >= 2
    for members in found.values():
        first = min(members)
        title = _text(fragment_titles(output)[first])
        page.goto(url + "/recherche/?q=" + quote(title))
        assert first in [href for href, _ in _search_results(page)], (title, first)


class _CachedLikePages(_Quiet):
    """As GitHub Pages serves files (`Cache-Control: max-age=600`), noting each path asked for, in order."""

    asked: list[str] = []

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self) -> None:
        type(self).asked.append(self.path)
        super().do_GET()


def test_the_parts_first_files_are_asked_for_all_at_once_and_once(page, parted_site):
    """Pagefind merges parts one after the other, two round trips each: static/search.js asks for every part's
    entry file (under its cache tag) at once, so that Pagefind finds them and their metadata in the cache."""
    _, output = parted_site
    handler = functools.partial(_CachedLikePages, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _CachedLikePages.asked = []
    title = _text(fragment_titles(output)[min(min(members) for members in parts(output).values())])
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/recherche/?q=" + quote(title))
        _search_results(page)
    finally:
        server.shutdown()
        server.server_close()
    merged = json.loads((output / "pagefind/parts.json").read_text(encoding="utf-8"))["parts"][1:]
    asked = _CachedLikePages.asked
    entries = [i for i, path in enumerate(asked) if path.split("?")[0].endswith("/pagefind-entry.json") and _part(path) in merged]
    metas = [i for i, path in enumerate(asked) if path.endswith(".pf_meta") and _part(path) in merged]
    assert len(entries) == len(metas) == len(merged) >= 2, asked  # each once: the second time from the cache
    assert max(entries) < min(metas), asked  # all entry files asked for before any part's metadata


def _part(path: str) -> str:
    """The part folder (`2-<digest>/`) of a path under /pagefind/."""
    return path.split("/pagefind/")[-1].split("/")[0] + "/"


def test_search_without_javascript_says_so_in_french(browser, real):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(real + "/recherche/")
    notice = page.locator("noscript .notice")  # Playwright's text locators skip <noscript>: find it by its class
    assert notice.is_visible()
    assert notice.inner_text().startswith("La recherche a besoin de JavaScript, qui est désactivé dans votre navigateur.")
    assert notice.locator("a[href='/etiquettes/']").is_visible()
    context.close()


# The real site's pages are found from its content, never by slug: an editor may rename or remove any entry.
# "first:TYPE" is the first published entry of that type (content/ order), "index:TYPE" its section's index.
PAGES = {
    "accueil": ("real", "/"),
    "section": ("real", "index:story"),
    "agenda": ("real", "index:event"),
    "tableau des figures": ("real", "index:figure"),
    "galerie": ("fixture", "/imaginaires/"),
    "page 2 d'une liste": ("fixture", "/micro-histoires/page/2/"),
    "étiquettes": ("real", "tags"),
    "étiquette": ("real", "first:tag"),
    "rendez-vous": ("real", "first:event"),
    "rendez-vous annulé": ("fixture", "/rendez-vous/reunion-annulee/"),
    "compte-rendu": ("real", "first:report"),
    "figure": ("real", "first:figure"),
    "imaginaire avec images": ("fixture", "/imaginaires/contes/"),
    "micro-histoire": ("real", "first:story"),
    "partenaire": ("real", "first:partner"),
    "page": ("real", "first:page"),
    "recherche et résultats": ("fixture", "/recherche/?q=ecosysteme"),
    "page introuvable": ("real", "/404.html"),
}


@functools.cache
def _real_paths() -> dict[str, str]:
    """The path on the real site of each page kind (`first:TYPE`, `index:TYPE`, `tags`, `first:tag`), from content/."""
    from sitegen.site.assemble import assemble
    from sitegen.site.drafts import select
    from sitegen.source.config import load_config
    from sitegen.source.content import load_entries

    config = load_config(PROJECT)
    entries, problems, _ = load_entries(PROJECT, config)
    assert problems == []
    published = select(entries, date.fromisoformat(NOW), config).published
    site, problems = assemble(config, published)
    assert problems == []
    paths = {"tags": config.base_path + f"{config.tags_url}/"}
    for section in config.sections.values():
        if section.url:
            paths.setdefault(f"index:{section.type}", config.base_path + f"{section.url}/")
    for entry in published:
        if not getattr(entry.fields, "cancelled", False):  # an event that takes place: its page offers the calendar
            paths.setdefault(f"first:{entry.type}", entry.url)
    if site.tags:
        first_tag = next(iter(site.tags.values()))
        paths["first:tag"], paths["first:tag:name"] = first_tag.url, first_tag.name
    return paths


def _url(kind: str, real: str, fixture_site: str) -> str:
    site, path = PAGES[kind]
    if site == "fixture":
        return fixture_site + path
    if not path.startswith("/"):
        if path not in _real_paths():
            pytest.skip(f"the real content has no page for {kind!r} ({path})")
        path = _real_paths()[path]
    return real + path


@pytest.mark.parametrize("kind", list(PAGES))
def test_axe_finds_no_violation(page, real, fixture_site, kind):
    url = _url(kind, real, fixture_site)
    page.goto(url)
    if "?q=" in url:
        _search_results(page)
    results = axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
    ]
    assert violations == []


def test_axe_catches_a_planted_violation(page, real):
    page.goto(real + "/404.html")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
    results = axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    assert [v["id"] for v in results.response["violations"]] == ["image-alt"]


def test_the_axe_that_runs_is_the_pinned_one(page, real):
    pinned = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    page.goto(real + "/404.html")
    axe().run(page)
    assert page.evaluate("axe.version") == pinned


def test_screenshots_of_the_home_page(browser, real):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for width in (375, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800}, device_scale_factor=1)
        page = context.new_page()
        page.goto(real + "/")
        target = ARTIFACTS / f"accueil-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_layout_holds_from_320_px(browser, real, fixture_site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = []
    for kind in ("accueil", "rendez-vous", "tableau des figures", "galerie", "étiquette", "page 2 d'une liste"):
        url = _url(kind, real, fixture_site)
        page.goto(url)
        page.evaluate("document.fonts.ready.then(() => true)")  # measured in the site's own fonts, once loaded
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if overflow > 0:
            wide.append(f"{url}: {overflow} px de trop")
    context.close()
    assert wide == []


def test_print_stylesheet_keeps_the_content_only(page, real, fixture_site):
    page.goto(_url("rendez-vous", real, fixture_site))
    assert page.locator(".add-to-calendar").count() == 1  # an event that takes place: the calendar link is there to hide
    page.emulate_media(media="print")
    for selector in (".site-nav", ".site-search", ".breadcrumbs", ".pager", ".skip-link", ".add-to-calendar"):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator(".prose").is_visible()
