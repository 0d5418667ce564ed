"""What a build keeps in the cache folder besides the memo's tables: output files by the hash of their bytes, so that a
fresh clone given the cache is a warm build, and compiled templates.

The store holds hard links to files of the output (pages, feeds, calendars, the search index's
parts), named by the hash of their bytes; a build never writes into a file of the output (it
writes new files and renames them), so a link keeps the bytes it was made with. What a file
should hold is known from a sealed table (memo.py), and a file is taken from the store only when
its bytes still have that hash: a store edited elsewhere, or a file changed through a link, is a
miss. Files no sealed table names any more are removed after a successful build.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import jinja2

from ..durable import write_atomically
from ..render.pages import CompiledTemplates
from .memo import Memo
from .seal import cache_key, seal, unseal

STORE_FOLDER = "files"  # in the cache folder
PARTS_FILE = "search.json"  # in the cache folder: each stored part's files
TEMPLATES_FOLDER = "templates"  # in the cache folder: compiled templates


def content_digest(data: bytes) -> str:
    """The name of bytes in the store."""
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class Store:
    """The files of one cache folder by content; `wanted` collects what the tables of this build name."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.wanted: set[str] = set()

    def read(self, digest: str) -> bytes | None:
        """The bytes stored under `digest`, when they still have that hash (a symbolic link is never followed)."""
        try:
            handle = os.open(self.folder / digest, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(handle, "rb") as file:
                data = file.read()
        except OSError:
            return None
        return data if content_digest(data) == digest else None

    def place(self, digest: str, target: Path) -> bool:
        """Link (or copy) the file stored under `digest` at `target`, when its bytes still have that hash."""
        if self.read(digest) is None:
            return False
        try:
            os.link(self.folder / digest, target)
        except OSError:
            shutil.copyfile(self.folder / digest, target)
        return True

    def add(self, digest: str, file: Path) -> None:
        """Keep `file`, whose bytes hash to `digest`, in the store (a hard link when the system allows)."""
        self.wanted.add(digest)
        stored = self.folder / digest
        if stored.exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            os.link(file, stored)
        except FileExistsError:
            pass
        except OSError:  # another file system: a copy, renamed into place whole
            fresh = self.folder / f".{digest}.{os.getpid()}"
            shutil.copyfile(file, fresh)
            os.replace(fresh, stored)

    def prune(self) -> None:
        """Remove every stored file this build's tables do not name."""
        try:
            names = os.listdir(self.folder)
        except OSError:
            return
        for name in names:
            if name not in self.wanted:
                (self.folder / name).unlink(missing_ok=True)


class SearchParts:
    """The search index's parts kept in the store (output.search.StoredParts), by their name and their pages' bytes."""

    def __init__(self, memo: Memo, store: Store, pages: dict[str, str]):
        self.memo, self.store = memo, store
        self.pages = pages  # output path → the digest of its bytes in this build

    def restore(self, name: str, members: list[str], folder: Path) -> bool:
        """Make `folder` the part stored for these pages, each of its files checked against its digest."""
        key = self._key(name, members)
        listing = self.memo.get(key) if key is not None else None
        if key is None or listing is None:
            return False
        for path, digest in sorted(listing.items()):
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            if not self.store.place(digest, folder / path):
                shutil.rmtree(folder, ignore_errors=True)
                return False
        self._keep(key, listing)
        return True

    def add(self, name: str, members: list[str], folder: Path) -> None:
        """Keep the part in `folder` (unless the store already holds it whole)."""
        key = self._key(name, members)
        if key is None:
            return
        listing = self.memo.get(key)
        if listing is None or not all((self.store.folder / digest).is_file() for digest in listing.values()):
            listing = {}
            for file in sorted(folder.rglob("*")):
                if file.is_file():
                    listing[file.relative_to(folder).as_posix()] = digest = content_digest(file.read_bytes())
                    self.store.add(digest, file)
        self._keep(key, listing)

    def save(self) -> None:
        """Keep this build's parts in the table; a build that made no index (search off) keeps the stored ones."""
        if not self.memo.used:
            for key, listing in self.memo.stored.items():
                self._keep(key, listing)
        self.memo.save()

    def _key(self, name: str, members: list[str]) -> str | None:
        if any(path not in self.pages for path in members):
            return None
        return hashlib.sha256("\n".join([name, *(self.pages[path] for path in members)]).encode()).hexdigest()

    def _keep(self, key: str, listing: dict[str, str]) -> None:
        self.memo.keep(key, listing)
        self.store.wanted.update(listing.values())


class SealedTemplates(CompiledTemplates):
    """Compiled templates kept in the cache folder too, sealed: a fresh process skips Jinja's compiler.

    Compiled code runs when loaded, so a file is loaded only under this machine's seal (seal.py),
    and only when made by this version of the engine (the environment's options shape the code);
    one file per template, replaced when the version changes.
    """

    def __init__(self, folder: Path, version: str):
        super().__init__()
        self.folder, self.version = folder, version.encode()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        super().load_bytecode(bucket)
        key = cache_key()
        if bucket.code is not None or key is None:
            return
        try:
            data = unseal((self.folder / self._name(bucket)).read_bytes(), key)
        except OSError:
            return
        version, _, code = (data or b"").partition(b"\n")
        if version == self.version:
            bucket.bytecode_from_string(code)  # Jinja checks its own version and the template's checksum

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        super().dump_bytecode(bucket)
        key = cache_key()
        if key is not None:
            write_atomically(self.folder / self._name(bucket), seal(self.version + b"\n" + bucket.bytecode_to_string(), key))

    @staticmethod
    def _name(bucket: jinja2.bccache.Bucket) -> str:
        return hashlib.sha256(bucket.key.encode()).hexdigest()[:32]
