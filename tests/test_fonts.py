"""The site's fonts come from npm packages (package.json), vendored into static/fonts/ by tools/vendor_fonts.py."""

from __future__ import annotations

import json
import re

import pytest

from tools.vendor_fonts import FONTS, PACKAGES, sources

from judges import PROJECT, require


def test_the_vendored_fonts_are_the_pinned_packages_files():
    require((PACKAGES).is_dir(), "node_modules/@fontsource is missing (npm ci)")
    pinned = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    for package in FONTS:
        installed = json.loads((PACKAGES / package / "package.json").read_text(encoding="utf-8"))["version"]
        assert pinned[f"@fontsource/{package}"] == installed
    for vendored, source in sources().items():
        assert vendored.read_bytes() == source.read_bytes(), vendored.name


def test_the_stylesheet_declares_every_vendored_font_and_nothing_else():
    css = (PROJECT / "static/style.css").read_text(encoding="utf-8")
    declared = set(re.findall(r'url\("fonts/([^"]+)"\)', css))
    assert declared == {name for names in FONTS.values() for name in names}
    assert not re.search(r"url\([\"']?(https?:)?//", css)  # no font or picture from elsewhere


@pytest.mark.parametrize("package", sorted(FONTS))
def test_each_font_s_licence_is_published_with_it(package):
    assert "SIL Open Font License" in (PROJECT / "static/fonts" / f"{package}-LICENSE.txt").read_text(encoding="utf-8")
