"""The build server: one resident process per site that keeps it in memory between command-line builds.

As Bazel's server and Gradle's daemon do, `build.py` hands its build to a process already running
for the same site and cache folder, and relays what it prints; when none answers, it builds
itself, then starts one in the background for the next build. The server holds a session
(sitegen/incremental/session.py): the engine imported, templates compiled, the memos and the
last site in memory, the files it read known by their status. Its builds write exactly what a
build in a fresh process writes (the same pipeline; tests/test_resident.py compares them).

It refuses a request (the command then builds itself) and stops when anything it was started
with changed: the engine's files, the libraries' folders, Python, the cache's key settings, or
the cache folder itself (deleted: the next build is cold, as asked). It stops after `IDLE_SECONDS`
without a request. Its socket lives in a folder only this user can open (checked), and it
serves only this user's processes (Linux's `SO_PEERCRED`: elsewhere there is no server).
`THINKSMALL_SERVER=0` or `CI` in the environment turn it off.
Standard library only: the command line asks the server before importing the engine.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import json
import os
import resource
import socket
import stat
import struct
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

from .. import PROJECT
from ..incremental.seal import KEY_VARIABLE

SWITCH = "THINKSMALL_SERVER"  # "0" turns the server off
IDLE_SECONDS = 15 * 60
ASK_SECONDS = 10  # to send its request once connected
QUIET_SECONDS = 0.25  # without a request after a build: time to record its manifest and collect (`serve`'s `after`)
ENVIRONMENT = (KEY_VARIABLE, "XDG_CONFIG_HOME", "HOME")  # what decides the cache's key
MAX_SOCKET_PATH = 100  # a Unix socket's path is at most 107 bytes
LOG = "server.log"  # in the cache folder: what went wrong in the server (a traceback)


@dataclass(frozen=True)
class Request:
    """One `build` of the command line, as the server runs it (paths absolute)."""

    root: str
    output: str
    cache: str
    now: str | None  # AAAA-MM-JJ, or None for today where the site is published
    strict: bool
    format: str
    started: float  # when the command started (time.time()), for the seconds it reports
    engine: str = ""  # the engine's hash as the command saw it (`manifest.listed`)
    environment: str = ""  # `environment()` as the command saw it
    inputs: str | None = None  # the build's inputs as the command listed them before asking (`manifest.listed`)

    def day(self) -> date | None:
        """The day the build is for (`--now`), or None for today."""
        return date.fromisoformat(self.now) if self.now else None


def enabled() -> bool:
    """Whether builds may go through a server: not in CI, not turned off, on a system that tells a socket's peer (Linux)."""
    return not os.environ.get("CI") and os.environ.get(SWITCH, "1") != "0" and hasattr(socket, "SO_PEERCRED")


def environment() -> str:
    """A hash of the environment variables a build's cache depends on."""
    return hashlib.sha256(json.dumps([os.environ.get(name) for name in ENVIRONMENT]).encode()).hexdigest()


def socket_path(root: str, cache: str) -> Path | None:
    """The socket of the server of this site and cache folder, in a folder only this user can open; None when
    there is no such folder (or the path would be too long for a socket)."""
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    folder = Path(base) / f"thinksmall-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = os.lstat(folder)
    except OSError:
        return None
    if not (os.path.isabs(base) and _private_folder(info)):
        return None
    name = hashlib.blake2b(f"{root}\0{cache}".encode(), digest_size=10).hexdigest()
    path = folder / f"{name}.sock"
    return path if len(os.fsencode(path)) <= MAX_SOCKET_PATH else None


def _private_folder(info: os.stat_result) -> bool:
    """A real folder, this user's, that no one else may open."""
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and info.st_mode & 0o077 == 0


def ask(request: Request) -> int | None:
    """Have the server of `request`'s site build it, then print what the build printed: its exit code; None when no
    server took the request (none runs, it refused, or it stopped midway), and the caller builds itself."""
    path = socket_path(request.root, request.cache)
    if path is None or not enabled():
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(os.fspath(path))
            with connection.makefile("rwb") as stream:
                stream.write(json.dumps({"build": asdict(request)}).encode() + b"\n")
                stream.flush()
                for line in stream:
                    reply = json.loads(line)
                    if "text" in reply:
                        shown = sys.stdout if reply["stream"] == "out" else sys.stderr
                        shown.write(reply["text"])
                        shown.flush()
                    elif "code" in reply:
                        return int(reply["code"])
                    else:
                        return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return None


def status(root: str, cache: str, timeout: float = 600, stop: bool = False) -> dict | None:
    """Wait until the server of this site is idle and return its figures (peak memory); with `stop`, stop it.
    None when no server runs (for the benchmark)."""
    path = socket_path(root, cache)
    if path is None:
        return None
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(timeout)
            connection.connect(os.fspath(path))
            with connection.makefile("rwb") as stream:
                stream.write(json.dumps({"stop" if stop else "status": True}).encode() + b"\n")
                stream.flush()
                return json.loads(stream.readline())
    except (OSError, ValueError):
        return None


