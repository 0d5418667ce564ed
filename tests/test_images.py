"""Pictures resized at build time into a few widths, served with srcset, and cached."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PIL import Image

from sitegen.pipeline import build
from sitegen.render.images import IMAGES_FOLDER
from sitegen.site.assemble import assemble
from sitegen.source.config import load_config
from sitegen.source.content import load_entries

from reader_site import READER_SITE, picture


def _site(root: Path):
    config = load_config(root)
    entries, problems, _ = load_entries(root, config)
    assert problems == []
    site, problems = assemble(config, entries)
    assert problems == []
    return site


def test_pictures_are_resized_into_a_few_widths(build_site):
    run = build_site(READER_SITE)
    assert run.code == 0, run.err
    folder = run.output / "imaginaires/contes"
    sizes = {p.name: Image.open(p).size for p in sorted(folder.iterdir()) if re.search(r"-\d{3,4}\.(jpg|png)$", p.name)}
    assert sizes == {
        "panneau-1-480.jpg": (480, 240),
        "panneau-1-960.jpg": (960, 480),
        "panneau-1-1440.jpg": (1440, 720),
        "detail-transparent-480.png": (480, 320),
        "detail-transparent-600.png": (600, 400),  # never wider than the original
    }
    assert Image.open(folder / "detail-transparent-600.png").mode == "RGBA"  # transparency kept
    # The original is published as it is, for the text of the entry to link to; pages show the resized files.
    assert (folder / "panneau-1.jpg").read_bytes() == (run.root / "content/imaginaires/panneau-1.jpg").read_bytes()
    assert (folder / "Détail transparent.png").is_file()
    assert 'src="/imaginaires/contes/panneau-1.jpg"' not in run.page("imaginaires/contes/")


def test_pages_use_srcset_sizes_and_lazy_loading(build_site):
    run = build_site(READER_SITE)
    page = run.page("imaginaires/contes/")
    images = re.findall(r"<img [^>]*>", page)
    assert images[0] == (
        '<img src="/imaginaires/contes/panneau-1-960.jpg" srcset="/imaginaires/contes/panneau-1-480.jpg 480w, '
        '/imaginaires/contes/panneau-1-960.jpg 960w, /imaginaires/contes/panneau-1-1440.jpg 1440w" '
        'sizes="(min-width: 48rem) 44rem, 100vw" width="960" height="480" '
        'alt="Un panneau orange à cadres concentriques autour d&#39;un disque sombre" loading="lazy" decoding="async">'
    )
    assert 'width="600" height="400" alt="Le même motif, détouré" loading="lazy"' in images[1]
    assert "<figcaption>Panneau 1\u202f: la petite échelle</figcaption>" in page
    assert '<meta property="og:image" content="https://example.org/imaginaires/contes/panneau-1-1440.jpg">' in page
    assert '<meta name="twitter:card" content="summary_large_image">' in page


def test_imaginaries_index_is_a_gallery(build_site):
    run = build_site(READER_SITE)
    index = run.page("imaginaires/")
    gallery = index.split('<ul class="gallery">')[1].split("</ul>")[0]
    assert 'src="/imaginaires/contes/panneau-1-960.jpg"' in gallery
    assert 'sizes="(min-width: 40rem) 20rem, 100vw"' in gallery
    assert '<a href="/imaginaires/contes/">Contes de fées</a> <span class="count">(2 images)</span>' in gallery
    assert "Mythes" not in gallery and "Mythes" in index  # without a picture: an ordinary card


def test_an_unchanged_picture_is_never_processed_twice(tmp_path):
    from conftest import write_files

    root = write_files(tmp_path / "site", READER_SITE)
    first = build(root, date(2016, 11, 1), root / "output", search=False)
    assert (first.images_made, first.images_reused) == (15, 0)  # 5 widths, each in its format, AVIF and WebP
    cached = sorted(p.name for p in (root / ".cache" / IMAGES_FOLDER).iterdir())
    assert len(cached) == 15
    stamps = {p: p.stat().st_mtime_ns for p in (root / ".cache" / IMAGES_FOLDER).iterdir()}
    before = (root / "output/imaginaires/contes/panneau-1-480.jpg").read_bytes()

    second = build(root, date(2016, 11, 1), root / "output", search=False)
    assert (second.images_made, second.images_reused) == (0, 15)
    assert {p: p.stat().st_mtime_ns for p in (root / ".cache" / IMAGES_FOLDER).iterdir()} == stamps
    assert (root / "output/imaginaires/contes/panneau-1-480.jpg").read_bytes() == before

    (root / "content/imaginaires/panneau-1.jpg").write_bytes(picture(2000, 1000, shade=40))  # the editor changes it
    third = build(root, date(2016, 11, 1), root / "output", search=False)
    assert (third.images_made, third.images_reused) == (9, 6)
    assert (root / "output/imaginaires/contes/panneau-1-480.jpg").read_bytes() != before


def test_checking_writes_no_cache(build_site):
    run = build_site(READER_SITE, "check")
    assert run.code == 0, run.err
    assert not (run.root / ".cache" / IMAGES_FOLDER).exists()


def test_an_unreadable_picture_is_a_problem(build_site):
    run = build_site({**READER_SITE, "content/imaginaires/panneau-1.jpg": b"ceci n'est pas une image"})
    assert run.code == 1
    assert run.problems == [
        "content/imaginaires/contes.md:7: images.src: image illisible « panneau-1.jpg » (format inconnu)"
        " — enregistrez-la en JPEG ou en PNG depuis un logiciel d'images"
    ]


def test_a_picture_src_with_a_folder_separator_is_a_problem_even_when_the_file_exists(build_site, tmp_path):
    # A picture lives beside its entry: `src` is a file name, never a path (a slash or a backslash).
    missing = "content/imaginaires/contes.md:7: images.src: image introuvable « {} » — placez le fichier à côté de l'entrée ou corrigez le chemin"
    windows_name = (
        'content/imaginaires/a\\b.jpg:1: nom de fichier impossible sous Windows (caractère parmi \\ / : * ? " < > |,'
        " caractère invisible, point ou espace final, ou nom réservé comme CON ou NUL)"
        " — renommez le fichier avec des lettres, des chiffres et des tirets"
    )
    for name, src, expected in (
        ("slash", "sous/dossier.jpg", [missing.format("sous/dossier.jpg")]),
        # Linux allows that file name (refused on its own); the src is refused all the same.
        ("backslash", "a\\b.jpg", [windows_name, missing.format("a\\b.jpg")]),
    ):
        contes = READER_SITE["content/imaginaires/contes.md"].replace("src: panneau-1.jpg", f"src: {src}")
        run = build_site(
            {**READER_SITE, "content/imaginaires/contes.md": contes, f"content/imaginaires/{src}": picture(40, 20)},
            root=tmp_path / name,
        )
        assert (run.root / "content/imaginaires" / src).is_file(), name
        assert run.code == 1, name
        assert run.problems == expected, name
