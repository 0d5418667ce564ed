"""Write the rendered site into a spare folder beside output/, then swap the two: readers never see half a site.

The spare holds the site the previous swap put aside, its unchanged files hard links to the
current output's: a build writes, links or removes only what differs there (no folder per page
made and removed again), then exchanges the two folders in one step. Before the swap the spare
is synced to disk, after it the parent folder: when the build reports success, the site
survives a power cut. A file whose bytes are already in the previous output is hard-linked from
there, so it keeps its modification time (cheap deploys, the preview reloads only what changed).

Around the swap: a lock so that two builds never write one output at once, and a recovery step
so that whatever a killed build left behind (temporary folders, or output/ missing between the
two renames of the fallback swap) is put right by the next build, before it reads anything; a
spare a killed build left half written is brought to the new site like any other.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import glob
import os
import shutil
import sys
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .. import ENGINE, PROJECT
from ..durable import sync_folder, sync_tree
from ..messages import message

MARKER = ".sitegen-output"  # written in every output, so a foreign folder is never replaced
SOURCES = ("content", "templates", "static", "site.yaml")


class OutputError(Exception):
    """The output folder cannot be written; the message is the editor's French sentence."""

    exit_code = 1


class UnsafeOutputError(OutputError):
    """The output folder would replace the site's own files (a usage error)."""

    exit_code = 2


def output_problem(output: Path, root: Path) -> str | None:
    """Why `output` must not be replaced by a build of the site in `root`, or None when it may."""
    out, site = output.resolve(), root.resolve()
    shown = output.as_posix()
    for guarded in (site, PROJECT):
        if out == guarded or out in guarded.parents:
            return message("output_contains_site", path=shown)
    for folder in [site / name for name in SOURCES] + [ENGINE]:
        if out == folder.resolve() or folder.resolve() in out.parents:
            return message("output_inside_sources", path=shown, folder=folder.name + ("/" if folder.suffix == "" else ""))
    if out.exists() and not out.is_dir():
        return message("output_not_folder", path=shown)
    if out.is_dir() and not _replaceable(out):
        return message("output_foreign", path=shown)
    return None


def _replaceable(folder: Path) -> bool:
    """A folder a build may replace: one it wrote (marker), an empty one, or a site from before the marker."""
    names = {p.name for p in folder.iterdir()}
    return not names or MARKER in names or ("index.html" in names and not names & {".git", "site.yaml", "content"})


@contextmanager
def prepared_output(output: Path, root: Path) -> Iterator[Path]:
    """Check `output`, hold its lock for the whole build, and repair what a killed build left."""
    problem = output_problem(output, root)
    if problem:
        raise UnsafeOutputError(problem)
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with _lock(output):
        recover(output)
        yield output


@contextmanager
def _lock(output: Path) -> Iterator[None]:
    """An exclusive lock on `.output.lock` beside output/; the system releases it if the build dies."""
    path = output.with_name(f".{output.name}.lock")
    while True:
        handle = path.open("a+b")
        if not _try_lock(handle.fileno()):
            handle.close()
            raise OutputError(message("build_running", output=output.name))
        try:
            if os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
                break  # still the file we locked: a build finishing at the same time did not remove it
        except FileNotFoundError:
            pass
        handle.close()
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        handle.close()


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - the project is built on Linux and macOS
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def recover(output: Path) -> None:
    """Put back the previous site if a build died between its two renames; remove temporary folders."""
    pattern = glob.escape(str(output.parent / f".{output.name}"))
    retired = sorted((Path(p) for p in glob.glob(pattern + ".old-*")), key=lambda p: p.stat().st_mtime)
    staged = [Path(p) for p in glob.glob(pattern + ".new-*")]
    if not output.exists() and retired:
        os.replace(retired.pop(), output)
    for leftover in retired + staged:
        shutil.rmtree(leftover, ignore_errors=True)


def spare_folder(output: Path) -> Path:
    """The folder beside `output` where the next site is written (`.output.spare`), then swapped in."""
    return output.with_name(f".{output.name}.spare")


