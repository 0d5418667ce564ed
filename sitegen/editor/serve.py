"""Live preview: rebuild on every save, reload the browser, show problems in the page.

The preview shows drafts and scheduled entries, marked « brouillon », and writes into its own
folder (a temporary one unless --output is given), so output/ never holds a draft.
"""

from __future__ import annotations

import logging
import mimetypes
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import jinja2
from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.server import LiveScriptContainer
from livereload.watcher import Watcher
from tornado import web
from tornado.wsgi import WSGIContainer

from .. import today
from ..messages import message
from ..output.write import OutputError
from ..pipeline import build, site_folder
from ..problems import Problem

WATCHED = ("content", "templates", "static", "site.yaml")


class Preview:
    """Holds the result of the last build and serves either the site or its problems."""

    def __init__(self, root: Path, output: Path, now: date | None, cache: Path):
        self.root, self.output, self.now, self.cache = root, output.resolve(), now, cache
        self.problems: list[Problem] = []
        self.pending: Callable[[], None] | None = None  # the search index of the last build, made after the reload
        self.indexing: threading.Thread | None = None

    def rebuild(self, changed: str = "") -> None:
        """Build again (the search index comes after the reload); keep the problems to show them in the browser."""
        self.wait_for_index()
        self.pending = None
        try:
            result = build(self.root, self.now or today(), self.output, preview=True, cache=self.cache, index_later=True)
            self.problems, pages, self.pending = result.problems, result.page_count, result.index_later
        except (OutputError, OSError) as error:  # keep serving: the page shows what went wrong
            text = str(error) if isinstance(error, OutputError) else message("write_failed", error=error)
            self.problems, pages = [Problem("output", 1, "", text)], 0
        except Exception as error:  # the preview outlives anything a file can do to the build
            self.problems, pages = [Problem(self._shown(changed), 1, "", message("preview_failed", error=error))], 0
        for problem in self.problems:
            print(problem, flush=True)
        print(message("preview_rebuilt", pages=pages, count=len(self.problems)), flush=True)

    def index_after_reload(self) -> None:
        """Make the last build's search index in the background: the browser has already reloaded."""
        if self.pending is not None:
            self.indexing = threading.Thread(target=self._index, args=(self.pending,), daemon=True)
            self.pending = None
            self.indexing.start()

    def wait_for_index(self) -> None:
        """Let the search index in progress finish (the next build replaces the folder it writes in)."""
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None

    @staticmethod
    def _index(make: Callable[[], None]) -> None:
        try:
            make()
        except (OutputError, OSError) as error:  # the pages stay served; only search waits for the next save
            print(str(error) if isinstance(error, OutputError) else message("write_failed", error=error), flush=True)

    def _shown(self, changed: str) -> str:
        try:
            return Path(changed).resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return "site.yaml"

    def app(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """A WSGI application serving output/, or the problems page while the build fails."""
        path = unquote(environ.get("PATH_INFO", "/"))
        if self.problems and (path.endswith("/") or path.endswith(".html")):
            return self._respond(start_response, "500 Internal Server Error", "text/html; charset=utf-8", self.problems_page())
        file = self._file_for(path)
        if file is None:
            missing = self.output / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"404"
            return self._respond(start_response, "404 Not Found", "text/html; charset=utf-8", body)
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
            kind += "; charset=utf-8"
        return self._respond(start_response, "200 OK", kind, file.read_bytes())

    def _file_for(self, path: str) -> Path | None:
        """The file under output/ that `path` names, never anything outside it."""
        try:
            target = (self.output / path.lstrip("/")).resolve()  # follows symlinks, so they are checked too
            if target != self.output and self.output not in target.parents:
                return None
            if target.is_dir():
                target = target / "index.html"
            return target if target.is_file() else None
        except (OSError, ValueError, RuntimeError):  # a NUL byte, a symlink loop, a name too long
            return None

    def problems_page(self) -> bytes:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(site_folder(self.root, "templates")), autoescape=True)
        return env.get_template("_problems.html").render(problems=self.problems).encode()

    @staticmethod
    def _respond(start_response: Callable, status: str, kind: str, body: bytes) -> list[bytes]:
        start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
        return [body]


