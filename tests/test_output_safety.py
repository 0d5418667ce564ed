"""The previous site survives: unsafe --output, write errors, a second build, a killed build."""

from __future__ import annotations

import os
import random
import resource
import signal
import socket
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from sitegen.cli import main
from sitegen.incremental.session import Session
from sitegen.output import write
from sitegen.pipeline import build, publish

from conftest import NOW, PROJECT, run_command, tree_digest, write_files


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def figures(version: str, count: int = 3) -> dict[str, str]:
    """A site of `count` figures whose text says which `version` built it."""
    return {
        f"content/figures/figure-{i:03d}.md": (
            f"---\ntitle: Figure {i}\nfamily: forces-du-petit\ndefinition: Version {version}.\ntags: [t{i % 7}]\n---\n"
            + f"Texte de la version {version}. " * 40
        )
        for i in range(count)
    }


def leftovers(folder: Path) -> list[str]:
    """Temporary folders and lock files a build left beside output/ (not the spare, where the next build writes)."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".output.") and p.name != ".output.spare")


def everything(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


# Unsafe --output ----------------------------------------------------------------------------------

UNSAFE = {
    "content": "est content/ ou se trouve dedans",
    "content/figures": "est content/ ou se trouve dedans",
    "site.yaml": "est site.yaml ou se trouve dedans",
    ".": "contient le site lui-même",
    "..": "contient le site lui-même",
    "/": "contient le site lui-même",
    "../documents": "existe déjà et n'a pas été produit par build.py",
    "../notes.txt": "existe et n'est pas un dossier",
}


@pytest.mark.parametrize("output", UNSAFE, ids=list(UNSAFE))
@pytest.mark.parametrize("command", ["build", "serve"])
def test_unsafe_output_is_refused_before_anything_is_written(tmp_path, output, command):
    root = write_files(tmp_path / "site", figures("A"))
    write_files(tmp_path / "documents", {"lettre.txt": "Mes documents."})
    (tmp_path / "notes.txt").write_text("Mes notes.", encoding="utf-8")
    before, top = everything(tmp_path), sorted(os.listdir("/"))
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    done = subprocess.run(  # with a timeout: were the check missing, `serve` would run for ever
        [sys.executable, str(PROJECT / "build.py"), command, "--output", output, "--now", NOW, "--port", str(free_port())],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
    )
    assert done.returncode == 2
    assert UNSAFE[output] in done.stderr and "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stdout == ""
    assert everything(tmp_path) == before
    assert sorted(os.listdir("/")) == top


def test_the_engine_is_never_an_output(tmp_path):
    # Checked without running a build: were the check missing, a build would replace this very checkout.
    root = write_files(tmp_path / "site", figures("A"))
    assert "contient le site lui-même" in write.output_problem(PROJECT, root)
    assert "contient le site lui-même" in write.output_problem(PROJECT.parent, root)
    assert "est sitegen/ ou se trouve dedans" in write.output_problem(PROJECT / "sitegen", root)
    assert write.output_problem(tmp_path / "ailleurs", root) is None


def test_an_output_written_by_build_py_or_an_empty_one_is_replaced(tmp_path):
    root = write_files(tmp_path / "site", figures("A"))
    (tmp_path / "vide").mkdir()
    assert run_command("--output", "../vide", "--now", NOW, cwd=root).returncode == 0
    assert run_command("--output", "../vide", "--now", NOW, cwd=root).returncode == 0  # it carries the marker now
    assert (tmp_path / "vide" / write.MARKER).is_file()


# Write errors -------------------------------------------------------------------------------------


def test_a_disk_write_error_keeps_the_previous_site(tmp_path):
    root = write_files(tmp_path / "site", figures("A"))
    assert run_command("--root", str(root), "--now", NOW).returncode == 0
    before = tree_digest(root / "output")
    write_files(root, figures("B"))

    def small_disk() -> None:  # any file over 4 KB fails with EFBIG, as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    env = {**os.environ, "PYTHONPATH": str(PROJECT), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "--now", NOW],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=small_disk,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("écriture impossible (File too large : output/")  # the first file that changed
    assert done.stderr.endswith(") — le site précédent est conservé\n")
    assert tree_digest(root / "output") == before
    assert leftovers(root) == []


def test_the_fallback_swap_puts_the_old_site_back_when_its_second_rename_fails(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(write, "exchange", lambda first, second: False)  # as on a system without renameat2
    root = write_files(tmp_path / "site", figures("A"))
    assert main(["--root", str(root), "--now", NOW]) == 0
    before = tree_digest(root / "output")
    write_files(root, figures("B"))
    real_replace = os.replace

    def full_disk(source, target):
        if ".output.spare" in str(source) and str(target).endswith("output"):  # the fallback's second rename
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", full_disk)
    assert main(["--root", str(root), "--now", NOW]) == 1
    assert "No space left on device" in capsys.readouterr().err
    assert tree_digest(root / "output") == before
    assert leftovers(root) == []
    monkeypatch.setattr(os, "replace", real_replace)
    assert main(["--root", str(root), "--now", NOW]) == 0
    assert "Version B" in (root / "output/figures/figure-000/index.html").read_text(encoding="utf-8")


# A second build -----------------------------------------------------------------------------------

BUSY = "une autre construction de output/ est déjà en cours (build.py ou l'aperçu) — attendez qu'elle se termine, puis relancez\n"


def test_a_second_build_stops_while_another_holds_the_output(tmp_path):
    root = write_files(tmp_path / "site", figures("A"))
    assert run_command("--root", str(root), "--now", NOW).returncode == 0
    before = tree_digest(root / "output")
    write_files(root, figures("B"))
    with write.prepared_output(root / "output", root):  # as a running build does
        done = run_command("--root", str(root), "--now", NOW)
    assert done.returncode == 1
    assert done.stderr == BUSY
    assert tree_digest(root / "output") == before
    assert run_command("--root", str(root), "--now", NOW).returncode == 0  # the lock went with its holder


def test_builds_started_together_leave_one_complete_site(tmp_path):
    root = write_files(tmp_path / "site", figures("A", 60))
    reference = tmp_path / "reference"
    assert run_command("--root", str(root), "--output", str(reference), "--now", NOW).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    command = [sys.executable, str(PROJECT / "build.py"), "--root", str(root), "--now", NOW]
    outcomes = set()
    for _ in range(3):
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) for _ in range(3)]
        for run in runs:
            _, err = run.communicate(timeout=60)
            assert (run.returncode, err) in ((0, ""), (1, BUSY)), err
            outcomes.add(run.returncode)
        assert tree_digest(root / "output") == tree_digest(reference)
        assert leftovers(root) == []
    # Some builds ran; the others were told to wait, or came once the one before had finished (which of the two
    # depends on the machine's load: test_a_second_build_stops_while_another_holds_the_output checks the waiting).
    assert 0 in outcomes


# A killed build -----------------------------------------------------------------------------------


def test_the_next_build_repairs_what_a_killed_build_left(tmp_path):
    root = write_files(tmp_path / "site", figures("A"))
    assert run_command("--root", str(root), "--now", NOW).returncode == 0
    site_a = tree_digest(root / "output")

    def killed_between_the_two_renames() -> None:
        os.replace(root / "output", root / ".output.old-4242")
        write_files(root / ".output.new-x1y2", {"index.html": "une moitié de site"})

    killed_between_the_two_renames()
    write_files(root, {"content/figures/figure-000.md": "---\ntitle: Cassée\n---\n"})  # this build fails
    done = run_command("--root", str(root), "--now", NOW)
    assert done.returncode == 1
    assert tree_digest(root / "output") == site_a  # the previous site is back
    assert leftovers(root) == []

    killed_between_the_two_renames()
    write_files(root, figures("B"))
    assert run_command("--root", str(root), "--now", NOW).returncode == 0
    assert "Version B" in (root / "output/figures/figure-000/index.html").read_text(encoding="utf-8")
    assert leftovers(root) == []


def test_killing_the_build_at_any_moment_keeps_a_complete_site(tmp_path):
    """SIGKILL at random moments, and at random moments of the writing itself: output/ is always whole."""
    sites = {v: write_files(tmp_path / f"site-{v}", figures(v, 150)) for v in "AB"}
    expected = {}
    for version, root in sites.items():
        assert run_command("--root", str(root), "--output", str(tmp_path / f"ref-{version}"), "--now", NOW).returncode == 0
        expected[version] = tree_digest(tmp_path / f"ref-{version}")
    output = tmp_path / "public" / "site"
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}

    def start(version: str) -> subprocess.Popen:
        command = [
            sys.executable,
            str(PROJECT / "build.py"),
            "--root",
            str(sites[version]),
            "--output",
            str(output),
            "--now",
            NOW,
        ]
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    started = time.perf_counter()
    assert start("A").wait(timeout=60) == 0
    duration = time.perf_counter() - started
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    seen, interrupted = set(), 0
    spare = write.spare_folder(output)

    def stamp(folder: Path) -> tuple[int, int] | None:
        try:
            info = folder.stat()
        except OSError:
            return None
        return info.st_ino, info.st_mtime_ns

    for round_ in range(24):
        before = stamp(spare)
        build = start("B" if round_ % 2 == 0 else "A")
        if round_ % 3:  # any moment of the build
            time.sleep(rng.uniform(0, duration * 1.1))
        else:  # a moment of the writing: wait until the spare folder changes, then a little more
            deadline = time.perf_counter() + 30
            while build.poll() is None and time.perf_counter() < deadline:
                if stamp(spare) != before:
                    time.sleep(rng.uniform(0, 0.05))
                    break
                time.sleep(0.001)
        build.kill()
        interrupted += build.wait() == -signal.SIGKILL
        state = tree_digest(output)
        assert state in (expected["A"], expected["B"]), f"incomplete output/ after round {round_} (seed {seed})"
        seen.add("A" if state == expected["A"] else "B")
    assert interrupted >= 8, interrupted  # the builds were really cut short, not left to finish
    assert run_command("--root", str(sites["A"]), "--output", str(output), "--now", NOW).returncode == 0
    assert tree_digest(output) == expected["A"]
    assert sorted(os.listdir(output.parent)) == [".site.spare", "site"]


def test_an_unchanged_rebuild_still_cleans_what_a_killed_build_left(tmp_path, capsys):
    root = write_files(tmp_path / "site", figures("A"))
    assert main(["--root", str(root), "--now", NOW]) == 0
    time.sleep(2.1)  # past the no-op manifest's guard against same-timestamp edits
    assert main(["--root", str(root), "--now", NOW]) == 0
    (root / ".output.new-tue").mkdir()  # as a build killed while writing leaves it
    (root / ".output.new-tue" / "index.html").write_text("à moitié", encoding="utf-8")
    assert main(["--root", str(root), "--now", NOW]) == 0
    assert leftovers(root) == []


def test_a_file_changed_in_the_output_after_a_session_wrote_it_is_written_again(tmp_path):
    """The build server trusts the files it wrote by their status (published stamps): one changed since, in place and
    even with its modification time put back, is not taken for the page it was."""
    root = write_files(tmp_path / "site", figures("A"))
    output, session = root / "output", Session()
    published = publish(build(root, date.fromisoformat(NOW), session=session), root, output)
    expected = tree_digest(output)
    page = output / "figures/figure-001/index.html"
    before = page.stat()
    with open(page, "r+b") as file:  # the same file, the same size, other bytes
        file.write(b"<!-- autre -->")
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    publish(build(root, date.fromisoformat(NOW), session=session), root, output, before=published)
    assert tree_digest(output) == expected
