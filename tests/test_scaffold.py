"""`build.py new TYPE TITRE`: a new entry of every type, today's date, a slugged name, never over another file."""

from __future__ import annotations

import re
from datetime import date

import pytest

from sitegen.cli import main
from sitegen.pipeline import build

from conftest import NOW, run_command, write_files

TYPES = [
    ("event", "rendez-vous"),
    ("report", "comptes-rendus"),
    ("figure", "figures"),
    ("imaginary", "imaginaires"),
    ("story", "micro-histoires"),
    ("partner", "partenaires"),
    ("page", "pages"),
]


def new(root, *words: str) -> int:
    return main(["new", *words, "--root", str(root), "--now", NOW])


@pytest.mark.parametrize(("kind", "folder"), TYPES)
def test_each_type_builds_cleanly_straight_away(kind, folder, tmp_path, capsys):
    root = write_files(tmp_path / "site", {})
    assert new(root, kind, "Atelier à Marseille : la suite") == 0
    [file] = (root / "content" / folder).iterdir()
    assert file.stem == "atelier-a-marseille-la-suite"
    capsys.readouterr()

    assert main(["--strict", "--root", str(root), "--now", NOW]) == 0, capsys.readouterr().err
    prefix = "" if folder == "pages" else f"{folder}/"
    page = root / "output" / prefix / "atelier-a-marseille-la-suite" / "index.html"
    assert not page.exists()  # a draft until the editor says otherwise

    preview = build(root, date(2016, 11, 1), tmp_path / "apercu", preview=True)
    assert preview.problems == []
    html = preview.pages[f"{prefix}atelier-a-marseille-la-suite/index.html"].decode()
    title = re.compile('<h1( class="p-name")?>Atelier à Marseille\u202f: la suite</h1>')  # French spaces; events: h-event
    assert title.search(html) and 'class="draft-mark"' in html

    text = file.read_text(encoding="utf-8")
    file.write_text("".join(line for line in text.splitlines(True) if not line.startswith("draft: true")), encoding="utf-8")
    assert main(["--strict", "--root", str(root), "--now", NOW]) == 0, capsys.readouterr().err
    assert title.search(page.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("kind", "folder"), TYPES)
def test_the_french_folder_name_works_too(kind, folder, tmp_path, capsys):
    root = write_files(tmp_path / "site", {})
    assert new(root, folder, "Essai") == 0
    assert [p.name for p in (root / "content" / folder).iterdir()] == ["essai.yaml" if kind == "partner" else "essai.md"]


FRENCH_NAMES = [
    ("evenement", "rendez-vous"),
    ("événement", "rendez-vous"),
    ("Rendez-vous", "rendez-vous"),
    ("compte-rendu", "comptes-rendus"),
    ("figure", "figures"),
    ("figure-modèle", "figures"),
    ("figure-modele", "figures"),
    ("histoire", "micro-histoires"),
    ("micro-histoire", "micro-histoires"),
    ("imaginaire", "imaginaires"),
    ("partenaire", "partenaires"),
    ("page", "pages"),
]


@pytest.mark.parametrize(("kind", "folder"), FRENCH_NAMES)
def test_french_type_names_work(kind, folder, tmp_path, capsys):
    root = write_files(tmp_path / "site", {})
    assert new(root, kind, "Essai") == 0
    assert [p.stem for p in (root / "content" / folder).iterdir()] == ["essai"]


def test_words_may_follow_the_options(tmp_path, capsys):
    root = write_files(tmp_path / "site", {})
    assert main(["new", "--root", str(root), "--now", NOW, "histoire", "Essai"]) == 0
    assert (root / "content" / "micro-histoires" / "essai.md").is_file()


def test_an_event_gets_todays_date_and_every_field(tmp_path):
    root = write_files(tmp_path / "site", {})
    result = run_command("new", "event", "Atelier à Marseille", "--root", str(root), "--now", "2016-11-01")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "Nouvelle entrée : content/rendez-vous/atelier-a-marseille.md",
        "C'est un brouillon : elle apparaît dans l'aperçu (python build.py serve) avec la mention « brouillon »,"
        " pas sur le site publié. Complétez les champs, puis supprimez la ligne « draft: true » pour la publier.",
    ]
    text = (root / "content/rendez-vous/atelier-a-marseille.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[:4] == [
        "---",
        "title: Atelier à Marseille",
        "start: 2016-11-01  # Début : date (AAAA-MM-JJ) ou date et heure (« AAAA-MM-JJ HH:MM »), heure de Paris.",
        "draft: true  # brouillon : visible dans l'aperçu seulement ; supprimez cette ligne pour publier",
    ]
    for field in ("slug", "summary", "tags", "publish", "end", "venue", "partners", "registration", "programme", "cancelled"):
        assert any(line.startswith(f"# {field}: ") for line in lines), field
    assert "# programme: [{time: '14:15–15:00', title: Introduction}]  # Déroulé : une liste de « time » et « title »." in lines


def test_a_report_is_dated_today_and_a_figure_gets_the_first_family(tmp_path, capsys):
    root = write_files(tmp_path / "site", {})
    new(root, "report", "Journée")
    new(root, "figure", "Pulser")
    assert "date: 2016-11-01  #" in (root / "content/comptes-rendus/journee.md").read_text(encoding="utf-8")
    figure = (root / "content/figures/pulser.md").read_text(encoding="utf-8")
    assert "family: forces-du-petit  #" in figure and "definition: À compléter  #" in figure


def test_never_overwrites_an_entry(tmp_path, capsys):
    root = write_files(tmp_path / "site", {"content/figures/Éclairer.md": "---\ntitle: É\n---\n"})
    assert new(root, "figure", "Éclairer") == 1
    assert capsys.readouterr().err == (
        "content/figures/Éclairer.md existe déjà — choisissez un autre titre, ou modifiez ce fichier\n"
    )
    assert (root / "content/figures/Éclairer.md").read_text(encoding="utf-8") == "---\ntitle: É\n---\n"
    assert sorted(p.name for p in (root / "content/figures").iterdir()) == ["Éclairer.md"]


def test_unknown_type_and_unusable_title_are_usage_errors(tmp_path, capsys):
    root = write_files(tmp_path / "site", {})
    assert new(root, "blog", "Un billet") == 2
    assert capsys.readouterr().err == (
        "type d'entrée inconnu « blog » — les types possibles sont : rendez-vous ou événement, compte-rendu,"
        " figure-modèle ou figure, imaginaire, micro-histoire ou histoire, partenaire, page\n"
    )
    assert new(root, "page", "« ! »") == 2
    assert capsys.readouterr().err == (
        "le titre « « ! » » ne donne pas de nom de fichier — utilisez au moins une lettre ou un chiffre\n"
    )
    assert not (root / "content").exists()


def test_new_needs_a_type_and_a_title(tmp_path):
    result = run_command("new", "event", "--root", str(tmp_path))
    assert result.returncode == 2
    assert 'new attend un type et un titre, par exemple : python build.py new rendez-vous "Atelier à Marseille"' in result.stderr
    extra = run_command("check", "en trop", "--root", str(tmp_path))
    assert extra.returncode == 2
    assert "argument en trop « en trop » — seule la commande new prend un type et un titre" in extra.stderr
