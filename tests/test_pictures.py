"""Pictures wherever an entry shows them: `images:` on every type, and `![alt](photo.jpg)` in any body."""

from __future__ import annotations

import re

from PIL import Image

from reader_site import picture

EVENT = "content/rendez-vous/atelier.md"
STORY = "content/micro-histoires/le-lac.md"

ILLUSTRATED = {
    EVENT: """
        ---
        title: Atelier à Rennes
        start: 2016-12-15 14:00
        images:
          - src: affiche.jpg
            alt: L'affiche de l'atelier
            caption: L'affiche, collée dans le hall
            credit: Fing
            licence: CC BY 4.0
          - src: ornement.png
            alt: ""
        ---
        La salle, avant l'atelier :

        ![Des tables couvertes de post-it](salle.jpg "La salle")
        """,
    "content/rendez-vous/affiche.jpg": picture(1200, 800),
    "content/rendez-vous/ornement.png": picture(300, 100, alpha=True),
    "content/rendez-vous/salle.jpg": picture(2000, 1000, shade=40),
    STORY: """
        ---
        title: Le lac
        status: complete
        ---
        ![Un château minuscule au bord d'un lac](chateau.jpg)
        """,
    "content/micro-histoires/chateau.jpg": picture(640, 480),
}


def images_of(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def test_an_event_shows_its_pictures_with_caption_credit_and_licence(build_site):
    run = build_site(ILLUSTRATED)
    assert run.code == 0, run.err
    page = run.page("rendez-vous/atelier/")
    poster, ornament, room = images_of(page)
    assert poster == (
        '<img src="/rendez-vous/atelier/affiche-960.jpg" srcset="/rendez-vous/atelier/affiche-480.jpg 480w, '
        '/rendez-vous/atelier/affiche-960.jpg 960w, /rendez-vous/atelier/affiche-1200.jpg 1200w" '
        'sizes="(min-width: 48rem) 44rem, 100vw" width="960" height="640" alt="L&#39;affiche de l&#39;atelier" '
        'loading="lazy" decoding="async">'
    )
    assert (
        "<figcaption>L’affiche, collée dans le hall "
        '<span class="picture-credit">Image\u202f: Fing, licence CC BY 4.0</span></figcaption>' in page
    )
    assert ornament == (
        '<img src="/rendez-vous/atelier/ornement-300.png" srcset="/rendez-vous/atelier/ornement-300.png 300w" '
        'sizes="(min-width: 48rem) 44rem, 100vw" width="300" height="100" alt="" loading="lazy" decoding="async">'
    )
    modern = [
        f"{stem}-{w}.{ext}" for stem, w in [("affiche", 1200), ("affiche", 480), ("affiche", 960)] for ext in ("avif", "webp")
    ]
    assert sorted(p.name for p in (run.output / "rendez-vous/atelier").iterdir()) == sorted([
        "affiche-1200.jpg",
        "affiche-480.jpg",
        "affiche-960.jpg",
        "affiche.jpg",  # the originals are published beside the resized files
        "atelier.ics",
        "index.html",
        "ornement-300.png",
        "ornement-300.avif",
        "ornement-300.webp",
        "ornement.png",
        "salle-1440.jpg",
        "salle-480.jpg",
        "salle-960.jpg",
        "salle-1440.avif",
        "salle-480.avif",
        "salle-960.avif",
        "salle-1440.webp",
        "salle-480.webp",
        "salle-960.webp",
        "salle.jpg",
        *modern,
    ])  # fmt: skip
    assert room == (
        '<img alt="Des tables couvertes de post-it" decoding="async" height="480" loading="lazy" '
        'sizes="(min-width: 48rem) 44rem, 100vw" src="/rendez-vous/atelier/salle-960.jpg" '
        'srcset="/rendez-vous/atelier/salle-480.jpg 480w, /rendez-vous/atelier/salle-960.jpg 960w, '
        '/rendez-vous/atelier/salle-1440.jpg 1440w" title="La salle" width="960">'
    )
    assert '<meta property="og:image" content="https://example.org/rendez-vous/atelier/affiche-1200.jpg">' in page


def test_a_body_picture_is_resized_and_cached_like_the_others(build_site):
    run = build_site(ILLUSTRATED)
    assert run.code == 0, run.err
    (castle,) = images_of(run.page("micro-histoires/le-lac/"))
    assert castle == (
        '<img alt="Un château minuscule au bord d\'un lac" decoding="async" height="480" loading="lazy" '
        'sizes="(min-width: 48rem) 44rem, 100vw" src="/micro-histoires/le-lac/chateau-640.jpg" '
        'srcset="/micro-histoires/le-lac/chateau-480.jpg 480w, /micro-histoires/le-lac/chateau-640.jpg 640w" width="640">'
    )
    before = {p.name: p.stat().st_mtime_ns for p in (run.root / ".cache/images").iterdir()}
    run = build_site({}, root=run.root)  # nothing changed: every resized file comes from the cache
    assert run.code == 0, run.err
    assert {p.name: p.stat().st_mtime_ns for p in (run.root / ".cache/images").iterdir()} == before
    run = build_site({"content/micro-histoires/chateau.jpg": picture(1000, 500)}, root=run.root)
    (castle,) = images_of(run.page("micro-histoires/le-lac/"))  # the cached body follows the new picture
    assert 'height="480"' in castle and 'width="960"' in castle and "chateau-1000.jpg 1000w" in castle


def test_the_strict_check_accepts_a_decorative_picture_and_described_ones(build_site):
    run = build_site(ILLUSTRATED, "--strict")
    assert (run.code, run.err) == (0, "")


def test_a_missing_alt_and_an_empty_alt_say_which_is_which(build_site):
    files = {
        **ILLUSTRATED,
        EVENT: "---\ntitle: Atelier\nstart: 2016-12-15\nimages:\n  - src: affiche.jpg\n  - src: salle.jpg\n    alt:\n---\n",
    }
    run = build_site(files, "check")
    assert run.problems == [
        f"{EVENT}:5: images.alt: texte de remplacement manquant — ajoutez une ligne « alt: » qui décrit l'image pour qui"
        ' ne la voit pas, ou « alt: "" » si elle est purement décorative',
        f"{EVENT}:7: images.alt: texte de remplacement vide — décrivez l'image pour qui ne la voit pas après « alt: »,"
        ' ou écrivez « alt: "" » si elle est purement décorative',
    ]


def test_a_body_picture_without_description_is_reported_by_the_strict_check(build_site):
    run = build_site(
        {**ILLUSTRATED, STORY: "---\ntitle: Le lac\nstatus: complete\n---\nAvant.\n\n![](chateau.jpg)\n"}, "--strict"
    )
    assert run.problems == [
        f"{STORY}:7: image sans texte de remplacement « chateau.jpg » — décrivez-la pour qui ne la voit pas :"
        ' ![description](…) dans le texte ; une image purement décorative se déclare dans le champ images: avec alt: ""'
    ]


def test_a_srcset_written_by_hand_may_only_name_the_site_s_own_files(build_site):
    body = (
        '<img src="a.jpg" alt="a" srcset="https://ailleurs.example/a.jpg 2x">\n'
        '<img src="b.jpg" alt="b" srcset="javascript:alert(1) 1x">\n'
        '<img src="c.jpg" alt="c" srcset="/rendez-vous/atelier/affiche-480.jpg 480w">\n'
    )
    run = build_site({**ILLUSTRATED, STORY: f"---\ntitle: Le lac\nstatus: complete\n---\n{body}"})
    assert run.code == 0, run.err
    assert images_of(run.page("micro-histoires/le-lac/")) == [
        '<img src="a.jpg" alt="a">',
        '<img src="b.jpg" alt="b">',
        '<img src="c.jpg" alt="c" srcset="/rendez-vous/atelier/affiche-480.jpg 480w">',
    ]


def test_pictures_offer_avif_and_webp_before_their_fallback_in_a_picture_element(build_site):
    run = build_site(ILLUSTRATED)
    assert run.code == 0, run.err
    page = run.page("rendez-vous/atelier/")
    poster = page[page.index("<picture>") : page.index("</picture>")]
    sources = re.findall(r'<source type="([^"]+)" srcset="([^"]+)" sizes="[^"]+">', poster)
    assert sources == [
        ("image/avif", "/rendez-vous/atelier/affiche-480.avif 480w, /rendez-vous/atelier/affiche-960.avif 960w, /rendez-vous/atelier/affiche-1200.avif 1200w"),
        ("image/webp", "/rendez-vous/atelier/affiche-480.webp 480w, /rendez-vous/atelier/affiche-960.webp 960w, /rendez-vous/atelier/affiche-1200.webp 1200w"),
    ]  # fmt: skip
    assert '<img src="/rendez-vous/atelier/affiche-960.jpg"' in poster  # the fallback, last
    for ext, mode in (("avif", "AVIF"), ("webp", "WEBP")):
        with Image.open(run.output / f"rendez-vous/atelier/affiche-960.{ext}") as made:
            assert (made.format, made.size) == (mode, (960, 640))
    with Image.open(run.output / "rendez-vous/atelier/ornement-300.webp") as made:
        assert made.mode == "RGBA"  # transparency kept
    body = page.split('<div class="prose">', 1)[1]  # a body's picture too, through the sanitiser
    picture = body[body.index("<picture>") : body.index("</picture>")]
    sources = re.findall(r"<source [^>]*>", picture)
    assert ['type="image/avif"' in sources[0], 'type="image/webp"' in sources[1]] == [True, True]
    assert 'srcset="/rendez-vous/atelier/salle-480.avif 480w, ' in sources[0] and "<img " in picture


def test_modern_formats_are_byte_reproducible_from_a_cold_cache(build_site, tmp_path):
    first = build_site(ILLUSTRATED)
    again = build_site(ILLUSTRATED, root=tmp_path / "autre")
    for name in ("affiche-480.avif", "affiche-1200.webp", "ornement-300.avif", "salle-960.webp"):
        made = (first.output / "rendez-vous/atelier" / name).read_bytes()
        assert made == (again.output / "rendez-vous/atelier" / name).read_bytes(), name
