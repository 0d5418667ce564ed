"""Files that survive a power cut: written whole or not at all, and on disk before the build says so.

Standard library only (the manifest uses it before the engine is imported).
"""

from __future__ import annotations

import ctypes
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomically(target: Path, data: bytes) -> None:
    """Write `data` at `target`: a temporary file beside it, synced, renamed over it, the folder synced."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.stem}-", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(target.parent)


def write_all_atomically(folder: Path, files: Iterable[tuple[str, bytes]]) -> None:
    """Write many files into `folder` as `write_atomically` does each, with one sync of the file system for all.

    Each is written to a temporary file as it comes (`files` may be a generator); then one sync,
    every rename, and the folder synced: a file appears whole or not at all.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: list[tuple[str, Path]] = []
    try:
        for name, data in files:
            handle, temporary = tempfile.mkstemp(prefix=f".{Path(name).stem}-", dir=folder)
            written.append((temporary, folder / name))
            with os.fdopen(handle, "wb") as file:
                file.write(data)
        if not written:
            return
        sync_tree(folder)
        for temporary, target in written:
            os.replace(temporary, target)
    except BaseException:
        for temporary, _ in written:
            Path(temporary).unlink(missing_ok=True)
        raise
    sync_folder(folder)


def sync_folder(folder: Path) -> None:
    """Put a folder's entries (names created, renamed or removed in it) on disk."""
    if sys.platform == "win32":  # pragma: no cover - folders cannot be opened there; NTFS journals names
        return
    handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def sync_tree(folder: Path) -> None:
    """Put every file and folder written under `folder` on disk: one syncfs(2) of its file system on Linux, else sync(2)."""
    if sys.platform.startswith("linux"):
        try:
            syncfs = ctypes.CDLL(None, use_errno=True).syncfs
        except (AttributeError, OSError):
            syncfs = None
        if syncfs is not None:
            handle = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                if syncfs(handle) == 0:
                    return
                code = ctypes.get_errno()
                raise OSError(code, os.strerror(code), str(folder))
            finally:
                os.close(handle)
    os.sync()