def start(request: Request) -> None:
    """Start the server of `request`'s site in the background, unless one holds its lock; it warms up with `request`."""
    path = socket_path(request.root, request.cache)
    if path is None or not enabled():
        return
    with contextlib.suppress(OSError), _held(path.with_suffix(".lock")) as free:
        if not free:
            return
    try:
        os.makedirs(request.cache, exist_ok=True)
        # never through a symbolic link: a cache folder may come from elsewhere
        errors = os.open(Path(request.cache) / LOG, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError:
        return
    try:
        code = "import sys; from sitegen.cli import build_server; sys.exit(build_server(sys.argv[1]))"
        import subprocess  # here: the command line that only asks a server does without it

        subprocess.Popen(
            [sys.executable, "-c", code, json.dumps(asdict(request))],
            cwd=PROJECT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,  # outlives the command and its terminal
            close_fds=True,
        )
    finally:
        os.close(errors)


def serve(
    first: Request, warm: Callable[[Request], object], build: Callable[[Request], int], after: Callable[[], object]
) -> int:
    """Be the server of `first`'s site: `warm` with it, then run `build` for each request until idle or stale; once
    no request came for `QUIET_SECONDS` after a build, run `after` (what the next build needs but this one's
    command does not wait for)."""
    path = socket_path(first.root, first.cache)
    if path is None:
        return 1
    with _held(path.with_suffix(".lock")) as free:
        if not free:
            return 0  # another server took this site
        path.unlink(missing_ok=True)
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(os.fspath(path))
            try:
                os.chmod(path, 0o600)
                listener.listen(16)
                warm(first)
                _settle()
                server = _Server(first, _identity(first.cache), build, after)
                while server.answer(listener):
                    pass
            finally:
                path.unlink(missing_ok=True)  # still this server's: it holds the lock
    return 0


class _Server:
    """What the server answers: builds like the `first` request's (the one it was started with, seen before its
    code was imported), while the cache folder is still the one it warmed up with (`cache`)."""

    def __init__(
        self, first: Request, cache: tuple[int, int] | None, build: Callable[[Request], int], after: Callable[[], object]
    ) -> None:
        self.first, self.cache, self.build, self.after = first, cache, build, after
        self.builds = 0
        self.settled = True  # no build since `after` last ran

    def answer(self, listener: socket.socket) -> bool:
        """Answer one connection, or settle once quiet after a build; False when the server should stop (idle,
        stale, asked to, or failed)."""
        listener.settimeout(IDLE_SECONDS if self.settled else QUIET_SECONDS)
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            if self.settled:
                return False
            self.settled = True
            try:
                self.after()
            except Exception:  # a bug, as below; the command had its answer already
                traceback.print_exc()
                return False
            return True
        with connection, connection.makefile("rwb") as stream:
            if _peer_uid(connection) != os.getuid():
                return True
            connection.settimeout(ASK_SECONDS)
            try:
                asked = json.loads(stream.readline())
                request = Request(**asked["build"]) if "build" in asked else None
            except (ValueError, TypeError, OSError):
                return True
            connection.settimeout(None)
            if request is None:
                _send(stream, self.status())
                return "stop" not in asked
            if not self.serves(request):
                _send(stream, {"refused": "stale"})
                return False
            printed: list[tuple[str, str]] = []  # sent once the build is over: a build that fails prints nothing twice
            try:
                with contextlib.redirect_stdout(_Printed(printed, "out")), contextlib.redirect_stderr(_Printed(printed, "err")):
                    code = self.build(request)
            except Exception:  # a bug: told in the server's log; the command builds itself, the server stops
                traceback.print_exc()
                _send(stream, {"refused": "failed"})
                return False
            self.builds += 1
            self.settled = False
            for name, text in printed:
                _send(stream, {"stream": name, "text": text})
            _send(stream, {"code": code})
        _settle()
        return True

    def serves(self, request: Request) -> bool:
        """Whether `request` is for this server: same site, engine and environment, the same cache folder."""
        same = (request.root, request.cache, request.engine, request.environment)
        return same == (self.first.root, self.first.cache, self.first.engine, self.first.environment) and (
            _identity(request.cache) == self.cache
        )

    def status(self) -> dict[str, int]:
        """The server's figures: builds made, peak memory (its own and its children's, Pagefind), process."""
        own, children = (resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
        return {"builds": self.builds, "peak_kib": own, "children_peak_kib": children, "pid": os.getpid()}


def _settle() -> None:
    """Between builds: collect what the last one left, then freeze the rest (`gc.freeze`), so that the collections
    during the next build walk only the objects it makes, not the whole site kept in memory (at 1,000 entries
    they took about 35 ms a build)."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _identity(folder: str) -> tuple[int, int] | None:
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _peer_uid(connection: socket.socket) -> int:
    """The user of the process at the other end (Linux's SO_PEERCRED)."""
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", credentials)[1]


def _send(stream, reply: dict) -> None:  # type: ignore[no-untyped-def]
    with contextlib.suppress(OSError):  # the command may be gone (interrupted): the build goes on
        stream.write(json.dumps(reply).encode() + b"\n")
        stream.flush()


class _Printed:
    """A text file whose writes are kept in `printed`, as standard output or error (`name`), in order."""

    def __init__(self, printed: list[tuple[str, str]], name: str) -> None:
        self.printed, self.name = printed, name

    def write(self, text: str) -> int:
        if text:
            self.printed.append((self.name, text))
        return len(text)

    def flush(self) -> None:
        pass


@contextlib.contextmanager
def _held(lock: Path) -> Iterator[bool]:
    """Hold the lock file `lock` while inside (True), or False at once when another process holds it."""
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)
