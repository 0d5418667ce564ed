"""Pagefind's index, made in parts in the staging folder before it replaces output/ (browser checks: test_browser.py)."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from functools import partial
from pathlib import Path

import pytest

from sitegen.output.search import (
    BUNDLE_FOLDER,
    MEMORY_FOLDER,
    WORKSHOP,
    SearchIndexError,
    index_site,
    indexed_view,
    part_count,
    part_of,
    split,
)
from sitegen.output.write import spare_folder, write_site

from reader_site import READER_SITE


def parts(output: Path) -> dict[str, set[str]]:
    """Each part bundle listed in `pagefind/parts.json` → the URLs its fragments hold."""
    listed = json.loads((output / "pagefind/parts.json").read_text(encoding="utf-8"))["parts"]
    found = {}
    for name in listed:
        fragments = (output / "pagefind" / name / "fragment").iterdir()
        found[name] = {json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"] for f in fragments}
    return found


def fragment_titles(output: Path) -> dict[str, str]:
    """The URL → title of every page indexed in any part."""
    titles = {}
    for fragment in (output / "pagefind").glob("*/fragment/*"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        titles[data["url"]] = data["meta"]["title"]
    return titles


def test_the_build_writes_a_french_search_index_of_the_entries(build_site):
    run = build_site(READER_SITE)
    assert run.code == 0, run.err
    [name] = json.loads((run.output / "pagefind/parts.json").read_text(encoding="utf-8"))["parts"]  # 15 entries: one part
    entry = json.loads((run.output / "pagefind" / name / "pagefind-entry.json").read_text(encoding="utf-8"))
    entries = sum(1 for p in run.output.rglob("index.html") if "data-pagefind-body" in p.read_text(encoding="utf-8"))
    assert entries == 15  # every entry, no list page
    assert list(entry["languages"]) == ["fr"] and entry["languages"]["fr"]["page_count"] == entries
    assert len(parts(run.output)[name]) == entries
    for ui in ("pagefind-ui.js", "pagefind-ui.css"):
        assert (run.output / "pagefind" / ui).read_bytes() == (run.output / "pagefind" / name / ui).read_bytes()
    assert [p.name for p in run.root.iterdir() if p.name.startswith(".output") and p.name != ".output.spare"] == []


def test_search_page_and_form(build_site):
    run = build_site(READER_SITE)
    page = run.page("recherche/")
    assert "<h1>Rechercher</h1>" in page
    assert '<script src="/pagefind/pagefind-ui.js" defer></script>' in page
    assert "<noscript>" in page and "La recherche a besoin de JavaScript" in page
    assert 'class="site-search"' not in page  # no second search box on the search page
    home = run.page("index.html")
    assert '<form class="site-search" role="search" action="/recherche/" method="get">' in home
    assert '<label for="recherche-rapide">Rechercher</label>' in home


def test_a_failed_index_keeps_the_previous_site(tmp_path):
    output = tmp_path / "output"
    write_site({"index.html": b"<html lang=fr><h1>avant</h1></html>"}, None, {}, output)

    def fail(folder):
        assert (folder / "index.html").read_bytes() == b"apres"  # the new site is complete when it runs
        raise SearchIndexError("index de recherche impossible")

    with pytest.raises(SearchIndexError):
        write_site({"index.html": b"apres"}, None, {}, output, before_swap=fail)
    assert (output / "index.html").read_bytes() == b"<html lang=fr><h1>avant</h1></html>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]


def test_pagefind_errors_are_reported_in_french(tmp_path):
    with pytest.raises(SearchIndexError) as error:
        index_site(tmp_path)  # nothing to index
    assert str(error.value).startswith("index de recherche impossible : ")
    assert str(error.value).endswith("— installez les dépendances (python -m pip install -r requirements.txt)")


def entry_page(number: int, text: str = "") -> bytes:
    """An entry's page as render/pages.py writes it: its text in `<article data-pagefind-body>`."""
    body = f"<h1>Fiche {number}</h1><p>Un écosystème numéro {number}. {text}</p>"
    return f'<!doctype html><html lang="fr"><title>Fiche {number}</title><article data-pagefind-body>{body}</article></html>'.encode()


def build(output: Path, pages: dict[str, bytes]) -> None:
    """Write `pages` and a list page into `output`, indexed in parts of about 3 pages."""
    site = {"index.html": b'<!doctype html><html lang="fr"><title>Accueil</title><p>Liste</p></html>'} | pages
    write_site(site, None, {}, output, partial(index_site, previous=output, part_size=3), reserved=BUNDLE_FOLDER)


def stamps(output: Path) -> dict[str, int]:
    """Every file of each part bundle → its inode (a part hard-linked from the previous output keeps them)."""
    bundle = output / "pagefind"
    return {p.relative_to(bundle).as_posix(): p.stat().st_ino for p in bundle.rglob("*") if p.is_file() and p.parent != bundle}


def by_part(output: Path) -> dict[str, dict[str, int]]:
    """Each listed part → its files' inodes."""
    found = stamps(output)
    return {name: {p: i for p, i in found.items() if p.startswith(name)} for name in parts(output)}


