"""Helpers to write small sites inline and build them, in-process or as a real command."""

from __future__ import annotations

import hashlib
import os
import secrets
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.editor.resident import SWITCH
from sitegen.incremental.seal import KEY_VARIABLE

PROJECT = Path(__file__).resolve().parent.parent
NOW = "2016-11-01"
# The tests' own key for sealing caches (sitegen/incremental/seal.py), inherited by the builds they
# start: no test reads or writes the user's key.
os.environ[KEY_VARIABLE] = secrets.token_hex(16)
# No build a test starts hands its work to a build server or starts one (tests/test_resident.py does, on purpose).
os.environ[SWITCH] = "0"

SITE_YAML = """\
title: Site d'essai
base_url: https://example.org/
sections:
  rendez-vous: {type: event, title: Rendez-vous, singular: Rendez-vous, url: rendez-vous}
  comptes-rendus: {type: report, title: Comptes-rendus, singular: Compte-rendu, url: comptes-rendus}
  figures: {type: figure, title: Figures-modèles, singular: Figure-modèle, url: figures}
  imaginaires: {type: imaginary, title: Imaginaires, singular: Imaginaire, url: imaginaires}
  micro-histoires: {type: story, title: Micro-histoires, singular: Micro-histoire, url: micro-histoires}
  partenaires: {type: partner, title: Partenaires, singular: Partenaire, url: partenaires}
  pages: {type: page, title: Pages, singular: Page, url: ""}
menu: [rendez-vous, figures]
families:
  - {id: forces-du-petit, name: Forces du petit}
  - {id: chemins-pour-les-petits, name: Chemins pour les petits}
kinds:
  - {id: conte, name: Conte de fées}
statuses:
  - {id: complete, name: Histoire complète}
  - {id: a-continuer, name: Début à continuer}
"""


def _cache_state(folder: Path) -> tuple | None:
    """Everything a build could change in `folder`: its files' names, sizes and modification times (None: absent)."""
    if not folder.exists():
        return None
    files = sorted((p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*"))
    return folder.stat().st_mtime_ns, tuple(files)


@pytest.fixture(scope="session", autouse=True)
def checkout_cache_untouched():
    """No test may read or write the checkout's own .cache/: a build of the real content passes `--cache` in tmp_path."""
    cache = PROJECT / ".cache"
    before = _cache_state(cache)
    yield
    assert _cache_state(cache) == before, f"a test created or changed {cache}: build the real site with --cache in tmp_path"


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (path → text, dedented, or bytes) under `root`, with a default site.yaml."""
    root.mkdir(parents=True, exist_ok=True)
    if "site.yaml" not in files:
        (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(textwrap.dedent(data).lstrip("\n"), encoding="utf-8")
    return root


@dataclass
class Run:
    code: int
    out: str
    err: str
    root: Path

    @property
    def output(self) -> Path:
        return self.root / "output"

    def page(self, path: str) -> str:
        """A generated page's HTML (`rendez-vous/x/` reads its index.html)."""
        file = self.output / path
        return (file / "index.html" if path.endswith("/") or file.is_dir() else file).read_text(encoding="utf-8")

    @property
    def problems(self) -> list[str]:
        return self.err.splitlines()


@pytest.fixture
def build_site(tmp_path, capsys):
    """Build a site written inline: `build_site({"content/x/y.md": "..."}, "check")`."""

    def build(files: dict[str, str | bytes], *args: str, root: Path | None = None) -> Run:
        root = write_files(root or tmp_path / "site", files)
        capsys.readouterr()
        code = main(["--root", str(root), "--now", NOW, *args])
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err, root)

    return build


def run_command(*args: str, cwd: Path = PROJECT) -> subprocess.CompletedProcess:
    """Run build.py as an editor would, in a real process."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, str(PROJECT / "build.py"), *args], cwd=cwd, capture_output=True, text=True, env=env)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` (symlinks included, as links) → SHA-256 of its bytes: equal trees, equal digests."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def measured(*args: str, timeout: float = 60, cwd: Path = PROJECT) -> tuple[subprocess.CompletedProcess, float, float]:
    """Run build.py's main in a child process capped at 2 GB; return it, its seconds and its peak memory in MB.

    The peak is the child's own (VmHWM, reset by exec), not ru_maxrss, which Linux keeps across exec
    and so starts at the size of the test process that started it.
    """
    code = (
        "import resource, sys\n"
        "resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))\n"
        "from sitegen.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "hwm = [line.split()[1] for line in open('/proc/self/status') if line.startswith('VmHWM:')]\n"
        "print(f'peak-kb {hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}', file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=timeout)
    seconds = time.perf_counter() - started
    lines = done.stderr.splitlines()
    peak = int(lines.pop().split()[1]) / 1024 if lines and lines[-1].startswith("peak-kb ") else float("nan")
    done.stderr = "\n".join(lines) + ("\n" if lines else "")
    return done, seconds, peak


@pytest.fixture(scope="session", params=["real", "with-additions"])
def real_site(request, tmp_path_factory) -> tuple[Path, Path]:
    """(root, output) of the real content, then of a copy with an editor's additions (tests/real_site.py)."""
    from real_site import build_real  # it imports reader_site, which imports this file

    return build_real(request.param, tmp_path_factory.mktemp(request.param))
