"""The preview serves each build from memory at once; its folder, with the search index, follows in the background.
A save that changes one body alone is shown before the build."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from test_cache import SITE, figure

from sitegen.editor.serve import FileEvents, Preview

from conftest import write_files


def get(preview: Preview, path: str) -> tuple[str, bytes]:
    """One request to the preview's WSGI application: its status and body."""
    answer: list[str] = []
    body = b"".join(preview.app({"PATH_INFO": path}, lambda status, headers: answer.append(status)))
    return answer[0], body


def leftovers(folder) -> list[str]:
    """What a write left beside the preview's folder, but the spare where the next one writes."""
    return [p.name for p in folder.iterdir() if p.name.startswith(".apercu") and p.name != ".apercu.spare"]


def test_the_folder_and_its_search_index_follow_the_pages(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    output = tmp_path / "apercu"
    preview = Preview(root, output, date(2016, 11, 1), tmp_path / "cache")
    assert preview.rebuild() == ""
    assert get(preview, "/figures/essaimage/")[0] == "200 OK"  # from memory, the folder may not be written yet
    preview.wait_for_index()
    assert (output / "pagefind/parts.json").is_file() and (output / "pagefind/pagefind-ui.js").is_file()
    assert get(preview, "/pagefind/parts.json")[0] == "200 OK"  # the index is served from the folder

    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Un autre texte.")})
    page = preview.rebuild([str(root / "content/figures/essaimage.md")])
    assert page == "/figures/essaimage/"  # where the browser is taken
    assert b"Un autre texte." in get(preview, page)[1]
    preview.wait_for_index()
    assert b"Un autre texte." in (output / "figures/essaimage/index.html").read_bytes()
    assert (output / "pagefind/parts.json").is_file() and leftovers(tmp_path) == []


def test_a_mistake_in_one_entry_leaves_the_rest_browsable(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    preview = Preview(root, tmp_path / "apercu", date(2016, 11, 1), tmp_path / "cache")
    preview.rebuild()
    write_files(root, {"content/figures/essaimage.md": "---\ntitle: Essaimage\nfamily: inconnue\n---\n"})
    preview.rebuild([str(root / "content/figures/essaimage.md")])
    status, home = get(preview, "/")
    assert status == "200 OK" and b"content/figures/essaimage.md:1</code>" in home and b'role="alert"' in home
    status, missing = get(preview, "/figures/essaimage/")
    assert status == "404 Not Found" and "Problèmes à corriger".encode() in missing
    assert get(preview, "/_apercu/problemes")[0] == "200 OK"
    preview.wait_for_index()


def watched(tmp_path: Path) -> tuple[Path, Preview, FileEvents, list[str]]:
    """A built preview of SITE and its file events, the reload signals they send kept in a list."""
    root = write_files(tmp_path / "site", SITE)
    preview = Preview(root, tmp_path / "apercu", date(2016, 11, 1), tmp_path / "cache")
    signals: list[str] = []
    watcher = FileEvents(preview, reload=signals.append)
    preview.rebuild()
    return root, preview, watcher, signals


def test_a_body_saved_alone_is_shown_before_the_build_which_then_reloads_only_if_it_differs(tmp_path):
    root, preview, watcher, signals = watched(tmp_path)
    saved = str(root / "content/figures/essaimage.md")
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Un *autre* texte.")})
    shown = preview.show_saved([saved])
    assert shown is not None and shown.url == "/figures/essaimage/"
    assert b"Un <em>autre</em> texte." in get(preview, shown.url)[1]  # served before any build
    assert preview.serves(shown)  # … as it is shown
    preview.rebuild([saved])
    assert preview.serves(shown)  # the build made the very same bytes

    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Encore un texte.")})
    watcher.changed([saved])
    assert signals == ["/figures/essaimage/"]  # once: the build made that page again as shown
    assert b"Encore un texte." in get(preview, "/figures/essaimage/")[1]
    preview.wait_for_index()


def test_what_a_body_alone_cannot_show_waits_for_the_build(tmp_path):
    root, preview, watcher, signals = watched(tmp_path)
    saved = str(root / "content/figures/essaimage.md")
    for text in (
        figure(title="Essaimer", body="Se répliquer ailleurs."),  # a field: other pages show the title
        figure(title="Essaimage", body="Voir [rien](nulle-part.md)."),  # a problem
        figure(title="Essaimage", body="![Une photo](photo.jpg)"),  # a picture (missing)
    ):
        write_files(root, {"content/figures/essaimage.md": text})
        assert preview.show_saved([saved]) is None
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimer", body="Se répliquer ailleurs.")})
    assert preview.show_saved([saved, str(root / "site.yaml")]) is None  # several files saved at once
    watcher.changed([saved])
    assert signals == ["/figures/essaimage/"]  # after the build only
    assert b"Essaimer" in get(preview, "/figures/eclairer/")[1]
    preview.wait_for_index()
