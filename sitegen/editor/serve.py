"""Live preview: the site rebuilt in memory on every save and served from there; the browser is reloaded and taken to the page saved.

The preview shows drafts and scheduled entries, marked « brouillon ». Its builds run in one
session (sitegen/incremental/session.py), so a save costs what it changes; file events come from
the system (watchfiles), not from polling, and builds run off the server's thread. When a save
changes one entry's body alone, its page is rendered again first and the browser reloaded at
once (Hugo's « fast render »); the whole build follows, and reloads again only if that page
came out different. Pages are served from memory, so a reader never gets a half-written one; a
background thread writes each build, with its search index, into the preview's own folder (a
temporary one unless --output is given), where the search page finds the index. output/ never
holds a draft. A problem in one file leaves the rest browsable: every page then carries a
banner leading to the list of problems.
"""

from __future__ import annotations

import dataclasses
import logging
import mimetypes
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from html import escape
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

import jinja2
import watchfiles
from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.server import LiveScriptContainer
from livereload.watcher import Watcher
from tornado import web
from tornado.ioloop import IOLoop
from tornado.wsgi import WSGIContainer

from .. import today
from ..incremental.session import Session
from ..messages import message
from ..output.write import OutputError, Published, spare_folder
from ..pipeline import BuildResult, build, publish, render_saved, site_folder
from ..problems import Problem
from ..source.config import ROOM_PAGE, SEARCH_BUNDLE

WATCHED = ("content", "templates", "static", "site.yaml")
OWN = "/_apercu/"  # the preview's own addresses: the problems page and the script that follows saves
PROBLEMS_PAGE = OWN + "problemes"
FOLLOW_SCRIPT = Path(__file__).with_name("suivre.js")


class SavedPage(NamedTuple):
    """A saved entry's page, shown before the build: its address, output path and bytes."""

    url: str
    path: str
    data: bytes


