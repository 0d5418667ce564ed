"""The preview reloads the browser first and makes the search index afterwards, from the unchanged parts."""

from __future__ import annotations

import os
from datetime import date

from livereload.handlers import LiveReloadHandler
from test_cache import SITE, figure

from sitegen.editor.serve import Preview, RebuildOnChange

from conftest import write_files


def leftovers(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".apercu")]


def test_the_search_index_follows_the_reload(tmp_path, monkeypatch):
    root = write_files(tmp_path / "site", SITE)
    output = tmp_path / "apercu"
    preview = Preview(root, output, date(2016, 11, 1), tmp_path / "cache")
    events: list[str] = []
    watcher = RebuildOnChange(
        lambda path: (events.append("construit"), preview.rebuild(path)),
        lambda: (events.append("après le rechargement"), preview.index_after_reload()),
    )
    monkeypatch.setattr(LiveReloadHandler, "watcher", watcher)  # as livereload's server sets it; no browser waits here
    watcher.watch(str(root / "content"), None)
    watcher.examine()  # livereload's first look: it notes the files' times
    preview.rebuild()
    assert not (output / "pagefind").exists()  # not yet: the browser is not kept waiting for it
    preview.index_after_reload()
    preview.wait_for_index()
    assert (output / "pagefind/parts.json").is_file() and (output / "pagefind/pagefind-ui.js").is_file()
    assert leftovers(tmp_path) == []  # the previous site, kept for the index's unchanged parts, is removed
    page = root / "content/figures/essaimage.md"
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Un autre texte.")})
    os.utime(page, (page.stat().st_atime + 10, page.stat().st_mtime + 10))
    events.clear()
    watcher.examine()
    assert events == ["construit", "après le rechargement"]
    assert b"Un autre texte." in (output / "figures/essaimage/index.html").read_bytes()
    preview.wait_for_index()
    assert (output / "pagefind/parts.json").is_file() and leftovers(tmp_path) == []
