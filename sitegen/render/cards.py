"""Sharing cards: one Open Graph picture per page (1200 × 630 JPEG), drawn at build time with Pillow.

A card shows the site's mark and name, what the page is (its section) and its title, in the site's
own fonts (static/fonts/, from npm). It is kept in the cache folder under a name made of everything
it shows and the settings, like resized pictures: an unchanged card is never drawn twice, and the
same inputs give the same bytes (basic layout, no system font, fixed encoder settings).
What all cards of a section share (the mark, the site's name, the label) is drawn once per build,
and many new cards (a cold build) are drawn in forked processes: JPEG, not PNG, because Pillow's PNG
encoder costs ~13 ms a card against ~2 ms (10,000 cards: 2 minutes against 20 s).
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

import PIL
from PIL import Image, ImageDraw, ImageFont

from ..durable import write_all_atomically
from .typography import typo_text

if TYPE_CHECKING:
    from .pages import PagePlan

CARDS_FOLDER = "cards"  # in the cache folder
CARD_FOLDER = "partage"  # in the output: partage/<page>.jpg
WIDTH, HEIGHT = 1200, 630
CARD_SIZE = (WIDTH, HEIGHT)
FONTS = {"title": "source-serif-4-latin-700-normal.woff2", "label": "source-sans-3-latin-600-normal.woff2"}
INK, BACKGROUND, ACCENT, SOFT, MUTED = "#1f1b16", "#faf6ef", "#9a3412", "#f2c29b", "#5a5048"
JPEG = {"quality": 90, "subsampling": "4:2:0"}
CARD_TYPE = "image/jpeg"
IN_PROCESSES = 64  # from this many cards to draw, forked processes draw them
SETTINGS = f"card-v2 {WIDTH}x{HEIGHT} jpeg={sorted(JPEG.items())} pillow={PIL.__version__} fonts={sorted(FONTS.items())}"


@dataclass(frozen=True)
class Card:
    """What one card shows."""

    title: str
    label: str  # what the page is: a section's singular, or its title for an index
    site: str


@dataclass(frozen=True)
class Faces:
    """The two fonts' files (hashable, so that what a section's cards share is drawn once)."""

    title: bytes
    label: bytes


@dataclass
class Cards:
    """The cards of a build: output path → cached file, and what the cache did."""

    files: dict[str, Path] = field(default_factory=dict)
    made: int = 0
    reused: int = 0


def card_path(page_path: str) -> str:
    """The card's output path for a page's (`figures/eclairer/index.html` → `partage/figures/eclairer.jpg`)."""
    stem = page_path.removesuffix("index.html").removesuffix(".html").rstrip("/")
    return f"{CARD_FOLDER}/{stem or 'accueil'}.jpg"


def card_url(base_path: str, url: str) -> str:
    """The card's URL for a page's URL (the same mapping as `card_path`)."""
    page = url[len(base_path) :] if url.startswith(base_path) else url.lstrip("/")
    page = page + "index.html" if page.endswith("/") or not page else page
    return base_path + card_path(page)


def card_of(plan: PagePlan) -> Card:
    """A page's card: its title and what kind of page it is."""
    context = plan.context
    sections = context.site.config.sections
    label = ""
    if context.entry is not None and context.section in sections and sections[context.section].url:
        label = sections[context.section].singular
    elif context.section in sections:
        label = sections[context.section].title
    return _card(context.title, label, context.site.config.title)


@lru_cache(maxsize=16384)
def _card(title: str, label: str, site: str) -> Card:
    """The card of a title (typeset as text: a card shows no markup), remembered: a preview asks for it at every save."""
    return Card(typo_text(title), label, typo_text(site))


@lru_cache(maxsize=16384)
def _key(card: Card, fonts_key: str) -> str:
    return hashlib.sha256(repr((SETTINGS, fonts_key, card)).encode()).hexdigest()[:32]


def prepare_cards(plans: list[PagePlan], fonts: Path, cache: Path, process: bool = True) -> Cards:
    """Plan (and, when `process`, draw or reuse) the card of every page."""
    cards = Cards()
    faces = Faces(**{name: (fonts / file).read_bytes() for name, file in FONTS.items()})
    fonts_key = hashlib.sha256(faces.title + faces.label).hexdigest()[:10]
    missing: dict[Path, Card] = {}
    try:
        drawn_before = set(os.listdir(cache))  # one listing, not a look-up a page
    except OSError:
        drawn_before = set()
    for plan in plans:
        card = card_of(plan)
        name = f"{_key(card, fonts_key)}.jpg"
        cached = cards.files[card_path(plan.path)] = cache / name
        if cached in missing or name in drawn_before:
            cards.reused += 1
        elif process:
            missing[cached] = card
    drawn = _draw_all(list(missing.values()), faces)  # written as they come, on disk with one sync for all
    write_all_atomically(cache, ((cached.name, data) for cached, data in zip(missing, drawn, strict=True)))
    cards.made = len(missing)
    return cards


def _draw_all(cards: list[Card], faces: Faces) -> Iterator[bytes]:
    """Each card's bytes, in order, as they are drawn: in forked processes when there are many and the system forks."""
    workers = min(os.cpu_count() or 1, len(cards) // IN_PROCESSES)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (draw(card, faces) for card in cards)
        return
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(partial(draw, faces=faces), cards, chunksize=64)


@lru_cache(maxsize=16)
def _font(data: bytes, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(io.BytesIO(data), size, layout_engine=ImageFont.Layout.BASIC)


def _lines(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """`text` cut at spaces into lines no wider than `width` pixels."""
    lines: list[str] = []
    for word in filter(None, text.split(" ")):
        if lines and font.getlength(lines[-1] + " " + word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def draw(card: Card, faces: Faces) -> bytes:
    """The card's JPEG bytes: the mark and the site's name, the page's kind, its title (up to four lines)."""
    image = _base(card.site, card.label, faces).copy()
    pen = ImageDraw.Draw(image)
    width = WIDTH - 160
    for size in (76, 64, 54, 46):
        title_font = _font(faces.title, size)
        lines = _lines(card.title, title_font, width)
        if len(lines) <= 4 and all(title_font.getlength(line) <= width for line in lines):
            break
    if len(lines) > 4:
        lines = [*lines[:3], lines[3] + " …"]
    leading = round(size * 1.18)
    y = HEIGHT - 90 - leading * len(lines)
    for line in lines:
        pen.text((80, y), line, font=title_font, fill=INK)
        y += leading
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **JPEG)
    return buffer.getvalue()


@lru_cache(maxsize=32)
def _base(site: str, label: str, faces: Faces) -> Image.Image:
    """What the cards of one section share: the mark, the site's name, the label (never drawn on: copied)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    # the mark, as in static/favicon.svg: a ring and a small dot on a dark square
    pen.rounded_rectangle((80, 72, 176, 168), radius=18, fill=INK)
    pen.ellipse((80 + 16.5, 72 + 16.5, 80 + 67.5, 72 + 67.5), outline=BACKGROUND, width=9)
    pen.ellipse((80 + 63, 72 + 63, 80 + 84, 72 + 84), fill=SOFT)
    pen.text((204, 96), site, font=_font(faces.label, 30), fill=INK)
    if label:
        pen.text((204, 134), label.upper(), font=_font(faces.label, 24), fill=ACCENT)
    pen.line((80, HEIGHT - 60, 280, HEIGHT - 60), fill=MUTED, width=3)
    return image
