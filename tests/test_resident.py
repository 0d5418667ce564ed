"""The build server (sitegen/editor/resident.py): real processes, a real socket; what it builds is what a fresh process builds."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest

from sitegen.editor import resident
from sitegen.incremental.seal import KEY_VARIABLE
from sitegen.incremental.session import Session
from sitegen.pipeline import build, build_and_publish

from conftest import NOW, run_command, tree_digest, write_files

FIGURE = """---
title: {title}
family: forces-du-petit
definition: Rendre visible.
tags: [ville]
---
{body}
"""
SITE = {
    "content/figures/eclairer.md": FIGURE.format(title="Éclairer", body="Voir [essaimage](essaimage.md)."),
    "content/figures/essaimage.md": FIGURE.format(title="Essaimage", body="Se répliquer ailleurs."),
    "content/figures/lisiere.md": FIGURE.format(title="Lisière", body="Entre deux mondes."),
}


@pytest.fixture
def server_on(monkeypatch):
    """Builds go through a build server, its socket in a private folder of this test's (short: at most 107 bytes)."""
    run = Path(tempfile.mkdtemp(prefix="ts-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
    monkeypatch.setenv(resident.SWITCH, "1")
    monkeypatch.delenv("CI", raising=False)
    started: list[Path] = []
    yield started
    for root in started:  # the servers this test started stop with it
        resident.status(*_place(root), timeout=120, stop=True)
    shutil.rmtree(run)


def _place(root: Path) -> tuple[str, str]:
    """The site and cache folder a server is named by."""
    return str(root.resolve()), str((root / ".cache").resolve())


def _build(root: Path) -> tuple[int, str, str]:
    done = run_command("--root", str(root), "--now", NOW)
    return done.returncode, done.stdout, done.stderr


def _started(root: Path, started: list[Path]) -> dict:
    """The status of the server of `root`'s site, once it listens and is idle (warmed up)."""
    started.append(root)
    deadline = time.monotonic() + 120
    while (status := resident.status(*_place(root), timeout=120)) is None and time.monotonic() < deadline:
        time.sleep(0.1)  # starting: Python and the engine imported
    assert status is not None, "no build server answers"
    return status


def _without_seconds(text: str) -> str:
    return re.sub(r"en \d+,\d\d s", "en … s", text)


def test_a_build_through_the_server_writes_what_a_fresh_process_writes(tmp_path, server_on, monkeypatch):
    root = write_files(tmp_path / "site", SITE)
    assert _build(root)[0] == 0  # built here, then a server started
    assert _started(root, server_on)["builds"] == 0
    page = root / "content/figures/essaimage.md"
    page.write_text(page.read_text(encoding="utf-8").replace("ailleurs", "ailleurs, et vite"), encoding="utf-8")
    code, out, err = _build(root)
    assert (code, err) == (0, "")
    assert "Site construit : " in out
    assert resident.status(*_place(root))["builds"] == 1, "the build did not go through the server"
    assert "ailleurs, et vite" in (root / "output/figures/essaimage/index.html").read_text(encoding="utf-8")

    cold = write_files(tmp_path / "cold", {**SITE, "content/figures/essaimage.md": page.read_text(encoding="utf-8")})
    monkeypatch.setenv(resident.SWITCH, "0")
    assert _build(cold)[0] == 0
    assert tree_digest(root / "output") == tree_digest(cold / "output")


def test_a_problem_is_reported_by_the_server_as_by_a_fresh_process(tmp_path, server_on, monkeypatch):
    root = write_files(tmp_path / "site", SITE)
    assert _build(root)[0] == 0
    _started(root, server_on)
    before = tree_digest(root / "output")
    broken = FIGURE.format(title="Lisière", body="Voir [rien](absente.md).").replace(
        "family: forces-du-petit", "family: inconnue"
    )
    (root / "content/figures/lisiere.md").write_text(broken, encoding="utf-8")
    through_server = _build(root)
    assert resident.status(*_place(root))["builds"] == 1
    monkeypatch.setenv(resident.SWITCH, "0")
    here = _build(root)
    assert through_server[0] == here[0] == 1
    assert _without_seconds(through_server[1]) == _without_seconds(here[1])
    assert through_server[2] == here[2]
    assert "content/figures/lisiere.md:3: family:" in here[2] and "absente.md" in here[2]
    assert tree_digest(root / "output") == before, "a build with problems changed the site"


def test_a_server_started_with_another_key_or_cache_is_not_used(tmp_path, server_on, monkeypatch):
    root = write_files(tmp_path / "site", SITE)
    assert _build(root)[0] == 0
    first = _started(root, server_on)
    monkeypatch.setenv(KEY_VARIABLE, "une-autre-clef")
    page = root / "content/figures/lisiere.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase de plus.\n", encoding="utf-8")
    assert _build(root)[0] == 0
    second = _started(root, server_on)  # the first one refused and stopped; the build started a new one
    assert second["pid"] != first["pid"] and second["builds"] == 0

    shutil.rmtree(root / ".cache")  # asked for a cold build
    page.write_text(page.read_text(encoding="utf-8") + "\nEncore une.\n", encoding="utf-8")
    assert _build(root)[0] == 0
    third = _started(root, server_on)
    assert third["pid"] != second["pid"] and third["builds"] == 0


def test_no_server_is_used_or_started_in_ci_or_when_turned_off(tmp_path, server_on, monkeypatch):
    root = write_files(tmp_path / "site", SITE)
    for name, value in (("CI", "true"), (resident.SWITCH, "0")):
        with monkeypatch.context() as off:
            off.setenv(name, value)
            assert _build(root)[0] == 0
        assert resident.status(*_place(root), timeout=2) is None


def test_the_socket_lives_only_in_a_folder_no_one_else_can_open(monkeypatch):
    run = Path(tempfile.mkdtemp(prefix="ts-", dir="/tmp"))
    try:
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(run))
        folder = run / f"thinksmall-{os.getuid()}"
        folder.mkdir(mode=0o755)
        folder.chmod(0o755)
        assert resident.socket_path("/site", "/site/.cache") is None
        folder.chmod(0o700)
        assert resident.socket_path("/site", "/site/.cache") == folder / resident.socket_path("/site", "/site/.cache").name
        folder.rmdir()
        (run / "elsewhere").mkdir(mode=0o700)
        folder.symlink_to(run / "elsewhere")
        assert resident.socket_path("/site", "/site/.cache") is None
    finally:
        shutil.rmtree(run)


