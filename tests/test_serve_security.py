"""The preview server, running for real on 127.0.0.1: nothing outside output/, and it survives any edit."""

from __future__ import annotations

import http.client
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hostile import html_findings

from conftest import NOW, PROJECT, SITE_YAML, write_files

SECRETS = ("SECRET-DU-SITE", "SECRET-DU-VOISIN", "root:x:0:0")
FIGURE = "---\ntitle: Éclairer\nfamily: forces-du-petit\ndefinition: Rendre visible.\n---\nUn texte.\n"


@dataclass
class Preview:
    process: subprocess.Popen
    port: int
    root: Path
    lines: queue.Queue[str]

    def get(self, target: str) -> tuple[int, bytes]:
        """One raw GET: http.client sends the target as written (urllib would normalise it)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest("GET", target, skip_accept_encoding=True)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def wait_for(self, fragment: str, timeout: float = 20) -> str:
        """The next line of the server's output that contains `fragment`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.process.poll() is None, "the preview server stopped"
                continue
            if fragment in line:
                return line
        raise AssertionError(f"no line with {fragment!r} within {timeout} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(tmp_path):
    root = write_files(tmp_path / "site", {"site.yaml": SITE_YAML + "# SECRET-DU-SITE\n", "content/figures/eclairer.md": FIGURE})
    (tmp_path / "voisin.txt").write_text("SECRET-DU-VOISIN", encoding="utf-8")
    port = free_port()
    command = [sys.executable, str(PROJECT / "build.py"), "serve", "--root", str(root), "--output", str(root / "output")]
    command += ["--port", str(port), "--now", NOW]
    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    server = Preview(process, port, root, lines)
    try:
        server.wait_for("Aperçu sur http://127.0.0.1:")
        deadline = time.monotonic() + 20
        while True:  # the line is printed just before the server listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None, "the preview server did not start"
                time.sleep(0.05)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_binds_only_the_loopback_address(preview):
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            pytest.skip("no /proc/net/tcp on this system")
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, port = local.rsplit(":", 1)
            if int(port, 16) == preview.port and state == "0A":  # LISTEN
                listening.append(address)
    assert listening == ["0100007F"]  # 127.0.0.1, and nothing on other addresses or IPv6


TRAVERSALS = [
    "/../site.yaml",
    "/../../voisin.txt",
    "/%2e%2e/site.yaml",
    "/%2E%2E/%2e%2e/voisin.txt",
    "/..%2fsite.yaml",
    "/..%2F..%2Fvoisin.txt",
    "/static/../../site.yaml",
    "/static/%2e%2e/%2e%2e/site.yaml",
    "/%252e%252e/site.yaml",
    "/..\\site.yaml",
    "/%5c..%5csite.yaml",
    "//etc/passwd",
    "/%2fetc%2fpasswd",
    "/etc/passwd",
    "/index.html%00.png",
    "/%00",
    "/" + "a" * 5000,
    "/lien-secret",
    "/lien-dossier/voisin.txt",
    "/lien-dossier/",
    "/pagefind/lien-secret",
    "/pagefind/lien-dossier/voisin.txt",
    "/pagefind/../../site.yaml",
]


def test_serves_nothing_outside_the_site(preview, tmp_path):
    output = preview.root / "output"
    deadline = time.monotonic() + 30
    while not (output / "pagefind/parts.json").exists():  # the preview's folder is written in the background
        assert time.monotonic() < deadline, "the preview's folder was not written"
        time.sleep(0.05)
    for folder in (output, output / "pagefind"):  # the folder serves only its search index
        (folder / "lien-secret").symlink_to(tmp_path / "voisin.txt")
        (folder / "lien-dossier").symlink_to(tmp_path)
    status, page = preview.get("/")
    assert status == 200 and "Éclairer" in page.decode()
    assert preview.get("/figures/eclairer/")[0] == 200
    targets = [*TRAVERSALS, f"http://127.0.0.1:{preview.port}/../site.yaml"]
    for target in targets:
        status, body = preview.get(target)
        assert status in (400, 404), (target, status)
        assert not any(secret.encode() in body for secret in SECRETS), target
    assert preview.process.poll() is None


BAD_EDITS = {
    "content/figures/photo.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "content/figures/cassee.md": b"---\ntitle: [\n---\n",
    "content/figures/latin.md": "---\ntitle: Été\n---\n".encode("latin-1"),
    "content/figures/piege.md": b'---\ntitle: X\nfamily: "<script>alert(1)</script>"\ndefinition: d\n---\n',
    "content/figures/bombe.md": (
        b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        b"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\ntitle: *e\n---\n"
    ),
    "site.yaml": b"title: [\n",
}


def test_keeps_running_through_bad_edits(preview):
    for name, data in BAD_EDITS.items():
        good = (preview.root / name).read_bytes() if (preview.root / name).exists() else None
        (preview.root / name).write_bytes(data)
        preview.wait_for(" pages, 1 problème(s).")
        status, page = preview.get("/")
        assert status == 200 and 'role="alert"' in page.decode(), name  # the rest of the site, the problem on top
        assert html_findings(page.decode()) == [], name
        assert "Aperçu reconstruit" not in page.decode()
        if good is None:
            (preview.root / name).unlink()
        else:
            (preview.root / name).write_bytes(good)
        preview.wait_for("0 problème(s).")
        status, page = preview.get("/figures/eclairer/")
        assert status == 200 and "Éclairer" in page.decode(), name
    assert preview.process.poll() is None
