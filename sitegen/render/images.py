"""Pictures beside their entry, resized at build time (Pillow) into a few widths, with a cache.

Pictures are untrusted input: every one is decoded in full, by one of the raster formats a browser
shows and nothing else, before anything is published (the original too, beside the resized files).
SVG is refused: it is a document that can run script on the site's own origin (see SECURITY.md).

A resized file is kept in `.cache/images/` under a name made of the source's hash, the width and
the settings: an unchanged picture is never processed twice, and a new setting starts afresh.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import PIL
from PIL import Image, ImageOps, features
from slugify import slugify

from ..durable import write_atomically
from ..messages import message
from ..problems import Problem
from ..site.assemble import Site
from ..source.content import Entry

WIDTHS = (480, 960, 1440)
DEFAULT_WIDTH = 960  # the `src` for browsers that ignore srcset
JPEG = {"quality": 82, "optimize": True, "progressive": True}
PNG = {"optimize": True}
# The only formats Pillow may read a picture as: raster formats a browser shows. Others (EPS calls
# Ghostscript, PSD, TIFF…) are never even tried, whatever the file's name.
FORMATS = ("JPEG", "PNG", "GIF", "WEBP", "AVIF")
# Modern formats offered before the JPEG/PNG fallback (`<picture>`), best first; only those this Pillow encodes.
_MODERN = (
    ("avif", "image/avif", {"quality": 60, "speed": 10, "max_threads": 1}),  # one thread: the same bytes every time
    ("webp", "image/webp", {"quality": 80, "method": 4}),
)
MODERN = tuple(m for m in _MODERN if features.check(m[0]))
SETTINGS = (
    f"lanczos jpeg={sorted(JPEG.items())} png={sorted(PNG.items())} pillow={PIL.__version__} "
    f"modern={[(ext, sorted(options.items())) for ext, _, options in MODERN]}"
)
IMAGES_FOLDER = "images"  # in the cache folder
_ORIENTATION = 0x0112  # EXIF tag; values 5 to 8 turn the picture a quarter


class UnsafePicture(Exception):
    """A picture file a browser could run (SVG): refused, never published."""


@dataclass(frozen=True)
class Variant:
    """One resized file of a picture."""

    url: str
    width: int
    height: int


SIZES = "(min-width: 48rem) 44rem, 100vw"  # the width a picture takes in an entry's column


@dataclass(frozen=True)
class Source:
    """The same widths in a modern format, for a `<source>` of `<picture>`."""

    type: str
    srcset: str


@dataclass(frozen=True)
class Picture:
    """A picture as pages show it: its variants for srcset, its default file (`src`) and size, its texts."""

    variants: tuple[Variant, ...]
    url: str
    width: int | None = None
    height: int | None = None
    alt: str = ""  # "" on purpose: a decorative picture
    caption: str | None = None
    credit: str | None = None
    licence: str | None = None
    sources: tuple[Source, ...] = ()  # modern formats, best first; the variants are the fallback

    @property
    def srcset(self) -> str:
        return ", ".join(f"{v.url} {v.width}w" for v in self.variants)

    @property
    def largest(self) -> Variant | None:
        return self.variants[-1] if self.variants else None


@dataclass
class Images:
    """Every entry's pictures (by source path), the files to publish, and what the cache did.

    `pictures` are the entry's `images:`, shown by the templates; `in_bodies` maps each file a body
    shows (`![…](photo.jpg)`) to its resized files, for the Markdown renderer (its alt text is the body's).
    """

    pictures: dict[str, list[Picture]] = field(default_factory=dict)
    in_bodies: dict[str, dict[str, Picture]] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # output path → cached file, or the original
    problems: list[Problem] = field(default_factory=list)
    made: int = 0  # variants resized in this build
    reused: int = 0  # variants found in the cache


def prepare_images(site: Site, root: Path, cache: Path, process: bool = True) -> Images:
    """Plan (and, when `process`, make or reuse) the resized files of every entry's pictures.

    The original is published too, under its own name beside the entry's page, so that the text
    of an entry may link to it; pages show the resized files.
    """
    images = Images()
    for entry in site.entries:
        folder = entry.url[len(site.config.base_path) :]
        for src in entry.pictures:
            images.files[folder + src] = (root / entry.path).parent / src
    for entry in site.entries:
        made: dict[str, Picture] = {}
        for src in entry.pictures:
            try:
                made[src] = _picture(site, entry, src, (root / entry.path).parent / src, cache, images, process)
            except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
                line, field = _where(entry, src)
                images.problems.append(
                    Problem(entry.path, line, field, message("image_unreadable", src=src, error=_reason(error)))
                )
            except UnsafePicture:
                line, field = _where(entry, src)
                images.problems.append(Problem(entry.path, line, field, message("image_svg", src=src)))
            if src not in made:  # never published, not even the original
                images.files.pop(entry.url[len(site.config.base_path) :] + src, None)
        texts = [image for image in entry.fields.images if image.src in made]
        if texts:
            images.pictures[entry.path] = [
                replace(made[i.src], alt=i.alt, caption=i.caption, credit=i.credit, licence=i.licence) for i in texts
            ]
        if any(src in made for src in entry.body_pictures):
            images.in_bodies[entry.path] = {src: made[src] for src in entry.body_pictures if src in made}
    return images


def _where(entry: Entry, src: str) -> tuple[int, str]:
    """The line and field where `entry` names the picture `src`: in `images:`, else in its body."""
    for index, image in enumerate(entry.fields.images):
        if image.src == src:
            return entry.source.line_of(("images", index, "src")), "images.src"
    return entry.source.line_in_body(entry.source.body.find(f"]({src}")), ""


def _picture(site: Site, entry: Entry, src: str, source: Path, cache: Path, images: Images, process: bool) -> Picture:
    """The resized files of one picture, once it is decoded in full as a raster format (SVG is refused)."""
    if source.suffix.lower() == ".svg":
        raise UnsafePicture(src)
    data = source.read_bytes()
    with Image.open(io.BytesIO(data), formats=FORMATS) as opened:
        opened.load()  # the whole picture, within Pillow's pixel limit: a file that is not one stops here
        width, height = opened.size
        if opened.getexif().get(_ORIENTATION, 1) in (5, 6, 7, 8):
            width, height = height, width
        alpha = opened.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
    ext = "png" if alpha else "jpg"
    widths = sorted({w for w in WIDTHS if w < width} | {min(width, max(WIDTHS))})
    folder = entry.url[len(site.config.base_path) :]
    formats = [ext, *(modern for modern, _, _ in MODERN)]
    stem = _free_stem(images, folder, slugify(PurePosixPath(src).stem) or "image", [f"-{w}.{f}" for w in widths for f in formats])
    variants, missing = [], {}
    key = hashlib.sha256(data).hexdigest()[:32] + "-" + hashlib.sha256(SETTINGS.encode()).hexdigest()[:10]
    for w in widths:
        h = max(1, round(height * w / width))
        variants.append(Variant(entry.url + f"{stem}-{w}.{ext}", w, h))
        for f in formats:
            cached = cache / f"{key}-{w}.{f}"
            images.files[folder + f"{stem}-{w}.{f}"] = cached
            if cached.is_file():
                images.reused += 1
            else:
                missing.setdefault((w, h), {})[f] = cached
    if missing and process:
        _resize(data, missing, alpha)
        images.made += sum(len(files) for files in missing.values())
    sources = tuple(
        Source(mime, ", ".join(f"{entry.url}{stem}-{v.width}.{modern} {v.width}w" for v in variants))
        for modern, mime, _ in MODERN
    )
    default = min(variants, key=lambda v: (abs(v.width - DEFAULT_WIDTH), -v.width))
    return Picture(tuple(variants), default.url, default.width, default.height, sources=sources)


def _free_stem(images: Images, folder: str, stem: str, endings: list[str]) -> str:
    """A file stem whose resized files take no name already used in `folder` (an original, another picture)."""
    candidate, number = stem, 2
    while any(folder + candidate + ending in images.files for ending in endings):
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


def _resize(data: bytes, targets: dict[tuple[int, int], dict[str, Path]], alpha: bool) -> None:
    """Decode once, write every missing width and format into the cache (each file appears whole or not at all)."""
    options = {"png": ("PNG", PNG), "jpg": ("JPEG", JPEG)} | {ext: (ext.upper(), o) for ext, _, o in MODERN}
    with Image.open(io.BytesIO(data), formats=FORMATS) as opened:
        picture = ImageOps.exif_transpose(opened)
        picture = picture.convert("RGBA" if alpha else "RGB")
        for (w, h), files in sorted(targets.items()):
            resized = picture if (w, h) == picture.size else picture.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
            for ext, target in sorted(files.items()):
                buffer = io.BytesIO()
                name, settings = options[ext]
                resized.save(buffer, name, **settings)
                write_atomically(target, buffer.getvalue())


def _reason(error: BaseException) -> str:
    if isinstance(error, Image.DecompressionBombError):
        return message("image_too_large")
    if isinstance(error, Image.UnidentifiedImageError):
        return message("image_unknown_format")
    return str(error) or type(error).__name__
