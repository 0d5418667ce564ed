"""Pictures beside their entry, resized at build time (Pillow) into a few widths, with a cache.

A resized file is kept in `.cache/images/` under a name made of the source's hash, the width and
the settings: an unchanged picture is never processed twice, and a new setting starts afresh.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import quote

import PIL
from PIL import Image, ImageOps
from slugify import slugify

from .assemble import Site
from .content import Entry
from .messages import message
from .problems import Problem
from .schema import Image as ImageField

WIDTHS = (480, 960, 1440)
DEFAULT_WIDTH = 960  # the `src` for browsers that ignore srcset
JPEG = {"quality": 82, "optimize": True, "progressive": True}
PNG = {"optimize": True}
SETTINGS = f"lanczos jpeg={sorted(JPEG.items())} png={sorted(PNG.items())} pillow={PIL.__version__}"
VECTOR = (".svg",)
IMAGES_FOLDER = "images"  # in the cache folder
_ORIENTATION = 0x0112  # EXIF tag; values 5 to 8 turn the picture a quarter


@dataclass(frozen=True)
class Variant:
    """One resized file of a picture."""

    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Picture:
    """A picture as templates show it: its variants for srcset, alt text and caption."""

    alt: str
    caption: str | None
    variants: tuple[Variant, ...]
    url: str  # the default file (`src`)
    width: int | None = None
    height: int | None = None

    @property
    def srcset(self) -> str:
        return ", ".join(f"{v.url} {v.width}w" for v in self.variants)

    @property
    def largest(self) -> Variant | None:
        return self.variants[-1] if self.variants else None


@dataclass
class Images:
    """The pictures of every entry (by source path), the files to publish, and what the cache did."""

    pictures: dict[str, list[Picture]] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # output path → cached file, or the original
    problems: list[Problem] = field(default_factory=list)
    made: int = 0  # variants resized in this build
    reused: int = 0  # variants found in the cache


def prepare_images(site: Site, root: Path, cache: Path, process: bool = True) -> Images:
    """Plan (and, when `process`, make or reuse) the resized files of every entry's pictures.

    The original is published too, under its own name beside the entry's page, so that the text
    of an entry may link to it (`![…](panneau.png)`); pages show the resized files.
    """
    images = Images()
    found = []
    for entry in site.entries:
        folder = entry.url[len(site.config.base_path) :]
        for index, image in enumerate(getattr(entry.fields, "images", [])):
            source = (root / entry.path).parent / image.src
            if "/" in image.src or "\\" in image.src or not source.is_file():
                continue  # reported while reading the entry (missing_image)
            images.files[folder + source.name] = source
            found.append((entry, index, image, source))
    for entry, index, image, source in found:
        try:
            picture = _picture(site, entry, image, source, cache, images, process)
        except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
            line = entry.source.line_of(("images", index, "src"))
            text = message("image_unreadable", src=image.src, error=_reason(error))
            images.problems.append(Problem(entry.path, line, "images.src", text))
            continue
        images.pictures.setdefault(entry.path, []).append(picture)
    return images


def _picture(site: Site, entry: Entry, image: ImageField, source: Path, cache: Path, images: Images, process: bool) -> Picture:
    if source.suffix.lower() in VECTOR:
        return Picture(image.alt, image.caption, (), entry.url + quote(source.name))
    data = source.read_bytes()
    with Image.open(io.BytesIO(data)) as opened:
        width, height = opened.size
        if opened.getexif().get(_ORIENTATION, 1) in (5, 6, 7, 8):
            width, height = height, width
        alpha = opened.mode in ("RGBA", "LA", "PA") or "transparency" in opened.info
    ext = "png" if alpha else "jpg"
    widths = sorted({w for w in WIDTHS if w < width} | {min(width, max(WIDTHS))})
    folder = entry.url[len(site.config.base_path) :]
    stem = _free_stem(images, folder, slugify(PurePosixPath(image.src).stem) or "image", [f"-{w}.{ext}" for w in widths])
    variants, missing = [], {}
    key = hashlib.sha256(data).hexdigest()[:32] + "-" + hashlib.sha256(SETTINGS.encode()).hexdigest()[:10]
    for w in widths:
        h = max(1, round(height * w / width))
        name = f"{stem}-{w}.{ext}"
        cached = cache / f"{key}-{w}.{ext}"
        images.files[folder + name] = cached
        variants.append(Variant(entry.url + name, w, h))
        if cached.is_file():
            images.reused += 1
        else:
            missing[(w, h)] = cached
    if missing and process:
        _resize(data, missing, alpha)
        images.made += len(missing)
    default = min(variants, key=lambda v: (abs(v.width - DEFAULT_WIDTH), -v.width))
    return Picture(image.alt, image.caption, tuple(variants), default.url, default.width, default.height)


def _free_stem(images: Images, folder: str, stem: str, endings: list[str]) -> str:
    """A file stem whose resized files take no name already used in `folder` (an original, another picture)."""
    candidate, number = stem, 2
    while any(folder + candidate + ending in images.files for ending in endings):
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


def _resize(data: bytes, targets: dict[tuple[int, int], Path], alpha: bool) -> None:
    """Decode once, write every missing width into the cache (each file appears whole or not at all)."""
    with Image.open(io.BytesIO(data)) as opened:
        picture = ImageOps.exif_transpose(opened)
        picture = picture.convert("RGBA" if alpha else "RGB")
        for (w, h), target in sorted(targets.items()):
            resized = picture if (w, h) == picture.size else picture.resize((w, h), Image.Resampling.LANCZOS, reducing_gap=3.0)
            buffer = io.BytesIO()
            if alpha:
                resized.save(buffer, "PNG", **PNG)
            else:
                resized.save(buffer, "JPEG", **JPEG)
            _write_atomically(target, buffer.getvalue())


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _reason(error: BaseException) -> str:
    if isinstance(error, Image.DecompressionBombError):
        return message("image_too_large")
    if isinstance(error, Image.UnidentifiedImageError):
        return message("image_unknown_format")
    return str(error) or type(error).__name__