ENTRIES = {f"fiches/{n}/index.html": entry_page(n) for n in range(12)}


def test_parts_hold_every_entry_once_and_no_list_page(tmp_path):
    output = tmp_path / "output"
    build(output, ENTRIES)
    found = parts(output)
    assert len(found) == part_count(12, 3) == 4
    urls = [url for members in found.values() for url in members]
    assert sorted(urls) == sorted(f"/fiches/{n}/" for n in range(12))  # each entry in one part, the home page in none
    for name in found:
        number = int(name.split("-")[0])  # a part is named `<number>-<digest of its pages>`
        expected = {f"/fiches/{n}/" for n in range(12) if part_of(f"fiches/{n}/index.html", 4) == number}
        assert found[name] == expected
    assert not (output / ".pagefind-parts").exists()


def test_a_rebuild_with_no_change_keeps_every_part(tmp_path):
    output = tmp_path / "output"
    build(output, ENTRIES)
    before, listing = stamps(output), (output / "pagefind/parts.json").stat().st_ino
    build(output, ENTRIES)
    assert stamps(output) == before
    assert (output / "pagefind/parts.json").stat().st_ino == listing


def fresh_parts(before: dict[str, dict[str, int]], after: dict[str, dict[str, int]]) -> list[int]:
    """The numbers of the parts of `after` indexed anew: not kept file for file from `before`."""
    return [int(name.split("-")[0]) for name in after if after[name] != before.get(name)]


def test_an_edit_reindexes_only_the_part_of_the_edited_entry(tmp_path):
    output = tmp_path / "output"
    build(output, ENTRIES)
    before = by_part(output)
    build(output, ENTRIES | {"fiches/5/index.html": entry_page(5, "Une phrase ajoutée.")})
    after = by_part(output)
    assert list(after) == list(before)  # the same pages in each part: the same names
    assert fresh_parts(before, after) == [part_of("fiches/5/index.html", 4)]  # the others hard-linked, file for file


def test_an_added_entry_reindexes_only_its_part(tmp_path):
    output = tmp_path / "output"
    build(output, ENTRIES)
    before = by_part(output)
    build(output, ENTRIES | {"fiches/new/index.html": entry_page(99, "Toute nouvelle.")})
    after = by_part(output)
    assert fresh_parts(before, after) == [part_of("fiches/new/index.html", 4)]
    assert "/fiches/new/" in set().union(*parts(output).values())


def test_a_deleted_entry_reindexes_only_its_part(tmp_path):
    output = tmp_path / "output"
    build(output, ENTRIES)
    before = by_part(output)
    build(output, {path: page for path, page in ENTRIES.items() if path != "fiches/7/index.html"})
    after = by_part(output)
    assert fresh_parts(before, after) == [part_of("fiches/7/index.html", 4)]
    assert "/fiches/7/" not in set().union(*parts(output).values())


def test_a_kept_part_stays_in_the_spare_only_while_it_holds_the_very_files_of_the_output(tmp_path):
    output, pages = tmp_path / "output", {f"fiches/{n}/index.html": entry_page(n) for n in range(24)}
    build(output, pages)
    build(output, pages)  # the spare now holds the first site: its parts, the same files as the output's
    before = by_part(output)
    edited = "fiches/5/index.html"
    changed, *kept = [name for name in before if int(name.split("-")[0]) == part_of(edited, 8)] + [
        name for name in before if int(name.split("-")[0]) != part_of(edited, 8)
    ]
    spare = spare_folder(output) / "pagefind"
    rewritten, added, linked, *untouched = kept
    (spare / rewritten / "pagefind-entry.json").unlink()
    (spare / rewritten / "pagefind-entry.json").write_text("{}")  # another file, of the same name
    (spare / added / "en-trop.js").write_text("alert(1)")
    shutil.rmtree(spare / linked / "fragment")
    (spare / linked / "fragment").symlink_to(output / "pagefind" / linked / "fragment")  # the same files, through a link
    (spare / "9-inconnue").mkdir()
    folders = {name: (spare / name).stat().st_ino for name in untouched}

    build(output, pages | {edited: entry_page(5, "Une phrase ajoutée.")})
    after = by_part(output)
    assert fresh_parts(before, after) == [int(changed.split("-")[0])]  # every other part holds the output's very files
    assert sorted(p.name for p in (output / "pagefind").iterdir()) == sorted([*(name.rstrip("/") for name in before), "parts.json", "pagefind-ui.css", "pagefind-ui.js"])
    assert not (output / "pagefind" / added / "en-trop.js").exists()
    assert not (output / "pagefind" / linked / "fragment").is_symlink()
    assert {name: (output / "pagefind" / name).stat().st_ino for name in untouched} == folders  # left as they were


