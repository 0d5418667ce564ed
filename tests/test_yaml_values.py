"""YAML without surprises: a plain value means what the editor wrote, or gets one French problem.

YAML 1.1 (PyYAML's default) reads `14:00` as 840, `no` and `on` as booleans, `012` as 10, `1e3` as
a number and `2016-12-15` as a date object. Here plain values are text, the schema converts them.
"""

from __future__ import annotations

EVENT = "content/rendez-vous/atelier.md"


def event(*fields: str, body: str = "Un atelier.") -> dict[str, str]:
    """A site with one event whose front matter holds `fields` after its title and start."""
    lines = ["---", "title: Atelier", "start: 2016-12-15 14:00", *fields, "---", body, ""]
    return {EVENT: "\n".join(lines)}


def problems_of(run) -> list[str]:
    return [line for line in run.problems if line]


def test_a_time_without_quotes_is_the_time_written(build_site):
    run = build_site(event("programme:", "  - time: 14:00", "    title: Accueil", "  - time: 9:30", "    title: Café"))
    assert run.code == 0, run.err
    page = run.page("rendez-vous/atelier/")
    assert "<td>14\u00a0h\u00a000</td>" in page and "<td>9\u00a0h\u00a030</td>" in page  # as French writes times
    assert "840" not in page


def test_no_on_and_NO_in_a_list_of_tags_are_words(build_site):
    run = build_site(event("tags: [no, on, NO, off, yes]"))
    assert run.code == 0, run.err
    assert sorted(p.name for p in (run.output / "etiquettes").iterdir() if p.is_dir()) == ["no", "off", "on", "yes"]
    assert "<h1>no</h1>" in run.page("etiquettes/no/")  # `no` and `NO` are one tag, shown as first written


def test_no_as_a_title_is_the_word_no(build_site):
    run = build_site({EVENT: "---\ntitle: NO\nstart: 2016-12-15\n---\n"})
    assert run.code == 0, run.err
    assert '<h1 class="p-name">NO</h1>' in run.page("rendez-vous/atelier/")


def test_yes_no_fields_take_true_or_false_and_nothing_else(build_site):
    for written, published in (("true", False), ("True", False), ("TRUE", False), ("false", True), ("FALSE", True)):
        run = build_site(event(f"draft: {written}"))
        assert run.code == 0, run.err
        assert (run.output / "rendez-vous/atelier/index.html").exists() is published, written
    for written in ("no", "on", "NO", "yes", "off", "1"):
        run = build_site(event(f"draft: {written}"), "check")
        assert problems_of(run) == [f"{EVENT}:4: draft: « {written} » n'est ni vrai ni faux — écrivez true ou false"]


def test_1e3_is_text_in_a_title_and_refused_as_a_count(build_site):
    run = build_site({"content/figures/x.md": "---\ntitle: 1e3\nfamily: forces-du-petit\ndefinition: 012\n---\n"})
    assert run.code == 0, run.err
    page = run.page("figures/x/")
    assert "<h1>1e3</h1>" in page and "012" in page
    report = "content/comptes-rendus/seance.md"
    run = build_site({report: "---\ntitle: Séance\ndate: 2016-10-20\nparticipants: 1e3\n---\n"}, "check")
    assert problems_of(run) == [
        f"{report}:4: participants: nombre entier attendu, pas « 1e3 » — écrivez seulement des chiffres, par exemple 50"
    ]


def test_012_as_a_count_is_twelve(build_site):
    report = "content/comptes-rendus/seance.md"
    run = build_site({report: "---\ntitle: Séance\ndate: 2016-10-20\nparticipants: 012\n---\n"})
    assert run.code == 0, run.err
    assert "<dt>Participants</dt>\n  <dd>12</dd>" in run.page("comptes-rendus/seance/")


