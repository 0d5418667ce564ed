"""Same tree, same --now: byte-identical output, wherever and in whatever order the files were made."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from datetime import date

from conftest import PROJECT, tree_digest

NOW = "2026-11-26"


def copy_site(target, reverse: bool, stamp: float) -> None:
    """Copy the real site file by file, in sorted or reversed order, with its own modification times."""
    files = [
        *sorted(p for name in ("content", "templates", "static") for p in (PROJECT / name).rglob("*") if p.is_file()),
        PROJECT / "site.yaml",
    ]
    for source in reversed(files) if reverse else files:
        destination = target / source.relative_to(PROJECT)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, destination)
        os.utime(destination, (stamp, stamp))
        stamp += 7


def test_two_builds_in_different_folders_and_orders_are_identical(tmp_path):
    digests, outputs = [], []
    for index, (folder, reverse, seed) in enumerate((("premier", False, "1"), ("deuxième/plus/loin", True, "4242"))):
        root = tmp_path / folder
        copy_site(root, reverse, time.time() - 86400 * (index + 1) * 100)
        env = {**os.environ, "PYTHONPATH": str(PROJECT), "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "--now", NOW],
            capture_output=True,
            text=True,
            env=env,
            cwd=root,
        )
        assert done.returncode == 0, done.stderr
        digests.append(tree_digest(root / "output"))
        outputs.append(root / "output")
    assert len(digests[0]) > 80
    assert digests[0] == digests[1]
    for output in outputs:  # no trace of where it was built
        for page in output.rglob("*.html"):
            assert str(tmp_path) not in page.read_text(encoding="utf-8"), page


def test_pages_rendered_in_forked_processes_are_those_rendered_in_the_build(tmp_path, monkeypatch):
    """The real site's pages, shared among forked workers (as a large site's are), byte for byte as rendered in one process."""
    from sitegen.pipeline import build
    from sitegen.render import pages

    trees = []
    for label, threshold in (("one", 10**9), ("forked", 4)):
        monkeypatch.setattr(pages, "IN_PROCESSES", threshold)
        result = build(
            PROJECT, date.fromisoformat(NOW), tmp_path / label / "output", cache=tmp_path / label / "cache", search=False
        )
        assert result.problems == [], [str(p) for p in result.problems]
        trees.append(tree_digest(tmp_path / label / "output"))
    assert os.cpu_count() == 1 or len(trees[0]) > 4 * 2  # enough pages for two workers
    assert trees[0] == trees[1]
