"""The editor's loop for real: `build.py serve` in its own process, a browser that reloads by itself.

The server runs on a scratch copy of a small site, on 127.0.0.1 and a free port. Every wait is a
bounded poll.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import NOW, SITE_YAML, write_files
from judges import PROJECT, require_chromium

FIGURE = "content/figures/essaimage.md"
SITE = {
    FIGURE: """
        ---
        title: Essaimage
        family: chemins-pour-les-petits
        definition: Se répliquer ailleurs.
        ---
        Une première version du texte.
    """,
    "content/figures/brouillon.md": """
        ---
        title: Une figure en chantier
        family: forces-du-petit
        definition: Pas encore prête.
        draft: true
        ---
    """,
    "content/partenaires/fing.yaml": "title: Fing\n",
}
ORIGINAL = textwrap.dedent(SITE[FIGURE]).lstrip("\n")
BROKEN = "---\ntitle: [Essaimage\nfamily: chemins-pour-les-petits\n---\n"
PROBLEM = "crochets ou accolades non fermés — fermez la liste [ … ] ou le groupe { … }"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition: Callable[[], object], timeout: float, what: str) -> object:
    """Poll `condition` every 50 ms until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


@dataclass
class Preview:
    root: Path
    url: str
    process: subprocess.Popen
    log: Path

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
        except OSError:
            return 0, ""

    def write(self, path: str, text: str) -> float:
        """Save a file as an editor does; return the moment it was saved."""
        (self.root / path).write_text(text, encoding="utf-8")
        return time.monotonic()

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


@pytest.fixture
def preview(tmp_path) -> Iterator[Preview]:
    root = write_files(tmp_path / "site", SITE)
    port = free_port()
    log = tmp_path / "serve.log"
    temporary = tmp_path / "tmp"  # the preview's own folder goes there (see test_the_preview_leaves_no_folder_behind)
    temporary.mkdir()
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PYTHONUNBUFFERED": "1", "TMPDIR": str(temporary)}
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root), "--port", str(port), "--now", NOW]
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    server = Preview(root, f"http://127.0.0.1:{port}/", process, log)
    try:
        wait_until(lambda: server.get("")[0] == 200 or process.poll() is not None, 30, "the preview to answer")
        assert process.poll() is None, server.output()
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_the_preview_leaves_no_folder_behind(preview):
    temporary = preview.log.parent / "tmp"
    wait_until(lambda: any(p.name.endswith(".spare") for p in temporary.iterdir()), 30, "the site written beside it")
    preview.process.send_signal(signal.SIGTERM)
    preview.process.wait(timeout=30)
    assert sorted(p.name for p in temporary.iterdir()) == []


def test_preview_serves_drafts_problems_and_never_dies(preview):
    status, home = preview.get("figures/")
    assert status == 200
    assert home.count('+ "/livereload.js?port=" + port;') == 1  # livereload's script is injected, once
    status, draft = preview.get("figures/brouillon/")
    assert status == 200 and 'class="draft-mark"' in draft
    assert not (preview.root / "output").exists()  # drafts never reach output/

    preview.write(FIGURE, BROKEN)
    status, page = wait_until(lambda: (r := preview.get("figures/essaimage/"))[0] == 404 and r, 10, "the problems page")
    assert "Problèmes à corriger" in page and "content/figures/essaimage.md:3" in page and PROBLEM in page
    assert preview.get("static/style.css")[0] == 200  # the rest of the site is still there
    status, index = preview.get("figures/")
    assert status == 200 and "content/figures/essaimage.md:3" in index and PROBLEM in index  # with the problems on top
    assert 'href="/_apercu/problemes"' in index and "figures/brouillon/" in index

    (preview.root / FIGURE).write_bytes("---\ntitle: Été\n---\n".encode("latin-1"))
    wait_until(lambda: "pas en UTF-8" in preview.get("figures/essaimage/")[1], 10, "the encoding problem")
    (preview.root / "site.yaml").write_text("title: [", encoding="utf-8")
    wait_until(lambda: "site.yaml:2" in preview.get("")[1], 10, "the site.yaml problem")
    assert preview.process.poll() is None

    preview.write("site.yaml", SITE_YAML)
    preview.write(FIGURE, ORIGINAL.replace("première", "deuxième"))
    wait_until(lambda: "Une deuxième version" in preview.get("figures/essaimage/")[1], 10, "the page to come back")
    assert "Traceback" not in preview.output()


def test_preview_refuses_a_taken_port_in_french(preview):
    port = preview.url.rsplit(":", 1)[1].strip("/")
    result = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(preview.root), "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(PROJECT)},
    )
    assert result.returncode == 1
    assert f"impossible d'ouvrir l'aperçu sur 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_browser_follows_every_save(preview, capsys):
    launch = require_chromium()
    from playwright.sync_api import Error, sync_playwright

    def connected() -> int:
        return preview.output().count("Navigateur connecté")

    def shows(page, text: str) -> bool:
        try:
            return text in page.inner_text("body", timeout=1000)
        except Error:  # the page is reloading
            return False

    timings = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch)
        try:
            page = browser.new_page()
            page.goto(preview.url + "figures/")
            wait_until(lambda: connected() >= 1, 10, "livereload's websocket")

            saved = preview.write(FIGURE, ORIGINAL.replace("première", "nouvelle"))
            wait_until(lambda: shows(page, "Une nouvelle version du texte."), 10, "the new text")
            timings["édition"] = time.monotonic() - saved
            assert page.url == preview.url + "figures/essaimage/"  # taken to the page of the entry saved
            wait_until(lambda: connected() >= 2, 10, "the reloaded page's websocket")

            saved = preview.write(FIGURE, BROKEN)
            wait_until(lambda: shows(page, PROBLEM), 10, "the problems page")
            timings["en-tête cassé"] = time.monotonic() - saved
            assert page.title().startswith("1 problème(s) à corriger")
            wait_until(lambda: connected() >= 3, 10, "the problems page's websocket")

            saved = preview.write(FIGURE, ORIGINAL)
            wait_until(lambda: shows(page, "Une première version du texte."), 10, "the page to come back")
            timings["réparé"] = time.monotonic() - saved
            assert page.url == preview.url + "figures/essaimage/"  # reloaded in place
            assert page.locator("h1").inner_text() == "Essaimage"
        finally:
            browser.close()
    with capsys.disabled():
        print("\nsave → browser shows it: " + ", ".join(f"{k} {v:.2f} s" for k, v in timings.items()))