def test_a_log_planted_as_a_link_in_the_cache_is_never_written(tmp_path, server_on):
    """A cache restored from elsewhere may hold `server.log` as a link to a file of the user's: it is not followed."""
    root = write_files(tmp_path / "site", SITE)
    target = tmp_path / "bashrc"
    target.write_text("# mine\n", encoding="utf-8")
    (root / ".cache").mkdir()
    (root / ".cache" / resident.LOG).symlink_to(target)
    assert _build(root)[0] == 0
    deadline = time.monotonic() + 10  # a server would answer by then (it answers the other tests' in about 2 s)
    while time.monotonic() < deadline:
        assert resident.status(*_place(root), timeout=10) is None, "a server was started with the planted log"
        time.sleep(0.2)
    assert target.read_text(encoding="utf-8") == "# mine\n"
    assert (root / ".cache" / resident.LOG).is_symlink()


def test_the_server_s_builds_write_what_cold_builds_write_edit_after_edit(tmp_path):
    """The server's pipeline (`build_and_publish`: one session, its search index started as soon as its pages are
    made), in this process: after each edit its output folder is a cold build's, search index included."""
    root = write_files(tmp_path / "site", SITE)
    session, output, now = Session(), tmp_path / "output", date.fromisoformat(NOW)
    edits = {
        "content/figures/essaimage.md": FIGURE.format(title="Essaimage", body="Se répliquer ailleurs, et vite."),
        "content/figures/lisiere.md": FIGURE.format(title="Lisière des mondes", body="Entre deux mondes."),
        "content/figures/brume.md": FIGURE.format(title="Brume", body="Voir [lisière](lisiere.md)."),
    }
    for step, (path, text) in enumerate([(None, None), *edits.items(), ("content/figures/eclairer.md", None)]):
        if path is not None and text is None:
            (root / path).unlink()
        elif path is not None:
            (root / path).write_text(text, encoding="utf-8")
        result = build_and_publish(root, now, output, root / ".cache", session)
        assert result.problems == [], [str(p) for p in result.problems]
        cold = tmp_path / f"cold-{step}"
        shutil.copytree(root, cold / "site", ignore=shutil.ignore_patterns(".cache"))
        assert build(cold / "site", now, cold / "output", cache=cold / "cache").problems == []
        assert tree_digest(output) == tree_digest(cold / "output"), f"after step {step}"
