"""The memo of bodies (sitegen/incremental/) and parallel Markdown (sitegen/render/bodies.py): never stale, same bytes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import sitegen.incremental.inputs as inputs
import sitegen.incremental.seal as seal
import sitegen.pipeline as pipeline
import sitegen.render.bodies as bodies
from sitegen.pipeline import build
from sitegen.site.assemble import assemble
from sitegen.source.config import load_config
from sitegen.source.content import load_entries

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
    """The source path of every body Markdown renders, in order (seen in the building process: workers are forked)."""
    rendered: list[str] = []
    original = bodies._render

    def spy(site, pictures, entries, workers):
        rendered.extend(entry.path for entry in entries)
        return original(site, pictures, entries, workers)

    monkeypatch.setattr(bodies, "_render", spy)
    return rendered


def stored(table: Path) -> dict:
    """A sealed memo table's values, read with the tests' key."""
    data = seal.unseal(table.read_bytes(), seal.cache_key())
    assert data is not None
    return json.loads(data)


def built(root: Path) -> dict[str, bytes]:
    result = build(root, NOW, root / "output", search=False)
    assert result.problems == []
    return result.pages


def test_a_second_build_takes_every_body_from_the_cache(tmp_path, renders):
    root = write_files(tmp_path / "site", SITE)
    first = built(root)
    assert sorted(renders) == ["content/figures/eclairer.md", "content/figures/essaimage.md"]
    assert (root / ".cache" / "bodies.json").is_file()
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
    monkeypatch.setattr(pipeline, "code_version", lambda: "another version")
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
    (root / ".cache" / "bodies.json").write_bytes(b"not json")
    assert built(root) == first
    assert len(stored(root / ".cache" / "bodies.json")) == 2


def test_parallel_rendering_gives_the_same_bytes_as_serial(tmp_path, monkeypatch):
    files = {
        f"content/figures/f{i:03}.md": figure(title=f"Figure {i}", body=f"Voir *bientôt* [la suite](f{(i + 1) % 40:03}.md).")
        for i in range(40)
    }
    root = write_files(tmp_path / "site", files)
    config = load_config(root)
    entries, problems, _ = load_entries(root, config)
    site, found = assemble(config, entries)
    assert (problems, found) == ([], [])
    monkeypatch.setattr(bodies, "PARALLEL_MIN", 2)
    serial = bodies.render_bodies(site, site.entries, workers=1)
    parallel = bodies.render_bodies(site, site.entries, workers=3)
    assert parallel == serial and [b.html for b in parallel] == [b.html for b in serial] and len(serial) == 40


class _Payload:
    """What a tampered cache might hold: an object whose unpickling runs a command."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "exécuté"))


def test_a_cache_from_elsewhere_can_run_no_code(tmp_path, renders):
    import pickle

    root = write_files(tmp_path / "site", SITE)
    first = built(root)
    marker = tmp_path / "marker"
    for name in ("bodies.json", "bodies.pickle"):  # today's file, and the one older engines read with pickle
        (root / ".cache" / name).write_bytes(pickle.dumps({"x": _Payload(marker)}))
    renders.clear()
    assert built(root) == first
    assert not marker.exists()
    assert sorted(renders) == ["content/figures/eclairer.md", "content/figures/essaimage.md"]  # rendered afresh


def test_a_cache_edited_elsewhere_is_not_read_at_all(tmp_path, renders):
    """A table whose bytes no longer match its seal is not read: markup put there never reaches a page."""
    root = write_files(tmp_path / "site", SITE)
    first = built(root)
    table = root / ".cache" / "bodies.json"
    seal_line, _, data = table.read_bytes().partition(b"\n")
    values = json.loads(data)
    for value in values.values():
        value["html"] += '<script>alert(1)</script><p onclick="x()">piégé</p>'
    table.write_bytes(seal_line + b"\n" + json.dumps(values).encode())
    renders.clear()
    pages = build(root, NOW, tmp_path / "ailleurs", search=False).pages  # another output: nothing kept from the first
    assert sorted(renders) == ["content/figures/eclairer.md", "content/figures/essaimage.md"]  # rendered afresh
    assert pages == first and not any(b"alert(1)" in page or b"onclick" in page for page in pages.values())


def test_a_cache_sealed_under_another_key_is_not_read(tmp_path, renders, monkeypatch):
    """A cache from another machine (or forged without the key) is a cold build, whatever it holds."""
    root = write_files(tmp_path / "site", SITE)
    first = built(root)
    table = root / ".cache" / "bodies.json"
    values = stored(table)
    for value in values.values():
        value["html"] = "<script>alert(1)</script>"
    table.write_bytes(seal.seal(json.dumps(values).encode(), b"another machine's key"))
    renders.clear()
    pages = build(root, NOW, tmp_path / "ailleurs", search=False).pages
    assert sorted(renders) == ["content/figures/eclairer.md", "content/figures/essaimage.md"]
    assert pages == first
    monkeypatch.setenv(seal.KEY_VARIABLE, "another machine's key")  # and that machine does not read ours
    seal.cache_key.cache_clear()
    try:
        renders.clear()
        build(root, NOW, tmp_path / "ailleurs", search=False)
        assert sorted(renders) == ["content/figures/eclairer.md", "content/figures/essaimage.md"]
    finally:
        seal.cache_key.cache_clear()


