"""The « Think Small » site generator: read → validate → assemble → render → write."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

__version__ = "0.1.0"
CACHE_FOLDER = ".cache"  # beside site.yaml, unless `--cache` names another folder
ENGINE = Path(__file__).resolve().parent  # sitegen/
PROJECT = ENGINE.parent  # its templates/ and static/ serve sites that have none


def today(timezone: str = "Europe/Paris") -> date:
    """Today's date where the site is published."""
    return datetime.now(ZoneInfo(timezone)).date()
