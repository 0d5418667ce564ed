"""The engine installs as a package: its dependencies are requirements.txt's pins, its command is `thinksmall`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from email.parser import Parser

from judges import PROJECT


def test_package_installs_with_the_pins_and_runs_as_thinksmall(tmp_path):
    source = tmp_path / "src"  # built from a copy: the checkout gets no build/ or egg-info
    shutil.copytree(PROJECT / "sitegen", source / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "requirements.txt"):
        shutil.copy(PROJECT / name, source / name)
    target = tmp_path / "installed"
    command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target", str(target)]
    done = subprocess.run([*command, str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr

    metadata = Parser().parsestr(next(target.glob("thinksmall_site-*.dist-info")).joinpath("METADATA").read_text())
    pins = [line.split("#")[0].strip() for line in (PROJECT / "requirements.txt").read_text().splitlines()]
    assert metadata.get_all("Requires-Dist") == [pin for pin in pins if pin]
    for data in ("render/decap/decap-cms.js", "render/room.js", "editor/guide.md.jinja"):
        assert (target / "sitegen" / data).is_file(), data

    env = {**os.environ, "PYTHONPATH": str(target)}
    thinksmall = target / "bin" / "thinksmall"
    checked = subprocess.run(
        [str(thinksmall), "check", "--root", str(PROJECT), "--cache", str(tmp_path / "cache")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("Contenu vérifié")
    helped = subprocess.run([str(thinksmall), "--help"], capture_output=True, text=True, env=env, timeout=60)
    assert helped.returncode == 0 and "cms" in helped.stdout
