"""Links between entries by source path, however the editor's tool wrote them."""

from __future__ import annotations

FIGURE = "---\ntitle: {title}\nfamily: forces-du-petit\ndefinition: Une ligne.\n---\n{body}\n"


def test_a_percent_encoded_link_reaches_the_entry_it_names(build_site):
    run = build_site(
        {
            "content/figures/été.md": FIGURE.format(title="Été", body="Une saison."),
            "content/figures/hiver.md": FIGURE.format(
                title="Hiver", body="Après [l'été](%C3%A9t%C3%A9.md) et [encore](été.md#fin)."
            ),
        }
    )
    assert (run.code, run.err) == (0, "")
    assert '<p>Après <a href="/figures/ete/">l\'été</a> et <a href="/figures/ete/#fin">encore</a>.</p>' in run.page(
        "figures/hiver/"
    )


def test_a_percent_encoded_link_to_nothing_is_one_problem_with_the_decoded_name(build_site):
    run = build_site({"content/figures/hiver.md": FIGURE.format(title="Hiver", body="Voir [l'été](%C3%A9t%C3%A9.md).")}, "check")
    assert run.problems == [
        "content/figures/hiver.md:6: lien vers une entrée introuvable « %C3%A9t%C3%A9.md » — vérifiez le chemin du fichier,"
        " relatif à celui-ci"
    ]
