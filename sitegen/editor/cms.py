"""`build.py cms`: the editing room on this computer, beside the live preview.

The preview (`build.py serve`) serves the site with its room at /admin/; Decap CMS's local backend,
`decap-server` (from npm, pinned in package.json), listens on the next port and writes what the form
saves into the site's content/, where the preview sees it and rebuilds. Both listen on 127.0.0.1
unless --host says otherwise.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from .. import PROJECT
from ..messages import ROOM
from .serve import serve

DECAP_SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"  # from `npm ci`, beside package.json
START_SECONDS = 20


def decap_server(root: Path) -> Path | None:
    """decap-server's script: in the site's node_modules/, else the engine's checkout's; None when absent."""
    return next((place / DECAP_SERVER for place in (root, PROJECT) if (place / DECAP_SERVER).is_file()), None)


def local_backend(root: Path, host: str, port: int, script: Path) -> subprocess.Popen:
    """Start decap-server on host:port, writing into `root` (content/ and the pictures beside entries)."""
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": host,
        "MODE": "fs",  # write the files; committing stays the editor's choice
        "GIT_REPO_DIRECTORY": str(root.resolve()),
        "LOG_LEVEL": "warn",
    }
    node = shutil.which("node") or "node"
    return subprocess.Popen([node, str(script)], cwd=root, env=env, stdin=subprocess.DEVNULL)


def _listening(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def serve_room(root: Path, output: Path | None, now: date | None, host: str, port: int, cache: Path) -> int:
    """The `cms` command: decap-server on port + 1, then the preview on port; 1 when either cannot start."""
    script = decap_server(root)
    if shutil.which("node") is None or script is None:
        print(ROOM["cms_needs_npm"], file=sys.stderr)
        return 1
    if _listening(host, port + 1):
        print(ROOM["cms_port"].format(host=host, port=port + 1, error=ROOM["cms_port_taken"]), file=sys.stderr)
        return 1
    backend = local_backend(root, host, port + 1, script)
    try:
        deadline = time.monotonic() + START_SECONDS
        while not _listening(host, port + 1):
            if backend.poll() is not None or time.monotonic() > deadline:
                print(ROOM["cms_port"].format(host=host, port=port + 1, error=ROOM["cms_backend_failed"]), file=sys.stderr)
                return 1
            time.sleep(0.1)
        print(ROOM["cms_started"].format(host=host, port=port, content=(root / "content").as_posix() + "/"), flush=True)
        return serve(root, output, now, host, port, cache)
    finally:
        backend.terminate()
        try:
            backend.wait(timeout=5)
        except subprocess.TimeoutExpired:
            backend.kill()
            backend.wait()
