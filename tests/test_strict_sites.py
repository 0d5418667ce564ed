"""Each folder of tests/strict/ is a site that passes `check` but not `check --strict`; its exact messages are in expected.txt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.cli import main

from conftest import SITE_YAML, write_files
from reader_site import picture

CLEAN_SITE = {
    "content/figures/essaimage.md": """
        ---
        title: Essaimage
        family: chemins-pour-les-petits
        definition: Se répliquer ailleurs.
        tags: [frugalité, ville]
        ---
        ## Se répliquer

        Plutôt que grandir : voir [les contes](../imaginaires/contes.md) et [plus haut](#se-repliquer).
    """,
    "content/imaginaires/contes.md": """
        ---
        title: Contes de fées
        kind: conte
        tags: [frugalité, ville]
        images:
          - {src: panneau.png, alt: Un château minuscule.}
        ---
        ![Le même château, en grand](panneau.png) et [l'essaimage](../figures/essaimage.md#se-repliquer),
        [le livret](https://example.org/livret.pdf), [écrire](mailto:a@example.org).
    """,
    "content/imaginaires/panneau.png": picture(64, 48, alpha=True),
}

CASES = sorted(p for p in (Path(__file__).parent / "strict").iterdir() if p.is_dir())


def copy_case(case: Path, root: Path) -> Path:
    shutil.copytree(case, root, ignore=shutil.ignore_patterns("expected.txt"))
    if not (root / "site.yaml").exists():
        (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    return root


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_strict_check_reports_exactly(case: Path, tmp_path, capsys):
    root = copy_case(case, tmp_path / case.name)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert main(["check", "--root", str(root), "--now", "2016-11-01"]) == 0  # only --strict refuses them
    captured = capsys.readouterr()
    assert captured.err.splitlines() == expected  # but check shows them, as warnings
    assert f"la publication (check --strict) refusera les {len(expected)} avertissement(s) ci-dessus" in captured.out

    code = main(["check", "--strict", "--root", str(root), "--now", "2016-11-01"])

    captured = capsys.readouterr()
    assert captured.err.splitlines() == expected
    assert code == 1
    assert f"{len(expected)} problème(s) trouvé(s)" in captured.out


def test_a_strict_build_writes_nothing_on_problems(tmp_path, capsys):
    root = copy_case(Path(__file__).parent / "strict" / "broken-link", tmp_path / "site")
    assert main(["--strict", "--root", str(root), "--now", "2016-11-01"]) == 1
    assert not (root / "output").exists()
    assert main(["--root", str(root), "--now", "2016-11-01"]) == 0
    assert (root / "output" / "figures" / "eclairer" / "index.html").is_file()


def test_a_clean_site_passes_strict(tmp_path, capsys):
    root = write_files(tmp_path / "site", CLEAN_SITE)
    code = main(["--strict", "--root", str(root), "--now", "2016-11-01"])
    assert capsys.readouterr().err == ""
    assert code == 0


def test_github_format_prints_annotations(tmp_path, capsys):
    root = copy_case(Path(__file__).parent / "strict" / "close-tag", tmp_path / "site")
    code = main(["check", "--strict", "--format", "github", "--root", str(root), "--now", "2016-11-01"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err == ""
    assert captured.out.splitlines()[0] == (
        "::error file=content/figures/c.md,line=5,title=tags::tags: étiquette « frugalte » employée une seule fois"
        " (vouliez-vous dire « frugalité » ?) — écrivez-la comme l'étiquette existante ; s'il s'agit bien d'un autre"
        " thème, donnez-le à plus d'une entrée"
    )
    assert captured.out.splitlines()[1].startswith("1 problème(s) trouvé(s) en ")


def test_github_format_escapes_what_would_break_an_annotation(tmp_path, capsys):
    root = write_files(tmp_path / "site", {"content/figures/a, b.md": "---\ntitle: A\nfamily: forces\ndefinition: 100%\n---\n"})
    main(["check", "--format", "github", "--root", str(root), "--now", "2016-11-01"])
    assert capsys.readouterr().out.splitlines()[0] == (
        "::error file=content/figures/a%2C b.md,line=3,title=family::family: famille inconnue « forces »"
        " (vouliez-vous dire « forces-du-petit » ?) — les valeurs possibles sont : forces-du-petit, chemins-pour-les-petits"
    )


def test_check_shows_what_strict_would_refuse_as_github_warnings(tmp_path, capsys):
    root = copy_case(Path(__file__).parent / "strict" / "close-tag", tmp_path / "site")
    assert main(["check", "--format", "github", "--root", str(root), "--now", "2016-11-01"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.splitlines()[0].startswith("::warning file=content/figures/c.md,line=5,title=tags::tags: étiquette")


def test_a_clean_check_has_no_warning(tmp_path, capsys):
    root = write_files(tmp_path / "site", CLEAN_SITE)
    assert main(["check", "--root", str(root), "--now", "2016-11-01"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("Contenu vérifié : 2 entrées, aucun problème")