class RebuildOnChange(Watcher):
    """livereload's polling watcher, made to rebuild once per poll with changes and to reload right after.

    livereload's own reload is throttled (a save within ~3 s of the last reload is dropped), which
    would leave an editor looking at a stale page; here every rebuild reloads the browser, then
    `after_reload` runs (the search index, made while the browser shows the page).
    """

    def __init__(self, on_change: Callable[[str], None], after_reload: Callable[[], None] = lambda: None):
        super().__init__()
        self.on_change, self.after_reload = on_change, after_reload

    def examine(self) -> tuple[str | None, float | None]:
        if self._changes:  # livereload's own start-up message
            return self._changes.pop()
        changed = []
        for path, task in self._tasks.items():
            self._task_mtimes, self.filepath = task["mtimes"], None
            if self.is_changed(path, task["ignore"]):
                changed.append(self.filepath or path)
        if changed:
            self.on_change(changed[0])
            LiveReloadHandler.reload_waiters(changed[0])
            self.after_reload()
        return None, None


def is_scratch(path: str) -> bool:
    """Editors' temporary files (`.#x.md`, `x.md~`, `.x.md.swp`), which must not trigger a rebuild."""
    name = Path(path).name
    return name.startswith((".", "#")) or name.endswith("~")


class FrenchLog(logging.Handler):
    """livereload's log, for editors: says in French when a browser connects, drops the English chatter."""

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if text.startswith("Browser Connected: "):
            print(message("preview_browser", url=text.removeprefix("Browser Connected: ")), flush=True)


class PageScriptContainer(LiveScriptContainer):
    """livereload's reload script, put into pages only: livereload puts it before any `</head>` of any
    response, scripts included (Decap CMS's, at /admin/, has that text), which breaks them."""

    def __call__(self, request) -> None:
        if request.path.endswith(("/", ".html")):
            return super().__call__(request)
        return WSGIContainer(self.wsgi_app)(request)


class PreviewServer(Server):
    """livereload's server, with its log in French and its script in pages only."""

    def get_web_handlers(self, script: str) -> list:
        return [(r".*", web.FallbackHandler, {"fallback": PageScriptContainer(self.app, script)})]

    def _setup_logging(self) -> None:
        log = logging.getLogger("livereload")
        log.setLevel(logging.INFO)
        log.addHandler(FrenchLog())
        log.propagate = False
        logging.getLogger("tornado.access").disabled = True  # every request, in English


def serve(root: Path, output: Path | None, now: date | None, host: str, port: int, cache: Path) -> int:
    """Build, then serve on host:port, rebuilding and reloading on every change; 1 if the port is taken."""
    folder = output or Path(tempfile.mkdtemp(prefix="thinksmall-apercu-"))
    signal.signal(signal.SIGTERM, _interrupt)
    preview = Preview(root, folder, now, cache)
    try:
        watcher = RebuildOnChange(preview.rebuild, preview.index_after_reload)  # before the first build: a save during it is seen
        preview.rebuild()
        preview.index_after_reload()
        for name in WATCHED:
            path = root / name if name == "site.yaml" else site_folder(root, name)
            if path.exists():
                watcher.watch(str(path), None, ignore=is_scratch)
        print(message("serving", host=host, port=port), flush=True)
        PreviewServer(app=preview.app, watcher=watcher).serve(host=host, port=port, debug=False, restart_delay=0)
    except KeyboardInterrupt:  # Ctrl+C (or SIGTERM) during the first build
        pass
    except OSError as error:
        print(message("preview_port", host=host, port=port, error=error.strerror or error), file=sys.stderr)
        return 1
    finally:
        preview.wait_for_index()
        if output is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(message("preview_stopped"), flush=True)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    """Stop on SIGTERM as on Ctrl+C, so the preview's folder is removed."""
    raise KeyboardInterrupt
