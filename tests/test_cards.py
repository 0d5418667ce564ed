"""Sharing cards (sitegen/render/cards.py): an Open Graph picture for every page, drawn once, the same bytes every time."""

from __future__ import annotations

import io
import re
from datetime import date

from PIL import Image
from test_cache import SITE, figure

from sitegen.pipeline import build
from sitegen.render.cards import CARDS_FOLDER, FONTS, IN_PROCESSES, Card, Faces, _draw_all, card_path, card_url, draw
from sitegen.render.typography import typo_text
from sitegen.source.config import ROOM_PAGE, load_config

from conftest import PROJECT, write_files

NOW = date(2016, 11, 1)


def test_a_card_s_path_follows_its_page_s():
    assert card_path("index.html") == "partage/accueil.jpg"
    assert card_path("figures/eclairer/index.html") == "partage/figures/eclairer.jpg"
    assert card_path("micro-histoires/page/2/index.html") == "partage/micro-histoires/page/2.jpg"
    assert card_path("404.html") == "partage/404.jpg"
    for url, page in (("/", "index.html"), ("/figures/eclairer/", "figures/eclairer/index.html"), ("/404.html", "404.html")):
        assert card_url("/", url) == "/" + card_path(page)
    assert card_url("/cycle/", "/cycle/figures/") == "/cycle/partage/figures.jpg"


def test_every_page_announces_a_card_of_1200_by_630_that_is_published(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    result = build(root, NOW, root / "output", search=False)
    assert result.problems == []
    pages = {path: data.decode() for path, data in result.pages.items() if path.endswith(".html")}
    assert pages
    for path, html in pages.items():
        if path.startswith(ROOM_PAGE):
            continue  # the editing room is Decap's own page, not one readers share
        [image] = re.findall(r'<meta property="og:image" content="https://example.org/([^"]+)">', html)
        assert image == card_path(path), path
        assert '<meta property="og:image:width" content="1200">' in html and 'content="summary_large_image"' in html
        with Image.open(root / "output" / image) as card:
            assert (card.format, card.size) == ("JPEG", (1200, 630))


def test_cards_are_drawn_once_and_are_the_same_bytes_from_a_cold_cache(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    assert build(root, NOW, root / "output", search=False).problems == []
    cache = root / ".cache" / CARDS_FOLDER
    stamps = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert build(root, NOW, root / "output", search=False).problems == []
    assert {p.name: p.stat().st_mtime_ns for p in cache.iterdir()} == stamps  # nothing drawn again
    other = write_files(tmp_path / "autre", SITE)
    assert build(other, NOW, other / "output", search=False).problems == []
    card = "partage/figures/eclairer.jpg"
    assert (root / "output" / card).read_bytes() == (other / "output" / card).read_bytes()
    write_files(other, {"content/figures/eclairer.md": figure(title="Éclairer autrement", body="Texte.")})
    assert build(other, NOW, other / "output", search=False).problems == []
    assert (root / "output" / card).read_bytes() != (other / "output" / card).read_bytes()  # a new title, a new card


def test_a_card_draws_the_title_in_the_site_s_own_fonts():
    faces = _faces()
    short = Image.open(io.BytesIO(draw(Card("Court", "Figure-modèle", "Site"), faces)))
    long = Image.open(io.BytesIO(draw(Card("Un titre " * 12, "Figure-modèle", "Site"), faces)))
    ink = [sum(1 for px in im.convert("L").crop((80, 200, 1120, 560)).getdata() if px < 100) for im in (short, long)]
    assert 0 < ink[0] < ink[1]  # the title is drawn, a longer one takes more room, and stays inside the card
    assert long.convert("L").crop((1125, 20, 1200, 630)).getextrema()[0] > 200  # nothing in the right margin


def test_cards_drawn_in_processes_are_the_bytes_drawn_here():
    faces = _faces()
    cards = [Card(f"Titre n° {n}", "Figure-modèle" if n % 2 else "", "Site") for n in range(3 * IN_PROCESSES)]
    assert list(_draw_all(cards, faces)) == [draw(card, faces) for card in cards]


def _faces() -> Faces:
    return Faces(**{name: (PROJECT / "static/fonts" / file).read_bytes() for name, file in FONTS.items()})


def test_a_card_shows_its_title_as_text_never_as_markup(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    write_files(root, {"content/figures/eclairer.md": figure(title="Le 11e rendez-vous", body="Texte.")})
    result = build(root, NOW, root / "output", search=False)
    assert result.problems == []
    config = load_config(root)
    expected = Card("Le 11e rendez-vous", config.sections["figures"].singular, typo_text(config.title))
    assert result.assets["partage/figures/eclairer.jpg"].read_bytes() == draw(expected, _faces())
