"""Outside checkers (../shared/JUDGES.md): found here, or skipped with a reason — never skipped in CI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
VNU_JAR = PROJECT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = Path("/usr/bin/chromium")
AXE_CORE = PROJECT / "node_modules" / "axe-core" / "axe.min.js"  # the copy package.json pins, brought by `npm ci`
NOT_CI = frozenset({"", "0", "false", "no", "off", "n", "f"})


def in_ci(environ: dict[str, str] | None = None) -> bool:
    """Whether CI is set to a true value: `true`, `1`, `True`, `yes`… (GitHub sets `true`, others `1` or their name)."""
    return (os.environ if environ is None else environ).get("CI", "").strip().lower() not in NOT_CI


def require(available: bool, reason: str) -> None:
    """Skip a test whose judge is missing on a developer's machine; fail when CI is set (see `in_ci`)."""
    if available:
        return
    if in_ci():
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


def axe():
    """axe-playwright-python's runner with the pinned axe-core (node_modules), not the copy bundled in that package."""
    require(AXE_CORE.is_file(), "axe-core not installed (npm ci)")
    from axe_playwright_python.sync_playwright import Axe

    return Axe(axe_script=AXE_CORE.read_text(encoding="utf-8"))
