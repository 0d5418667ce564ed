"""Sharing cards: one Open Graph picture per page (1200 × 630 PNG), drawn at build time with Pillow.

A card shows the site's mark and name, what the page is (its section) and its title, in the site's
own fonts (static/fonts/, from npm). It is kept in the cache folder under a name made of everything
it shows and the settings, like resized pictures: an unchanged card is never drawn twice, and the
same inputs give the same bytes (basic layout, no system font, fixed PNG settings).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import PIL
from PIL import Image, ImageDraw, ImageFont

from ..durable import write_atomically
from .typography import typo

if TYPE_CHECKING:
    from .pages import PagePlan

CARDS_FOLDER = "cards"  # in the cache folder
CARD_FOLDER = "partage"  # in the output: partage/<page>.png
WIDTH, HEIGHT = 1200, 630
CARD_SIZE = (WIDTH, HEIGHT)
FONTS = {"title": "source-serif-4-latin-700-normal.woff2", "label": "source-sans-3-latin-600-normal.woff2"}
INK, BACKGROUND, ACCENT, SOFT, MUTED = "#1f1b16", "#faf6ef", "#9a3412", "#f2c29b", "#5a5048"
PNG = {"compress_level": 3}
SETTINGS = f"card-v1 {WIDTH}x{HEIGHT} png={sorted(PNG.items())} pillow={PIL.__version__} fonts={sorted(FONTS.items())}"


@dataclass(frozen=True)
class Card:
    """What one card shows."""

    title: str
    label: str  # what the page is: a section's singular, or its title for an index
    site: str


@dataclass
class Cards:
    """The cards of a build: output path → cached file, and what the cache did."""

    files: dict[str, Path] = field(default_factory=dict)
    made: int = 0
    reused: int = 0


def card_path(page_path: str) -> str:
    """The card's output path for a page's (`figures/eclairer/index.html` → `partage/figures/eclairer.png`)."""
    stem = page_path.removesuffix("index.html").removesuffix(".html").rstrip("/")
    return f"{CARD_FOLDER}/{stem or 'accueil'}.png"


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
    return Card(str(typo(context.title)), label, str(typo(context.site.config.title)))


def prepare_cards(plans: list[PagePlan], fonts: Path, cache: Path, process: bool = True) -> Cards:
    """Plan (and, when `process`, draw or reuse) the card of every page."""
    cards = Cards()
    faces = {name: (fonts / file).read_bytes() for name, file in FONTS.items()}
    fonts_key = hashlib.sha256(b"".join(faces.values())).hexdigest()[:10]
    for plan in plans:
        card = card_of(plan)
        key = hashlib.sha256(repr((SETTINGS, fonts_key, card)).encode()).hexdigest()[:32]
        cached = cache / f"{key}.png"
        cards.files[card_path(plan.path)] = cached
        if cached.is_file():
            cards.reused += 1
        elif process:
            write_atomically(cached, draw(card, faces))
            cards.made += 1
    return cards


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


def draw(card: Card, faces: dict[str, bytes]) -> bytes:
    """The card's PNG bytes: the mark and the site's name, the page's kind, its title (up to four lines)."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle((0, 0, WIDTH, 14), fill=ACCENT)
    # the mark, as in static/favicon.svg: a ring and a small dot on a dark square
    pen.rounded_rectangle((80, 72, 176, 168), radius=18, fill=INK)
    pen.ellipse((80 + 16.5, 72 + 16.5, 80 + 67.5, 72 + 67.5), outline=BACKGROUND, width=9)
    pen.ellipse((80 + 63, 72 + 63, 80 + 84, 72 + 84), fill=SOFT)
    label_font = _font(faces["label"], 30)
    pen.text((204, 96), card.site, font=label_font, fill=INK)
    if card.label:
        pen.text((204, 134), card.label.upper(), font=_font(faces["label"], 24), fill=ACCENT)
    width = WIDTH - 160
    for size in (76, 64, 54, 46):
        title_font = _font(faces["title"], size)
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
    pen.line((80, HEIGHT - 60, 280, HEIGHT - 60), fill=MUTED, width=3)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", **PNG)
    return buffer.getvalue()
