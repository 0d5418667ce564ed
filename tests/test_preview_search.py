"""The preview serves each build from memory at once; its folder, with the search index, follows in the background."""

from __future__ import annotations

from datetime import date

from test_cache import SITE, figure

from sitegen.editor.serve import Preview

from conftest import write_files


def get(preview: Preview, path: str) -> tuple[str, bytes]:
    """One request to the preview's WSGI application: its status and body."""
    answer: list[str] = []
    body = b"".join(preview.app({"PATH_INFO": path}, lambda status, headers: answer.append(status)))
    return answer[0], body


def leftovers(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if p.name.startswith(".apercu")]


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
