"""« Proposer une modification » on every page, the « contribuer » page, and the real site under --strict."""

from __future__ import annotations

from sitegen.cli import main

from conftest import SITE_YAML
from judges import PROJECT

EDIT = 'edit_url: "https://github.com/fing/thinksmall/edit/main/{path}"\n'
SITE = {
    "site.yaml": SITE_YAML + EDIT,
    "content/figures/Éclairer.md": "---\ntitle: Éclairer\nfamily: forces-du-petit\ndefinition: Rendre visible.\n---\n",
    "content/partenaires/fing.yaml": "title: Fing\n",
}


def test_every_page_links_to_its_source_file(build_site):
    run = build_site(SITE)
    assert run.code == 0, run.err
    link = '<p class="edit-link"><a href="https://github.com/fing/thinksmall/edit/main/{}">Proposer une modification de cette page</a></p>'
    assert link.format("content/figures/%C3%89clairer.md") in run.page("figures/eclairer/")
    assert link.format("content/partenaires/fing.yaml") in run.page("partenaires/fing/")
    for generated in ("index.html", "figures/", "etiquettes/", "404.html"):
        assert link.format("site.yaml") in run.page(generated), generated
    pages = [p for p in run.output.rglob("*.html") if p.parent.name != "admin"]  # the editing room is Decap's own page
    assert all("Proposer une modification de cette page" in p.read_text(encoding="utf-8") for p in pages)


def test_no_edit_link_without_a_pattern(build_site):
    run = build_site({**SITE, "site.yaml": SITE_YAML})
    assert "Proposer une modification" not in run.page("figures/eclairer/")


def test_a_pattern_without_path_is_refused(build_site):
    run = build_site({**SITE, "site.yaml": SITE_YAML + 'edit_url: "https://github.com/fing/thinksmall"\n'}, "check")
    assert run.code == 1
    assert run.problems == [
        "site.yaml:20: edit_url: adresse de modification invalide « https://github.com/fing/thinksmall » — écrivez"
        " l'adresse web de la page d'édition du dépôt, avec {path} à la place du fichier, par exemple"
        " https://github.com/fing/thinksmall/edit/main/{path}"
    ]


def test_the_real_site_passes_strict_and_invites_contributions(tmp_path, capsys):
    output = tmp_path / "output"
    cache = tmp_path / "cache"  # never the checkout's own .cache/
    code = main(["--strict", "--root", str(PROJECT), "--output", str(output), "--cache", str(cache), "--now", "2026-11-26"])
    assert capsys.readouterr().err == ""
    assert code == 0
    page = (output / "contribuer" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Contribuer</h1>" in page
    assert 'href="mailto:questionsnumeriques@fing.org"' in page
    assert page.split("<main")[1].count('href="/micro-histoires/') == 5  # the five openings to continue
    assert "Proposer une modification de cette page" not in page  # no edit link until site.yaml names the real repository
    home = (output / "index.html").read_text(encoding="utf-8")
    assert 'href="/contribuer/">Contribuer</a>' in home
