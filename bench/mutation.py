"""Mutation testing (issue 13): do the tests fail when the engine's pure modules are changed?

    python -m pip install mutmut==3.8.1      # not in requirements-dev.txt: CI does not run this
    nice python -m bench.mutation            # every module below, one after the other
    nice python -m bench.mutation typography feeds --jobs 2

mutmut changes one thing at a time in a module (an operator, a constant, a condition…), runs the
tests that reach the changed function, and counts the change as killed when one of them fails.
Each module is mutated on its own, with its own fast tests only (no browser, no Nu HTML Checker,
no subprocess-heavy file): see `MODULES`. The run happens in a copy of the project under
`--work` (default `bench/.work/mutation/<module>/`, git-ignored), never in the checkout, because mutmut
writes its `mutants/` folder where it runs. The base configuration is `[tool.mutmut]` in
pyproject.toml; this script narrows `only_mutate` and the test selection per module, and makes the
copy's module-scoped fixtures function-scoped (mutmut credits a call to the test running when it
happens: a module fixture's build would be credited to the first test only).

It prints killed / survived / other (no tests, timeout…) / total and the score (killed ÷ total)
per module and overall, then the surviving mutants, to read with
`cd bench/.work/mutation/<module> && mutmut show NAME`. On the 2-core machine count minutes per
module (typography ~1, feeds ~5, the reader and content far more): run it in the background.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent

# Each pure module and the test files that exercise it quickly (in-process builds of inline sites).
MODULES: dict[str, list[str]] = {
    "typography": ["tests/test_typography.py"],
    "feeds": ["tests/test_feeds.py"],
    "calendars": ["tests/test_calendars.py"],
    "navigation": ["tests/test_navigation.py"],
    "drafts": ["tests/test_drafts.py"],
    "links": [
        "tests/test_links.py",
        "tests/test_build.py",
        "tests/test_invalid_sites.py",
        "tests/test_cache.py",
        "tests/test_drafts.py",
    ],
    "assemble": ["tests/test_build.py", "tests/test_invalid_sites.py", "tests/test_navigation.py", "tests/test_hostile_input.py"],
    "validate": [
        "tests/test_invalid_sites.py",
        "tests/test_hostile_input.py",
        "tests/test_yaml_values.py",
        "tests/test_pictures.py",
    ],
    "content": ["tests/test_invalid_sites.py", "tests/test_images.py", "tests/test_pictures.py", "tests/test_hostile_input.py"],
    "reader": ["tests/test_hostile_input.py", "tests/test_invalid_sites.py", "tests/test_yaml_values.py"],
}
# The stage (sitegen/<stage>/) each module lives in.
STAGE = {"typography": "render", "feeds": "render", "calendars": "render", "navigation": "site", "drafts": "site", "links": "site",
         "assemble": "site", "validate": "source", "content": "source", "reader": "source"}  # fmt: skip
# Slow tests (a 50 MB file, bombs, child processes) left out of the mutation runs: they test limits, not logic.
DESELECT = "not fifty_megabyte and not bomb and not named_pipe and not python_tags and not deep_nesting"
COPIED = ["sitegen", "tests", "templates", "static", "content", "site.yaml", "build.py", "pyproject.toml", "requirements.txt"]


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return repr(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def prepare(module: str, work: Path) -> Path:
    """A fresh copy of the project whose [tool.mutmut] mutates `module` with its own tests."""
    folder = work / module
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, folder / name, ignore=shutil.ignore_patterns("__pycache__", "artifacts", ".cache", "output"))
        elif source.exists():
            shutil.copy2(source, folder / name)
    for test in (folder / "tests").glob("*.py"):
        # mutmut gives a function's calls to the test running when they happen: a module-scoped fixture's build
        # would count for the first test alone, and the others would never run against a mutant of it.
        text = test.read_text(encoding="utf-8")
        test.write_text(re.sub(r'@pytest\.fixture\(scope="(?:module|package)"\)', "@pytest.fixture", text), encoding="utf-8")
    pyproject = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    config = tomllib.loads(pyproject)["tool"]["mutmut"]
    config["only_mutate"] = [f"sitegen/{STAGE[module]}/{module}.py"]
    tests = [test for test in MODULES[module] if (PROJECT / test).is_file()]  # a file may come or go
    config["pytest_add_cli_args_test_selection"] = [*tests, "-k", DESELECT]
    section = "[tool.mutmut]\n" + "".join(f"{key} = {_toml_value(value)}\n" for key, value in config.items())
    pyproject = re.sub(r"\[tool\.mutmut\]\n(?:(?!\n\[).)*", section.rstrip("\n"), pyproject, flags=re.DOTALL)
    (folder / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return folder


def results(folder: Path) -> dict[str, str]:
    """Mutant name → status (killed, survived, no tests, timeout…), as `mutmut results --all true` prints them."""
    done = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=folder, capture_output=True, text=True
    )
    found = {}
    for line in done.stdout.splitlines():
        name, _, status = line.strip().rpartition(": ")
        if name:
            found[name] = status
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", default=list(MODULES), choices=[[], *MODULES], metavar="MODULE")
    parser.add_argument("--work", type=Path, default=PROJECT / "bench/.work/mutation")
    parser.add_argument("--jobs", type=int, default=1, help="mutmut's --max-children (default 1: the machine is shared)")
    args = parser.parse_args(argv)
    rows, survivors = [], []
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    for module in args.modules:
        folder = prepare(module, args.work)
        began = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(args.jobs)], cwd=folder, capture_output=True, text=True
        )
        (folder / "mutmut-run.log").write_text(done.stdout + done.stderr, encoding="utf-8")
        statuses = results(folder)
        counts = {status: list(statuses.values()).count(status) for status in ("killed", "survived")}
        total = len(statuses)
        other = total - counts["killed"] - counts["survived"]
        rows.append((module, counts["killed"], counts["survived"], other, total, time.perf_counter() - began))
        survivors += [(module, name) for name, status in statuses.items() if status == "survived"]
        print(_row(*rows[-1]), flush=True)
        if done.returncode != 0 or counts["killed"] + counts["survived"] == 0:
            # e.g. a test failing on the unchanged code: mutmut then checks no mutant at all
            print(f"  mutmut failed on {module} (exit {done.returncode}): see {folder / 'mutmut-run.log'}", flush=True)
    killed, survived, other, total = (sum(row[i] for row in rows) for i in (1, 2, 3, 4))
    print(f"\nMutation score, started {started} (killed / survived / other / total: score)")
    for row in rows:
        print(_row(*row))
    print(_row("overall", killed, survived, other, total, sum(row[5] for row in rows)))
    if survivors:
        print("\nSurvivors (cd <work>/<module> && mutmut show NAME):")
        for module, name in survivors:
            print(f"  {module}: {name}")
    return 0


def _row(module: str, killed: int, survived: int, other: int, total: int, seconds: float) -> str:
    score = f"{100 * killed / total:.1f} %" if total else "—"
    return f"  {module:<11} {killed:>5} / {survived:>5} / {other:>4} / {total:>5}: {score:>7}   ({seconds / 60:.1f} min)"


if __name__ == "__main__":
    sys.exit(main())
