"""Rebuilds touch only what changed: unchanged files keep their modification time, output/ is still swapped whole."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_cache import SITE, figure

from sitegen.pipeline import build
from sitegen.source.config import ROOM_PAGE

from conftest import PROJECT, write_files

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
    assert build(root, NOW, output, search=False).problems == []
    before = stamps(output)
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Un autre texte.")})
    assert build(root, NOW, output, search=False).problems == []
    after = stamps(output)
    changed = {path for path in after if after[path] != before.get(path)}
    assert "figures/essaimage/index.html" in changed
    assert "figures/eclairer/index.html" not in changed and "static/style.css" not in changed
    assert b"Un autre texte." in (output / "figures/essaimage/index.html").read_bytes()
    assert not [
        p for p in output.parent.iterdir() if p.name.startswith(".output") and p.name != ".output.spare"
    ]  # no staging or retired folder left


def test_a_no_change_rebuild_keeps_every_file_and_the_search_index(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    output = root / "output"
    assert build(root, NOW, output).problems == []
    before = stamps(output)
    assert any(path.startswith("pagefind/") for path in before)
    assert build(root, NOW, output).problems == []
    assert stamps(output) == before
    # a changed page gets a new index
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Un autre texte.")})
    assert build(root, NOW, output).problems == []
    after = stamps(output)
    [part] = json.loads((output / "pagefind/parts.json").read_text(encoding="utf-8"))["parts"]  # one part: re-indexed
    assert after[f"pagefind/{part}pagefind-entry.json"] != before[f"pagefind/{part}pagefind-entry.json"]
    assert os.path.isdir(output / "pagefind")


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The URL of every page Jinja renders, in order."""
    urls: list[str] = []
    original = jinja2.Template.render

    def spy(self, *args, **kwargs):
        urls.append(args[0]["url"] if args else kwargs.get("url"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", spy)
    return urls


def test_unchanged_fingerprints_skip_rendering(tmp_path, rendered):
    files = SITE | {
        "content/figures/eclairer.md": figure(
            title="Éclairer", body="Voir [essaimage](essaimage.md).", extra="related: [essaimage]\n    "
        )
    }
    root = write_files(tmp_path / "site", files)
    output = root / "output"
    first = build(root, NOW, output, search=False).pages
    every_page = set(rendered)
    assert "/figures/essaimage/" in every_page
    rendered.clear()
    assert build(root, NOW, output, search=False).pages == first and rendered == []
    # a body: only its own page
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Un autre texte.")})
    assert build(root, NOW, output, search=False).problems == []
    assert rendered == ["/figures/essaimage/"]
    # a title: exactly the pages that show it (its page, the figure tables, the page that links back to it)
    rendered.clear()
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimer", body="Un autre texte.")})
    pages = build(root, NOW, output, search=False).pages
    showing = {
        "/" + path.removesuffix("index.html") for path, data in pages.items() if path.endswith(".html") and b"Essaimer" in data
    }
    assert set(rendered) == showing == {"/", "/figures/", "/figures/eclairer/", "/figures/essaimage/"}
    # a page changed in output/ by hand is rendered again; one removed is taken back from the cache's store
    rendered.clear()
    (output / "figures/index.html").write_text("abîmé")
    before = (output / "404.html").read_bytes()
    (output / "404.html").unlink()
    pages = build(root, NOW, output, search=False).pages
    assert rendered == ["/figures/"] and b"Essaimer" in pages["figures/index.html"]
    assert (output / "404.html").read_bytes() == before
    # --now: only the pages that list events as upcoming or past (none here); a template: every page
    rendered.clear()
    assert build(root, date(2016, 11, 2), output, search=False).problems == [] and rendered == []
    shutil.copytree(PROJECT / "templates", root / "templates")
    with (root / "templates/base.html").open("a") as file:
        file.write("<!-- changed -->\n")
    rendered.clear()
    pages = build(root, NOW, output, search=False).pages
    assert len(rendered) == len(
        [p for p in first if p.endswith(".html") and not p.startswith(ROOM_PAGE)]
    )  # the room: no template
    assert pages["404.html"].endswith(b"<!-- changed -->\n")


def test_feeds_show_the_new_body_and_calendars_follow_fields(tmp_path):
    event = "---\ntitle: Atelier\nstart: 2016-12-15\n---\nPremier texte.\n"
    root = write_files(tmp_path / "site", SITE | {"content/rendez-vous/atelier.md": event})
    output = root / "output"
    assert build(root, NOW, output, search=False).problems == []
    before = stamps(output)
    write_files(root, {"content/rendez-vous/atelier.md": event.replace("Premier", "Second")})
    pages = build(root, NOW, output, search=False).pages
    assert b"Second texte" in pages["atom.xml"] and b"Second texte" in pages["rendez-vous/atom.xml"]
    assert stamps(output)["agenda.ics"] == before["agenda.ics"]  # a body is not in a calendar
    write_files(root, {"content/rendez-vous/atelier.md": event.replace("Atelier", "Atelier ouvert")})
    pages = build(root, NOW, output, search=False).pages
    assert b"Atelier ouvert" in pages["agenda.ics"] and b"Atelier ouvert" in pages["rendez-vous/atelier/atelier.ics"]


def test_two_outputs_sharing_a_cache_keep_their_own_memo(tmp_path, rendered):
    """The preview and the build (two output folders, one cache) no longer undo each other's memo."""
    root = write_files(tmp_path / "site", SITE)
    first = build(root, NOW, tmp_path / "a", search=False)
    build(root, NOW, tmp_path / "b", search=False)
    rendered.clear()
    again = build(root, NOW, tmp_path / "a", search=False)
    # all but sitemap.xml and robots.txt, made from the pages, and the editing room's page, made from site.yaml alone
    assert rendered == [] and again.files_kept == len(first.pages) - 3


def test_a_page_that_reads_another_entry_follows_it(tmp_path, rendered):
    """What a template reads of other entries is recorded, whatever the template: nothing relies on a convention."""
    root = write_files(tmp_path / "site", SITE)
    shutil.copytree(PROJECT / "templates", root / "templates")
    template = root / "templates/figure.html"
    shown = '{% block details %}<p>{{ by_type.figure["essaimage"].fields.definition }}</p>'
    template.write_text(template.read_text(encoding="utf-8").replace("{% block details %}", shown), encoding="utf-8")
    output = root / "output"
    assert build(root, NOW, output, search=False).problems == []
    changed = figure(title="Essaimage", body="Se répliquer ailleurs.").replace("Rendre visible.", "Se copier.")
    write_files(root, {"content/figures/essaimage.md": changed})
    rendered.clear()
    pages = build(root, NOW, output, search=False).pages
    assert b"Se copier." in pages["figures/eclairer/index.html"] and "/figures/eclairer/" in rendered
    cold = build(root, NOW, tmp_path / "froid", search=False, cache=tmp_path / "vide").pages
    assert pages == cold


def test_a_calendar_follows_the_events_it_lists(tmp_path):
    """Found by tests/test_incremental_model.py: an event coming out of draft must enter agenda.ics."""
    event = "---\ntitle: Atelier\nstart: 2016-12-15\n{draft}---\nTexte.\n"
    files = SITE | {
        "content/rendez-vous/a.md": event.format(draft=""),
        "content/rendez-vous/b.md": event.format(draft="draft: true\n"),
    }
    root = write_files(tmp_path / "site", files)
    output = root / "output"
    assert build(root, NOW, output, search=False).problems == []
    write_files(root, {"content/rendez-vous/b.md": event.format(draft="")})
    pages = build(root, NOW, output, search=False).pages
    assert pages["agenda.ics"].count(b"BEGIN:VEVENT") == 2
    assert pages == build(root, NOW, tmp_path / "froid", search=False, cache=tmp_path / "vide").pages


def test_a_fresh_clone_given_the_cache_renders_nothing_and_writes_the_same_site(tmp_path, rendered, monkeypatch):
    """A CI checkout with the restored cache folder and no output: pages, bodies and search parts come from the cache."""
    from sitegen.incremental.store import content_digest
    from sitegen.output import search

    root = write_files(tmp_path / "site", SITE)
    first = build(root, NOW, root / "output")
    assert first.problems == [] and any(path.startswith("pagefind/") for path in stamps(root / "output"))
    clone = tmp_path / "clone"
    shutil.copytree(root, clone, ignore=shutil.ignore_patterns("output", ".output*"))
    indexed: list[str] = []
    real = search._index_part
    monkeypatch.setattr(search, "_index_part", lambda folder, name, members: indexed.append(name) or real(folder, name, members))
    rendered.clear()
    again = build(clone, NOW, tmp_path / "elsewhere")
    assert again.problems == [] and rendered == [] and indexed == []
    assert _tree(tmp_path / "elsewhere") == _tree(root / "output")
    # a stored page changed through its link (output/ edited in place) is a miss: made again, the same as before
    (root / "output" / "figures/essaimage/index.html").write_bytes(b"<p>abime</p>")
    shutil.rmtree(clone / ".cache")
    shutil.copytree(root / ".cache", clone / ".cache")
    rendered.clear()
    assert build(clone, NOW, tmp_path / "third").problems == []
    assert rendered == ["/figures/essaimage/"] and indexed == []
    assert _tree(tmp_path / "third") == _tree(tmp_path / "elsewhere")
    # a stored file replaced by a symbolic link (to bytes that even match) is never followed into the output
    shutil.rmtree(clone / ".cache")
    shutil.copytree(root / ".cache", clone / ".cache")
    page = tmp_path / "elsewhere" / "figures/eclairer/index.html"
    stored = clone / ".cache" / "files" / content_digest(page.read_bytes())
    stored.unlink()
    stored.symlink_to(page)
    rendered.clear()
    assert build(clone, NOW, tmp_path / "fourth").problems == []
    assert rendered == ["/figures/eclairer/", "/figures/essaimage/"]
    assert not any(p.is_symlink() for p in (tmp_path / "fourth").rglob("*"))


def _tree(folder) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_file_whose_subjects_did_not_change_is_kept_without_hashing_its_reads(tmp_path, monkeypatch):
    """Each entry, tag and site attribute has one digest per build: a file about none that changed skips its reads."""
    from sitegen.incremental import steps

    root = write_files(tmp_path / "site", SITE | {"content/figures/autre.md": figure(title="Autre", body="Seule.")})
    output = root / "output"
    assert build(root, NOW, output, search=False).problems == []
    hashed: list[list[str]] = []  # the reads of each file whose reads were hashed
    real = steps.OutputMemo.reads_digest
    monkeypatch.setattr(steps.OutputMemo, "reads_digest", lambda memo, reads: hashed.append(reads) or real(memo, reads))
    first = build(root, NOW, output, search=False).pages
    assert hashed == []
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Autrement.")})
    pages = build(root, NOW, output, search=False).pages
    about = "e\tcontent/figures/essaimage.md"
    assert hashed and all(any(read.startswith(about) or read.startswith("f" + about[1:]) for read in reads) for reads in hashed)
    assert pages["figures/autre/index.html"] == first["figures/autre/index.html"]


@given(
    st.lists(
        st.one_of(
            st.tuples(
                st.sampled_from("eft"),
                st.from_regex(r"[a-z0-9./-]{1,12}", fullmatch=True),
                st.from_regex(r"[a-z_*]{1,8}", fullmatch=True),
            ),
            st.tuples(st.just("s"), st.from_regex(r"[a-z_]{1,8}", fullmatch=True)),
        ),
        max_size=30,
    )
)
def test_packed_reads_unpack_to_the_same_sorted_reads(parts):
    """What a page read is stored one line per thing read; it comes back as the same sorted list, which its digest hashes."""
    from sitegen.incremental.steps import pack, subject, subjects, unpack

    reads = sorted({"\t".join(read) for read in parts})
    assert unpack(pack(reads)) == reads
    assert subjects(pack(reads)) == {subject(read) for read in reads}


def test_a_build_without_search_keeps_the_stored_search_parts(tmp_path, monkeypatch):
    from sitegen.output import search

    root = write_files(tmp_path / "site", SITE)
    assert build(root, NOW, root / "output").problems == []
    assert build(root, NOW, tmp_path / "sans-recherche", search=False).problems == []
    indexed: list[str] = []
    real = search._index_part
    monkeypatch.setattr(search, "_index_part", lambda folder, name, members: indexed.append(name) or real(folder, name, members))
    assert build(root, NOW, tmp_path / "ailleurs").problems == [] and indexed == []
