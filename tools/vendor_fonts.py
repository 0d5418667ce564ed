"""Copy the site's fonts from their npm packages (pinned in package.json) into static/fonts/.

Run after `npm ci` when package.json changes: `python -m tools.vendor_fonts`. The copies are
committed, so that building the site needs no npm; tests/test_fonts.py checks they are the
packages' files byte for byte.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ROOT / "node_modules" / "@fontsource"
TARGET = ROOT / "static" / "fonts"
# package → files of its `files/` folder (latin covers French: œ, « », the narrow no-break space)
FONTS: dict[str, tuple[str, ...]] = {
    "source-serif-4": (
        "source-serif-4-latin-400-normal.woff2",
        "source-serif-4-latin-400-italic.woff2",
        "source-serif-4-latin-700-normal.woff2",
    ),
    "source-sans-3": (
        "source-sans-3-latin-400-normal.woff2",
        "source-sans-3-latin-600-normal.woff2",
        "source-sans-3-latin-700-normal.woff2",
    ),
}
LICENCES = {package: f"{package}-LICENSE.txt" for package in FONTS}


def sources() -> dict[Path, Path]:
    """Each vendored file in static/fonts/ → the package file it copies."""
    pairs = {TARGET / name: PACKAGES / package / "files" / name for package, names in FONTS.items() for name in names}
    pairs |= {TARGET / name: PACKAGES / package / "LICENSE" for package, name in LICENCES.items()}
    return pairs


def main() -> None:
    """Copy every font file and its licence."""
    TARGET.mkdir(parents=True, exist_ok=True)
    for target, source in sources().items():
        shutil.copyfile(source, target)
        print(f"{source.relative_to(ROOT)} → {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
