"""Small sites written inline, built, and checked on their output."""

from __future__ import annotations

import hashlib
import re

from conftest import run_command

SMALL_SITE = {
    "content/partenaires/fing.yaml": """
        title: Fing
        url: https://fing.org/
    """,
    "content/rendez-vous/atelier-rennes.md": """
        ---
        title: Atelier à Rennes
        start: 2016-12-15 14:00
        end: 2016-12-15 18:00
        venue: {name: La Mabilais, address: 2 rue de la Mabilais, city: Rennes}
        partners: [fing]
        programme:
          - {time: "14:00", title: Accueil café}
        tags: [Petite échelle]
        ---
        Un atelier, voir [la figure](../figures/Éclairer.md#sens).
    """,
    "content/rendez-vous/lancement.md": """
        ---
        title: Lancement
        start: 2016-06-01
        date_precision: month
        date_inferred: true
        tags: [petite-echelle, Lancement]
        ---
    """,
    "content/comptes-rendus/journee.md": """
        ---
        title: La journée du 20 octobre
        date: 2016-10-20
        event: lancement
        participants: 50
        partners: [fing]
        figures: [eclairer]
        ---
        ## Les questions des partenaires

        Texte[^1].

        [^1]: Une note.
    """,
    "content/figures/Éclairer.md": """
        ---
        title: Éclairer
        family: forces-du-petit
        definition: Rendre visible.
        related: [essaimage]
        ---
    """,
    "content/figures/essaimage.md": """
        ---
        title: Essaimage
        family: chemins-pour-les-petits
        definition: Se répliquer ailleurs.
        ---
    """,
    "content/imaginaires/contes.md": """
        ---
        title: Contes de fées
        kind: conte
        credits: [Une autrice, Un auteur]
        figures: [eclairer]
        ---
    """,
    "content/micro-histoires/onu.md": """
        ---
        title: L'ONU des données
        status: complete
        event: lancement
        figures: [essaimage]
        ---
    """,
    "content/pages/a-propos.yaml": """
        title: À propos
        body: |
          | a | b |
          |---|---|
          | 1 | 2 |
    """,
}


def test_builds_every_page_kind(build_site):
    run = build_site(SMALL_SITE)
    assert run.code == 0, run.err
    assert run.err == ""
    expected = [
        "index.html",
        "404.html",
        "static/style.css",
        "a-propos/index.html",
        "rendez-vous/index.html",
        "rendez-vous/atelier-rennes/index.html",
        "rendez-vous/lancement/index.html",
        "comptes-rendus/index.html",
        "comptes-rendus/journee/index.html",
        "figures/index.html",
        "figures/eclairer/index.html",
        "figures/essaimage/index.html",
        "imaginaires/index.html",
        "imaginaires/contes/index.html",
        "micro-histoires/index.html",
        "micro-histoires/onu/index.html",
        "partenaires/index.html",
        "partenaires/fing/index.html",
        "etiquettes/index.html",
        "etiquettes/petite-echelle/index.html",
        "etiquettes/lancement/index.html",
        "recherche/index.html",
        "admin/index.html",  # the editing room (tests/test_room.py)
        "admin/decap-cms.js",
    ]
    missing = [path for path in expected if not (run.output / path).is_file()]
    assert missing == []
    assert run.out.startswith("Site construit : 22 pages écrites dans output/ en ")


def test_summary_counts_pages_and_check_writes_nothing(build_site):
    run = build_site(SMALL_SITE, "check")
    assert run.code == 0
    assert run.out.startswith("Contenu vérifié") and " 9 entrées, " in run.out
    assert not run.output.exists()


def test_pages_are_french_and_dates_are_in_words(build_site):
    run = build_site(SMALL_SITE)
    event = run.page("rendez-vous/atelier-rennes/")
    assert '<html lang="fr">' in event
    assert (
        'jeudi 15 décembre 2016, de <time datetime="2016-12-15T14:00+01:00">14 h 00</time>'
        ' à <time datetime="2016-12-15T18:00+01:00">18 h 00</time>'
    ) in event
    assert "La Mabilais, 2 rue de la Mabilais, Rennes" in event
    launch = run.page("rendez-vous/lancement/")
    assert '<time datetime="2016-06">juin 2016</time> <span class="note">(année déduite' in launch
    assert 'Séance du <time datetime="2016-10-20">jeudi 20 octobre 2016</time>' in run.page("comptes-rendus/journee/")


