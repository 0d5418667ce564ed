"""The one memo of the build: remembered results as plain JSON (msgspec's codec), in the folder the caller names.

A table maps a key (a hash of everything the result was computed from, see inputs.py) to a
value made of JSON types only. A build keeps exactly the entries it used. The file is JSON, never
pickle: a cache folder may come from elsewhere (a CI cache) and reading it must not run code; a
value of the wrong shape is a miss, and what it holds is never trusted further than its caller
checks (bodies are sanitised again on every use).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec

from ..durable import write_atomically

_ENCODER = msgspec.json.Encoder(order="sorted")  # the same bytes as json.dumps(sort_keys=True), 2–4× faster
_DECODER = msgspec.json.Decoder()


class Memo:
    """One table of remembered values, loaded from `path` and saved back with what this build used."""

    def __init__(self, path: Path | None, valid: Callable[[Any], bool] = lambda value: True):
        self.path = path  # no path: a table in memory only (the preview's session)
        self.stored = _load(path, valid) if path is not None else {}
        self.used: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        """The value remembered for `key`, or None (values not of the expected shape were left out when loading)."""
        return self.stored.get(key)

    def keep(self, key: str, value: Any) -> None:
        """Remember `value` for `key` (from the next `save` on)."""
        self.used[key] = value

    def save(self) -> None:
        """Keep exactly the values this build used; write only when they differ from what is stored."""
        if self.path is None or self.used == self.stored:
            return
        write_atomically(self.path, _ENCODER.encode(self.used))
        self.stored = dict(self.used)

    def carry_over(self) -> None:
        """Start the next build of this process from what this build used, without a file (the preview's session)."""
        self.stored, self.used = self.used, {}


def _load(path: Path, valid: Callable[[Any], bool]) -> dict[str, Any]:
    """The stored table's values of the expected shape; empty when the file is missing, unreadable or not a JSON object.

    Checked once here: what a session carries over in memory was made or checked by this process.
    """
    try:
        stored = _DECODER.decode(path.read_bytes())
    except (OSError, msgspec.DecodeError):
        return {}
    return {key: value for key, value in stored.items() if _shaped(value, valid)} if isinstance(stored, dict) else {}


def _shaped(value: Any, valid: Callable[[Any], bool]) -> bool:
    try:
        return value is not None and valid(value)
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        return False
