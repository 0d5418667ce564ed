"""The render cache (sitegen/cache.py) and parallel Markdown (sitegen/bodies.py): never stale, same bytes."""

from __future__ import annotations

import pickle
from datetime import date
from pathlib import Path

import pytest

import sitegen.bodies as bodies
import sitegen.cache as cache
from sitegen.assemble import assemble
from sitegen.config import load_config
from sitegen.content import load_entries
from sitegen.markup import MarkdownRenderer
from sitegen.pipeline import build

from conftest import write_files

NOW = date(2016, 11, 1)
FIGURE = """
    ---
    {extra}title: {title}
    family: forces-du-petit
    definition: Rendre visible.
    ---
    {body}
"""


def figure(title: str, body: str, extra: str = "") -> str:
    return FIGURE.format(title=title, body=body, extra=extra)


SITE = {
    "content/figures/eclairer.md": figure(title="Éclairer", body="Voir [essaimage](essaimage.md) : *petit*."),
    "content/figures/essaimage.md": figure(title="Essaimage", body="Se répliquer ailleurs."),
}


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The source path of every body Markdown renders, in order."""
    rendered: list[str] = []
    original = MarkdownRenderer.render_recorded

    def spy(self, entry):
        rendered.append(entry.path)
        return original(self, entry)

    monkeypatch.setattr(MarkdownRenderer, "render_recorded", spy)
    return rendered


def built(root: Path) -> dict[str, bytes]:
    result = build(root, NOW, root / "output", search=False)
    assert not result.problems, result.problems
    return result.pages


def test_a_second_build_takes_every_body_from_the_cache(tmp_path, renders):
    root = write_files(tmp_path / "site", SITE)
    first = built(root)
    assert sorted(renders) == ["content/figures/eclairer.md", "content/figures/essaimage.md"]
    assert (root / ".cache" / "bodies.pickle").is_file()
    renders.clear()
    assert built(root) == first
    assert renders == []


def test_each_input_of_a_body_changes_its_html(tmp_path, renders, monkeypatch):
    root = write_files(tmp_path / "site", SITE)
    page = "figures/eclairer/index.html"
    before = built(root)[page]
    # the body's text
    write_files(root, {"content/figures/eclairer.md": figure(title="Éclairer", body="Voir [essaimage](essaimage.md).")})
    renders.clear()
    after = built(root)[page]
    assert renders == ["content/figures/eclairer.md"] and b"<em>petit</em>" in before and b"<em>" not in after
    # the URL of a link target: a new slug for essaimage, eclairer's body unchanged
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="x", extra="slug: essaimer\n    ")})
    renders.clear()
    pages = built(root)
    assert sorted(renders) == ["content/figures/eclairer.md", "content/figures/essaimage.md"]
    assert b'href="/figures/essaimer/"' in pages[page]
    # the target turned into a draft: the link becomes plain text
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="x", extra="draft: true\n    ")})
    renders.clear()
    assert b"essaimer/" not in built(root)[page] and "content/figures/eclairer.md" in renders
    # the engine's code or the Markdown library (extensions and settings live in the code)
    renders.clear()
    monkeypatch.setattr(cache, "code_version", lambda: "another version")
    built(root)
    assert "content/figures/eclairer.md" in renders


def test_the_same_body_at_another_path_is_rendered_again(tmp_path, renders):
    root = write_files(tmp_path / "site", SITE)
    built(root)
    (root / "content/figures/eclairer.md").rename(root / "content/figures/eclairer-bis.md")
    renders.clear()
    built(root)
    assert renders == ["content/figures/eclairer-bis.md"]


def test_a_body_with_a_broken_link_is_never_stored(tmp_path, renders):
    files = SITE | {"content/figures/essaimage.md": figure(title="Essaimage", body="[x](absente.md)")}
    root = write_files(tmp_path / "site", files)
    for _ in range(2):
        renders.clear()
        result = build(root, NOW, root / "output", search=False)
        assert len(result.problems) == 1 and "content/figures/essaimage.md" in renders


def test_a_damaged_cache_file_is_ignored(tmp_path, renders):
    root = write_files(tmp_path / "site", SITE)
    first = built(root)
    (root / ".cache" / "bodies.pickle").write_bytes(b"not a pickle")
    assert built(root) == first
    stored = pickle.loads((root / ".cache" / "bodies.pickle").read_bytes())
    assert len(stored) == 2


def test_parallel_rendering_gives_the_same_bytes_as_serial(tmp_path, monkeypatch):
    files = {
        f"content/figures/f{i:03}.md": figure(title=f"Figure {i}", body=f"Voir *bientôt* [la suite](f{(i + 1) % 40:03}.md).")
        for i in range(40)
    }
    root = write_files(tmp_path / "site", files)
    config = load_config(root)
    entries, problems = load_entries(root, config)
    site, found = assemble(config, entries)
    assert not problems and not found
    monkeypatch.setattr(bodies, "PARALLEL_MIN", 2)
    serial = bodies.render_bodies(site, workers=1)
    parallel = bodies.render_bodies(site, workers=3)
    assert parallel == serial and list(parallel[0]) == list(serial[0])