def test_events_split_by_now(build_site):
    run = build_site(SMALL_SITE)
    index = run.page("rendez-vous/")
    upcoming, past = index.split('id="passes"')
    assert "Atelier à Rennes" in upcoming and "Lancement" not in upcoming
    assert "Lancement" in past
    later = build_site({}, "--now", "2017-01-01")  # same site, a later day
    assert "Aucun rendez-vous n'est annoncé" in later.page("rendez-vous/").split('id="passes"')[0]


def test_cross_references_go_both_ways(build_site):
    run = build_site(SMALL_SITE)
    figure = run.page("figures/eclairer/")
    for title in ("Contes de fées", "La journée du 20 octobre", "Essaimage"):
        assert title in figure
    assert "Éclairer" in run.page("figures/essaimage/")  # `related` is symmetric
    launch = run.page("rendez-vous/lancement/")
    assert 'href="/comptes-rendus/journee/"' in launch and 'href="/micro-histoires/onu/"' in launch
    partner = run.page("partenaires/fing/")
    assert 'href="/rendez-vous/atelier-rennes/"' in partner and 'href="/comptes-rendus/journee/"' in partner


def test_links_by_source_path_become_urls(build_site):
    run = build_site(SMALL_SITE)
    assert '<a href="/figures/eclairer/#sens">la figure</a>' in run.page("rendez-vous/atelier-rennes/")


def test_markdown_extensions(build_site):
    run = build_site(SMALL_SITE)
    report = run.page("comptes-rendus/journee/")
    assert '<h2 id="les-questions-des-partenaires">' in report
    assert 'class="footnote"' in report
    assert "<table>" in run.page("a-propos/")


def test_tags_are_normalised_across_spellings(build_site):
    run = build_site(SMALL_SITE)
    tag = run.page("etiquettes/petite-echelle/")
    assert "<h1>Petite échelle</h1>" in tag  # one use each: the first spelling in alphabetical order ("P" < "p")
    assert "<h1>petite-echelle</h1>" not in tag
    assert "Atelier à Rennes" in tag and "Lancement" in tag
    assert "2 entrées" in tag
    index = run.page("etiquettes/")
    assert 'href="/etiquettes/petite-echelle/"' in index and "(2<span" in index


def test_a_tag_is_shown_in_its_most_used_spelling(build_site):
    site = {
        **SMALL_SITE,
        "content/figures/essaimage.md": """
            ---
            title: Essaimage
            family: chemins-pour-les-petits
            definition: Se répliquer ailleurs.
            tags: [petite-echelle]
            ---
        """,
    }
    run = build_site(site)
    assert run.code == 0, run.err
    tag = run.page("etiquettes/petite-echelle/")
    assert (
        '<h1><span class="nowrap">petite-echelle</span></h1>' in tag
    )  # two uses against one, though "Petite échelle" sorts first
    assert "<h1>Petite échelle</h1>" not in tag
    assert "3 entrées" in tag


def test_figure_table_groups_by_family(build_site):
    run = build_site(SMALL_SITE)
    table = run.page("figures/")
    assert "Tableau des dynamiques de transformation de la petite échelle" in table
    forces, chemins = table.split('id="famille-chemins-pour-les-petits"')
    assert "Éclairer" in forces and "Essaimage" in chemins


def test_values_are_escaped(build_site):
    site = dict(SMALL_SITE)
    site["content/figures/essaimage.md"] = """
        ---
        title: "</a><script>alert(1)</script>"
        family: chemins-pour-les-petits
        definition: '" onmouseover="x'
        ---
    """
    run = build_site(site)
    page = run.page("figures/essaimage/")
    assert "<script>alert" not in page
    assert "&lt;/a&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert '" onmouseover="x' not in page


def test_same_input_gives_identical_bytes(build_site, tmp_path):
    first = build_site(SMALL_SITE, root=tmp_path / "a")
    second = build_site(SMALL_SITE, root=tmp_path / "b")

    def digest(run):
        return {
            p.relative_to(run.output).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(run.output.rglob("*"))
            if p.is_file()
        }

    assert first.code == second.code == 0
    assert digest(first) == digest(second)


def test_failed_build_leaves_previous_output_whole(build_site):
    good = build_site(SMALL_SITE)
    before = {p: p.read_bytes() for p in good.output.rglob("*") if p.is_file()}
    bad = build_site({"content/figures/essaimage.md": "---\ntitle: x\n---\n"})
    assert bad.code == 1
    after = {p: p.read_bytes() for p in bad.output.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in bad.root.iterdir() if p.name.startswith(".output") and p.name != ".output.spare"] == []