class Preview:
    """The last build of the site, in memory: serves its pages (or its problems) and writes it in the background."""

    def __init__(self, root: Path, output: Path, now: date | None, cache: Path):
        self.root, self.output, self.now, self.cache = root, output.resolve(), now, cache
        self.session = Session()
        self.site: BuildResult | None = None  # the last build that made pages
        self.problems: list[Problem] = []
        self.writer = BackgroundWriter(root, self.output)

    def rebuild(self, changed: Sequence[str] = ()) -> str:
        """Build again; keep the problems to show them. The address of the page to show: the first saved entry's, or ""."""
        try:
            result = build(self.root, self.now or today(), preview=True, cache=self.cache, session=self.session)
        except OSError as error:  # keep serving: the page shows what went wrong
            result = BuildResult(problems=[Problem("output", 1, "", message("write_failed", error=error))])
        except Exception as error:  # the preview outlives anything a file can do to the build
            shown = self._shown(changed[0]) if changed else "site.yaml"
            result = BuildResult(problems=[Problem(shown, 1, "", message("preview_failed", error=error))])
        self.problems = result.problems
        if result.pages:
            self.site = result
            self.writer.submit(result)
        for problem in self.problems:
            print(problem, flush=True)
        print(message("preview_rebuilt", pages=result.page_count, count=len(self.problems)), flush=True)
        saved = [self._shown(path) for path in changed]
        return next((result.urls[path] for path in saved if path in result.urls), "")

    def show_saved(self, changed: Sequence[str]) -> SavedPage | None:
        """When the save changed one entry's body alone: its page rendered again and served at once, before
        the build (`rebuild`) that makes the rest; None when only a build can show the save."""
        if len(changed) != 1 or self.site is None or self.problems:
            return None
        saved = self._shown(changed[0])
        try:
            page = render_saved(self.root, self.session, saved)
        except Exception:  # the build that follows reports what went wrong
            return None
        if page is None:
            return None
        self.site = dataclasses.replace(self.site, pages={**self.site.pages, page[0]: page[1]})
        return SavedPage(self.site.urls[saved], *page)

    def serves(self, page: SavedPage) -> bool:
        """Whether the last build serves `page` as it was shown (the same bytes, no problem banner)."""
        return self.site is not None and not self.problems and self.site.pages.get(page.path) == page.data

    def wait_for_index(self) -> None:
        """Until the preview's folder holds the last build, with its search index."""
        self.writer.wait()

    def _shown(self, changed: str) -> str:
        """The site-relative path of a file event's path (`site.yaml` for one outside the site)."""
        for path, root in ((Path(changed), self.root), (Path(changed).resolve(), self.root.resolve())):
            if path.is_relative_to(root):
                return path.relative_to(root).as_posix()
        return "site.yaml"

    def app(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        """A WSGI application serving the last build from memory (the search index from the folder), or its problems."""
        path = unquote(environ.get("PATH_INFO", "/"))
        site = self.site
        if path == PROBLEMS_PAGE or (site is None and (path.endswith("/") or path.endswith(".html"))):
            status = "200 OK" if site is not None else "500 Internal Server Error"
            return _respond(start_response, status, "text/html; charset=utf-8", self.problems_page())
        if path == OWN + FOLLOW_SCRIPT.name:
            return _respond(start_response, "200 OK", "text/javascript; charset=utf-8", FOLLOW_SCRIPT.read_bytes())
        name = path.lstrip("/")
        pages = site.pages if site is not None else {}
        for candidate in (name, name + "index.html", name + "/index.html"):
            if candidate.startswith(ROOM_PAGE) and candidate in pages:  # the editing room's own page, as it is
                return _respond(start_response, "200 OK", "text/html; charset=utf-8", pages[candidate])
            if candidate in pages and not candidate.endswith("/"):
                return self._page(start_response, "200 OK", pages[candidate])
        file = self._file_for(name, site)
        if file is None and self.problems and not Path(name).suffix:  # the page saved with a mistake: say why it is missing
            return _respond(start_response, "404 Not Found", "text/html; charset=utf-8", self.problems_page())
        if file is None:
            return self._page(start_response, "404 Not Found", pages.get("404.html", b"404"))
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "application/json", "image/svg+xml"):
            kind += "; charset=utf-8"
        return _respond(start_response, "200 OK", kind, file.read_bytes())

    def _page(self, start_response: Callable, status: str, data: bytes) -> list[bytes]:
        """An HTML page of the build, with the script that follows saves and, when there are problems, their banner."""
        script = f'<script src="{OWN}{FOLLOW_SCRIPT.name}"></script>'.encode()
        data = data.replace(b"</head>", script + b"</head>", 1)
        if self.problems:
            banner = problems_banner(self.problems).encode()
            data = data.replace(b"</header>", b"</header>" + banner, 1) if b"</header>" in data else banner + data
        return _respond(start_response, status, "text/html; charset=utf-8", data)

    def _file_for(self, name: str, site: BuildResult | None) -> Path | None:
        """The file `name` names: a picture of the build, a static file, or the search index in the preview's folder."""
        if site is not None and name in site.assets:
            return site.assets[name]
        if site is not None and site.static is not None and name.startswith("static/"):
            return _inside(site.static, name.removeprefix("static/"))
        return _inside(self.output, name) if name.startswith(SEARCH_BUNDLE) else None

    def problems_page(self) -> bytes:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(site_folder(self.root, "templates")), autoescape=True)
        return env.get_template("_problems.html").render(problems=self.problems, browsable=self.site is not None).encode()


def problems_banner(problems: Sequence[Problem], shown: int = 5) -> str:
    """The problems at the top of every page of the preview (the first few, and a link to them all)."""
    items = "".join(
        f"<li><code>{escape(f'{p.path}:{p.line}')}</code> {escape(p.field + ' : ' if p.field else '')}{escape(p.text)}</li>"
        for p in problems[:shown]
    )
    return (
        '<div role="alert" style="margin:0;padding:.6rem 1rem;background:#8a1c1c;color:#fff;font:1rem/1.4 system-ui,sans-serif">'
        f'<p style="margin:0;font-weight:bold">{escape(message("preview_banner", count=len(problems)))}</p>'
        f'<ul style="margin:.3rem 0">{items}</ul>'
        f'<a href="{PROBLEMS_PAGE}" style="color:#fff">{escape(message("preview_banner_link"))}</a></div>'
    )


def _inside(folder: Path, name: str) -> Path | None:
    """The file at `name` under `folder` (its index.html for a folder), never anything outside it."""
    try:
        folder = folder.resolve()
        target = (folder / name).resolve()  # follows symlinks, so they are checked too
        if target != folder and folder not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None
    except (OSError, ValueError, RuntimeError):  # a NUL byte, a symlink loop, a name too long
        return None