def write_site(
    pages: dict[str, bytes],
    static: Path | None,
    assets: dict[str, Path],
    output: Path,
    before_swap: Callable[[Path], None] | None = None,
    unchanged: Collection[str] = (),
    reserved: str = "",
) -> None:
    """Bring the spare folder to `pages`, the static folder and entry assets, then put it in place of `output`.

    `before_swap` runs on the complete spare (the search index is made there), so readers only
    ever see a whole site, index included; it brings the spare's top folder `reserved` up to date
    itself (the search index's parts that are kept stay there as they are). The files named in
    `unchanged` were read from `output` in this build: they are hard-linked without comparing their
    bytes again.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    spare = spare_folder(output)
    files: dict[str, bytes | Path] = dict(sorted(assets.items()))
    if static is not None and static.is_dir():
        files |= {f"static/{p.relative_to(static).as_posix()}": p for p in sorted(static.rglob("*")) if p.is_file()}
    files |= dict(sorted(pages.items()))
    files[MARKER] = message("output_marker").encode()
    writing = output.name
    spare_at, output_at = os.fspath(spare), os.fspath(output)
    try:
        found, folders = _listing(spare, reserved if before_swap is not None else "")
        for path in sorted(found - files.keys()):
            writing = f"{output.name}/{path}"
            (spare / path).unlink()
        needed = {_parent(path) for path in files}
        needed |= {parent for folder in needed for parent in _ancestors(folder)}
        for folder in sorted(folders - needed, key=lambda f: -f.count("/")):
            shutil.rmtree(spare / folder)  # empty now, unless a file was wanted where a folder stands
        folders &= needed
        for path, item in files.items():
            writing = f"{output.name}/{path}"
            folder = _parent(path)
            if folder not in folders:
                (spare / folder).mkdir(parents=True, exist_ok=True)
                folders.add(folder)
            _place(f"{spare_at}/{path}", f"{output_at}/{path}", item, path in found, path in unchanged)
        writing = output.name
        if before_swap is not None:
            before_swap(spare)
        sync_tree(spare)  # every file of the new site on disk before it replaces the previous one
        _swap(spare, output)
        sync_folder(output.parent)  # and the swap itself
    except OSError as error:
        shutil.rmtree(spare, ignore_errors=True)
        raise OutputError(message("write_failed", error=f"{error.strerror or error} : {writing}")) from error
    except BaseException:
        shutil.rmtree(spare, ignore_errors=True)
        raise


def _parent(path: str) -> str:
    """The folder of a relative path (`a/b/c.html` → `a/b`; `c.html` → `.`), as PurePosixPath gives it."""
    return path.rpartition("/")[0] or "."


def _ancestors(folder: str) -> Iterator[str]:
    """The folders above a relative folder, to `.` (`a/b` → `a`, `.`), as PurePosixPath's parents."""
    while folder != ".":
        folder = _parent(folder)
        yield folder


def _listing(spare: Path, reserved: str = "") -> tuple[set[str], set[str]]:
    """The files (and symbolic links) and the folders under `spare`, as relative paths (`.` for itself), but
    for its top folder `reserved` and what it holds; `spare` is made if missing."""
    if spare.is_symlink():  # never followed out of the output's own folder
        spare.unlink()
    spare.mkdir(exist_ok=True)
    spare.chmod(0o755)
    files, folders = set(), {"."}
    pending = [(os.fspath(spare), "")]
    while pending:
        here, prefix = pending.pop()
        with os.scandir(here) as found:
            for item in found:
                name = prefix + item.name
                if not item.is_dir(follow_symlinks=False):  # a file, or a link (never followed)
                    files.add(name)
                elif name != reserved:
                    folders.add(name)
                    pending.append((item.path, name + "/"))
    return files, folders


def _place(target: str, previous: str, item: bytes | Path, present: bool, known_same: bool) -> None:
    """Make `target` in the spare hold `item`. A file already there is kept when it is the current output's
    own (a hard link) and that one holds `item`; any other is replaced, never written into: its
    bytes may be the current output's too. (Paths as strings: thousands of files.)"""
    if not present:
        put(target, previous, item, known_same)
        return
    try:
        here, there = os.stat(target, follow_symlinks=False), os.stat(previous, follow_symlinks=False)
        if (here.st_ino, here.st_dev) == (there.st_ino, there.st_dev) and (known_same or _same(previous, item)):
            return
    except OSError:
        pass
    folder, _, name = target.rpartition("/")
    fresh = f"{folder}/.{name}.sitegen-new"
    with contextlib.suppress(FileNotFoundError):
        os.unlink(fresh)
    put(fresh, previous, item, known_same)
    os.replace(fresh, target)