def test_base_url_with_a_path_prefixes_every_link(build_site):
    from conftest import SITE_YAML

    run = build_site({**SMALL_SITE, "site.yaml": SITE_YAML.replace("https://example.org/", "https://example.org/think-small")})
    assert run.code == 0, run.err
    home = run.page("index.html")
    assert 'href="/think-small/static/style.css"' in home
    assert 'href="/think-small/rendez-vous/atelier-rennes/"' in home
    assert '<link rel="canonical" href="https://example.org/think-small/">' in home


def test_command_line_exit_codes(tmp_path):
    from conftest import write_files

    root = write_files(
        tmp_path / "site", {"content/figures/x.md": "---\ntitle: X\nfamily: forces-du-petit\ndefinition: d\n---\n"}
    )
    ok = run_command("--root", str(root), "--now", "2016-11-01")
    assert ok.returncode == 0, ok.stderr
    usage = run_command("publish", "--root", str(root))
    assert usage.returncode == 2
    bad_now = run_command("--root", str(root), "--now", "15/12/2016")
    assert bad_now.returncode == 2
    assert "date invalide pour --now « 15/12/2016 » — écrivez AAAA-MM-JJ" in bad_now.stderr
    (root / "content/figures/x.md").write_text("---\ntitle: X\nfamily: forces\ndefinition: d\n---\n", encoding="utf-8")
    problems = run_command("--root", str(root), "--now", "2016-11-01")
    assert problems.returncode == 1
    assert "Traceback" not in problems.stderr
    assert problems.stderr.splitlines() == [
        "content/figures/x.md:3: family: famille inconnue « forces »"
        " (vouliez-vous dire « forces-du-petit » ?) — les valeurs possibles sont : forces-du-petit, chemins-pour-les-petits",
    ]


def test_entries_are_ordered_newest_first_to_the_minute_then_alphabetically(build_site):
    from conftest import SITE_YAML

    run = build_site(
        {
            "site.yaml": SITE_YAML.replace("menu: [rendez-vous, figures]", "menu: [rendez-vous, a-propos]"),
            "content/rendez-vous/matin.md": "---\ntitle: A le matin\nstart: 2016-12-15 09:00\ntags: [t]\n---\n",
            "content/rendez-vous/apres-midi.md": "---\ntitle: B l'après-midi\nstart: 2016-12-15 14:00\ntags: [t]\n---\n",
            "content/comptes-rendus/bilan.md": "---\ntitle: Zèbre bilan\ndate: 2016-12-16\ntags: [t]\n---\n",
            "content/comptes-rendus/ancien.md": "---\ntitle: Aardvark ancien\ndate: 2016-01-16\ntags: [t]\n---\n",
            "content/figures/f.md": "---\ntitle: Figure\nfamily: forces-du-petit\ndefinition: d\ntags: [t, T]\n---\n",
            "content/pages/a-propos.md": "---\ntitle: À propos\n---\n",  # a page in the menu
        }
    )
    assert run.code == 0, run.err
    tag = run.page("etiquettes/t/")
    # By section, newest first: 14:00 before 09:00 on the same day, 16 December before 16 January, whatever the titles.
    assert re.findall(r'class="card-title"><a href="([^"]+)"', tag) == [
        "/rendez-vous/apres-midi/",
        "/rendez-vous/matin/",
        "/comptes-rendus/bilan/",
        "/comptes-rendus/ancien/",
        "/figures/f/",
    ]
    assert "5 entrées" in tag  # the figure tagged « t » and « T » counts once
    assert re.findall(r'class="card-title"><a href="([^"]+)"', run.page("comptes-rendus/")) == [
        "/comptes-rendus/bilan/",
        "/comptes-rendus/ancien/",
    ]
    assert '<li><a href="/rendez-vous/">Rendez-vous</a></li>\n        <li><a href="/a-propos/">À propos</a></li>' in run.page(
        "index.html"
    )


def test_an_entry_cannot_take_the_address_of_a_generated_page(build_site):
    run = build_site(
        {
            "content/pages/r.md": "---\ntitle: R\nslug: recherche\n---\n",
            "content/pages/e.md": "---\ntitle: E\nslug: etiquettes\n---\n",
        },
        "check",
    )
    assert run.code == 1
    fix = " — changez le nom du fichier ou ajoutez un champ « slug: »"
    assert run.problems == [
        "content/pages/e.md:3: slug: deux pages auraient la même adresse /etiquettes/ (aussi : l'index des étiquettes)" + fix,
        "content/pages/r.md:3: slug: deux pages auraient la même adresse /recherche/ (aussi : la page de recherche)" + fix,
    ]
