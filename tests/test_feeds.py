"""Atom feeds, parsed back with a real feed client (feedparser)."""

from __future__ import annotations

import re

import feedparser
import pytest

from reader_site import READER_SITE

BASE = "https://example.org"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from sitegen.cli import main

    from conftest import write_files

    root = write_files(tmp_path_factory.mktemp("feeds") / "site", READER_SITE)
    assert main(["--root", str(root), "--now", "2016-11-01"]) == 0
    return root / "output"


def parse(site, path):
    feed = feedparser.parse((site / path).read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def test_site_feed_lists_every_entry_newest_first(site):
    feed = parse(site, "atom.xml")
    assert feed.feed.title == "Site d'essai — toutes les publications"
    assert feed.feed.id == f"{BASE}/atom.xml"
    assert feed.feed.language == "fr"
    assert [link.href for link in feed.feed.links] == [f"{BASE}/atom.xml", f"{BASE}/"]
    titles = [e.title for e in feed.entries]
    assert titles[:5] == [
        "Atelier à Rennes : petits et grands",  # 2016-12-15
        "Réunion annulée",  # 2016-11-20
        "Ce que la journée a produit",  # 2016-10-21
        "L'ONU des données",  # born at the 2016-10-20 event: same date, then the site's order of sections
        "Journée créative",  # 2016-10-20
    ]
    assert "Lancement" in titles and "Éclairer" in titles and "Fing" in titles
    assert "À propos" not in titles  # plain pages are not publications
    assert len(titles) == 14
    assert feed.feed.updated == "2016-12-15T14:00:00+01:00"


def test_entries_carry_ids_links_dates_summaries_and_content(site):
    feed = parse(site, "atom.xml")
    rennes = feed.entries[0]
    assert rennes.id == f"{BASE}/rendez-vous/atelier-rennes/" == rennes.link
    assert rennes.published == rennes.updated == "2016-12-15T14:00:00+01:00"
    assert rennes.summary == "Un après-midi sur les écosystèmes ; qui est petit ?"
    assert rennes.summary_detail.type == "text/plain"
    content = rennes.content[0]
    assert content.type == "text/html"
    assert "jeudi 15 décembre 2016" in content.value
    assert f'<a href="{BASE}/figures/eclairer/">la figure</a>' in content.value  # absolute links
    assert "<code>a : b</code>" in content.value
    assert [t.term for t in rennes.tags] == ["atelier", "ecosystemes"]
    assert [t.label for t in rennes.tags] == ["atelier", "écosystèmes"]
    figure = next(e for e in feed.entries if e.title == "Éclairer")
    assert figure.summary == "Glose du site : Rendre visible ce qui compte."  # the site's gloss, said so
    # Undated: no publication date, and the latest date the content knows as its <updated> (Atom requires one).
    assert "published" not in figure
    assert figure.updated == max(e.updated for e in feed.entries if "published" in e) == rennes.updated


def test_section_and_tag_feeds(site):
    events = parse(site, "rendez-vous/atom.xml")
    assert events.feed.title == "Site d'essai — Rendez-vous"
    assert [e.title for e in events.entries] == [
        "Atelier à Rennes : petits et grands",
        "Réunion annulée",
        "Journée créative",
        "Lancement",
    ]
    tag = parse(site, "etiquettes/atelier/atom.xml")
    assert tag.feed.title == "Site d'essai — étiquette « atelier »"
    assert [link.href for link in tag.feed.links] == [f"{BASE}/etiquettes/atelier/atom.xml", f"{BASE}/etiquettes/atelier/"]
    assert [e.title for e in tag.entries] == [
        "Atelier à Rennes : petits et grands",
        "Réunion annulée",
        "L'ONU des données",
        "Journée créative",
    ]
    for section, titles in {
        "comptes-rendus": ["Ce que la journée a produit"],
        "figures": ["Éclairer", "Essaimage", "Proximité"],
        "imaginaires": ["Contes de fées", "Mythes"],
        "micro-histoires": ["L'ONU des données", "La femme-orchestre", "La ville dont le centre est partout"],
        "partenaires": ["Fing"],
    }.items():
        assert [e.title for e in parse(site, f"{section}/atom.xml").entries] == titles, section
    assert not (site / "pages" / "atom.xml").exists()


def _alternates(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<link rel="alternate" type="application/atom\+xml" title="([^"]*)" href="([^"]*)">', html)


def test_pages_announce_their_feeds(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert _alternates(home) == [("Site d&#39;essai — toutes les publications", "/atom.xml")]
    event = (site / "rendez-vous/atelier-rennes/index.html").read_text(encoding="utf-8")
    assert [href for _, href in _alternates(event)] == ["/atom.xml", "/rendez-vous/atom.xml"]
    tag = (site / "etiquettes/atelier/index.html").read_text(encoding="utf-8")
    assert [href for _, href in _alternates(tag)] == ["/atom.xml", "/etiquettes/atelier/atom.xml"]
    assert 'href="/etiquettes/atelier/atom.xml" type="application/atom+xml">Suivre cette étiquette</a>' in tag
    for path in ("index.html", "rendez-vous/index.html", "etiquettes/atelier/page/2/index.html", "a-propos/index.html"):
        for _, href in _alternates((site / path).read_text(encoding="utf-8")):
            assert (site / href.lstrip("/")).is_file()


def test_hostile_titles_stay_text(build_site):
    # (Control characters never reach the feed: the reader refuses them, see tests/test_hostile_files.py.)
    site = dict(READER_SITE)
    site["content/figures/essaimage.md"] = """
        ---
        title: "</title><script>alert(1)</script> &"
        family: chemins-pour-les-petits
        definition: "]]> <!-- &amp;"
        ---
    """
    run = build_site(site)
    assert run.code == 0, run.err
    feed = feedparser.parse((run.output / "figures/atom.xml").read_bytes())
    assert feed.bozo == 0
    entry = next(e for e in feed.entries if e.summary.endswith("]]> <!-- &amp;"))
    assert entry.title == "</title><script>alert(1)</script> &"
    assert entry.summary == "Glose du site : ]]> <!-- &amp;"


def test_a_feed_keeps_the_fifty_newest_entries(build_site):
    from datetime import date, timedelta

    first = date(2016, 1, 1)
    site = {
        f"content/rendez-vous/r{day:02d}.md": f"---\ntitle: Rendez-vous {day:02d}\nstart: {first + timedelta(days=day)}\n---\n"
        for day in range(51)
    }
    run = build_site(site)
    assert run.code == 0, run.err
    newest_first = [f"Rendez-vous {day:02d}" for day in range(50, 0, -1)]  # the oldest, "Rendez-vous 00", is left out
    for path in ("atom.xml", "rendez-vous/atom.xml"):
        feed = feedparser.parse((run.output / path).read_bytes())
        assert feed.bozo == 0, path
        assert [e.title for e in feed.entries] == newest_first, path


GOLDEN_SITE = {
    "content/rendez-vous/atelier.md": (
        "---\ntitle: Atelier\nsummary: Qui est petit ?\nstart: 2016-12-15 14:00\ntags: [Atelier]\n---\n"
        "Un *texte* et [la figure](../figures/eclairer.md).\n"
    ),
    "content/comptes-rendus/bilan.md": "---\ntitle: Bilan\ndate: 2016-12-20\nevent: atelier\n---\nLe bilan.\n",  # its own date
    "content/micro-histoires/recit.md": "---\ntitle: Récit\nstatus: complete\nevent: atelier\n---\n",  # its event's date
    "content/figures/eclairer.md": "---\ntitle: Éclairer\nfamily: forces-du-petit\ndefinition: Rendre visible.\n---\n",
}

GOLDEN_ATOM = """\
<?xml version='1.0' encoding='utf-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr" xml:base="https://example.org/">
  <id>https://example.org/atom.xml</id>
  <title>Site d'essai — toutes les publications</title>
  <subtitle>Un cycle de prospective</subtitle>
  <updated>2016-12-20T00:00:00+01:00</updated>
  <link rel="self" type="application/atom+xml" href="https://example.org/atom.xml" />
  <link rel="alternate" type="text/html" href="https://example.org/" />
  <author>
    <name>Site d'essai</name>
  </author>
  <entry>
    <id>https://example.org/comptes-rendus/bilan/</id>
    <title>Bilan</title>
    <link rel="alternate" type="text/html" href="https://example.org/comptes-rendus/bilan/" />
    <published>2016-12-20T00:00:00+01:00</published>
    <updated>2016-12-20T00:00:00+01:00</updated>
    <content type="html">&lt;p&gt;Le bilan.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>https://example.org/micro-histoires/recit/</id>
    <title>Récit</title>
    <link rel="alternate" type="text/html" href="https://example.org/micro-histoires/recit/" />
    <published>2016-12-15T14:00:00+01:00</published>
    <updated>2016-12-15T14:00:00+01:00</updated>
  </entry>
  <entry>
    <id>https://example.org/rendez-vous/atelier/</id>
    <title>Atelier</title>
    <link rel="alternate" type="text/html" href="https://example.org/rendez-vous/atelier/" />
    <published>2016-12-15T14:00:00+01:00</published>
    <updated>2016-12-15T14:00:00+01:00</updated>
    <category term="atelier" label="Atelier" scheme="https://example.org/etiquettes/atelier/" />
    <summary type="text">Qui est petit ?</summary>
    <content type="html">&lt;p&gt;&lt;time datetime="2016-12-15T14:00+01:00"&gt;jeudi 15 décembre 2016 à 14 h 00&lt;/time&gt;&lt;/p&gt;
&lt;p&gt;Un &lt;em&gt;texte&lt;/em&gt; et &lt;a href="https://example.org/figures/eclairer/"&gt;la figure&lt;/a&gt;.&lt;/p&gt;</content>
  </entry>
  <entry>
    <id>https://example.org/figures/eclairer/</id>
    <title>Éclairer</title>
    <link rel="alternate" type="text/html" href="https://example.org/figures/eclairer/" />
    <updated>2016-12-20T00:00:00+01:00</updated>
    <summary type="text">Glose du site : Rendre visible.</summary>
  </entry>
</feed>
"""


def test_the_site_feed_is_exactly_this_atom_document(build_site):
    # feedparser forgives wrong element names, attributes and links: the exact bytes do not.
    from conftest import SITE_YAML

    run = build_site({**GOLDEN_SITE, "site.yaml": SITE_YAML + 'description: "Un  cycle\\n de prospective"\n'})
    assert run.code == 0, run.err
    assert (run.output / "atom.xml").read_text(encoding="utf-8") == GOLDEN_ATOM
    tag = (run.output / "etiquettes/atelier/atom.xml").read_text(encoding="utf-8")
    assert tag.splitlines()[2:8] == [
        "  <id>https://example.org/etiquettes/atelier/atom.xml</id>",
        "  <title>Site d'essai — étiquette « Atelier »</title>",
        "  <subtitle>Un cycle de prospective</subtitle>",
        "  <updated>2016-12-15T14:00:00+01:00</updated>",
        '  <link rel="self" type="application/atom+xml" href="https://example.org/etiquettes/atelier/atom.xml" />',
        '  <link rel="alternate" type="text/html" href="https://example.org/etiquettes/atelier/" />',
    ]
    section = (run.output / "comptes-rendus/atom.xml").read_text(encoding="utf-8")
    assert section.splitlines()[2:4] == [
        "  <id>https://example.org/comptes-rendus/atom.xml</id>",
        "  <title>Site d'essai — Comptes-rendus</title>",
    ]
    assert '<link rel="alternate" type="text/html" href="https://example.org/comptes-rendus/" />' in section


def test_a_site_without_any_date_has_a_fixed_feed_date(build_site):
    run = build_site({"content/figures/eclairer.md": GOLDEN_SITE["content/figures/eclairer.md"]})
    assert run.code == 0, run.err
    feed = (run.output / "atom.xml").read_text(encoding="utf-8")
    assert feed.count("2000-01-01T00:00:00+01:00") == 2  # the feed's updated and the entry's: no published
    assert "<subtitle>" not in feed  # no description in site.yaml


def test_feeds_state_the_licence_of_the_content(build_site):
    from conftest import SITE_YAML

    licence = 'licence: {name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/"}\n'
    run = build_site({**GOLDEN_SITE, "site.yaml": SITE_YAML + licence})
    assert run.code == 0, run.err
    for path in ("atom.xml", "figures/atom.xml", "etiquettes/atelier/atom.xml"):
        feed = feedparser.parse((run.output / path).read_bytes())
        assert feed.feed.rights == "Contenus sous licence CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)", path
    bare = build_site(GOLDEN_SITE, root=run.root.parent / "bare")
    assert "<rights>" not in (bare.output / "atom.xml").read_text(encoding="utf-8")  # no licence declared: none claimed
