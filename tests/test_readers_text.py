"""What readers are told about the cycle's work: the booklet, glosses, sources, inferred dates, calendars, licence."""

from __future__ import annotations

import json
import re

import mf2py

from conftest import PROJECT, SITE_YAML

BOOKLET = """\
booklet:
  title: Le livret
  url: https://fing.org/livret.html
  pages: 74
  approximate_pages: true
"""
LICENCE = 'licence: {name: "CC BY 4.0", url: "https://creativecommons.org/licenses/by/4.0/"}\n'
STORY = "---\ntitle: L'ONU des données\nstatus: complete\nbooklet_page: {page}\n---\nUne histoire.\n"
FIGURE = "---\ntitle: Éclairer\nfamily: forces-du-petit\ndefinition: Rendre visible.\n{more}---\n"


def _text(html: str) -> str:
    """What a reader reads: the text between tags, attributes and URLs left out."""
    body = html.split("<body>", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def test_a_story_links_to_its_page_of_the_booklet(build_site):
    run = build_site({"site.yaml": SITE_YAML + BOOKLET, "content/micro-histoires/onu.md": STORY.format(page=36)})
    assert run.code == 0, run.err
    page = run.page("micro-histoires/onu/")
    assert (
        '<p class="booklet-link"><a href="https://fing.org/livret.html">Lire cette histoire dans le livret '
        '«&#8239;Le livret&#8239;»</a>, p.&nbsp;36 <span class="note">environ</span></p>'
    ) in page
    exact = build_site(
        {"site.yaml": SITE_YAML + BOOKLET.replace("true", "false"), "content/micro-histoires/onu.md": STORY.format(page=36)},
        root=run.root.parent / "exact",
    )
    assert "p.&nbsp;36</p>" in exact.page("micro-histoires/onu/")  # numbers known exactly: no « environ »


def test_a_booklet_page_needs_the_booklet_and_lies_within_it(build_site):
    run = build_site({"content/micro-histoires/onu.md": STORY.format(page=36)}, "check")
    assert run.code == 1
    assert run.problems[0] == (
        "content/micro-histoires/onu.md:4: booklet_page: page du livret indiquée, mais aucun livret n'est décrit — "
        "ajoutez « booklet: » (title, url) dans site.yaml, ou supprimez ce champ"
    )
    beyond = build_site(
        {"site.yaml": SITE_YAML + BOOKLET, "content/micro-histoires/onu.md": STORY.format(page=80)},
        "check",
        root=run.root.parent / "beyond",
    )
    assert beyond.problems[0] == (
        "content/micro-histoires/onu.md:4: booklet_page: page 80 au-delà de la fin du livret (74 pages, réglage "
        "booklet.pages de site.yaml) — corrigez le numéro de page"
    )


def test_production_notes_are_one_sources_note_apart_from_the_text(build_site):
    note = 'sources: "Glose rédigée pour ce site.\\n\\nRangement d\'après les notes de 2018."\n'
    run = build_site({"content/figures/eclairer.md": FIGURE.format(more=note) + "Le texte.\n"})
    assert run.code == 0, run.err
    page = run.page("figures/eclairer/")
    assert page.count('class="sources-note"') == 1
    prose = page.split('<div class="prose">')[1].split("</div>")[0]
    assert "Glose rédigée" not in prose  # the reading text stays the entry's own
    aside = page.split('<aside class="sources-note"')[1].split("</aside>")[0]
    assert 'aria-labelledby="note-sources" data-pagefind-ignore>' in aside  # discreet: not in search excerpts
    assert '<h2 id="note-sources">Sources</h2>' in aside
    assert "<p>Glose rédigée pour ce site.</p>" in aside and "<p>Rangement d’après les notes de 2018.</p>" in aside
    bare = build_site({"content/figures/eclairer.md": FIGURE.format(more="")}, root=run.root.parent / "bare")
    assert "sources-note" not in bare.page("figures/eclairer/")


def test_glosses_are_labelled_as_the_sites_wherever_they_appear(build_site):
    site = {
        "content/figures/eclairer.md": FIGURE.format(more=""),
        "content/figures/pulser.md": FIGURE.format(more="definition_by: cycle\n")
        .replace("Éclairer", "Pulser")
        .replace("Rendre visible.", "Battre la mesure."),
        "content/comptes-rendus/bilan.md": "---\ntitle: Bilan\ndate: 2016-10-20\nfigures: [eclairer]\n---\n",
    }
    run = build_site(site)
    assert run.code == 0, run.err
    label = '<span class="gloss-label">Glose du site&#8239;:</span> Rendre visible.'
    for path in ("", "figures/", "figures/eclairer/"):  # the home page's map, the index's table, the figure itself
        page = run.page(path)
        assert label in page or path == "", path  # the home page's map shows titles only
        assert page.count("Rendre visible.") == page.count(label), path  # never without its label
    lead = run.page("figures/pulser/").split('<p class="definition-lead">')[1].split("</p>")[0]
    assert "Glose du site" not in lead and "Battre la mesure." in lead  # the cycle's own words: no label


def test_a_family_added_by_the_site_says_so(build_site):
    families = SITE_YAML.replace(
        "  - {id: chemins-pour-les-petits, name: Chemins pour les petits}",
        "  - {id: chemins-pour-les-petits, name: Chemins pour les petits}\n"
        "  - {id: nees-des-ateliers, name: Nées des ateliers, added_by_site: true}",
    )
    site = {
        "site.yaml": families,
        "content/figures/eclairer.md": FIGURE.format(more="").replace("forces-du-petit", "nees-des-ateliers"),
        "content/figures/proximite.md": FIGURE.format(more="").replace("Éclairer", "Proximité"),
    }
    run = build_site(site)
    assert run.code == 0, run.err
    mark = 'Nées des ateliers <span class="note">(famille ajoutée par ce site)</span>'
    assert mark in run.page("figures/") and mark in run.page("figures/eclairer/")
    assert "Forces du petit <span" not in run.page("figures/")  # the cycle's families carry no mark
    assert "ajoutée par ce site" not in run.page("figures/proximite/")


def test_a_report_marks_an_inferred_year_and_an_approximate_count(build_site):
    report = "---\ntitle: Bilan\ndate: 2016-10-20\ndate_inferred: true\nparticipants: 50\nparticipants_approximate: true\n---\n"
    run = build_site({"content/comptes-rendus/bilan.md": report})
    assert run.code == 0, run.err
    page = run.page("comptes-rendus/bilan/")
    assert 'Séance du <time datetime="2016-10-20">jeudi 20 octobre 2016</time> <span class="note">(année déduite)</span>' in page
    assert "<dt>Participants</dt>\n  <dd>environ 50</dd>" in page
    assert '<span class="note">(année déduite)</span>' in run.page("comptes-rendus/")  # its card too
    exact = build_site(
        {"content/comptes-rendus/bilan.md": "---\ntitle: Bilan\ndate: 2016-10-20\nparticipants: 50\n---\n"},
        root=run.root.parent / "exact",
    )
    page = exact.page("comptes-rendus/bilan/")
    assert "<dd>50</dd>" in page and "année déduite" not in page


def test_no_edit_link_unless_the_repository_is_set(build_site):
    run = build_site({"content/pages/a-propos.md": "---\ntitle: À propos\n---\n"})
    assert run.code == 0, run.err
    assert "Proposer une modification" not in run.page("a-propos/")
    assert "edit_url:" not in (PROJECT / "site.yaml").read_text(encoding="utf-8").replace("# edit_url:", "")


def _copy_of_the_project_settings(tmp_path, files: dict[str, str]) -> dict[str, str]:
    """The project's own site.yaml (its French labels), with `files` as content."""
    return {"site.yaml": (PROJECT / "site.yaml").read_text(encoding="utf-8").replace("footer: [", "# footer: ["), **files}


def test_the_sites_own_words_say_compte_rendu(build_site, tmp_path):
    files = {
        "content/rendez-vous/atelier.md": "---\ntitle: Atelier\nstart: 2016-12-15\n---\n",
        "content/comptes-rendus/bilan.md": "---\ntitle: Bilan\ndate: 2016-12-15\nevent: atelier\nfigures: [eclairer]\n---\n",
        "content/figures/eclairer.md": FIGURE.format(more=""),
        "content/partenaires/fing.yaml": "title: Fing\n",
        "content/pages/a-propos.md": "---\ntitle: À propos\n---\n",  # the menu's pages
        "content/pages/contribuer.md": "---\ntitle: Contribuer\n---\n",
    }
    run = build_site(_copy_of_the_project_settings(tmp_path, files))
    assert run.code == 0, run.err
    pages = sorted(run.output.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        text = _text(path.read_text(encoding="utf-8"))
        assert not re.search(r"comptes?-rendus?", text, re.IGNORECASE), path
    assert "Comptes rendus de ce rendez-vous" in _text(run.page("rendez-vous/atelier/"))


def test_tag_pages_never_split_a_section(build_site):
    site = {"site.yaml": SITE_YAML + "page_size: 3\n"}
    for n in range(2):
        site[f"content/rendez-vous/r{n}.md"] = f"---\ntitle: R{n}\nstart: 2016-12-1{n}\ntags: [ville]\n---\n"
        site[f"content/figures/f{n}.md"] = f"---\ntitle: F{n}\nfamily: forces-du-petit\ndefinition: d\ntags: [ville]\n---\n"
    run = build_site(site)
    assert run.code == 0, run.err
    first, second = run.page("etiquettes/ville/"), run.page("etiquettes/ville/page/2/")
    # 2 events then 2 figures, 3 per page: cut by section (2 + 2), not by count (3 + 1).
    assert "/rendez-vous/r0/" in first and "/rendez-vous/r1/" in first and "/figures/" not in first.split("<main")[1]
    assert "/figures/f0/" in second and "/figures/f1/" in second and "/rendez-vous/r" not in second.split("<main")[1]
    assert "4 entrées, page 1 sur 2." in first


def test_paginate_groups_packs_whole_groups_and_cuts_only_a_group_longer_than_a_page():
    from sitegen.site.navigation import paginate_groups

    pages = paginate_groups([[1, 2], [3], [4, 5, 6, 7, 8], [9]], 3, "/t/")
    assert [list(p.items) for p in pages] == [[1, 2, 3], [4, 5, 6], [7, 8, 9]]
    assert [p.url for p in pages] == ["/t/", "/t/page/2/", "/t/page/3/"]
    assert [list(p.items) for p in paginate_groups([], 3, "/t/")] == [[]]


def test_an_imaginary_card_does_not_repeat_its_title_as_its_label(build_site):
    site = {
        "content/imaginaires/contes.md": "---\ntitle: Contes de fées\nkind: conte\n---\n",
        "content/imaginaires/poucet.md": "---\ntitle: Le petit Poucet\nkind: conte\n---\n",
    }
    run = build_site(site)
    assert run.code == 0, run.err
    index = run.page("imaginaires/")
    contes = index.split('href="/imaginaires/contes/"')[1].split("</article>")[0]
    poucet = index.split('href="/imaginaires/poucet/"')[1].split("</article>")[0]
    assert 'class="meta"' not in contes  # « Conte de fées » on « Contes de fées » says nothing more
    assert '<p class="meta">Conte de fées</p>' in poucet


EVENTS = {
    "content/rendez-vous/passe.md": "---\ntitle: Passé\nstart: 2016-10-20\n---\n",
    "content/rendez-vous/a-venir.md": "---\ntitle: À venir\nstart: 2016-12-15 14:00\nend: 2016-12-15 18:00\n"
    "venue: {name: La Mabilais, city: Rennes}\nsummary: Un après-midi.\n---\n",
    "content/rendez-vous/annule.md": "---\ntitle: Annulé\nstart: 2016-12-20\ncancelled: true\n---\n",
    "content/rendez-vous/annule-passe.md": "---\ntitle: Annulé passé\nstart: 2016-09-20\ncancelled: true\n---\n",
}


def test_only_upcoming_events_offer_to_be_added_to_a_calendar(build_site):
    run = build_site(EVENTS)  # --now 2016-11-01
    assert run.code == 0, run.err
    assert "Ajouter à mon agenda" in run.page("rendez-vous/a-venir/")
    assert "Mettre à jour mon agenda" in run.page("rendez-vous/annule/")
    for past in ("rendez-vous/passe/", "rendez-vous/annule-passe/"):
        page = run.page(past)
        assert "add-to-calendar" not in page and ".ics" not in page.split("<main")[1].split("<footer")[0], past


def test_the_cycles_calendar_can_be_subscribed_to(build_site):
    run = build_site(EVENTS)
    index = run.page("rendez-vous/")
    assert '<a href="/agenda.ics" type="text/calendar" download>' in index
    assert '<a class="subscribe-calendar" href="webcal://example.org/agenda.ics">' in index
    assert 'href="webcal://example.org/agenda.ics">S’abonner à l’agenda</a>' in run.page("")  # the footer of every page
    bare = build_site({"content/pages/a-propos.md": "---\ntitle: À propos\n---\n"}, root=run.root.parent / "bare")
    assert "webcal:" not in bare.page("a-propos/")  # no event, no calendar


def test_event_pages_carry_an_h_event(build_site):
    run = build_site(EVENTS)
    data = mf2py.parse(doc=run.page("rendez-vous/a-venir/"), url="https://example.org/rendez-vous/a-venir/")
    events = [item for item in data["items"] if "h-event" in item["type"]]
    assert len(events) == 1
    found = events[0]["properties"]
    assert found["name"] == ["À venir"]
    assert found["summary"] == ["Un après-midi."]
    assert found["start"] == ["2016-12-15T14:00+0100"]  # (mf2py writes the offset without its colon)
    assert found["end"] == ["2016-12-15T18:00+0100"]
    assert found["location"] == ["La Mabilais, Rennes"]
    assert found["url"] == ["https://example.org/rendez-vous/a-venir/"]
    day = mf2py.parse(doc=run.page("rendez-vous/passe/"))
    assert [i["properties"]["start"] for i in day["items"] if "h-event" in i["type"]] == [["2016-10-20"]]
    other = mf2py.parse(doc=run.page(""))
    assert not [i for i in other["items"] if "h-event" in i["type"]]  # only an event's own page is one


def test_the_licence_is_announced_where_it_belongs(build_site):
    run = build_site({"site.yaml": SITE_YAML + LICENCE, **EVENTS})
    assert run.code == 0, run.err
    url = "https://creativecommons.org/licenses/by/4.0/"
    for path in ("", "rendez-vous/a-venir/", "etiquettes/"):
        page = run.page(path)
        assert f'<link rel="license" href="{url}">' in page, path
        assert f'<a rel="license" href="{url}" hreflang="fr">CC BY 4.0</a>' in page, path
    ld = run.page("rendez-vous/a-venir/").split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert json.loads(ld)["license"] == url
    bare = build_site(EVENTS, root=run.root.parent / "bare")
    assert 'rel="license"' not in bare.page("") and '"license"' not in bare.page("rendez-vous/a-venir/")


def test_footer_pages_come_from_site_yaml(build_site):
    site = {
        "site.yaml": SITE_YAML + "footer: [mentions-legales, accessibilite]\n",
        "content/pages/mentions-legales.md": "---\ntitle: Mentions légales\n---\n",
        "content/pages/accessibilite.md": "---\ntitle: Accessibilité\n---\n",
    }
    run = build_site(site)
    assert run.code == 0, run.err
    footer = run.page("").split('<ul class="footer-links">')[1].split("</ul>")[0]
    assert re.findall(r'<a href="([^"]+)"', footer) == ["/mentions-legales/", "/accessibilite/"]
    missing = build_site({"site.yaml": SITE_YAML + "footer: [mentions]\n"}, "check", root=run.root.parent / "missing")
    assert missing.problems[0] == (
        "site.yaml:20: footer: page de pied de page inconnue « mentions » — indiquez le slug d'une page de content/pages/ : —"
    )


def test_a_pictures_credit_and_licence_show_in_the_gallery(build_site):
    from reader_site import picture

    entry = (
        "---\ntitle: Panneau\nkind: conte\nimages:\n  - src: p.jpg\n    alt: Un panneau\n"
        "    credit: Lucile Picon\n    licence: CC BY 4.0\n---\n"
    )
    run = build_site({"content/imaginaires/panneau.md": entry, "content/imaginaires/p.jpg": picture(800, 600)})
    assert run.code == 0, run.err
    credit = '<span class="picture-credit">Image : Lucile Picon, licence CC BY 4.0</span>'
    assert credit.replace(" :", "\u202f:") in run.page("imaginaires/")
    assert credit.replace(" :", "\u202f:") in run.page("imaginaires/panneau/")


def test_real_footer_pages_and_booklet_links_hold_for_any_content(real_site):
    """Whatever the content: each footer page of site.yaml is linked from every page; each story with a page links the booklet."""
    import yaml

    from real_site import entries_of

    root, output = real_site
    settings = yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8"))
    for page in (output / "index.html", output / "404.html"):
        footer = page.read_text(encoding="utf-8").split("<footer", 1)[1]
        for slug in settings.get("footer", []):
            assert f'<li><a href="/{slug}/"' in footer, (page, slug)
    for entry in entries_of(root):
        if entry["type"] == "story" and entry["published"] and entry["data"].get("booklet_page"):
            page = (output / entry["url"].strip("/") / "index.html").read_text(encoding="utf-8")
            assert f'<a href="{settings["booklet"]["url"]}">' in page, entry["url"]
            assert f"p.&nbsp;{entry['data']['booklet_page']}" in page, entry["url"]


def test_real_event_pages_are_h_events_and_past_ones_offer_no_calendar(real_site):
    """Whatever the content: each published event page is one h-event named by its title, starting on its date."""
    from real_site import NOW, entries_of

    root, output = real_site
    for entry in entries_of(root):
        if entry["type"] != "event" or not entry["published"]:
            continue
        html = (output / entry["url"].strip("/") / "index.html").read_text(encoding="utf-8")
        [event] = [i for i in mf2py.parse(doc=html)["items"] if "h-event" in i["type"]]
        assert event["properties"]["start"][0][:7] == str(entry["data"]["start"])[:7], entry["url"]
        assert event["properties"]["name"][0].replace("\u202f", " ").replace("’", "'") == entry["data"]["title"].replace(
            "’", "'"
        ).replace("\u202f", " ")
        past = str(entry["data"].get("end") or entry["data"]["start"])[:10] < NOW
        assert ("Ajouter à mon agenda" in html) == (not past and entry["data"].get("cancelled") != "true"), entry["url"]
