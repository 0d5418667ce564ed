"""The editing room (/admin/, Decap CMS): its configuration follows the schemas, and it works for real.

The browser test runs `build.py cms` (the preview and the real decap-server from npm) on a copy of
the real site in tmp_path, and drives the form in Chromium: never the checkout's content/.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from test_live_preview import free_port, wait_until

from sitegen.messages import ROOM, ROOM_LABELS
from sitegen.render.room import VENDORED, WHEN_PATTERN, room_config, room_files, vendored_names
from sitegen.source.config import load_config
from sitegen.source.fields import fields_of
from sitegen.source.schema import ENTRY_TYPES, YAML_TYPES

from conftest import NOW, run_command, write_files
from judges import PROJECT, require, require_chromium

ARTIFACTS = PROJECT / "tests" / "artifacts"
DIST = PROJECT / "node_modules" / "decap-cms" / "dist"
SCREENSHOT = "espace-edition.png"
FIGURE = "content/figures/figure-de-l-espace.md"  # added to the copy, so the test needs no particular content
DAY_ONLY = "content/rendez-vous/ateliers-regionaux.md"  # a real event whose start and end are days
FIGURE_TEXT = "---\ntitle: Une figure à revoir\nfamily: {family}\ndefinition: Une ligne.\n---\nSon texte.\n"


def _fields(config: dict, folder: str) -> dict[str, dict]:
    collection = next(c for c in config["collections"] if c["name"] == folder)
    return {f["name"]: f for f in collection["fields"]}


def test_room_configuration_follows_the_schemas_and_site_yaml(tmp_path):
    edit = '\nedit_url: "https://github.com/fing/thinksmall/edit/main/{path}"\n'  # off in the project's site.yaml
    (tmp_path / "site.yaml").write_text((PROJECT / "site.yaml").read_text(encoding="utf-8") + edit, encoding="utf-8")
    config = load_config(tmp_path)
    room = room_config(config)
    assert room["locale"] == "fr" and room["backend"] == {"name": "github", "repo": "fing/thinksmall", "branch": "main"}
    assert room_config(load_config(PROJECT))["backend"]["repo"] == ""  # no repository named: none invented
    assert [c["name"] for c in room["collections"]] == list(config.sections)
    for folder, section in config.sections.items():
        model = ENTRY_TYPES[section.type]
        shown = _fields(room, folder)
        collection = next(c for c in room["collections"] if c["name"] == folder)
        assert collection["folder"] == f"content/{folder}" and collection["label"] == section.title
        assert collection["extension"] == ("yaml" if section.type in YAML_TYPES else "md")
        assert list(shown) == [f.name for f in fields_of(model)] + ["body"]  # every field, in the schema's order
        for field in fields_of(model):
            assert shown[field.name]["label"] == ROOM_LABELS[field.name]
            assert shown[field.name].get("hint", "") == field.description
            assert shown[field.name]["required"] == (field.required and field.kind.name != "list"), (folder, field.name)
        assert shown["body"]["widget"] == "markdown"
    event = _fields(room, "rendez-vous")
    assert event["start"]["required"] and event["start"]["widget"] == "string"  # a day stays a day: no time added
    assert event["start"]["pattern"] == event["end"]["pattern"] == [WHEN_PATTERN, ROOM["when_pattern"]]
    accepted = ("2016-12-01", "2016-12-15 14:00", "2016-12-15 23:59")
    refused = ("2016-12-15T14:00", "2017-13-45 25:00", "2016-12-15 14:00:00", "2016-1-5", "demain", "2016-12-15 ")
    assert all(re.match(WHEN_PATTERN, v) for v in accepted) and not any(re.match(WHEN_PATTERN, v) for v in refused)
    assert event["partners"] | {} == event["partners"] and event["partners"]["widget"] == "relation"
    assert event["partners"]["collection"] == "partenaires" and event["partners"]["multiple"] is True
    assert event["publish"]["format"] == "YYYY-MM-DD" and event["publish"]["time_format"] is False
    pictures = {f["name"]: f for f in event["images"]["fields"]}
    assert pictures["src"]["widget"] == "image" and pictures["alt"]["required"] is True
    assert event["draft"] == {**event["draft"], "widget": "boolean", "default": False}
    figure = _fields(room, "figures")
    assert figure["family"]["options"] == [{"label": f.name, "value": f.id} for f in config.families]
    assert figure["related"]["collection"] == "figures"
    assert _fields(room, "imaginaires")["kind"]["options"] == [{"label": k.name, "value": k.id} for k in config.kinds]
    assert _fields(room, "micro-histoires")["status"]["options"] == [{"label": s.name, "value": s.id} for s in config.statuses]
    assert _fields(room, "micro-histoires")["event"] | {"multiple": False} == _fields(room, "micro-histoires")["event"]
    assert (
        _fields(room, "comptes-rendus")["participants"] | {"widget": "number", "min": 0}
        == _fields(room, "comptes-rendus")["participants"]
    )


def test_room_page_carries_the_configuration_and_requests_only_its_own_files():
    page = room_files(load_config(PROJECT))["admin/index.html"].decode()
    assert '<html lang="fr">' in page and "</head>" not in page  # no live reload of the room while it saves
    assert '<script src="/admin/room.js"></script>\n<script src="/admin/decap-cms.js"></script>' in page
    assert "http" not in page.split('id="room-config">')[0]


def test_vendored_decap_is_the_npm_package_pinned_in_package_json():
    require(DIST.is_dir(), "decap-cms not installed (npm ci)")
    names = vendored_names(DIST)
    assert "decap-cms.js" in names and sorted(p.name for p in VENDORED.iterdir()) == names
    stale = [name for name in names if (DIST / name).read_bytes() != (VENDORED / name).read_bytes()]
    assert stale == [], "sitegen/render/decap/ differs from node_modules/decap-cms: run `python -m sitegen.render.room`"


@dataclass
class Room:
    root: Path
    url: str
    process: subprocess.Popen
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")


def _two_free_ports() -> int:
    for _ in range(20):
        port = free_port()
        try:
            with socket.socket() as s:
                s.bind(("127.0.0.1", port + 1))
            return port
        except OSError:
            continue
    raise AssertionError("no two free ports in a row")


@pytest.fixture
def room(tmp_path) -> Iterator[Room]:
    require(
        shutil.which("node") is not None and (PROJECT / "node_modules" / "decap-server").is_dir(),
        "decap-server not installed (npm ci)",
    )
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(PROJECT / "site.yaml", root / "site.yaml")
    shutil.copytree(PROJECT / "content", root / "content")
    family = load_config(root).families[0].id
    (root / FIGURE).write_text(FIGURE_TEXT.format(family=family), encoding="utf-8")
    port = _two_free_ports()
    log = tmp_path / "cms.log"
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, str(PROJECT / "build.py"), "cms", "--root", str(root), "--port", str(port), "--now", NOW]
    command += ["--cache", str(tmp_path / "cache")]
    with log.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    server = Room(root, f"http://127.0.0.1:{port}/", process, log)
    try:
        wait_until(lambda: "Aperçu sur" in server.output() or process.poll() is not None, 60, "the room to start")
        assert process.poll() is None, server.output()
        yield server
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_room_creates_an_event_and_edits_a_figure_in_a_real_browser(room):
    launch = require_chromium()
    from playwright.sync_api import Error, sync_playwright

    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda r: requests.append(r.url))
            page.goto(room.url + "admin/")
            page.get_by_role("button", name="Se connecter").click()
            page.locator('a[href^="#/collections/rendez-vous/entries/"]').first.wait_for(timeout=60_000)
            page.wait_for_load_state("networkidle")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / SCREENSHOT))

            # A new event: a missing title is refused, then the form saves the file.
            page.goto(room.url + "admin/#/collections/rendez-vous/new")
            page.locator("input[id^=start-field]").fill("2017-03-02 14:00")
            publish = page.locator("input[id^=publish-field]")
            with contextlib.suppress(Error):  # the date input holds only real dates: 2017-13-45 cannot be typed in
                publish.fill("2017-13-45", timeout=2000)
            assert publish.input_value() == ""
            _publish(page)
            page.get_by_text("Le champ Titre est requis.").wait_for(timeout=30_000)
            assert sorted(p.name for p in (room.root / "content/rendez-vous").iterdir()) == sorted(
                p.name for p in (PROJECT / "content/rendez-vous").iterdir()
            )
            page.locator("input[id^=title-field]").fill("Atelier à Marseille")
            _publish(page)
            created = room.root / "content/rendez-vous/atelier-a-marseille.md"
            # decap-server creates the file, then writes it: wait for the written text, not the name.
            wait_until(lambda: created.is_file() and "title:" in created.read_text(encoding="utf-8"), 40, "the new event's file")
            text = created.read_text(encoding="utf-8")
            assert "title: Atelier à Marseille" in text and "start: 2017-03-02 14:00" in text, text
            checked = run_command("check", "--root", str(room.root), "--now", NOW, "--cache", str(room.root.parent / "c2"))
            assert checked.returncode == 0, checked.stderr

            # A figure's new title: the preview rebuilds and shows it.
            page.goto(room.url + "admin/#/collections/figures")
            page.locator('a[href="#/collections/figures/entries/figure-de-l-espace"]').click()
            title = page.locator("input[id^=title-field]")
            wait_until(lambda: title.input_value() == "Une figure à revoir", 40, "the figure in the form")
            title.fill("Une figure revue dans l'espace d'édition")
            _publish(page)
            figure = room.root / FIGURE
            wait_until(lambda: "revue dans l'espace" in figure.read_text(encoding="utf-8"), 40, "the figure's file")
            preview = browser.new_page()
            preview.goto(room.url + "figures/figure-de-l-espace/")
            wait_until(lambda: _shows(preview, "Une figure revue dans l'espace d'édition"), 60, "the preview's new title")
        finally:
            browser.close()
    foreign = sorted({r for r in requests if not r.startswith(("http://127.0.0.1:", "data:", "blob:"))})
    assert foreign == []  # the room loads nothing from a third party
    assert "Traceback" not in room.output()


def test_room_keeps_a_day_only_start_and_refuses_a_malformed_one_in_a_real_browser(room):
    """A day-only start saved from the form stays that day (no midnight added); a malformed one is refused."""
    launch = require_chromium()
    from playwright.sync_api import sync_playwright

    event = room.root / DAY_ONLY
    before = event.read_text(encoding="utf-8")
    assert 'start: "2016-12-01"' in before and 'end: "2017-01-31"' in before, before
    with sync_playwright() as p:
        browser = p.chromium.launch(**launch)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(room.url + "admin/")
            page.get_by_role("button", name="Se connecter").click()
            page.locator('a[href^="#/collections/rendez-vous/entries/"]').first.wait_for(timeout=60_000)

            # Only the title changes: the start and the end, shown as written, stay days.
            page.goto(room.url + "admin/#/collections/rendez-vous/entries/" + Path(DAY_ONLY).stem)
            title = page.locator("input[id^=title-field]")
            wait_until(lambda: title.input_value() == "Ateliers en régions", 40, "the event in the form")
            start = page.locator("input[id^=start-field]")
            assert (start.input_value(), page.locator("input[id^=end-field]").input_value()) == ("2016-12-01", "2017-01-31")
            title.fill("Ateliers dans les régions")
            _publish(page)
            wait_until(lambda: "Ateliers dans les régions" in event.read_text(encoding="utf-8"), 40, "the event's file")
            saved = event.read_text(encoding="utf-8")
            assert "start: 2016-12-01\n" in saved and "end: 2017-01-31\n" in saved and "00:00" not in saved, saved
            checked = run_command("check", "--root", str(room.root), "--now", NOW, "--cache", str(room.root.parent / "c2"))
            assert checked.returncode == 0, checked.stderr

            # Another day typed as the start: still a day, no midnight.
            start.fill("2016-12-02")
            _publish(page)
            wait_until(lambda: "start: 2016-12-02\n" in event.read_text(encoding="utf-8"), 40, "the event's new start")
            saved = event.read_text(encoding="utf-8")
            assert "00:00" not in saved and "end: 2017-01-31\n" in saved, saved

            # A start that is no date: the form says why, in French, and writes nothing.
            refusal = f"Le champ {ROOM_LABELS['start']} ne correspond pas au schéma: {ROOM['when_pattern']}."
            for wrong in ("2017-13-45 25:00", "demain"):
                start.fill(wrong)
                _publish(page)
                page.get_by_text(refusal, exact=True).wait_for(timeout=30_000)
                page.wait_for_timeout(1000)
                assert event.read_text(encoding="utf-8") == saved
                start.fill("2016-12-02")  # a good start again clears the message
                page.get_by_text(refusal, exact=True).wait_for(state="hidden", timeout=10_000)
            names = sorted(p.name for p in (room.root / "content/rendez-vous").iterdir())
            assert names == sorted(p.name for p in (PROJECT / "content/rendez-vous").iterdir())
        finally:
            browser.close()
    assert "Traceback" not in room.output()


def _publish(page) -> None:
    page.get_by_role("button", name="Publier", exact=True).click()
    page.get_by_text("Publier maintenant", exact=True).click()


def _shows(page, text: str) -> bool:
    from playwright.sync_api import Error

    try:
        page.reload()
        return text in page.inner_text("h1", timeout=2000).replace("\u2019", "'")
    except Error:
        return False


def test_published_room_signs_in_with_github_and_requests_nothing_outside(tmp_path):
    """The room as a build publishes it, served as plain files: the GitHub sign-in, nothing fetched elsewhere."""
    launch = require_chromium()
    from playwright.sync_api import sync_playwright

    output = tmp_path / "site"
    built = run_command("--output", str(output), "--now", NOW, "--cache", str(tmp_path / "cache"))
    assert built.returncode == 0, built.stderr
    handler = partial(SimpleHTTPRequestHandler, directory=str(output))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    requests: list[str] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(**launch)
            try:
                page = browser.new_page()
                page.on("request", lambda r: requests.append(r.url))
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/admin/")
                page.get_by_role("button", name="Se connecter avec GitHub").wait_for(timeout=30_000)
                page.wait_for_load_state("networkidle")
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert [r for r in requests if not r.startswith("http://127.0.0.1:")] == []


def _cms(root: Path, *args: str, path: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PATH": path if path is not None else os.environ["PATH"]}
    command = [sys.executable, str(PROJECT / "build.py"), "cms", "--root", str(root), *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)


def test_cms_without_node_says_what_to_install(tmp_path):
    write_files(tmp_path / "site", {})
    done = _cms(tmp_path / "site", path=str(Path(sys.executable).parent))  # Python's own folder: no node there
    assert done.returncode == 1 and done.stderr == ROOM["cms_needs_npm"] + "\n"


def test_cms_refuses_a_taken_backend_port_in_french(tmp_path):
    require(
        shutil.which("node") is not None and (PROJECT / "node_modules" / "decap-server").is_dir(),
        "decap-server not installed (npm ci)",
    )
    write_files(tmp_path / "site", {})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _cms(tmp_path / "site", "--port", str(port - 1))
    assert done.returncode == 1
    assert done.stderr.startswith(f"impossible d'ouvrir l'espace d'édition sur 127.0.0.1:{port} (port déjà occupé)")
