"""Pictures are untrusted input: nothing from content/ that a browser could run is ever published.

Every picture is decoded in full, as a raster format a browser shows, before anything is written;
SVG is refused outright (it is a document that runs script on the site's own origin).
"""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from reader_site import READER_SITE, picture

CONTES = "content/imaginaires/contes.md"
SVG_REFUSED = (
    "content/imaginaires/contes.md:7: images.src: image SVG refusée « dessin.svg » : un fichier SVG peut contenir"
    " du code que le navigateur exécuterait — exportez-la en PNG (ou en JPEG) depuis un logiciel de dessin et nommez"
    " ce fichier à la place"
)
SVGS = {
    "clean": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>',
    "script": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.domain)</script></svg>',
    "handler": '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="5" height="5"/></svg>',
    "foreign-object": (
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="9" height="9">'
        '<body xmlns="http://www.w3.org/1999/xhtml"><iframe src="https://evil.example/"></iframe></body>'
        "</foreignObject></svg>"
    ),
    "external-href": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="https://evil.example/track.png" width="9" height="9"/></svg>'
    ),
    "javascript-link": (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<a xlink:href="javascript:alert(1)"><text y="9">clic</text></a></svg>'
    ),
}


def _with_picture(name: str, data: bytes) -> dict[str, str | bytes]:
    contes = READER_SITE[CONTES].replace("src: panneau-1.jpg", f"src: {name}")
    return {**READER_SITE, CONTES: contes, f"content/imaginaires/{name}": data}


@pytest.mark.parametrize("case", sorted(SVGS))
def test_an_svg_is_refused_clean_or_hostile_and_nothing_is_published(build_site, case):
    run = build_site(_with_picture("dessin.svg", SVGS[case].encode()))
    assert run.code == 1
    assert run.problems == [SVG_REFUSED]
    assert not (run.root / "output").exists()


def test_an_svg_shown_in_a_body_is_refused_too(build_site):
    body = READER_SITE[CONTES].replace("Il était une fois.", "Il était une fois.\n\n        ![Un dessin](dessin.svg)")
    run = build_site({**READER_SITE, CONTES: body, "content/imaginaires/dessin.svg": SVGS["script"].encode()})
    assert run.code == 1
    assert run.problems == ["content/imaginaires/contes.md:16: " + SVG_REFUSED.split("images.src: ")[1]]
    assert not (run.root / "output").exists()


def _truncated_jpeg() -> bytes:
    """A JPEG whose header is whole (Pillow opens it, sizes it) but whose pixels end in HTML with a script."""
    whole = picture(200, 100)
    return whole[: len(whole) // 2] + b"<html><script>alert(1)</script></html>"


@pytest.mark.parametrize("command", [(), ("check",)])
def test_a_picture_is_decoded_in_full_before_anything_is_published(build_site, command):
    # Its header alone is a valid PNG: only decoding the pixels shows that it is not a picture.
    run = build_site(_with_picture("panneau.jpg", _truncated_jpeg()), *command)
    assert run.code == 1
    assert len(run.problems) == 1
    assert run.problems[0].startswith("content/imaginaires/contes.md:7: images.src: image illisible « panneau.jpg » (")
    assert not (run.root / "output").exists()


def test_a_picture_is_read_only_as_a_raster_format_a_browser_shows(build_site):
    # An EPS named .jpg: Pillow would hand it to Ghostscript; it is not even tried.
    eps = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n%%EndComments\nnewpath 0 0 moveto showpage\n"
    tiff = io.BytesIO()
    Image.new("RGB", (10, 10)).save(tiff, "TIFF")
    for name, data in (("panneau.jpg", eps), ("panneau.webp", tiff.getvalue())):
        run = build_site(_with_picture(name, data), "check")
        assert run.code == 1, name
        assert run.problems == [
            f"content/imaginaires/contes.md:7: images.src: image illisible « {name} » (format inconnu)"
            " — enregistrez-la en JPEG ou en PNG depuis un logiciel d'images"
        ], name


def test_a_clean_picture_and_its_original_are_published(build_site):
    run = build_site(_with_picture("panneau.png", picture(200, 100, alpha=True)))
    assert run.code == 0, run.err
    folder = run.output / "imaginaires/contes"
    assert (folder / "panneau.png").read_bytes() == (run.root / "content/imaginaires/panneau.png").read_bytes()
    assert (folder / "panneau-200.png").is_file()


def test_a_pixel_bomb_is_refused_before_it_is_decoded(build_site):
    # A PNG header announcing 14,000 × 14,000 pixels (196 million once decoded), in a few bytes.
    header = struct.pack(">IIBBBBB", 14_000, 14_000, 1, 0, 0, 0, 0)
    chunk = struct.pack(">I", len(header)) + b"IHDR" + header + struct.pack(">I", zlib.crc32(b"IHDR" + header))
    bomb = b"\x89PNG\r\n\x1a\n" + chunk + b"\x00\x00\x00\x00IEND\xaeB`\x82"
    run = build_site(_with_picture("panneau.png", bomb), "check")
    assert run.code == 1
    assert run.problems == [
        "content/imaginaires/contes.md:7: images.src: image illisible « panneau.png » (trop de pixels)"
        " — enregistrez-la en JPEG ou en PNG depuis un logiciel d'images"
    ]
