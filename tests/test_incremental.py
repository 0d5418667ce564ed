"""Rebuilds touch only what changed: unchanged files keep their modification time, output/ is still swapped whole."""

from __future__ import annotations

import os
from datetime import date

from test_cache import SITE, figure

from sitegen.pipeline import build

from conftest import write_files

NOW = date(2016, 11, 1)


def stamps(folder) -> dict[str, tuple[int, int]]:
    """Every file under `folder`: (inode, mtime_ns)."""
    found = {}
    for path in folder.rglob("*"):
        if path.is_file():
            info = path.stat()
            found[path.relative_to(folder).as_posix()] = (info.st_ino, info.st_mtime_ns)
    return found


def test_unchanged_files_keep_their_modification_time(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    output = root / "output"
    assert not build(root, NOW, output, search=False).problems
    before = stamps(output)
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Un autre texte.")})
    assert not build(root, NOW, output, search=False).problems
    after = stamps(output)
    changed = {path for path in after if after[path] != before.get(path)}
    assert "figures/essaimage/index.html" in changed
    assert "figures/eclairer/index.html" not in changed and "static/style.css" not in changed
    assert b"Un autre texte." in (output / "figures/essaimage/index.html").read_bytes()
    assert not [p for p in output.parent.iterdir() if p.name.startswith(".output")]  # no staging or retired folder left


def test_a_no_change_rebuild_keeps_every_file_and_the_search_index(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    output = root / "output"
    assert not build(root, NOW, output).problems
    before = stamps(output)
    assert any(path.startswith("pagefind/") for path in before)
    assert not build(root, NOW, output).problems
    assert stamps(output) == before
    # a changed page gets a new index
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Un autre texte.")})
    assert not build(root, NOW, output).problems
    after = stamps(output)
    assert after["pagefind/pagefind-entry.json"] != before["pagefind/pagefind-entry.json"]
    assert os.path.isdir(output / "pagefind")
