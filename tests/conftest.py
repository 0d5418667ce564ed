"""Helpers to write small sites inline and build them, in-process or as a real command."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.cli import main

PROJECT = Path(__file__).resolve().parent.parent
NOW = "2016-11-01"

SITE_YAML = """\
title: Site d'essai
base_url: https://example.org/
sections:
  rendez-vous: {type: event, title: Rendez-vous, singular: Rendez-vous, url: rendez-vous}
  comptes-rendus: {type: report, title: Comptes-rendus, singular: Compte-rendu, url: comptes-rendus}
  figures: {type: figure, title: Figures-modèles, singular: Figure-modèle, url: figures}
  imaginaires: {type: imaginary, title: Imaginaires, singular: Imaginaire, url: imaginaires}
  micro-histoires: {type: story, title: Micro-histoires, singular: Micro-histoire, url: micro-histoires}
  partenaires: {type: partner, title: Partenaires, singular: Partenaire, url: partenaires}
  pages: {type: page, title: Pages, singular: Page, url: ""}
menu: [rendez-vous, figures]
families:
  - {id: forces-du-petit, name: Forces du petit}
  - {id: chemins-pour-les-petits, name: Chemins pour les petits}
kinds:
  - {id: conte, name: Conte de fées}
statuses:
  - {id: complete, name: Histoire complète}
  - {id: a-continuer, name: Début à continuer}
"""


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (path → text, dedented, or bytes) under `root`, with a default site.yaml."""
    root.mkdir(parents=True, exist_ok=True)
    if "site.yaml" not in files:
        (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")
    return root


@dataclass
class Run:
    code: int
    out: str
    err: str
    root: Path

    @property
    def output(self) -> Path:
        return self.root / "output"

    def page(self, path: str) -> str:
        """A generated page's HTML (`rendez-vous/x/` reads its index.html)."""
        file = self.output / path
        return (file / "index.html" if path.endswith("/") or file.is_dir() else file).read_text(encoding="utf-8")

    @property
    def problems(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture
def build_site(tmp_path, capsys):
    """Build a site written inline: `build_site({"content/x/y.md": "..."}, "check")`."""

    def build(files: dict[str, str | bytes], *args: str, root: Path | None = None) -> Run:
        root = write_files(root or tmp_path / "site", files)
        capsys.readouterr()
        code = main(["--root", str(root), "--now", NOW, *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err, root)

    return build


def run_command(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    """Run build.py as an editor would, in a real process."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, env=env)
