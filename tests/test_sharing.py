"""Sitemap, robots.txt, canonical URLs, Open Graph and Twitter cards, schema.org JSON-LD."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from reader_site import READER_SITE

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_every_page_once(build_site):
    run = build_site(READER_SITE)
    assert run.code == 0, run.err
    root = ET.fromstring((run.output / "sitemap.xml").read_bytes())
    urls = [loc.text for loc in root.findall("s:url/s:loc", NS)]
    pages = sorted(p.relative_to(run.output).as_posix() for p in run.output.rglob("*.html"))
    pages = [p for p in pages if p != "404.html" and not p.startswith(("pagefind/", "admin/"))]  # admin/: the room, noindex
    assert sorted(urls) == sorted("https://example.org/" + p.removesuffix("index.html") for p in pages)
    assert len(urls) == len(set(urls))
    assert "https://example.org/" in urls and "https://example.org/etiquettes/atelier/page/2/" in urls
    robots = (run.output / "robots.txt").read_text(encoding="utf-8")
    assert robots == "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"


def test_sitemap_and_cards_follow_a_base_url_with_a_path(build_site):
    from conftest import SITE_YAML

    site = {**READER_SITE, "site.yaml": SITE_YAML.replace("https://example.org/", "https://example.org/think-small/")}
    run = build_site(site)
    assert run.code == 0, run.err
    assert "<loc>https://example.org/think-small/figures/eclairer/</loc>" in (run.output / "sitemap.xml").read_text()
    page = run.page("figures/eclairer/")
    assert '<link rel="canonical" href="https://example.org/think-small/figures/eclairer/">' in page
    assert '<meta property="og:url" content="https://example.org/think-small/figures/eclairer/">' in page
    assert 'action="/think-small/recherche/"' in page
    assert '<meta property="og:image" content="https://example.org/think-small/partage/figures/eclairer.jpg">' in page
    assert (run.output / "partage/figures/eclairer.jpg").is_file()


def test_open_graph_and_twitter_cards(build_site):
    run = build_site(READER_SITE)
    page = run.page("figures/eclairer/")
    for expected in (
        '<meta property="og:type" content="article">',
        '<meta property="og:site_name" content="Site d&#39;essai">',
        '<meta property="og:locale" content="fr_FR">',
        '<meta property="og:title" content="Éclairer">',
        '<meta property="og:url" content="https://example.org/figures/eclairer/">',
        '<meta name="twitter:card" content="summary_large_image">',  # the page's sharing card
        '<meta property="og:image" content="https://example.org/partage/figures/eclairer.jpg">',
        '<meta name="twitter:title" content="Éclairer">',
    ):
        assert expected in page
    assert '<meta property="og:type" content="website">' in run.page("index.html")


def _json_ld(page: str) -> dict:
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(script)


def test_event_pages_describe_the_event_for_search_engines(build_site):
    run = build_site(READER_SITE)
    data = _json_ld(run.page("rendez-vous/atelier-rennes/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Atelier à Rennes : petits et grands"
    assert data["startDate"] == "2016-12-15T14:00+01:00" and data["endDate"] == "2016-12-15T18:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressCountry": "FR",
            "streetAddress": "2 rue de la Mabilais",
            "addressLocality": "Rennes",
        },
        "name": "La Mabilais",
    }
    assert data["organizer"] == [{"@type": "Organization", "name": "Fing", "url": "https://fing.org/"}]
    cancelled = _json_ld(run.page("rendez-vous/reunion-annulee/"))
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled" and cancelled["startDate"] == "2016-11-20"
    assert _json_ld(run.page("rendez-vous/lancement/"))["startDate"] == "2016-06"
    assert "application/ld+json" not in run.page("figures/eclairer/")


def test_json_ld_cannot_be_broken_out_of(build_site):
    site = dict(READER_SITE)
    site["content/rendez-vous/journee-creative.md"] = """
        ---
        title: "</script><script>alert(1)</script>"
        summary: "<!-- & -->"
        start: 2016-10-20
        venue: {name: "a\\u2028b", city: "</SCRIPT >"}
        ---
    """
    run = build_site(site)
    assert run.code == 0, run.err
    page = run.page("rendez-vous/journee-creative/")
    head = page.split("</head>")[0]
    assert head.count("<script") == 1 and head.count("</script>") == 1
    assert "alert(1)</script>" not in page and "<script>alert" not in page
    data = _json_ld(page)
    assert data["name"] == "</script><script>alert(1)</script>"
    assert data["description"] == "<!-- & -->"
    assert data["location"]["name"] == "a\u2028b" and "a\\u2028b" in page
    assert data["location"]["address"]["addressLocality"] == "</SCRIPT >"
    assert '<meta property="og:title" content="&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;">' in page