def test_without_a_key_nothing_is_read_or_written(tmp_path, renders, monkeypatch):
    root = write_files(tmp_path / "site", SITE)
    built(root)
    monkeypatch.delenv(seal.KEY_VARIABLE)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "not-a-folder"))
    (tmp_path / "not-a-folder").write_text("a file where the configuration folder should be", encoding="utf-8")
    seal.cache_key.cache_clear()
    try:
        before = (root / ".cache" / "bodies.json").read_bytes()
        renders.clear()
        built(root)
        assert sorted(renders) == ["content/figures/eclairer.md", "content/figures/essaimage.md"]
        assert (root / ".cache" / "bodies.json").read_bytes() == before
    finally:
        seal.cache_key.cache_clear()


def test_the_key_is_made_once_in_the_users_configuration_folder(tmp_path, monkeypatch):
    monkeypatch.delenv(seal.KEY_VARIABLE)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    seal.cache_key.cache_clear()
    try:
        key = seal.cache_key()
        path = tmp_path / "config" / "thinksmall" / "cache-key"
        assert key is not None and len(key) == 64 and path.read_bytes() == key
        assert path.stat().st_mode & 0o777 == 0o600
        seal.cache_key.cache_clear()
        assert seal.cache_key() == key  # the next build reads the same key
        assert [p.name for p in path.parent.iterdir()] == ["cache-key"]
        seal.cache_key.cache_clear()
        monkeypatch.setenv("XDG_CONFIG_HOME", "relative/folder")  # ignored, as the XDG specification says
        monkeypatch.setenv("HOME", str(tmp_path / "home"))
        monkeypatch.chdir(tmp_path)
        assert seal.cache_key() == (tmp_path / "home/.config/thinksmall/cache-key").read_bytes()
        seal.cache_key.cache_clear()
        monkeypatch.setenv("HOME", "relative-home")  # no usable folder at all: no key, nothing written here
        assert seal.cache_key() is None and sorted(p.name for p in tmp_path.iterdir()) == ["config", "home"]
    finally:
        seal.cache_key.cache_clear()


@pytest.mark.parametrize("library", inputs.LIBRARIES)
def test_a_new_version_of_any_library_that_shapes_the_output_is_a_miss(library, monkeypatch):
    before = inputs.code_version()
    real = inputs.version
    monkeypatch.setattr(inputs, "version", lambda name: real(name) + ".1" if name == library else real(name))
    inputs.code_version.cache_clear()
    try:
        assert inputs.code_version() != before
    finally:
        inputs.code_version.cache_clear()


def test_the_libraries_in_the_key_are_the_runtime_ones():
    pinned = {
        line.split("==")[0].split("[")[0].lower()
        for line in (Path(__file__).parent.parent / "requirements.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    }
    # the preview's server and file events change no output; search parts are named by Pagefind's own version;
    # msgspec stores the memo
    assert pinned - set(inputs.LIBRARIES) == {"livereload", "watchfiles", "pagefind", "msgspec"}


def test_compiled_templates_are_loaded_only_under_this_machines_seal(tmp_path):
    """Compiled templates run when loaded: one sealed under another key never runs, one under ours does (the seal is the guard)."""
    import io
    import marshal
    import pickle

    import jinja2

    root = write_files(tmp_path / "site", SITE)
    first = built(root)
    marker = tmp_path / "exécuté"
    payload = marshal.dumps(compile(f"open({str(marker)!r}, 'w').write('x')", "piège", "exec"))
    magic = jinja2.bccache.bc_magic
    stored = {
        path: seal.unseal(path.read_bytes(), seal.cache_key()).partition(b"\n")
        for path in (root / ".cache" / "templates").iterdir()
    }
    checksums = {  # the engine's version and each file's template source, which Jinja checks before it runs the code
        path: (version, pickle.load(io.BytesIO(code[len(magic) :]))) for path, (version, _, code) in stored.items()
    }
    assert checksums

    def plant(key: bytes) -> None:
        for path, (version, checksum) in checksums.items():
            path.write_bytes(seal.seal(version + b"\n" + magic + pickle.dumps(checksum, 2) + payload, key))

    plant(b"another machine's key")
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Se répliquer ailleurs, encore.")})
    pages = built(root)
    assert not marker.exists() and pages["figures/eclairer/index.html"] == first["figures/eclairer/index.html"]
    plant(seal.cache_key())  # the control: sealed under this machine's key, it is loaded and runs
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Se répliquer ailleurs.")})
    with pytest.raises(KeyError):  # Jinja finds no template in what ran
        build(root, NOW, root / "output", search=False)
    assert marker.exists()
