"""A build that reports success has its site, caches and manifest on disk: data synced before each rename.

The real build runs; `os.fsync`, `os.replace` and the two calls that touch a whole folder (the
file system sync of the new site, the atomic exchange) are wrapped only to record their order.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import sitegen.durable as durable
import sitegen.output.write as write
from sitegen.cli import main

from conftest import NOW, write_files

SITE = {
    "content/figures/eclairer.md": """
        ---
        title: Éclairer
        family: forces-du-petit
        definition: Changer de cap vite.
        ---
        Corps.
        """,
}


@pytest.fixture
def calls(monkeypatch):
    """Every fsync (by the path of its descriptor), replace, tree sync and exchange, in order."""
    seen: list[tuple[str, str]] = []
    fsync, replace, sync_tree, exchange = os.fsync, os.replace, write.sync_tree, write.exchange

    def record_fsync(fd: int) -> None:
        seen.append(("fsync", os.readlink(f"/proc/self/fd/{fd}")))
        fsync(fd)

    def record_replace(source, target) -> None:
        seen.append(("replace", f"{os.fspath(source)} -> {os.fspath(target)}"))
        replace(source, target)

    def record_sync_tree(folder: Path) -> None:
        seen.append(("sync_tree", str(folder)))
        sync_tree(folder)

    def record_exchange(first: Path, second: Path) -> bool:
        seen.append(("exchange", f"{first} <-> {second}"))
        return exchange(first, second)

    monkeypatch.setattr(os, "fsync", record_fsync)
    monkeypatch.setattr(os, "replace", record_replace)
    monkeypatch.setattr(write, "sync_tree", record_sync_tree)
    monkeypatch.setattr(durable, "sync_tree", record_sync_tree)  # many cache files at once (sharing cards)
    monkeypatch.setattr(write, "exchange", record_exchange)
    return seen


def _index(calls: list[tuple[str, str]], kind: str, contains: str = "") -> int:
    return next(i for i, (k, what) in enumerate(calls) if k == kind and contains in what)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads the path of a descriptor in /proc")
def test_the_new_site_is_synced_before_the_swap_and_its_folder_after(tmp_path, calls):
    root = write_files(tmp_path / "site", SITE)
    output, cache = tmp_path / "output", tmp_path / "cache"
    for build in ("first", "second"):
        calls.clear()
        write_files(
            root, {"content/figures/eclairer.md": SITE["content/figures/eclairer.md"].replace("Corps.", f"Corps ({build}).")}
        )
        assert main(["--root", str(root), "--output", str(output), "--cache", str(cache), "--now", NOW]) == 0
        synced = _index(calls, "sync_tree", f"{tmp_path}/.output.spare")
        staging = calls[synced][1]
        swap = _index(calls, "replace", f"{staging} -> {output}") if build == "first" else _index(calls, "exchange", staging)
        assert synced < swap, build
        parent = [i for i, call in enumerate(calls) if call == ("fsync", str(tmp_path))]
        assert parent and parent[-1] > swap, build  # the parent folder, after the swap
        assert "Corps (" + build + ")." in (output / "figures/eclairer/index.html").read_text(encoding="utf-8")


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="reads the path of a descriptor in /proc")
def test_caches_and_manifest_are_synced_before_their_rename_and_their_folder_after(tmp_path, calls):
    root = write_files(tmp_path / "site", SITE)
    old = time.time() - 60  # inputs older than the manifest's racy window, so that it is kept
    for path in [root, *root.rglob("*")]:
        os.utime(path, (old, old))
    cache = tmp_path / "cache"
    assert main(["--root", str(root), "--output", str(tmp_path / "output"), "--cache", str(cache), "--now", NOW]) == 0
    renamed = [(i, what.split(" -> ")) for i, (kind, what) in enumerate(calls) if kind == "replace" and str(cache) in what]
    targets = {Path(target).name for _, (_, target) in renamed}
    assert "manifest.json" in targets and len(targets) >= 2, targets  # the manifest and the memo
    assert any(Path(target).parent.name == "cards" for _, (_, target) in renamed), targets  # the sharing cards too
    for at, (temporary, target) in renamed:
        # its own bytes synced, or the whole file system once its folder's files were all written (the cards)
        data = max(
            i
            for i, (kind, what) in enumerate(calls[:at])
            if (kind, what) in (("fsync", temporary), ("sync_tree", str(Path(target).parent)))
        )
        folder = min(i for i, (kind, what) in enumerate(calls) if i > at and kind == "fsync" and what == str(Path(target).parent))
        assert data < at < folder, target
