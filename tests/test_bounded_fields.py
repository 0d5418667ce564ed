"""Every list and text of a header is bounded (site.yaml's `limits:`); tests/invalid/too-long has the messages."""

from __future__ import annotations

from conftest import SITE_YAML


def figure(tags: int) -> str:
    return f"""
    ---
    title: Éclairer
    family: forces-du-petit
    definition: Changer de cap vite.
    tags: [{", ".join(f"mot {i}" for i in range(tags))}]
    ---
    Corps.
    """


def test_thousands_of_tags_on_one_entry_are_one_message(build_site):
    run = build_site({"content/figures/eclairer.md": figure(2000)})
    assert run.code == 1
    assert run.problems == [
        "content/figures/eclairer.md:5: tags: trop d'étiquettes (2000 pour une limite de 20) — gardez les 20 plus"
        " utiles (une étiquette sert à retrouver des entrées voisines), ou relevez limits.max_tags dans site.yaml"
    ]
    assert not run.output.exists()


def test_site_yaml_may_raise_a_limit(build_site):
    settings = SITE_YAML + "limits: {max_tags: 30}\n"
    run = build_site({"site.yaml": settings, "content/figures/eclairer.md": figure(30)}, "check")
    assert run.code == 0, run.err