def put(target: str | Path, previous: str | Path, item: bytes | Path, known_same: bool = False) -> None:
    """Write `item` (bytes, or a file to copy) at `target`; hard-link `previous` instead when it holds the same bytes.

    A file is copied with its modification time, so that a previous copy is known by its size and
    time (as rsync and make know files) without reading either.
    """
    try:
        if known_same or _same(previous, item):
            os.link(previous, target)
            return
    except OSError:
        pass
    if isinstance(item, bytes):
        with open(target, "wb") as file:
            file.write(item)
        return
    shutil.copyfile(item, target)
    source = item.stat()
    os.utime(target, ns=(source.st_atime_ns, source.st_mtime_ns))


@dataclass(frozen=True)
class Published:
    """The pages a build put in an output folder, each with its file's stamp there just after (size, modification
    and change times, inode): the next build of the same process trusts a file still so stamped to hold them,
    as git's index trusts a file's status, rather than read it again."""

    output: Path
    pages: dict[str, bytes]
    stamps: dict[str, tuple[int, int, int, int]]


def published(pages: dict[str, bytes], output: Path) -> Published:
    """What `output` holds of `pages` now, stamped (see `Published`)."""
    stamps, top = {}, os.fspath(output)
    for path in pages:
        with contextlib.suppress(OSError):
            stamps[path] = _stamp(os.stat(f"{top}/{path}", follow_symlinks=False))
    return Published(output, pages, stamps)


def _stamp(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def unchanged_files(
    pages: dict[str, bytes], output: Path, known: Collection[str] = (), before: Published | None = None
) -> set[str]:
    """The paths of `pages` whose file in `output` holds exactly their bytes (`known`: those already checked;
    `before`: what a build of this process published there, trusted by its stamps)."""
    same = {path for path in known if path in pages}
    top = os.fspath(output)
    stamps, previous = (before.stamps, before.pages) if before is not None and before.output == output else ({}, {})
    for path, data in pages.items():
        if path in same:
            continue
        with contextlib.suppress(OSError):
            if path in stamps and previous[path] == data:
                if _stamp(os.stat(f"{top}/{path}", follow_symlinks=False)) == stamps[path]:
                    same.add(path)
                    continue
            if _same(f"{top}/{path}", data):
                same.add(path)
    return same


def _same(previous: str | Path, item: bytes | Path) -> bool:
    """Whether the previous output's file holds exactly `item`'s bytes: a file's copy by size and time, bytes by bytes."""
    before = os.stat(previous)
    if isinstance(item, Path):
        source = item.stat()
        return (before.st_size, before.st_mtime_ns) == (source.st_size, source.st_mtime_ns)
    if before.st_size != len(item):
        return False
    with open(previous, "rb") as file:
        return file.read() == item


def link_tree(source: Path, target: Path) -> None:
    """Hard-link every file of `source` into `target` (a folder of the previous output kept as it is)."""
    for folder, _, names in os.walk(source):
        here = target / Path(folder).relative_to(source)
        here.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(Path(folder) / name, here / name)


def _swap(staging: Path, output: Path) -> None:
    """Put `staging` in place of `output`, in one atomic step where the system can, else in two; the previous
    site stays in `staging`'s place, the next build's spare."""
    if not output.exists():
        os.replace(staging, output)
        return
    if exchange(staging, output):  # `staging` now holds the previous site
        return
    retired = output.with_name(f".{output.name}.old-{os.getpid()}")
    os.replace(output, retired)  # a build killed here leaves no output/: `recover` puts `retired` back
    try:
        os.replace(staging, output)
    except BaseException:
        os.replace(retired, output)
        raise
    os.replace(retired, staging)


def exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))
