"""What the site looks like: screenshots of every page kind at a phone's, a tablet's and a screen's width
(tests/artifacts/), and what can be asserted of them in a real browser: no horizontal scroll, a compact
header, no text out of its box, the figure map reached by keyboard, nothing requested from a third party.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from test_browser import ARTIFACTS, AXE_TAGS, PAGES, _url, browser, fixture_site, launch, real  # noqa: F401

from judges import axe

WIDTHS = (375, 768, 1280)
HEADER_MAX = 120  # px, on a 375 px phone
# Elements whose content is larger than their box, other than those made to scroll or clip on purpose.
OVERFLOWING = """() => [...document.querySelectorAll("body *")].filter(el => {
  if (el.closest("svg, pre, .visually-hidden, .skip-link, noscript")) return false;
  const style = getComputedStyle(el);
  if (style.display === "inline" || el.clientWidth === 0) return false;
  for (let box = el; box; box = box.parentElement) {
    if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(box).overflowX)) return false;
  }
  return el.scrollWidth > el.clientWidth + 1;
}).map(el => el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "") + ": "
  + (el.textContent || "").trim().slice(0, 40))"""


def _slug(kind: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", kind.lower().replace("é", "e").replace("è", "e")).strip("-")


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_kind_fits_its_width_and_is_photographed(browser, real, fixture_site, width):  # noqa: F811
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    found: list[str] = []
    for kind in PAGES:
        url = _url(kind, real, fixture_site)
        page.goto(url)
        if "?q=" in url:
            page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
        page.evaluate("document.fonts.ready")
        page.screenshot(path=str(ARTIFACTS / f"{_slug(kind)}-{width}.png"), full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if scroll > 0:
            found.append(f"{kind}: {scroll} px de défilement horizontal")
        found += [f"{kind}: déborde de sa boîte — {what}" for what in page.evaluate(OVERFLOWING)]
        header = page.locator(".site-header").bounding_box()
        if width == 375 and header["height"] > HEADER_MAX:
            found.append(f"{kind}: en-tête de {header['height']:.0f} px")
        search = page.locator(".site-search input, #recherche input").first.bounding_box()
        if (
            search is None or search["x"] < 0 or search["x"] + search["width"] > width or search["y"] + search["height"] > 800
        ):  # on the first screen
            found.append(f"{kind}: champ de recherche hors de portée ({search})")
    context.close()
    assert found == []


def test_the_header_of_a_phone_is_compact_and_its_menu_scrolls_on_itself(browser, real):  # noqa: F811
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(real + "/")
    assert page.locator(".site-header").bounding_box()["height"] <= HEADER_MAX
    links = page.locator(".site-nav a")
    last = links.nth(links.count() - 1)
    last.focus()  # the keyboard brings the last item of the menu into view
    box = last.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375 - 24  # clear of the fading edge
    assert page.evaluate("document.documentElement.scrollWidth") == 375
    context.close()


def test_the_figure_map_is_reached_by_keyboard_with_a_visible_focus(browser, real):  # noqa: F811
    # Reduced motion: focus scrolls at once, as style.css wants for those readers. With smooth scrolling,
    # a loaded CI machine once left a label out of view for 15 s (Chromium's scroll animation starved).
    context = browser.new_context(viewport={"width": 375, "height": 800}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(_url("tableau des figures", real, ""))
    links = page.locator(".figure-map-svg a")
    expected = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert expected
    reached: list[str] = []
    for _ in range(400):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement.closest('.figure-map-svg') && document.activeElement.getAttribute('href')")
        if not href:
            if reached:
                break
            continue
        reached.append(href)
        # its focus ring shows (the row's frame, 3 px in the accent colour) and its label comes into view
        page.wait_for_function(
            """() => { const a = document.activeElement, hit = getComputedStyle(a.querySelector('.hit'));
          const box = a.querySelector('.label').getBoundingClientRect();
          return hit.stroke === 'rgb(154, 52, 18)' && hit.strokeWidth === '3px'
            && box.top >= 0 && box.bottom <= innerHeight && box.right <= innerWidth; }""",
            timeout=5_000,
        )
    assert reached == expected  # every figure, in the map's order
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.wait_for_url(real + expected[-1])
    context.close()


@pytest.mark.parametrize("kind", ["accueil", "tableau des figures", "recherche et résultats"])
def test_axe_finds_no_violation_on_a_phone(browser, real, fixture_site, kind):  # noqa: F811
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 800})
    page = context.new_page()
    url = _url(kind, real, fixture_site)
    page.goto(url)
    if "?q=" in url:
        page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    results = axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    assert [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]] == []
    context.close()


def test_no_page_requests_anything_from_a_third_party_and_the_fonts_are_the_site_s(browser, real, fixture_site):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for kind in PAGES:
        url = _url(kind, real, fixture_site)
        page.goto(url)
        if "?q=" in url:
            page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
        page.evaluate("document.fonts.ready")
        loaded = page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
        assert {'"Source Serif 4"', '"Source Sans 3"'} <= set(loaded) or {"Source Serif 4", "Source Sans 3"} <= set(loaded), kind
    origins = {urlsplit(u).netloc for u in requested if not u.startswith("data:")}
    assert origins == {urlsplit(real).netloc, urlsplit(fixture_site).netloc}
    assert any(re.search(r"/static/fonts/source-serif-4-[^/]+\.woff2$", u) for u in requested)
    context.close()


def test_search_results_have_no_tag_lists_in_their_excerpts(browser, fixture_site):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(fixture_site + "/recherche/?q=ecosysteme")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=10_000)
    page.wait_for_timeout(500)
    excerpts = page.locator(".pagefind-ui__result-excerpt").all_inner_texts()
    assert excerpts and not [e for e in excerpts if "Étiquettes" in e]
    title = page.locator(".pagefind-ui__result-title").first
    assert "Source Serif 4" in title.evaluate("el => getComputedStyle(el).fontFamily")
    context.close()
