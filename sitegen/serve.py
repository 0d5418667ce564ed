"""Live preview: rebuild on every save, reload the browser, show problems in the page."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from urllib.parse import unquote

import jinja2

from .messages import message
from .pipeline import PROJECT, BuildResult, build, site_folder
from .problems import Problem
from .write import OutputError

WATCHED = ("content", "templates", "static", "site.yaml")


class Preview:
    """Holds the result of the last build and serves either the site or its problems."""

    def __init__(self, root: Path, output: Path, now: date | None):
        self.root, self.output, self.now = root, output.resolve(), now
        self.problems: list[Problem] = []

    def rebuild(self) -> None:
        """Build again; keep the problems to show them in the browser instead of the site."""
        from .cli import today

        try:
            result = build(self.root, self.now or today(), self.output)
        except (OutputError, OSError) as error:  # keep serving: the page shows what went wrong
            text = str(error) if isinstance(error, OutputError) else message("write_failed", error=error)
            result = BuildResult(problems=[Problem("output", 1, "", text)])
        self.problems = result.problems
        for problem in self.problems:
            print(problem, flush=True)
        print(message("preview_rebuilt", pages=len(result.pages), count=len(self.problems)), flush=True)

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


def serve(root: Path, output: Path, now: date | None, host: str, port: int) -> int:
    """Build, then serve on host:port, rebuilding and reloading on every change."""
    from livereload import Server

    preview = Preview(root, output, now)
    preview.rebuild()
    server = Server(app=preview.app)
    for name in WATCHED:
        if (root / name).exists():
            server.watch(str(root / name), preview.rebuild, delay=0.1)
    if not (root / "templates").exists():
        server.watch(str(PROJECT / "templates"), preview.rebuild, delay=0.1)
    print(message("serving", host=host, port=port), flush=True)
    server.serve(host=host, port=port, debug=False, restart_delay=0)
    return 0
