"""The real content of the cycle, and a copy of it with what an editor adds in a week (for tests/test_real_*.py).

Tests on the real content must hold for ANY content `check --strict` accepts: each runs on both.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote

import yaml

from sitegen.cli import main
from sitegen.source.content import ENTRY_SUFFIXES, slug_for
from sitegen.source.reader import read_source

from judges import PROJECT
from reader_site import picture

NOW = "2026-11-26"

# What an editor adds in a week: an event with its pictures, a figure, a story citing both, and a draft.
ADDITIONS: dict[str, str | bytes] = {
    "content/rendez-vous/atelier-marseille.md": """---
title: Atelier à Marseille
summary: Un après-midi pour écrire une micro-histoire à plusieurs.
start: 2027-03-04 14:00
end: 2027-03-04 18:00
venue:
  city: Marseille
partners: [fing]
programme:
  - time: 14:00
    title: Accueil
tags: [atelier, no]
images:
  - src: affiche-marseille.jpg
    alt: L'affiche de l'atelier, une carte du Vieux-Port
    credit: Fing
    licence: CC BY 4.0
  - src: frise.png
    alt: ""
---
La salle, avant l'atelier :

![Des tables couvertes de post-it](salle-marseille.jpg)

On y partira de la figure [Essaimage](../figures/essaimage.md).
""",
    "content/rendez-vous/affiche-marseille.jpg": picture(1600, 1000),
    "content/rendez-vous/frise.png": picture(800, 80, alpha=True),
    "content/rendez-vous/salle-marseille.jpg": picture(1200, 900, shade=30),
    "content/figures/petits-pas.md": """---
title: Petits pas
family: forces-du-petit
definition: Avancer par étapes courtes, chacune vérifiable.
related: [essaimage]
---
Une figure ajoutée pour l'essai.
""",
    "content/micro-histoires/le-port.md": """---
title: Le port
status: complete
event: atelier-marseille
figures: [petits-pas]
---
Un récit écrit à l'atelier.
""",
    "content/rendez-vous/brouillon-lyon.md": """---
title: Atelier à Lyon
start: 2027-05-01
draft: true
---
Pas encore annoncé.
""",
}


def copy_with_additions(target: Path) -> Path:
    """A copy of the real site (site.yaml and content/; templates and static are the project's) plus ADDITIONS."""
    target.mkdir(parents=True)
    shutil.copy(PROJECT / "site.yaml", target / "site.yaml")
    shutil.copytree(PROJECT / "content", target / "content")
    for name, data in ADDITIONS.items():
        path = target / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return target


def build_real(kind: str, work: Path) -> tuple[Path, Path]:
    """(site root, output) of the real content, or of its copy with an editor's additions, built in `work`."""
    root = PROJECT if kind == "real" else copy_with_additions(work / "site")
    cache = ["--cache", str(work / "cache")]
    assert main(["check", "--strict", "--root", str(root), "--now", NOW, *cache]) == 0
    output = work / "output"
    assert main(["--root", str(root), "--output", str(output), "--now", NOW, *cache]) == 0
    return root, output


def read(output: Path, url: str) -> str:
    """The HTML of the page at a site URL (`/figures/` → figures/index.html)."""
    path = unquote(url).lstrip("/")
    file = output / path / "index.html" if not path.endswith(".html") else output / path
    return file.read_text(encoding="utf-8")


def entries_of(root: Path) -> list[dict]:
    """Every entry file of `root/content`, as plain facts: type, URL, whether published, fields as written."""
    settings = yaml.safe_load((root / "site.yaml").read_text(encoding="utf-8"))
    found = []
    for folder, section in settings["sections"].items():
        for file in sorted((root / "content" / folder).iterdir()):
            if file.suffix not in ENTRY_SUFFIXES:
                continue  # a picture beside an entry
            data = read_source(file, file.relative_to(root).as_posix()).data
            slug = data.get("slug") or slug_for(file)
            published = data.get("draft") != "true" and str(data.get("publish") or "0000") <= NOW
            url = f"/{section['url']}/{slug}/" if section["url"] else f"/{slug}/"
            found.append(
                {"type": section["type"], "folder": folder, "slug": slug, "url": url, "published": published, "data": data}
            )
    return found
