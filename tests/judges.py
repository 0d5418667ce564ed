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


# Debian's Chromium, driven by Playwright (never `playwright install`): ../shared/JUDGES.md.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def require_chromium() -> dict:
    """Playwright's launch options for the machine's Chromium."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        require(False, "Playwright not installed (python -m pip install -r requirements-dev.txt)")
    require(CHROMIUM.is_file(), f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    return {"executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}
