"""Drafts (`draft: true`) and scheduled entries (`publish:` after --now): out of the site, « brouillon » in the preview."""

from __future__ import annotations

from datetime import date

from sitegen.pipeline import build

from conftest import write_files

SITE = {
    "content/partenaires/fing.yaml": "title: Fing\n",
    "content/partenaires/secret.yaml": "title: Partenaire secret\ndraft: true\n",
    "content/figures/essaimage.md": """
        ---
        title: Essaimage
        family: chemins-pour-les-petits
        definition: Se répliquer ailleurs.
        publish: 2016-12-01
        tags: [plus tard]
        ---
    """,
    "content/rendez-vous/atelier.md": """
        ---
        title: Atelier à Rennes
        start: 2016-12-15
        partners: [fing, secret]
        ---
        Voir [Essaimage](../figures/essaimage.md) et [le secret](../partenaires/secret.yaml).
    """,
}


def test_drafts_and_scheduled_entries_stay_out_of_the_site(build_site):
    run = build_site(SITE)
    assert run.code == 0, run.err
    assert run.err == ""
    assert not (run.output / "partenaires/secret").exists()
    assert not (run.output / "figures/essaimage").exists()
    assert not (run.output / "etiquettes/plus-tard").exists()
    assert "Partenaire secret" not in run.page("partenaires/")
    assert "Essaimage" not in run.page("figures/")


def test_a_scheduled_entry_appears_on_its_day(build_site):
    before = build_site(SITE, "--now", "2016-11-30")
    assert not (before.output / "figures/essaimage").exists()
    on_the_day = build_site({}, "--now", "2016-12-01")
    assert on_the_day.code == 0, on_the_day.err
    assert "<h1>Essaimage</h1>" in on_the_day.page("figures/essaimage/")
    assert 'href="/figures/essaimage/">Essaimage</a>' in on_the_day.page("rendez-vous/atelier/")


def test_references_to_unpublished_entries_are_left_out(build_site):
    event = build_site(SITE).page("rendez-vous/atelier/")
    assert 'href="/partenaires/fing/"' in event
    assert "Partenaire secret" not in event and "/partenaires/secret/" not in event
    assert "Voir <span>Essaimage</span> et <span>le secret</span>." in event
    assert "/figures/essaimage/" not in event


def test_the_preview_shows_drafts_with_a_mark(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    result = build(root, date(2016, 11, 1), tmp_path / "apercu", preview=True)
    assert result.problems == []
    secret = result.pages["partenaires/secret/index.html"].decode()
    assert (
        '<p class="draft-mark" role="note">Brouillon : cette page n&#39;apparaît que dans l&#39;aperçu,'
        " pas sur le site publié.</p>"
    ) in secret
    figure = result.pages["figures/essaimage/index.html"].decode()
    assert "Brouillon : cette page paraîtra le jeudi 1er décembre 2016 ; d&#39;ici là" in figure
    assert '<strong class="badge badge-draft">Brouillon</strong>' in result.pages["partenaires/index.html"].decode()
    event = result.pages["rendez-vous/atelier/index.html"].decode()
    assert 'href="/partenaires/secret/"' in event and 'href="/figures/essaimage/">Essaimage</a>' in event
    assert "draft-mark" not in event


def test_strict_reports_each_reference_to_an_unpublished_entry(build_site):
    run = build_site(SITE, "check", "--strict")
    assert run.code == 1
    assert run.problems == [
        "content/rendez-vous/atelier.md:4: partners: « secret » n'est pas publié (brouillon) — la référence est omise"
        " du site publié ; publiez cette entrée ou retirez la référence",
        "content/rendez-vous/atelier.md:6: lien vers « ../figures/essaimage.md », qui n'est pas publié"
        " (à paraître le jeudi 1er décembre 2016) — le lien devient du simple texte sur le site publié ;"
        " publiez cette entrée ou retirez le lien",
        "content/rendez-vous/atelier.md:6: lien vers « ../partenaires/secret.yaml », qui n'est pas publié (brouillon)"
        " — le lien devient du simple texte sur le site publié ; publiez cette entrée ou retirez le lien",
    ]


def test_draft_and_publish_are_checked_like_any_field(build_site):
    run = build_site({"content/partenaires/fing.yaml": "title: Fing\ndraft: peut-être\npublish: bientôt\n"}, "check")
    assert run.problems == [
        "content/partenaires/fing.yaml:2: draft: « peut-être » n'est ni vrai ni faux — écrivez true ou false",
        "content/partenaires/fing.yaml:3: publish: date invalide « bientôt » — écrivez-la AAAA-MM-JJ, par exemple 2016-12-15",
    ]


def test_strict_reports_references_of_every_kind_in_every_entry(build_site):
    site = {
        **SITE,
        "content/micro-histoires/recit.md": """
            ---
            title: Récit
            status: complete
            event: brouillon
            figures: [essaimage]
            ---
            Né à [l'atelier caché](../rendez-vous/brouillon.md).

            Fin.
        """,
        "content/rendez-vous/brouillon.md": "---\ntitle: Brouillon\nstart: 2016-12-01\ndraft: true\n---\n",
    }
    run = build_site(site, "check", "--strict")
    assert run.code == 1
    assert run.problems == [
        "content/micro-histoires/recit.md:4: event: « brouillon » n'est pas publié (brouillon) — la référence est omise"
        " du site publié ; publiez cette entrée ou retirez la référence",
        "content/micro-histoires/recit.md:5: figures: « essaimage » n'est pas publié (à paraître le jeudi 1er décembre 2016)"
        " — la référence est omise du site publié ; publiez cette entrée ou retirez la référence",
        "content/micro-histoires/recit.md:7: lien vers « ../rendez-vous/brouillon.md », qui n'est pas publié (brouillon)"
        " — le lien devient du simple texte sur le site publié ; publiez cette entrée ou retirez le lien",
        "content/rendez-vous/atelier.md:4: partners: « secret » n'est pas publié (brouillon) — la référence est omise"
        " du site publié ; publiez cette entrée ou retirez la référence",
        "content/rendez-vous/atelier.md:6: lien vers « ../figures/essaimage.md », qui n'est pas publié"
        " (à paraître le jeudi 1er décembre 2016) — le lien devient du simple texte sur le site publié ;"
        " publiez cette entrée ou retirez le lien",
        "content/rendez-vous/atelier.md:6: lien vers « ../partenaires/secret.yaml », qui n'est pas publié (brouillon)"
        " — le lien devient du simple texte sur le site publié ; publiez cette entrée ou retirez le lien",
    ]
    built = build_site(site)
    assert built.code == 0, built.err
    story = built.page("micro-histoires/recit/")
    assert "/rendez-vous/brouillon/" not in story and "/figures/essaimage/" not in story
    assert "Né à <span>l’atelier caché</span>." in story


def test_a_draft_with_a_publication_date_is_marked_as_a_draft(tmp_path):
    root = write_files(tmp_path / "site", {"content/partenaires/fing.yaml": "title: Fing\ndraft: true\npublish: 2016-12-01\n"})
    result = build(root, date(2016, 11, 1), tmp_path / "apercu", preview=True)
    assert result.problems == []
    page = result.pages["partenaires/fing/index.html"].decode()
    assert (
        '<p class="draft-mark" role="note">Brouillon : cette page n&#39;apparaît que dans l&#39;aperçu,'
        " pas sur le site publié.</p>"
    ) in page
    assert "paraîtra le" not in page
