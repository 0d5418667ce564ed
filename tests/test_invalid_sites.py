"""Each folder of tests/invalid/ is a site with one kind of mistake; its exact messages are in expected.txt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen.cli import main

from conftest import SITE_YAML

CASES = sorted(p for p in (Path(__file__).parent / "invalid").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_site_reports_every_problem_and_keeps_output(case: Path, tmp_path, capsys):
    root = tmp_path / case.name
    shutil.copytree(case, root, ignore=shutil.ignore_patterns("expected.txt"))
    if not (root / "site.yaml").exists():
        (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    previous = root / "output" / "index.html"
    previous.parent.mkdir()
    previous.write_text("le site précédent", encoding="utf-8")

    code = main(["--root", str(root), "--now", "2016-11-01"])

    captured = capsys.readouterr()
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert captured.err.splitlines() == expected
    assert code == 1
    assert f"{len(expected)} problème(s) trouvé(s)" in captured.out
    assert [p.name for p in (root / "output").iterdir()] == ["index.html"]
    assert previous.read_text(encoding="utf-8") == "le site précédent"
