"""The no-op rebuild (sitegen/manifest.py): exits before importing the engine, and only when nothing changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from test_cache import SITE, figure

from sitegen.incremental import manifest

from conftest import PROJECT, write_files

PROBE = """
import json, sys
from sitegen.cli import main
code = main(sys.argv[1:])
print(json.dumps({"code": code, "engine": "jinja2" in sys.modules, "markdown": "markdown" in sys.modules}))
"""


PAST = time.time() - 3600


def age(root: Path, when: float = PAST) -> None:
    """Give every file of the site modified in the last minute an old time, as if edited long before the build."""
    for path in [root, *root.rglob("*")]:
        if path.stat().st_mtime > time.time() - 60:
            os.utime(path, (when, when))


def run(root: Path, *args: str) -> dict:
    """Build `root` in a fresh process: its exit code, and whether it imported Jinja or Markdown."""
    command = [sys.executable, "-c", PROBE, "--root", str(root), "--now", "2016-11-01", "--output", str(root.parent / "out")]
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([*command, *args], capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def test_a_rebuild_with_nothing_changed_imports_neither_markdown_nor_jinja(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    age(root)
    assert run(root) == {"code": 0, "engine": True, "markdown": True}
    assert run(root) == {"code": 0, "engine": False, "markdown": False}
    assert (tmp_path / "out/figures/eclairer/index.html").is_file()


def test_every_input_invalidates_the_early_exit(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    age(root)
    run(root)
    changes = [
        lambda: write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Autre.")}),
        lambda: write_files(root, {"content/figures/nouvelle.md": figure(title="Nouvelle", body="x")}),
        lambda: (root / "content/figures/nouvelle.md").unlink(),
        lambda: write_files(root, {"site.yaml": (root / "site.yaml").read_text() + "\n"}),
        lambda: os.utime(root / "content/figures/eclairer.md", (PAST - 60, PAST - 60)),  # touched: same bytes, another time
        lambda: (tmp_path / "out/figures/index.html").unlink(),
        lambda: (tmp_path / "out/figures/eclairer/index.html").write_text("abîmé"),
    ]
    for change in changes:
        change()
        age(root)  # the edited files as old as the rest: sizes and names count too
        assert run(root)["engine"] is True, change
        assert run(root) == {"code": 0, "engine": False, "markdown": False}
    assert run(root, "--now", "2016-11-02")["engine"] is True  # --now moves events between upcoming and past
    assert run(root, "--strict")["engine"] is True


def test_the_engine_code_and_fresh_files_count(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    project = tmp_path / "project"
    write_files(project, {"sitegen/cli.py": "# code", "templates/base.html": "x", "static/style.css": "x"})
    age(root)
    age(project)
    settings = {"now": "2016-11-01"}
    first = manifest.inputs(root, settings, project)
    assert first is not None and manifest.inputs(root, settings, project) == first
    for name in ("sitegen/cli.py", "templates/base.html", "static/style.css"):
        before = manifest.inputs(root, settings, project)
        (project / name).write_text("changed " + name)
        age(project)
        assert manifest.inputs(root, settings, project) not in (before, None), name
    assert manifest.inputs(root, {"now": "2016-11-02"}, project) != manifest.inputs(root, settings, project)
    write_files(root, {"content/figures/essaimage.md": figure(title="Essaimage", body="Tout frais.")})
    assert manifest.inputs(root, settings, project) is None  # edited just now: not trusted


def test_a_fresh_edit_leaves_no_manifest(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    fresh = time.time_ns() + 60 * 10**9  # "just now", a minute ahead: a slow machine cannot carry it out of the window
    os.utime(root / "site.yaml", ns=(fresh, fresh))
    run(root)
    assert not (root / ".cache" / manifest.MANIFEST).exists()
    age(root)
    run(root)
    assert json.loads((root / ".cache" / manifest.MANIFEST).read_text())["pages"] == 13  # SITE, and the editing room


def test_a_lock_left_by_a_killed_build_is_cleared_by_the_next_rebuild(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    age(root)
    run(root)
    lock = tmp_path / ".out.lock"
    lock.write_text("")  # what a build killed while it held the lock leaves beside output/
    assert run(root)["engine"] is True
    assert not lock.exists()
    assert run(root) == {"code": 0, "engine": False, "markdown": False}


def test_the_cache_folder_is_where_the_caller_says(tmp_path):
    root = write_files(tmp_path / "site", SITE)
    age(root)
    elsewhere = tmp_path / "caches"
    assert run(root, "--cache", str(elsewhere))["code"] == 0
    assert sorted(p.name for p in elsewhere.iterdir()) == [
        "bodies.json",
        "cards",  # the sharing cards (sitegen/render/cards.py)
        "files",  # pages and search parts by content (sitegen/incremental/store.py)
        "files.json",
        "manifest.json",
        "search.json",
        "sources.json",
        "templates",  # compiled templates (sitegen/incremental/store.py)
    ]
    assert not (root / ".cache").exists()
    assert run(root, "--cache", str(elsewhere)) == {"code": 0, "engine": False, "markdown": False}
