"""A link by source path (`../figures/essaimage.md`) → the target entry's URL, "" for a draft, BROKEN for nothing."""

from __future__ import annotations

from datetime import date

import pytest

from sitegen.site.assemble import assemble
from sitegen.site.drafts import select
from sitegen.site.links import BROKEN, entry_link
from sitegen.source.config import load_config
from sitegen.source.content import load_entries

from conftest import write_files

FIGURE = "---\ntitle: {}\nfamily: forces-du-petit\ndefinition: d\n{}---\n"


@pytest.fixture
def site(tmp_path):
    root = write_files(
        tmp_path / "site",
        {
            "content/figures/eclairer.md": FIGURE.format("Éclairer", ""),
            "content/figures/été.md": FIGURE.format("Été", ""),
            "content/figures/brouillon.md": FIGURE.format("Brouillon", "draft: true\n"),
            "content/partenaires/fing.yaml": "title: Fing\n",
        },
    )
    config = load_config(root)
    entries, problems, _ = load_entries(root, config)
    assert problems == []
    selection = select(entries, date(2016, 11, 1), config)
    site, problems = assemble(config, selection.published)
    assert problems == []
    site.hidden = selection.hidden
    return site


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("eclairer.md", "/figures/eclairer/"),
        ("eclairer.md#sens", "/figures/eclairer/#sens"),
        ("./eclairer.md/", "/figures/eclairer/"),  # a slash after the file name
        ("../partenaires/fing.yaml", "/partenaires/fing/"),
        ("%C3%A9t%C3%A9.md", "/figures/ete/"),  # `été.md`, percent-encoded
        ("brouillon.md", ""),  # a draft: the link becomes plain text
        ("absent.md", BROKEN),
        ("https://fing.org/notes.md", None),  # a web address, not a source file
        ("//fing.org/notes.md", None),
        ("mailto:notes.md", None),
        ("#sens", None),
        ("autre.html", None),
        ("", None),
    ],
)
def test_entry_link(site, href, expected):
    assert entry_link(site, "content/figures/essaimage.md", href) == expected


BODY_FIGURE = "---\ntitle: {title}\nfamily: forces-du-petit\ndefinition: Une ligne.\n---\n{body}\n"


def test_a_percent_encoded_link_reaches_the_entry_it_names(build_site):
    run = build_site(
        {
            "content/figures/été.md": BODY_FIGURE.format(title="Été", body="Une saison."),
            "content/figures/hiver.md": BODY_FIGURE.format(
                title="Hiver", body="Après [l'été](%C3%A9t%C3%A9.md) et [encore](été.md#fin)."
            ),
        }
    )
    assert (run.code, run.err) == (0, "")
    assert '<p>Après <a href="/figures/ete/">l’été</a> et <a href="/figures/ete/#fin">encore</a>.</p>' in run.page(
        "figures/hiver/"
    )


def test_a_percent_encoded_link_to_nothing_is_one_problem(build_site):
    run = build_site(
        {"content/figures/hiver.md": BODY_FIGURE.format(title="Hiver", body="Voir [l'été](%C3%A9t%C3%A9.md).")}, "check"
    )
    assert run.problems == [
        "content/figures/hiver.md:6: lien vers une entrée introuvable « %C3%A9t%C3%A9.md » — vérifiez le chemin du fichier,"
        " relatif à celui-ci"
    ]


def test_a_link_to_an_entry_file_that_failed_is_plain_text_not_broken(tmp_path):
    root = write_files(
        tmp_path / "site",
        {
            "content/figures/eclairer.md": FIGURE.format("Éclairer", "tilte: faute\n"),
            "content/figures/essaimage.md": FIGURE.format("Essaimage", "related: [eclairer]\n"),
        },
    )
    config = load_config(root)
    entries, problems, rejected = load_entries(root, config)
    assert [p.path for p in problems] == ["content/figures/eclairer.md"] and list(rejected) == [p.path for p in problems]
    site, problems = assemble(config, entries, rejected)
    assert problems == []  # the reference to it is left out, as a draft's
    assert site.by_type["figure"]["essaimage"].fields.related == []
    assert entry_link(site, "content/figures/essaimage.md", "eclairer.md") == ""
    assert entry_link(site, "content/figures/essaimage.md", "absent.md") == BROKEN
