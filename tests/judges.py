"""Outside checkers (../shared/JUDGES.md): found here, or skipped with a reason — never skipped in CI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")


def require(available: bool, reason: str) -> None:
    """Skip a test whose judge is missing on a developer's machine; fail under CI=true."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI must install it: see .ci/run)")
    pytest.skip(reason)


def require_vnu() -> list[str]:
    """The command that runs the Nu HTML Checker."""
    require(VNU_JAR.is_file() and shutil.which("java") is not None, "Nu HTML Checker not installed (npm ci, and java)")
    return ["java", "-jar", str(VNU_JAR)]
