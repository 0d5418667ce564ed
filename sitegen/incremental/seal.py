"""Sealed cache files: what a build keeps for the next one is trusted only if this machine (or CI) wrote it.

A cache folder may come from elsewhere (a CI cache, a copied site). Every file of the memo is
sealed with an HMAC-SHA256 under a key kept *outside* the cache (as Turborepo signs its remote
cache): `THINKSMALL_CACHE_KEY` when set (a CI secret), else a random key made once in the user's
configuration folder (`~/.config/thinksmall/cache-key`). A file whose seal does not match (edited,
or sealed under another key) is not read at all, so nothing in it is ever used: bodies kept from
the cache are the sanitiser's own output, pages kept are the renderer's. Without a key (no
configuration folder to write), nothing is read from or written to the memo: every build is cold.
Standard library only.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from functools import cache
from pathlib import Path

KEY_VARIABLE = "THINKSMALL_CACHE_KEY"
HEADER = b"thinksmall-seal "  # then the seal's 64 hex digits and a newline, then the data


@cache
def cache_key() -> bytes | None:
    """This machine's key: the environment's, else the one in the user's configuration folder (made if missing)."""
    given = os.environ.get(KEY_VARIABLE)
    if given:
        return given.encode()
    configured = os.environ.get("XDG_CONFIG_HOME", "")  # a relative one is ignored, as the XDG specification says
    home = configured if os.path.isabs(configured) else os.path.join(os.path.expanduser("~"), ".config")
    if not os.path.isabs(home):  # no home folder either: no key, rather than one in the current folder
        return None
    path = Path(home) / "thinksmall" / "cache-key"
    try:
        return path.read_bytes().strip() or None
    except FileNotFoundError:
        pass
    except OSError:
        return None
    try:  # written whole beside it, then linked in place: a build starting meanwhile reads the whole key
        path.parent.mkdir(parents=True, exist_ok=True)
        fresh = path.with_name(f".cache-key-{os.getpid()}")
        with os.fdopen(os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as file:
            file.write(secrets.token_hex(32).encode())
        try:
            os.link(fresh, path)
        except FileExistsError:  # made meanwhile by another build: that one is the key
            pass
        finally:
            fresh.unlink()
        return path.read_bytes().strip() or None
    except OSError:
        return None


def seal(data: bytes, key: bytes) -> bytes:
    """`data` with its seal in front."""
    return HEADER + _mac(data, key).encode() + b"\n" + data


def unseal(sealed: bytes, key: bytes) -> bytes | None:
    """The data of a sealed file, or None when its seal is missing or not this key's."""
    head, _, data = sealed.partition(b"\n")
    if not head.startswith(HEADER):
        return None
    return data if hmac.compare_digest(head[len(HEADER) :], _mac(data, key).encode()) else None


def _mac(data: bytes, key: bytes) -> str:
    return hmac.new(key, data, hashlib.sha256).hexdigest()
