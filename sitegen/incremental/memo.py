"""The one memo of the build: remembered results as plain JSON (msgspec's codec), sealed, in the folder the caller names.

A table maps a key (a hash of everything the result was computed from, see inputs.py) to a
value made of JSON types only. A build keeps exactly the entries it used. The file is JSON, never
pickle, and sealed (seal.py): a cache folder may come from elsewhere (a CI cache), reading it runs
no code, and a table this machine's key did not seal is not read at all, so every value taken
from it is one this engine computed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import msgspec

from ..durable import write_atomically
from .seal import cache_key, seal, unseal

_ENCODER = msgspec.json.Encoder()  # mappings kept in their order: a value read back is the value stored (its repr too)
_DECODER = msgspec.json.Decoder()


class Memo:
    """One table of remembered values, loaded from `path` and saved back with what this build used."""

    def __init__(self, path: Path | None):
        self.path = path  # no path: a table in memory only (the preview's session)
        self.stored = _load(path) if path is not None else {}
        self.used: dict[str, Any] = {}

    def get(self, key: str) -> Any | None:
        """The value kept for `key` in this build, else the one remembered, or None."""
        kept = self.used.get(key)
        return kept if kept is not None else self.stored.get(key)

    def keep(self, key: str, value: Any) -> None:
        """Remember `value` for `key` (from the next `save` on)."""
        self.used[key] = value

    def save(self) -> None:
        """Keep exactly the values this build used; write only when they differ from what is stored (never without a key)."""
        key = cache_key()
        if self.path is None or key is None or self.used == self.stored:
            return
        write_atomically(self.path, seal(_ENCODER.encode(self.used), key))
        self.stored = dict(self.used)

    def carry_over(self) -> None:
        """Start the next build of this process from what this build used, without a file (the preview's session)."""
        self.stored, self.used = self.used, {}


def _load(path: Path) -> dict[str, Any]:
    """The stored table; empty when the file is missing, unreadable, not sealed by this machine's key or not a JSON object."""
    key = cache_key()
    try:
        data = unseal(path.read_bytes(), key) if key is not None else None
        stored = _DECODER.decode(data) if data is not None else None
    except (OSError, msgspec.DecodeError):
        return {}
    return stored if isinstance(stored, dict) else {}