def _respond(start_response: Callable, status: str, kind: str, body: bytes) -> list[bytes]:
    start_response(status, [("Content-Type", kind), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")])
    return [body]


class BackgroundWriter:
    """Writes the latest build into the preview's folder with its search index, one at a time, off the server's thread.

    Builds that arrive while one is written are not all written: only the latest is.
    """

    def __init__(self, root: Path, output: Path):
        self.root, self.output = root, output
        self.latest: BuildResult | None = None
        self.published: Published | None = None  # what the last write put in `output`
        self.views: dict[bytes, bytes] = {}  # what Pagefind sees of the pages written, by their bytes
        self.busy = False
        self.condition = threading.Condition()
        self.thread: threading.Thread | None = None

    def submit(self, result: BuildResult) -> None:
        with self.condition:
            self.latest = result
            self.condition.notify_all()
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, daemon=True)
                self.thread.start()

    def wait(self) -> None:
        """Until the latest build is written."""
        with self.condition:
            while self.latest is not None or self.busy:
                self.condition.wait()

    def _run(self) -> None:
        while True:
            with self.condition:
                while self.latest is None:
                    self.condition.wait()
                result, self.latest, self.busy = self.latest, None, True
            try:
                self.published = publish(result, self.root, self.output, before=self.published, views=self.views)
            except (OutputError, OSError) as error:  # the pages stay served; only search waits for the next save
                print(str(error) if isinstance(error, OutputError) else message("write_failed", error=error), flush=True)
            finally:
                with self.condition:
                    self.busy = False
                    self.condition.notify_all()


class FileEvents(Watcher):
    """The system's file events (watchfiles) in place of livereload's polling: each batch of saves is
    shown, then the browser reloads, taken to the page saved.

    Watching starts with `begin`, before the first build, so that a save during it is not missed;
    saves are built one batch after the other in a thread of their own, started with livereload's
    server (`start`), so that the server's loop never waits for a build. `reload` tells the
    browsers (on the server's loop, by default).
    """

    def __init__(self, preview: Preview, reload: Callable[[str], None] | None = None):
        super().__init__()
        self.preview = preview
        self.reload = reload or self._reload_browsers
        self.stopping = threading.Event()
        self.loop: IOLoop | None = None
        self.saved: list[str] = []  # paths saved since the last batch was taken
        self.condition = threading.Condition()

    def begin(self) -> None:
        """Watch the paths given to `watch`, in a thread."""
        threading.Thread(target=self._watch, args=(list(self._tasks),), daemon=True).start()

    def start(self, callback: Callable[[], None]) -> bool:
        """Build the saves from now on, reloading through the server's loop. True: livereload must not poll."""
        self.loop = IOLoop.current()
        threading.Thread(target=self._build, daemon=True).start()
        return True

    def _watch(self, paths: list[str]) -> None:
        for changes in watchfiles.watch(
            *paths, watch_filter=lambda _, path: not is_scratch(path), step=20, stop_event=self.stopping, raise_interrupt=False
        ):
            with self.condition:
                self.saved += [path for _, path in changes]
                self.condition.notify()

    def _build(self) -> None:
        while not self.stopping.is_set():
            with self.condition:
                while not self.saved:
                    self.condition.wait()
                paths, self.saved = sorted(set(self.saved)), []
            self.changed(paths)

    def changed(self, paths: Sequence[str]) -> None:
        """Show the saved page (at once when its body alone changed), rebuild, and reload the browsers
        (again after the build, only if the page shown first came out different)."""
        shown = self.preview.show_saved(paths)
        if shown is not None:
            self.reload(shown.url)
        page = self.preview.rebuild(paths)
        if shown is None or not self.preview.serves(shown):
            self.reload(page or paths[0])

    def _reload_browsers(self, page: str) -> None:
        if self.loop is not None:
            self.loop.add_callback(LiveReloadHandler.reload_waiters, page)


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
    watcher = FileEvents(preview)
    for name in WATCHED:
        path = root / name if name == "site.yaml" else site_folder(root, name)
        if path.exists():
            watcher.watch(str(path), None)
    watcher.begin()  # before the first build: a save during it is seen
    try:
        preview.rebuild()
        print(message("serving", host=host, port=port), flush=True)
        PreviewServer(app=preview.app, watcher=watcher).serve(host=host, port=port, debug=False, restart_delay=0)
    except KeyboardInterrupt:  # Ctrl+C (or SIGTERM)
        pass
    except OSError as error:
        print(message("preview_port", host=host, port=port, error=error.strerror or error), file=sys.stderr)
        return 1
    finally:
        watcher.stopping.set()
        preview.wait_for_index()
        if output is None:  # the temporary folder, and the spare write.py keeps beside it
            for made in (folder, spare_folder(folder)):
                shutil.rmtree(made, ignore_errors=True)
    print(message("preview_stopped"), flush=True)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    """Stop on SIGTERM as on Ctrl+C, so the preview's folder is removed."""
    raise KeyboardInterrupt