@pytest.mark.skipif(not Path(MEMORY_FOLDER).is_dir(), reason="no folder in memory (/dev/shm) on this system")
def test_the_pages_pagefind_reads_in_memory_are_removed_even_after_a_killed_build(tmp_path):
    output = tmp_path / "output"
    workshop = spare_folder(output.resolve()) / WORKSHOP  # where index_site works, as it writes the spare
    own = f"thinksmall-pages-{hashlib.sha256(os.fsencode(workshop)).hexdigest()[:16]}-"
    left = Path(tempfile.mkdtemp(prefix=own, dir=MEMORY_FOLDER))  # as a killed build leaves it
    (left / "fiches").mkdir()
    build(output, ENTRIES)
    assert len(parts(output)) == 4
    assert list(Path(MEMORY_FOLDER).glob(own + "*")) == []


def test_parts_depend_only_on_paths():
    pages = [f"fiches/{n}/index.html" for n in range(40)]
    assert split(pages, 4) == split(list(reversed(pages)), 4)
    assert [part_count(n) for n in (1, 64, 100, 1000, 2000, 10_000, 100_000)] == [1, 1, 2, 16, 32, 32, 32]
    assert all(part_of(page, 8) % 4 == part_of(page, 4) for page in pages)  # doubling the count splits each part in two


def linked_page(number: int, neighbour: str, author: str = "Fing", href: str = "/fiches/1/") -> bytes:
    """An entry's page with a list of its neighbours that Pagefind is told to ignore, holding a filter."""
    ignored = (
        f'<section class="backlinks" data-pagefind-ignore><h2>Voisines</h2><ul><li><a href="{href}">{neighbour}</a>'
        f'</li></ul><p>Par <span data-pagefind-filter="auteur">{author}</span></p></section>'
    )
    body = f"<h1>Fiche {number}</h1><p>Un écosystème numéro {number}.</p>{ignored}"
    return f'<!doctype html><html lang="fr"><title>Fiche {number}</title><article data-pagefind-body>{body}</article></html>'.encode()


def test_a_change_pagefind_does_not_see_keeps_every_part_as_a_cold_build_would_make_it(tmp_path):
    """A title shown in other pages' ignored lists changes their bytes, not what Pagefind indexes of them."""
    output, cold = tmp_path / "output", tmp_path / "cold"
    build(output, {f"fiches/{n}/index.html": linked_page(n, "Fiche 1") for n in range(12)})
    before = by_part(output)
    renamed = {f"fiches/{n}/index.html": linked_page(n, "Fiche une, renommée") for n in range(12)}
    build(output, renamed)
    assert fresh_parts(before, by_part(output)) == []  # every page changed, no part indexed again
    build(cold, renamed)
    bundle = {p.relative_to(output).as_posix(): p.read_bytes() for p in (output / "pagefind").rglob("*") if p.is_file()}
    assert bundle == {p.relative_to(cold).as_posix(): p.read_bytes() for p in (cold / "pagefind").rglob("*") if p.is_file()}
    # the text of a filter is seen, even in an ignored part: that page's part is indexed again
    before = by_part(output)
    build(output, renamed | {"fiches/5/index.html": linked_page(5, "Fiche une, renommée", author="Autre")})
    assert fresh_parts(before, by_part(output)) == [part_of("fiches/5/index.html", 4)]


def test_links_pagefind_ignores_may_lead_elsewhere_and_keep_every_part(tmp_path):
    """A new entry changes the links of other pages' related lists (ignored parts): no part is indexed again, and
    the bundle is a cold build's. An `id` there is still seen: Pagefind may link to it."""
    output, cold = tmp_path / "output", tmp_path / "cold"
    build(output, {f"fiches/{n}/index.html": linked_page(n, "Fiche 1") for n in range(12)})
    before = by_part(output)
    moved = {f"fiches/{n}/index.html": linked_page(n, "Fiche 1", href="/fiches/nouvelle/") for n in range(12)}
    build(output, moved)
    assert fresh_parts(before, by_part(output)) == []
    build(cold, moved)
    bundle = {p.relative_to(output).as_posix(): p.read_bytes() for p in (output / "pagefind").rglob("*") if p.is_file()}
    assert bundle == {p.relative_to(cold).as_posix(): p.read_bytes() for p in (cold / "pagefind").rglob("*") if p.is_file()}
    page = '<html lang="fr"><body><article data-pagefind-body><h1>F</h1><aside data-pagefind-ignore><a id="{}">x</a></aside></article>'
    assert indexed_view(page.format("un").encode()) != indexed_view(page.format("deux").encode())


def test_the_indexed_view_of_pages_that_do_not_nest_is_none():
    assert indexed_view(b"<article data-pagefind-body><p>texte</article>") is None
    assert indexed_view(entry_page(1)) == entry_page(1).decode()


def test_a_page_naming_the_attribute_only_in_its_text_is_seen_whole():
    """Without a `data-pagefind-body` element Pagefind reads the whole page: so does the view."""
    page = "<html lang=fr><body><p>Le mot data-pagefind-body, dit ici.</p><p>{}</p></body></html>"
    assert indexed_view(page.format("avant").encode()) != indexed_view(page.format("après").encode())