def test_a_tilde_leaves_an_optional_field_out_and_empties_a_required_one(build_site):
    run = build_site(event("summary: ~", "end: null"))
    assert run.code == 0, run.err
    run = build_site({EVENT: "---\ntitle: ~\nstart: 2016-12-15\ntags: [~]\nsummary:\n---\n"}, "check")
    assert problems_of(run) == [
        f"{EVENT}:2: title: ce champ est vide — écrivez sa valeur après les deux-points",
        f"{EVENT}:4: tags: ce champ est vide — écrivez sa valeur après les deux-points",
    ]
    run = build_site({EVENT: "---\ntitle: Atelier\nstart: 2016-12-15\nvenue:\n  name: ''\n---\n"}, "check")
    assert problems_of(run) == [
        f"{EVENT}:5: venue.name: ce champ est vide — écrivez sa valeur après les deux-points, ou supprimez la ligne"
        " (ce champ est facultatif)"
    ]


def test_a_date_is_a_date_only_where_a_date_is_expected(build_site):
    run = build_site({EVENT: "---\ntitle: 2016-12-15\nstart: 2016-12-15\npublish: 2016-10-01\n---\n"})
    assert run.code == 0, run.err
    assert '<h1 class="p-name">2016-12-15</h1>' in run.page("rendez-vous/atelier/")
    run = build_site(event("publish: 2016-9-1"), "check")
    assert problems_of(run) == [f"{EVENT}:4: publish: date invalide « 2016-9-1 » — écrivez-la AAAA-MM-JJ, par exemple 2016-12-15"]


def test_a_date_and_time_is_paris_time_written_with_a_space_or_a_T(build_site):
    run = build_site({EVENT: "---\ntitle: Atelier\nstart: 2016-12-15T14:00\nend: 2016-12-15 18:00\n---\n"})
    assert run.code == 0, run.err
    page = run.page("rendez-vous/atelier/")
    assert '<time datetime="2016-12-15T14:00+01:00">14 h 00</time>' in page
    assert '<time datetime="2016-12-15T18:00+01:00">18 h 00</time>' in page


def test_a_time_offset_is_refused_rather_than_shifted(build_site):
    run = build_site({EVENT: "---\ntitle: Atelier\nstart: 2016-12-15 14:00:00+01:00\nend: 2016-12-15 18:00\n---\n"}, "check")
    assert problems_of(run) == [
        f"{EVENT}:3: start: heure avec un décalage horaire « 2016-12-15 14:00:00+01:00 » — écrivez l'heure de Paris sans"
        " décalage, « AAAA-MM-JJ HH:MM », par exemple 2016-12-15 14:00"
    ]


def test_a_count_below_zero_and_a_missing_sub_field_name_what_to_write(build_site):
    report = "content/comptes-rendus/seance.md"
    run = build_site(
        {
            report: "---\ntitle: Séance\ndate: 2016-10-20\nparticipants: -5\n---\n",
            EVENT: "---\ntitle: Atelier\nstart: 2016-12-15\nprogramme:\n  - time: 14:00\n---\n",
        },
        "check",
    )
    assert problems_of(run) == [
        f"{report}:4: participants: valeur refusée : le nombre doit être au moins 0",
        f"{EVENT}:5: programme.title: champ obligatoire manquant — ajoutez une ligne « title: Introduction »",
    ]


def test_a_header_that_is_not_a_list_of_fields_is_one_problem_on_its_first_line(build_site):
    partner = "content/partenaires/fing.yaml"
    run = build_site({EVENT: "---\n- title\n- start\n---\nTexte.\n", partner: "- Fing\n"}, "check")
    hint = "l'en-tête doit être une liste de champs « nom: valeur » — commencez chaque ligne par le nom d'un champ"
    assert problems_of(run) == [f"{partner}:1: {hint}", f"{EVENT}:2: {hint}"]


def test_the_body_of_a_yaml_entry_is_its_text(build_site):
    run = build_site({"content/partenaires/fing.yaml": "title: Fing\nbody: |\n  La *Fondation* Internet Nouvelle Génération.\n"})
    assert run.code == 0, run.err
    assert "<p>La <em>Fondation</em> Internet Nouvelle Génération.</p>" in run.page("partenaires/fing/")
